"""Build the bundled sample site (``samples/site/``) from story texts and outlet templates.

The stories are in ``samples/site/_build/stories/*.toml``, the four fictional outlets in
``samples/site/_build/outlets.toml`` and their page shells in ``_build/templates/``. The
script writes one page per story (three for the multi-page one) to
``samples/site/<domain>/<slug>.html`` and a ``manifest.json`` that says what each page is
meant to show (for the tests and for readers of the README).

    python3 scripts/build_sample_site.py           # write the pages
    python3 scripts/build_sample_site.py --check   # exit 1 if a written page is stale

The output depends on the inputs only (sorted inputs, no clock, no randomness), so running
it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tomllib
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "samples" / "site"
BUILD = SITE / "_build"

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
PAGE_BREAK = "=== page ==="


@dataclass
class Outlet:
    """One fictional outlet: its addresses, formats, fragments and page shell."""

    key: str
    conf: dict[str, Any]
    shell: Template

    def snippet(self, name: str, **values: Any) -> str:
        return str(self.conf["snippets"][name]).format_map(values)


@dataclass
class Story:
    """One story as written in a stories file, with its copy source resolved."""

    data: dict[str, Any]
    outlet: Outlet
    published: datetime
    pages: list[list[str]]
    original: Story | None = None
    url: str = ""
    rail: list[Story] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.data[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def section(self) -> list[str]:
        return list(self.outlet.conf["sections"][self["section"]])

    @property
    def lang(self) -> str:
        return str(self.get("language", "id"))


def load_outlets() -> dict[str, Outlet]:
    conf = tomllib.loads((BUILD / "outlets.toml").read_text(encoding="utf-8"))
    out = {}
    for key, value in conf.items():
        shell = (BUILD / "templates" / f"{value['domain']}.html.tmpl").read_text(encoding="utf-8")
        out[key] = Outlet(key, value, Template(shell))
    return out


@cache
def calendar() -> dict[str, Any]:
    """Day and month names by page language, from ``_build/calendar.toml``."""
    return tomllib.loads((BUILD / "calendar.toml").read_text(encoding="utf-8"))


def parse_time(text: str, zone: str) -> datetime:
    tz = timezone(timedelta(hours=ZONES[zone]), zone)
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def split_pages(body: str) -> list[list[str]]:
    """Blocks (blank-line separated) of each page of a body."""
    pages = []
    for page in body.split(PAGE_BREAK):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", page) if b.strip()]
        pages.append(blocks)
    return pages


def derive_copy(data: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """A syndicated copy: the original's fields under the copy's own, with light edits."""
    merged = {k: v for k, v in original.items() if k not in {"id", "related", "comments"}}
    merged.update(data)
    body = str(original["body"])
    for old, new in data.get("replace", []):
        if old not in body:
            raise SystemExit(f"{data['id']}: replacement text not in original: {old[:40]!r}")
        body = body.replace(old, new)
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    drop = set(data.get("drop", []))
    merged["body"] = "\n\n".join(b for i, b in enumerate(blocks) if i not in drop)
    return merged


def load_stories(outlets: dict[str, Outlet]) -> list[Story]:
    raw: dict[str, dict[str, Any]] = {}
    for path in sorted((BUILD / "stories").glob("*.toml")):
        for data in tomllib.loads(path.read_text(encoding="utf-8"))["story"]:
            if data["id"] in raw:
                raise SystemExit(f"duplicate story id {data['id']}")
            raw[data["id"]] = data
    stories: dict[str, Story] = {}
    for sid in sorted(raw, key=lambda s: "copy_of" in raw[s]):
        data = raw[sid]
        source = stories.get(data.get("copy_of", ""))
        if "copy_of" in data:
            data = derive_copy(data, raw[data["copy_of"]])
        outlet = outlets[data["outlet"]]
        zone = data.get("zone", outlet.conf["zone"])
        story = Story(data, outlet, parse_time(data["published"], zone), [], source)
        story.pages = split_pages(data["body"])
        story.url = make_url(story)
        stories[sid] = story
    ordered = sorted(stories.values(), key=lambda s: (s.published, s["id"]))
    for story in ordered:
        story.rail = nearest(story, ordered)
    return ordered


def make_url(story: Story, page: int = 1) -> str:
    conf, pub = story.outlet.conf, story.published
    number = 7_000_000 + zlib.crc32(story["slug"].encode()) % 900_000
    url = str(conf["url"]).format(
        base=story.get("base", conf["base"]),
        path=story.section[1],
        yyyy=pub.year,
        mm=f"{pub.month:02d}",
        dd=f"{pub.day:02d}",
        slug=story["slug"],
        number=number if story.outlet.key == "beritaselat" else number // 3,
    )
    return url if page == 1 else f"{url}?page={page}"


def nearest(story: Story, stories: list[Story]) -> list[Story]:
    """The four other stories of the same outlet closest in time, for the related rail."""
    same = [s for s in stories if s.outlet is story.outlet and s is not story]
    same.sort(key=lambda s: (abs((s.published - story.published).total_seconds()), s["id"]))
    return same[:4]


def dates(moment: datetime, lang: str) -> dict[str, str]:
    zone = moment.tzname() or ""
    return {
        "dayname": calendar()[lang]["days"][moment.weekday()],
        "d": str(moment.day),
        "dd": f"{moment.day:02d}",
        "mon3": calendar()[lang]["mon3"][moment.month - 1],
        "month": calendar()[lang]["months"][moment.month - 1],
        "yyyy": str(moment.year),
        "mm": f"{moment.month:02d}",
        "HH": f"{moment.hour:02d}",
        "MM": f"{moment.minute:02d}",
        "zone": zone,
    }


def esc(text: str, curly: bool = False) -> str:
    """HTML text; with ``curly``, straight double quotes become typographic ones."""
    if curly:
        opened = [False]

        def swap(_: re.Match[str]) -> str:
            opened[0] = not opened[0]
            return "&ldquo;" if opened[0] else "&rdquo;"

        return re.sub('"', swap, html.escape(text, quote=False)).replace("'", "&rsquo;")
    return html.escape(text, quote=False)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_block(outlet: Outlet, block: str, curly: bool) -> str:
    lines = [line.strip() for line in block.splitlines()]
    if block.startswith("## "):
        return outlet.snippet("heading", text=esc(block[3:].strip(), curly))
    if block.startswith("> "):
        return outlet.snippet("quote", text=esc(" ".join(ln[2:] for ln in lines), curly))
    if all(line.startswith("- ") for line in lines):
        items = "\n".join(outlet.snippet("item", text=esc(ln[2:], curly)) for ln in lines)
        return outlet.snippet("list", items=items)
    return outlet.snippet("paragraph", text=esc(" ".join(lines), curly))


def insert_points(count: int, related: int) -> list[int]:
    """After which blocks the 'Baca juga' inserts go: the second block, then further on."""
    points = [1, max(3, count * 3 // 5), max(5, count - 2)]
    return [min(p, count - 1) for p in points[:related]]


def render_body(story: Story, page: int, by_id: dict[str, Story]) -> str:
    outlet, curly = story.outlet, bool(story.outlet.conf["curly_quotes"])
    blocks = story.pages[page - 1]
    related = [by_id[r] for r in story.get("related", [])]
    if page > 1:
        related = related[:1]
    points = insert_points(len(blocks), len(related))
    out: list[str] = []
    if page == 1 and story.get("reporter"):
        out.append(outlet.snippet("reporter", author=esc(story["author"])))
    for index, block in enumerate(blocks):
        text = render_block(outlet, block, curly)
        if index == 0 and page == 1:
            place = (
                story["place"].upper() if outlet.conf["place_case"] == "upper" else story["place"]
            )
            text = text.replace("<p>", "<p>" + outlet.snippet("dateline", place=place), 1)
        out.append(text)
        if index == 2 and len(blocks) > 4:
            out.append(outlet.snippet("ad"))
        for number, point in enumerate(points):
            if point == index:
                target = related[number]
                out.append(outlet.snippet("baca_juga", url=target.url, title=esc(target["title"])))
    out.extend(body_end(story, page))
    return "\n".join(out)


def body_end(story: Story, page: int) -> list[str]:
    outlet, total = story.outlet, len(story.pages)
    if page < total:
        return [paging(story, page)]
    initials = story.get("initials") or "/".join(
        re.sub(r"[^a-z]", "", story[k].lower())[:3] for k in ("author", "editor")
    )
    out = [outlet.snippet("end", author=story["author"], editor=story["editor"], initials=initials)]
    if total > 1:
        out.append(paging(story, page))
    if story.original is not None:
        orig = story.original
        out.append(
            outlet.snippet(
                "notice",
                outlet=orig.outlet.conf["name"],
                title=esc(orig["title"]),
                url=orig.url,
                orig_author=orig["author"],
                editor=orig["editor"],
            )
        )
    return out


def paging(story: Story, page: int) -> str:
    outlet, total = story.outlet, len(story.pages)
    links = " ".join(
        outlet.snippet("page_here", number=n)
        if n == page
        else outlet.snippet("page_link", url=make_url(story, n), number=n)
        for n in range(1, total + 1)
    )
    nav = outlet.snippet("page_list", links=links)
    if page < total:
        nav = outlet.snippet("next_page", url=make_url(story, page + 1)) + "\n" + nav
    return nav


def jsonld(story: Story, page_url: str, image_url: str) -> str:
    """The page's structured data in the outlet's style (graph, single object or list)."""
    conf, style = story.outlet.conf, story.outlet.conf["jsonld"]
    publisher = {"@type": "Organization", "name": conf["name"], "url": conf["base"] + "/"}
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": story["title"],
        "description": story.get("description", story["lead"]),
        "datePublished": story.published.isoformat(),
        "dateModified": (updated_time(story) or story.published).isoformat(),
        "articleSection": story.section[0],
        "keywords": ", ".join(story.get("tags", [])),
        "inLanguage": "en" if story.lang == "en" else "id-ID",
        "image": {"@type": "ImageObject", "url": image_url},
        "author": {"@type": "Person", "name": story["author"]},
        "publisher": publisher,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page_url},
    }
    if style == "graph":
        article["author"] = [article["author"]]
        article["editor"] = {"@type": "Person", "name": story["editor"]}
        crumbs = [
            ("Beranda", conf["base"] + "/"),
            (story.section[0], conf["base"] + "/" + story.section[1]),
        ]
        graph = [
            {"@type": "WebSite", "name": conf["name"], "url": conf["base"] + "/"},
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": n, "item": u}
                    for i, (n, u) in enumerate(crumbs, 1)
                ],
            },
            article,
        ]
        data: Any = {"@context": "https://schema.org", "@graph": graph}
    elif style == "list":
        data = [
            {"@context": "https://schema.org", **publisher},
            {"@context": "https://schema.org", **article},
        ]
    else:
        data = {"@context": "https://schema.org", **article}
    return json.dumps(data, ensure_ascii=False, indent=1)


def updated_time(story: Story) -> datetime | None:
    text = story.get("updated")
    if not text:
        return None
    return parse_time(text, story.published.tzname() or "WIB")


def page_values(story: Story, page: int, by_id: dict[str, Story]) -> dict[str, str]:
    """Everything a page shell needs, as escaped text."""
    conf, pub, lang = story.outlet.conf, story.published, story.lang
    url = make_url(story, page)
    stamp = dates(pub, lang)
    image_url = str(conf["image"]).format(image=story["image"], **stamp)
    photographer = story.get("photographer", story["author"])
    if story.original is not None:
        photographer = story.original.get("photographer", story.original["author"])
    credit = str(story.original.outlet.conf["credit"] if story.original else conf["credit"])
    updated = updated_time(story)
    title = story["title"]
    tags = story.get("tags", [])
    values = {
        "lang": lang,
        "title": esc(title),
        "title_tag": esc(title + (f" Halaman {page}" if page > 1 else "")),
        "description": html.escape(story.get("description", story["lead"])),
        "keywords": html.escape(", ".join(tags)),
        "author": esc(story["author"]),
        "author_slug": slugify(story["author"]),
        "editor": esc(story["editor"]),
        "canonical": url,
        "og_url": url,
        "share_url": quote(url, safe=""),
        "amp_url": url.replace(conf["base"], conf["base"] + "/amp", 1),
        "image_url": html.escape(image_url),
        "published_iso": pub.isoformat(),
        "published_plain": pub.strftime("%Y-%m-%d %H:%M:%S"),
        "published_slash": pub.strftime("%Y/%m/%d %H:%M:%S"),
        "meta_modified": (
            f'<meta property="article:modified_time" content="{updated.isoformat()}">\n'
            if updated
            else ""
        ),
        "meta_tags": "".join(
            f'<meta property="article:tag" content="{html.escape(t)}">\n' for t in tags
        ),
        "section_label": story.section[0],
        "section_path": story.section[1],
        "jsonld": jsonld(story, url, image_url),
        "today": "{dayname}, {d} {month} {yyyy}".format_map(stamp),
        "lead": esc(story["lead"]),
        "date_display": str(conf["date"]).format_map(stamp),
        "updated_html": story.outlet.snippet("updated", **dates(updated, lang)) if updated else "",
        "figure": story.outlet.snippet(
            "figure",
            image_url=html.escape(image_url),
            alt=html.escape(story.get("alt", story["caption"].split(",")[0])),
            caption=esc(story["caption"]),
            credit=esc(credit.format(photographer=photographer)),
        ),
        "body": render_body(story, page, by_id),
        "tags_html": story.outlet.conf["snippets"]["tag_sep"].join(
            story.outlet.snippet("tag", tag=esc(t), tag_slug=slugify(t)) for t in tags
        ),
        "rail_html": "\n".join(rail_item(story, other) for other in story.rail),
        "comments_html": comments(story),
        "link_rel": link_rel(story, page),
        "paging": "",
    }
    return values


def rail_item(story: Story, other: Story) -> str:
    stamp = dates(other.published, other.lang)
    short = "{dd}/{mm}/{yyyy}, {HH}:{MM} {zone}".format_map(stamp)
    return story.outlet.snippet("rail", url=other.url, title=esc(other["title"]), date_short=short)


def comments(story: Story) -> str:
    items = story.get("comments", [])
    if not items:
        return story.outlet.snippet("no_comments")
    head = story.outlet.snippet("comments_head", count=len(items))
    rows = [story.outlet.snippet("comment", user=esc(u), text=esc(t)) for u, t in items]
    return "\n".join([head, *rows])


def link_rel(story: Story, page: int) -> str:
    out = ""
    if page > 1:
        out += f'<link rel="prev" href="{make_url(story, page - 1)}">\n'
    if page < len(story.pages):
        out += f'<link rel="next" href="{make_url(story, page + 1)}">\n'
    return out


def file_name(story: Story, page: int) -> str:
    suffix = f"-page-{page}" if page > 1 else ""
    return f"{story.outlet.conf['domain']}/{story['slug']}{suffix}.html"


def manifest_entry(story: Story, page: int, by_id: dict[str, Story]) -> dict[str, Any]:
    related = [by_id[r] for r in story.get("related", [])]
    related = related[:1] if page > 1 else related
    orig = story.original
    return {
        "file": file_name(story, page),
        "story": story["id"],
        "outlet": story.outlet.conf["domain"],
        "url": make_url(story, page),
        "title": story["title"],
        "section": story.section[0],
        "section_normalised": story.section[2],
        "language": story.lang,
        "published": story.published.isoformat(),
        "page": page,
        "pages": len(story.pages),
        "related": [{"title": r["title"], "url": r.url} for r in related],
        "credits": list(story.get("credits", [])),
        "republished_from": (
            {"outlet": orig.outlet.conf["name"], "title": orig["title"], "url": orig.url}
            if orig
            else None
        ),
    }


def build() -> dict[str, str]:
    """Every file of the site, by path relative to ``samples/site``."""
    outlets = load_outlets()
    stories = load_stories(outlets)
    by_id = {s["id"]: s for s in stories}
    files: dict[str, str] = {}
    manifest = []
    for story in stories:
        for page in range(1, len(story.pages) + 1):
            values = page_values(story, page, by_id)
            files[file_name(story, page)] = story.outlet.shell.substitute(values)
            manifest.append(manifest_entry(story, page, by_id))
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the pages are current")
    args = parser.parse_args(argv)
    files = build()
    stale = [
        name
        for name, text in sorted(files.items())
        if not (SITE / name).is_file() or (SITE / name).read_text(encoding="utf-8") != text
    ]
    # Pages left over from a renamed or removed story.
    orphans = sorted(
        str(path.relative_to(SITE))
        for path in SITE.glob("*/*.html")
        if str(path.relative_to(SITE)) not in files
    )
    if args.check:
        for name in [*stale, *orphans]:
            print(f"stale: samples/site/{name}")
        return 1 if stale or orphans else 0
    for name in stale:
        (SITE / name).parent.mkdir(parents=True, exist_ok=True)
        (SITE / name).write_text(files[name], encoding="utf-8")
    for name in orphans:
        (SITE / name).unlink()
    print(f"{len(files) - 1} pages: {len(stale)} written, {len(orphans)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
