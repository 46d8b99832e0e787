"""Site profiles: the shipped files, matching outlets, applying to small pages, user files."""

from __future__ import annotations

import json
import logging
import os
import tomllib
from pathlib import Path

import pytest

from warta.extract.document import Page
from warta.extract.urls import outlet
from warta.news.profiles import (
    ENV_VAR,
    INSERT_KINDS,
    Profile,
    ProfileError,
    load_profiles,
)

log = logging.getLogger(__name__)

# The outlet families issue 3 names, each with one registered domain it must cover.
ISSUE_OUTLETS = {
    "tribunnews.com": "tribun",
    "tribunkaltim.co": "tribun",
    "surya.co.id": "tribun",
    "wartakotalive.com": "tribun",
    "serambinews.com": "tribun",
    "bangkapos.com": "tribun",
    "kompas.com": "kompas",
    "detik.com": "detik",
    "liputan6.com": "liputan6",
    "cnnindonesia.com": "cnnindonesia",
    "tempo.co": "tempo",
    "antaranews.com": "antara",
    "okezone.com": "okezone",
    "sindonews.com": "sindonews",
    "suara.com": "suara",
    "republika.co.id": "republika",
    "merdeka.com": "merdeka",
    "viva.co.id": "viva",
    "jpnn.com": "jpnn",
    "kumparan.com": "kumparan",
    "mediaindonesia.com": "mediaindonesia",
    "idntimes.com": "idntimes",
    "kapanlagi.com": "kapanlagi",
    "bisnis.com": "bisnis",
    "kontan.co.id": "kontan",
    "pikiran-rakyat.com": "pikiranrakyat",
    "jawapos.com": "jawapos",
}

PROSE = (
    "Polisi menangkap dua orang yang diduga menambang pasir secara ilegal di tepi sungai. "
    "Keduanya dibawa ke markas polres untuk diperiksa lebih lanjut oleh penyidik."
)

TRIBUN_PAGE = f"""<html><head>
<meta property="og:title" content="Dua Penambang Ditangkap - Tribunkaltim.co">
<meta name="author" content="Tribun Kaltim">
</head><body>
<h1 id="arttitle">Dua Penambang Pasir Ilegal Ditangkap</h1>
<time class="grey">Selasa, 20 Januari 2026 18:33 WIB</time>
<div class="side-article txt-article multi-fontsize">
  <p>{PROSE}</p>
  <div id="div-Inside-MediumRectangle"><div class="box__reserved">ADVERTISEMENT</div></div>
  <p class="baca"><strong> &bull; <a href="https://kaltim.tribunnews.com/2026/01/19/x"
     title="Polisi Sita Dua Ekskavator">Polisi Sita Dua Ekskavator</a></strong></p>
  <p>{PROSE}</p>
</div>
<h5 class="tagcloud3"><a href="/tag/tambang">tambang</a><a href="/tag/polisi">polisi</a></h5>
<div class="mb20"><a href="https://kaltim.tribunnews.com/2026/01/20/y?page=2">
  Halaman selanjutnya</a></div>
</body></html>"""


def _page(html: str, url: str | None = None) -> Page:
    return Page.parse(html, url)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped profiles ---------------------------------------------------------------


def test_every_shipped_file_loads_and_names_itself() -> None:
    profiles = load_profiles().profiles
    folder = Path(__file__).resolve().parents[2] / "src" / "warta" / "news" / "profiles"
    files = sorted(folder.glob("*.toml"))
    assert len(profiles) == len(files) >= 22
    for path in files:  # one profile per file, named after its file
        assert tomllib.loads(path.read_text(encoding="utf-8"))["name"] == path.stem
    assert all(p.body and (p.domains or p.patterns) for p in profiles)


def test_every_outlet_of_the_issue_has_a_profile() -> None:
    profiles = load_profiles()
    for domain, name in ISSUE_OUTLETS.items():
        found = profiles.match(domain)
        assert found is not None, domain
        assert found.name == name, domain


def test_no_two_shipped_profiles_claim_one_domain() -> None:
    seen: dict[str, str] = {}
    for profile in load_profiles().profiles:
        for domain in profile.domains:
            assert domain not in seen, (domain, seen.get(domain), profile.name)
            seen[domain] = profile.name


def test_insert_kinds_are_the_contract_kinds() -> None:
    kinds = {kind for profile in load_profiles().profiles for kind, _ in profile.remove}
    assert kinds <= INSERT_KINDS
    assert {"related-link", "advertisement"} <= kinds


# --- matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "domain",
    ["tribunkaltim.co", "tribunsolo.com", "tribunjateng.com", "tribunbatam.id", "TribunNews.com"],
)
def test_regional_tribun_sites_match_the_tribun_profile(domain: str) -> None:
    found = load_profiles().match(domain)
    assert found is not None and found.name == "tribun"


def test_unknown_and_missing_outlets_match_nothing() -> None:
    profiles = load_profiles()
    assert profiles.match("example.com") is None
    assert profiles.match("bbc.co.uk") is None
    assert profiles.match(None) is None
    assert profiles.match("") is None


def test_a_full_host_is_reduced_to_its_registered_domain() -> None:
    profiles = load_profiles()
    assert getattr(profiles.match("regional.kompas.com"), "name", None) == "kompas"
    assert getattr(profiles.match(outlet("https://news.detik.com/x")), "name", None) == "detik"


# --- applying --------------------------------------------------------------------------


def _tribun() -> Profile:
    found = load_profiles().match("tribunkaltim.co")
    assert found is not None
    return found


def test_tribun_like_page_gives_container_fields_and_inserts() -> None:
    page = _page(TRIBUN_PAGE, "https://kaltim.tribunnews.com/2026/01/20/y")
    before = page.tree.html
    result = _tribun().apply(page)
    assert result.matched and result.signal == "tribun:div.side-article.txt-article"
    assert result.body is not None and PROSE in result.body.text(deep=True)
    assert result.title == "Dua Penambang Pasir Ilegal Ditangkap"
    assert result.published == "Selasa, 20 Januari 2026 18:33 WIB"
    assert result.authors == ("Tribun Kaltim",)
    assert result.tags == ("tambang", "polisi")
    # The outer ad box only (its nested reserved box is the same insert), then the link.
    kinds = [insert.kind for insert in result.inserts]
    assert kinds == ["advertisement", "related-link"]
    related = result.inserts[1].links()
    assert related == (
        ("Polisi Sita Dua Ekskavator", "https://kaltim.tribunnews.com/2026/01/19/x"),
    )
    assert result.next_url == "https://kaltim.tribunnews.com/2026/01/20/y?page=2"
    assert _tribun().page_param == "page"
    assert page.tree.html == before  # the profile never edits the tree


def test_redesigned_page_is_reported_not_matched() -> None:
    html = f"<html><body><main class='new-layout'><p>{PROSE}</p></main></body></html>"
    result = _tribun().apply(_page(html))
    assert not result.matched
    assert result.body is None
    assert result.note == "body selector matched nothing"
    assert result.signal == "tribun:no-match"
    assert result.title is None and result.published is None
    assert result.authors == () and result.inserts == ()


def test_an_empty_container_does_not_count_as_a_match() -> None:
    html = f"<html><body><div class='content'> </div><div class='content'><p>{PROSE}</p></div>"
    result = _tribun().apply(_page(html))
    assert result.matched and result.body is not None
    assert result.body_selector == "div.content" and PROSE in result.body.text()


def test_kompas_asks_for_the_one_page_view() -> None:
    kompas = load_profiles().match("kompas.com")
    assert kompas is not None
    html = f"<html><body><div class='read__content'><p>{PROSE}</p></div></body></html>"
    url = "https://regional.kompas.com/read/2026/01/20/1/judul?page=2&utm_source=x#top"
    result = kompas.apply(_page(html, url))
    assert result.all_pages_url == (
        "https://regional.kompas.com/read/2026/01/20/1/judul?utm_source=x&page=all"
    )


def test_detik_related_box_is_one_insert() -> None:
    detik = load_profiles().match("detik.com")
    assert detik is not None
    box = (
        '<table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga: </strong>'
        '<a href="https://news.detik.com/d-1/banjir">Banjir di Jakarta</a></div></td></tr></table>'
    )
    html = f"<html><body><div class='detail__body-text'><p>{PROSE}</p>{box}</div></body></html>"
    result = detik.apply(_page(html))
    assert [i.kind for i in result.inserts] == ["related-link"]
    assert result.inserts[0].node.tag == "table"
    assert result.inserts[0].links() == (
        ("Banjir di Jakarta", "https://news.detik.com/d-1/banjir"),
    )


def test_meta_and_attribute_sources() -> None:
    jpnn = load_profiles().match("jpnn.com")
    okezone = load_profiles().match("okezone.com")
    assert jpnn is not None and okezone is not None
    html = (
        '<html><head><meta name="jpnncom_news_author" content="Ken Girsang">'
        '<meta name="jpnncom_news_pubdate" content="2026-01-20 18:33:00"></head><body>'
        f'<div itemprop="articleBody"><p>{PROSE}</p></div>'
        '<div class="journalist"><a title="Rina Sari" href="/r">Rina</a></div></body></html>'
    )
    result = jpnn.apply(_page(html))
    assert result.matched
    assert result.authors == ("Ken Girsang",)
    assert result.published == "2026-01-20 18:33:00"
    assert okezone.apply(_page(html)).authors == ("Rina Sari",)


# --- user profiles ---------------------------------------------------------------------

USER_PROFILE = """
name = "warta-lokal"
domains = ["wartalokal.id", "tribunkaltim.co"]

[select]
body = ["div.isi-berita"]
title = ["h1.judul-berita"]

[[remove]]
kind = "follow-prompt"
css = [".ikuti-kami"]
"""


def test_user_profile_adds_a_site_and_takes_over_a_domain(tmp_path: Path) -> None:
    path = _write(tmp_path, "lokal.toml", USER_PROFILE)
    profiles = load_profiles([path])
    assert getattr(profiles.match("wartalokal.id"), "name", None) == "warta-lokal"
    assert getattr(profiles.match("tribunkaltim.co"), "name", None) == "warta-lokal"
    # The rest of the Tribun network keeps its shipped profile.
    assert getattr(profiles.match("tribunnews.com"), "name", None) == "tribun"
    html = (
        "<html><body><h1 class='judul-berita'>Judul</h1><div class='isi-berita'>"
        f"<p>{PROSE}</p><p class='ikuti-kami'>Ikuti kami di Google News</p></div></body></html>"
    )
    lokal = profiles.match("wartalokal.id")
    assert lokal is not None
    result = lokal.apply(_page(html))
    assert result.matched and result.title == "Judul"
    assert [i.kind for i in result.inserts] == ["follow-prompt"]


def test_user_profile_with_a_shipped_name_replaces_it(tmp_path: Path) -> None:
    text = 'name = "kompas"\ndomains = ["kompas.com"]\n[select]\nbody = ["div.baru"]\n'
    profiles = load_profiles([_write(tmp_path, "kompas.toml", text)])
    kompas = profiles.match("kompas.com")
    assert kompas is not None and kompas.body == ("div.baru",)
    assert [p.name for p in profiles.profiles].count("kompas") == 1


def test_profiles_directory_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "lokal.toml", USER_PROFILE)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert load_profiles().match("wartalokal.id") is None  # only when asked for
    assert getattr(load_profiles(from_env=True).match("wartalokal.id"), "name", None)
    monkeypatch.delenv(ENV_VAR)
    assert os.environ.get(ENV_VAR) is None
    assert load_profiles(from_env=True).match("wartalokal.id") is None


BAD_PROFILES = {
    "broken.toml": ('name = "x"\ndomains = ["x.id"\n', "not valid TOML"),
    "nobody.toml": ('name = "x"\ndomains = ["x.id"]\n[select]\ntitle = ["h1"]\n', "body"),
    "noname.toml": ('domains = ["x.id"]\n[select]\nbody = ["div"]\n', "name is missing"),
    "nodomain.toml": ('name = "x"\n[select]\nbody = ["div"]\n', "'domains' or 'patterns'"),
    "typo.toml": ('name = "x"\ndomains = ["x.id"]\n[selct]\nbody = ["div"]\n', "'selct'"),
    "kind.toml": (
        'name = "x"\ndomains = ["x.id"]\n[select]\nbody = ["div"]\n'
        '[[remove]]\nkind = "advert"\ncss = [".ad"]\n',
        "'advert'",
    ),
    "css.toml": ('name = "x"\ndomains = ["x.id"]\n[select]\nbody = ["div[["]\n', "div[["),
    "type.toml": ('name = "x"\ndomains = "x.id"\n[select]\nbody = ["div"]\n', "list"),
    "source.toml": (
        'name = "x"\ndomains = ["x.id"]\n[select]\nbody = ["div"]\n'
        'title = [{ meta = "og:title", css = "h1" }]\n',
        "'css'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PROFILES))
def test_invalid_profile_names_its_file_and_problem(tmp_path: Path, name: str) -> None:
    text, problem = BAD_PROFILES[name]
    path = _write(tmp_path, name, text)
    with pytest.raises(ProfileError) as caught:
        load_profiles([path])
    message = str(caught.value)
    assert name in message and problem in message, message


def test_two_user_profiles_claiming_one_domain_is_an_error(tmp_path: Path) -> None:
    for name in ("a", "b"):
        text = f'name = "{name}"\ndomains = ["x.id"]\n[select]\nbody = ["div"]\n'
        _write(tmp_path, f"{name}.toml", text)
    with pytest.raises(ProfileError, match="claimed by both"):
        load_profiles([tmp_path])


def test_missing_user_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such profile"):
        load_profiles([tmp_path / "missing.toml"])


# --- the shared id-news pages (old 2015-17 layouts) --------------------------------------


def test_profiles_on_the_shared_pages_never_raise(shared_dir: Path) -> None:
    """Report which old-layout pages the profiles' body selectors still match."""
    root = shared_dir / "data" / "id-news"
    profiles = load_profiles()
    matched: dict[str, list[bool]] = {}
    for item in json.loads((root / "expected.json").read_text(encoding="utf-8")):
        url = item["expected"].get("url")
        if not url:
            continue
        html = (root / item["page"]).read_bytes().decode("utf-8", "replace")
        profile = profiles.match(outlet(url))
        assert profile is not None, url
        result = profile.apply(Page.parse(html, url))
        assert result.matched == (result.body is not None)
        matched.setdefault(profile.name, []).append(result.matched)
    log.info("body matched per outlet: %s", {k: f"{sum(v)}/{len(v)}" for k, v in matched.items()})
    assert len(matched) >= 9
