"""The page's canonical address and its publisher's registered domain.

Canonical links are resolved against the fetch URL and normalised so that two copies of
one article (with and without tracking parameters, ``HTTP`` vs ``http``, ``:443``) give
one address. The outlet is the registered domain under the public suffix list
(``tribunkaltim.co``, ``bbc.co.uk``), read from the copy of the list that the
publicsuffixlist package ships: it never fetches the list over the network.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from warta.extract.document import Found, Page
from warta.extract.metatext import squash

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

__all__ = ["canonical_url", "normalise_url", "outlet", "site_keys"]

# Query parameters that identify a campaign or a click, never the document: analytics
# (utm_*, _ga, _gl), ad click ids (Google gclid/dclid/gbraid/wbraid, Microsoft msclkid,
# Yandex yclid, Facebook fbclid, Instagram igshid) and Mailchimp (mc_cid, mc_eid).
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home"})


@functools.lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    """The public suffix list, imported and parsed on first use (some 30 ms; tldextract,
    used before, took 0.1 s, most of it importing requests, in every ingest worker).

    Only the ICANN section counts, as it did with tldextract: a blog on ``blogspot.com``
    or a site on ``github.io`` has that outlet, not one per subdomain. A host under no
    listed suffix (``localhost``, an IP address, a made-up TLD) has no registered domain.
    """
    from publicsuffixlist import PublicSuffixList  # noqa: PLC0415

    return PublicSuffixList(only_icann=True, accept_unknown=False)


# What no host name holds (white space, and the characters RFC 3986 never allows
# unescaped): a link with them is a scraper's garbage, not an address to resolve.
_BAD_HOST = re.compile(r'[\s<>"{}|\\^`]')


def normalise_url(url: str | None, base: str | None = None) -> str | None:
    """``url`` resolved against ``base``, in a stable form; None unless it is http(s).

    Lower-cases scheme and host, drops the fragment, default ports and tracking
    parameters; keeps the path and the other parameters (in order) as the site wrote
    them, since servers may treat them case-sensitively.
    """
    if not url or not url.strip():
        return None
    raw = url.strip()
    try:
        full = urljoin(base, raw) if base else raw
        parts = urlsplit(full)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host or _BAD_HOST.search(host):
        return None
    if ":" in host:  # an IPv6 literal: its brackets are what set it apart from a port
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
        query = query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING


def canonical_url(page: Page) -> Found[str] | None:
    """``<link rel=canonical>``, else ``og:url``, resolved and normalised.

    A canonical that points at the site's home page while the page itself sits deeper is a
    template mistake (every page of some sites declares the front page), so it is skipped.
    """
    scope = page.tree.head or page.tree.root
    candidates: list[tuple[str, str]] = []
    if scope is not None:
        for link in scope.css("link[rel~=canonical i][href]"):
            candidates.append((link.attrs.get("href") or "", "link:canonical"))
    candidates.extend((value, "meta:og:url") for value in page.meta.get("og:url", ()))
    for raw, signal in candidates:
        url = normalise_url(raw, page.url)
        if url and not _home_for_article(url, page.url):
            return Found(url, signal)
    return None


def _home_for_article(candidate: str, page_url: str | None) -> bool:
    """True when ``candidate`` is a home page but the fetched page is a deeper path."""
    parts = urlsplit(candidate)
    if parts.path.lower() not in _HOME_PATHS or parts.query:
        return False
    if not page_url:
        return False
    try:
        page_path = urlsplit(page_url).path
    except ValueError:
        return False
    return page_path.lower() not in _HOME_PATHS


def outlet(url: str | None) -> str | None:
    """The registered domain of ``url`` in lower case ('www.bbc.co.uk' -> 'bbc.co.uk').

    A host with no public suffix (an IP address, ``localhost``) is returned as it is, so
    the field still says where the page came from.
    """
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return _suffixes().privatesuffix(host) or host


def site_keys(page: Page, domain: str | None, publisher: str | None) -> frozenset[str]:
    """Squashed forms of the names the site goes by, to recognise it in titles and bylines.

    From ``og:site_name``, ``application-name``, the JSON-LD publisher and the outlet
    domain: both the whole domain ('kompascom') and its first label ('kompas'), because
    pages write 'Kompas.com', 'KOMPAS' and 'Kompas Cyber Media' alike.
    """
    names = [publisher or ""]
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title"):
        names.extend(page.meta.get(key, ()))
    if domain:
        names.append(domain)
        names.append(domain.split(".", 1)[0])
    keys = {squash(name) for name in names}
    # Two-letter keys ('ap', 'tv') would match inside ordinary words.
    return frozenset(k for k in keys if len(k) >= 3)
