"""Recognising refusals, bot challenges and paywalls, and not mistaking real pages."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from warta.fetch.blocked import classify, visible_text

ARTICLE = (
    "<html><head><title>Banjir di Jakarta</title></head><body><article>"
    + "<p>Banjir merendam ratusan rumah warga di Jakarta Timur sejak Senin pagi, kata "
    "petugas Badan Penanggulangan Bencana Daerah kepada wartawan di lokasi.</p>"
    * 20
    + "</article></body></html>"
).encode()

CLOUDFLARE = b"""<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">
<noscript>Enable JavaScript and cookies to continue</noscript></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "news.example"};}());</script>
</body></html>"""
CLOUDFLARE_OLD = b"""<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1></body></html>"""
AKAMAI = b"""<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>
You don't have permission to access "http://news.example/" on this server.<P>
Reference #18.2f0e1002.1700000000.1a2b3c</BODY></HTML>"""
DATADOME = b"""<html><head><title>news.example</title></head><body>
<script src="https://ct.captcha-delivery.com/c.js"></script>
<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=abc"></iframe></body></html>"""
PERIMETERX = b"""<html><head><title>Access to this page has been denied.</title></head>
<body><div id="px-captcha"></div></body></html>"""


@pytest.mark.parametrize("status", [401, 403, 451])
def test_refusal_statuses_are_forbidden(status: int) -> None:
    assert classify(status, {}, b"<html><body>No.</body></html>") == "forbidden"


def test_429_is_rate_limited_and_other_errors_are_not_blocked() -> None:
    assert classify(429, {}, b"Too many requests") == "rate-limited"
    assert classify(404, {}, b"not found") is None
    assert classify(500, {}, b"oops") is None
    assert classify(200, {}, ARTICLE) is None


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (403, CLOUDFLARE),
        (200, CLOUDFLARE),
        (503, CLOUDFLARE),
        (403, CLOUDFLARE_OLD),
        (403, AKAMAI),
        (403, DATADOME),
        (200, PERIMETERX),
    ],
)
def test_challenge_pages_are_recognised_whatever_the_status(status: int, body: bytes) -> None:
    assert classify(status, {}, body) == "bot-challenge"


def test_challenge_headers_are_recognised_without_a_body() -> None:
    assert classify(403, {"cf-mitigated": "challenge"}, None) == "bot-challenge"
    assert classify(200, {"x-datadome": "protected"}, b"") == "bot-challenge"
    assert classify(200, {"server": "cloudflare"}, ARTICLE) is None


def test_long_article_naming_a_vendor_is_not_a_challenge() -> None:
    report = ARTICLE.replace(b"</article>", b"<p>PerimeterX and px-captcha explained.</p>" * 5000)
    assert len(report) > 150_000
    assert classify(200, {}, report) is None


def test_short_page_with_paywall_marker_is_a_paywall() -> None:
    teaser = (
        b"<html><body><h1>Analisis Ekonomi</h1><p>Pertumbuhan ekonomi kuartal ini...</p>"
        b"<div class='paywall-box'>Berlangganan untuk membaca artikel ini.</div></body></html>"
    )
    assert classify(200, {}, teaser) == "paywall"
    jsonld = (
        b'<html><head><script type="application/ld+json">{"@type":"NewsArticle",'
        b'"isAccessibleForFree": "False"}</script></head><body><p>Teaser.</p></body></html>'
    )
    assert classify(200, {}, jsonld) == "paywall"


def test_full_article_with_a_subscription_box_is_not_a_paywall() -> None:
    page = ARTICLE.replace(b"</article>", b"</article><div class='paywall'>Subscribe to read</div>")
    assert classify(200, {}, page) is None
    assert classify(403, {}, page) == "forbidden"  # status still counts


def test_visible_text_skips_scripts_and_styles() -> None:
    html = b"<html><head><title>T</title><style>p{}</style></head><body><script>x=1</script>"
    assert visible_text(html + b"<p>Halo   dunia</p></body></html>") == "Halo dunia"


def test_no_real_page_in_the_shared_data_is_flagged(shared_dir: Path) -> None:
    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))
    pages += sorted(p for p in (shared_dir / "data" / "id-news" / "pages").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        raw = path.read_bytes()
        html = gzip.decompress(raw) if path.suffix == ".gz" else raw
        assert classify(200, {}, html) is None, path.name
