"""Published and updated date-times, from the most trusted signal the page offers.

Signals, most trusted first: JSON-LD of the article, ``<meta>`` tags, ``<time>`` and
``itemprop`` elements in the article header, date text in byline elements, and the URL
(a guess that only gives a day). Candidates whose days agree (within a day) form a group;
the group holding the most trusted candidate wins unless a group backed by more families
of signals disagrees with it: a JSON-LD stamped with the crawl time loses to a byline and
a URL that agree. Candidates before 1995 or in the future are dropped.

Zones: a page's own offset is kept. A structured time whose clock matches a visible byline
time but whose offset does not ('10:08:58Z' beside '10:08 WIB') takes the byline's zone.
A naive time takes the zone of another signal on the page, else of the outlet's country
(ccTLD) or language, else UTC; ``provenance`` says which (';zone=page|tld|lang|assumed-utc').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from selectolax.lexbor import LexborNode

from warta.extract.date_habits import day_first_for, labelled_update, writes_day_first
from warta.extract.datetext import date_from_url, find_dates, parse_date_value
from warta.extract.document import Page
from warta.extract.timezones import default_zone, mislabelled_offsets
from warta.record import Article

__all__ = ["read_dates"]

# Trust ranks: the cascade of the module docstring, with the weaker form of each family
# (WebPage JSON-LD, generic meta names, time elements outside a header) below the next.
_JSONLD, _META, _TIME, _WEBPAGE, _TEXT = 90, 80, 70, 65, 60
_META_WEAK, _TIME_WEAK, _URL = 50, 40, 10
_EARLIEST = date(1995, 1, 1)  # no news site published online before this
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "liveblogposting", "report",
    "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
    "socialmediaposting", "techarticle", "scholarlyarticle",
})  # fmt: skip
_PAGE_TYPES = ("webpage", "itempage")  # and MedicalWebPage, ProfilePage...
# Meta names seen on news sites (OpenGraph, schema.org itemprop, Dublin Core, Parse.ly,
# Sailthru, and Indonesian CMSs: kompas content_PublishedDate, jpnn, detik).
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished",
    "og:published_time", "article:published", "published_time", "parsely-pub-date",
    "sailthru.date", "content_publisheddate", "jpnncom_news_pubdate", "dtk:publishdate",
    "publishdate", "publish-date", "publish_date", "pubdate", "og:pubdate",
    "rnews:datepublished", "dcterms.created", "dcterms.issued", "dc.date.issued",
    "dc.date.created", "datecreated", "article_date_original", "original-publish-date",
)  # fmt: skip
_WEAK_META = ("date", "dc.date", "dcterms.date", "citation_publication_date", "created")
_UPDATED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "article:updated_time", "modified_time", "dcterms.modified", "dc.date.modified",
    "last-modified", "lastmod", "parsely-updated", "content_lastupdate",
)  # fmt: skip
# One CSS query (each costs a walk of the whole tree, about 0.1 ms on a news page) for both
# the date elements and the byline/date containers whose text is read when needed.
# Each selector adds about 0.02 ms; these seven find the date elements and bylines of the
# benchmark pages ('publish-date' is caught by 'date', 'post-meta' by 'meta').
_NODES = (
    "time, [itemprop^=date i], [class*=date i], [class*=time i], [class*=tanggal i],"
    " [class*=byline i], [class*=meta i]"
)
_DATE_PROPS = frozenset({"datepublished", "datemodified", "datecreated"})
_SKIP_TAGS = frozenset({"script", "style", "time", "meta", "link", "input", "html", "body"})
_MAX_ELEMENTS = 80  # list pages repeat time elements; the article's own come early
# Caps for pages with thousands of date-like nodes (5,000 nested took 0.4 s, now 9 ms):
# the benchmark pages have at most 261 such nodes, and a few bylines once lists are out.
_MAX_NODES = 1000
_MAX_BYLINES = 100
_MAX_BYLINE_CHARS = 200  # a byline with a date fits easily; longer is a container
_AFTER_HEADLINE = 250  # chars: a section label, a byline and a date, not the lead's text
_CONTEXT_DEPTH = 6  # how many ancestors may say 'header' or 'related list'
# Words in the lower-cased class or id of an element or its ancestors. Case-sensitive on
# purpose: the same alternation with re.IGNORECASE cost 18 µs a label instead of 2.
_GOOD = re.compile(
    "publish|byline|author|head|meta|dateline|posted|entry|detail|article-info|post-info"
    "|single|read|baca"
)
_BAD = re.compile(
    "relat|terkait|sidebar|widget|list|rows|card|recommend|popul|trend|comment|komentar"
    "|footer|teaser|more|lain|latest|terbaru|baca-juga|bacajuga|share|feed|slide|nav|menu"
    "|kanan|(?<![a-z])right"  # a right-hand column, not 'copyright'
)
_BAD_TAGS = frozenset({"li", "aside", "nav", "footer"})
_Verdicts = dict[LexborNode, int]


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: datetime | date
    signal: str
    rank: int
    family: str  # json-ld, meta, time, text or url: agreement across families counts
    zoned: bool  # the source stated a zone (moot for a bare date)


def read_dates(page: Page, article: Article) -> None:
    """Fill ``published`` and ``updated`` and their ``provenance`` from ``page``."""
    url = page.url or article.canonical_url
    lang = _language(page)
    day_first = day_first_for(lang, url)
    pub, upd = _structured(page, day_first)
    pub.extend(_from_url(url))
    default = default_zone(url, lang)
    # A 'Z' is believed on English pages of outlets with no other known zone; elsewhere it
    # may be local time mislabelled, which only the byline can show.
    trust_utc = default[1] == "assumed-utc" and lang.startswith("en")
    if _uncertain(pub, trust_utc):  # the DOM is only searched when JSON-LD and meta leave doubt
        nodes = page.css(_NODES)[:_MAX_NODES]
        seen: _Verdicts = {}
        _from_elements(nodes, seen, day_first, pub, upd)
        if _uncertain(pub, trust_utc):
            text_pub, text_upd = _from_bylines(nodes, seen, day_first)
            fixes = mislabelled_offsets(_stated(pub + upd), _stated(text_pub + text_upd))
            pub = _rezone(pub, fixes) + text_pub
            upd = _rezone(upd, fixes) + text_upd
        if all(c.family == "url" for c in pub):
            pub.extend(_after_headline(page, day_first))
    published = _choose(pub)
    updated = _choose(upd, vote=False)
    if published is not None:
        published = _zone(published, pub + upd, default)
        article.published = published.value
        article.provenance["published"] = published.signal
    if updated is not None:
        updated = _zone(updated, pub + upd, default)
        if published is None or not _before(updated.value, published.value):
            article.updated = updated.value
            article.provenance["updated"] = updated.signal


def _structured(page: Page, day_first: bool) -> tuple[list[_Candidate], list[_Candidate]]:
    pub: list[_Candidate] = []
    upd: list[_Candidate] = []
    for obj in page.jsonld:
        rank = _jsonld_rank(obj)
        if rank:
            for key, out in (("datePublished", pub), ("dateCreated", pub), ("dateModified", upd)):
                out.extend(_parse(obj.get(key), "json-ld", rank, "json-ld", day_first))
    for names, rank, out in ((_PUBLISHED_META, _META, pub), (_WEAK_META, _META_WEAK, pub),
                             (_UPDATED_META, _META, upd)):  # fmt: skip
        for name in names:
            for raw in page.meta.get(name, ()):
                out.extend(_parse(raw, f"meta:{name}", rank, "meta", day_first))
    return pub, upd


def _jsonld_rank(obj: dict[str, Any]) -> int:
    kind = obj.get("@type")
    kinds = {k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
    if kinds & _ARTICLE_TYPES or any(k.endswith("article") for k in kinds):
        return _JSONLD
    return _WEBPAGE if any(k.endswith(_PAGE_TYPES) for k in kinds) else 0


def _parse(raw: object, signal: str, rank: int, family: str, day_first: bool) -> list[_Candidate]:
    """The date in a structured value (ISO, epoch, or written out), if plausible."""
    if isinstance(raw, list):
        raw = next((r for r in raw if isinstance(r, str)), None)
    found = parse_date_value(raw, day_first=day_first) if isinstance(raw, str) else None
    if found is None or not _plausible(found[0]):
        return []
    return [_Candidate(found[0], signal, rank, family, found[1])]


def _plausible(value: datetime | date) -> bool:
    """Not before online news existed, and not in the future (a day's slack for zones)."""
    return _EARLIEST <= _day(value) <= datetime.now(UTC).date() + timedelta(days=1)


def _from_elements(
    nodes: list[LexborNode],
    seen: _Verdicts,
    day_first: bool,
    pub: list[_Candidate],
    upd: list[_Candidate],
) -> None:
    """``<time>`` and ``itemprop`` date elements, ranked by where they sit."""
    elements = [n for n in nodes if n.tag == "time" or _prop(n.attributes) in _DATE_PROPS]
    for node, attrs, score in _placed(elements[:_MAX_ELEMENTS], seen, own=True):
        prop = _prop(attrs)
        raw = attrs.get("datetime") or attrs.get("content") or node.text(strip=True)
        rank = _TIME if score > 0 or prop else _TIME_WEAK
        signal = "time[datetime]" if attrs.get("datetime") else "time"
        if prop and node.tag != "time":
            signal = f"itemprop={prop}"
        classes = (attrs.get("class") or "").lower()
        updated = prop == "datemodified" or (not prop and "updated" in classes
                                             and "publish" not in classes)  # fmt: skip
        (upd if updated else pub).extend(_parse(raw, signal, rank, "time", day_first))


def _prop(attrs: dict[str, str | None]) -> str:
    return (attrs.get("itemprop") or "").lower()


def _placed(
    nodes: list[LexborNode], seen: _Verdicts, *, own: bool
) -> list[tuple[LexborNode, dict[str, str | None], int]]:
    """Nodes with their attributes and place score, leaving out lists and sidebars.

    A class shared by more than two nodes that nothing places marks list entries: the
    article's own date is printed once (its twins in sidebars are placed by their column).
    """
    scored = [(n, n.attributes, _context(n, seen, own=own)) for n in nodes]
    repeats = Counter(attrs.get("class") for _, attrs, score in scored if score == 0)
    return [x for x in scored if x[2] > 0 or (x[2] == 0 and repeats[x[1].get("class")] <= 2)]


def _context(node: LexborNode, seen: _Verdicts, *, own: bool) -> int:
    """+1 in an article header or byline, -1 in a related list or sidebar, else 0.

    The nearest ancestor whose tag, class or id says either decides. ``own=False`` for a
    node picked by its class: its own class then only counts against it. ``seen`` keeps
    each ancestor's verdict, since siblings share most of their ancestors.
    """
    current: LexborNode | None = node
    for level in range(_CONTEXT_DEPTH):
        if current is None:
            break
        verdict = seen.get(current)
        if verdict is None:
            verdict = seen[current] = _verdict(current)
        if verdict < 0 or (verdict > 0 and (own or level)):
            return verdict
        current = current.parent
    return 0


def _verdict(node: LexborNode) -> int:
    if node.tag in _BAD_TAGS:
        return -1
    attrs = node.attributes
    label = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    if len(label) > 1:
        if _BAD.search(label):
            return -1
        if _GOOD.search(label):
            return 1
    return 1 if node.tag == "header" else 0


def _from_url(url: str | None) -> list[_Candidate]:
    day = date_from_url(url) if url else None
    return [_Candidate(day, "url", _URL, "url", True)] if day and _plausible(day) else []


def _uncertain(pub: list[_Candidate], trust_utc: bool) -> bool:
    """Whether weaker signals could change the answer; skipping them saves time."""
    strong = [c for c in pub if c.rank >= _TIME]
    if not strong:
        return True
    best = max(strong, key=lambda c: c.rank)
    if not best.zoned or not isinstance(best.value, datetime):
        return True  # a naive time or a day alone
    if best.value.utcoffset() == timedelta(0) and not trust_utc:
        return True  # a 'Z' that may be local time mislabelled
    return any(not _near(c.value, best.value) for c in pub)


def _from_bylines(
    nodes: list[LexborNode], seen: _Verdicts, day_first: bool
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Dates in the visible text of short byline/date elements outside related lists."""
    pub: list[_Candidate] = []
    upd: list[_Candidate] = []
    texts: set[str] = set()
    bylines = [n for n in nodes if n.tag not in _SKIP_TAGS]
    for node, attrs, score in _placed(bylines, seen, own=False)[:_MAX_BYLINES]:
        if _prop(attrs) in _DATE_PROPS:
            continue
        text = node.text(separator=" ", strip=True)
        if not 6 <= len(text) <= _MAX_BYLINE_CHARS or text in texts:
            continue
        texts.add(text)
        rank = _TEXT if score > 0 else _TEXT - 5
        for match in find_dates(text, day_first=day_first or writes_day_first(text)):
            if _plausible(match.value):
                weight = rank if match.has_time else rank - 10  # site headers print today
                found = _Candidate(match.value, "byline-text", weight, "text", match.zoned)
                (upd if labelled_update(text, match.start) else pub).append(found)
    return pub, upd


def _after_headline(page: Page, day_first: bool) -> list[_Candidate]:
    """A last resort for bylines with no telling class: the first date printed within
    ``_AFTER_HEADLINE`` characters after the headline, in the closest container that
    has one (a byline sits under its headline)."""
    headline = next((h for h in page.css("h1") if len(h.text(strip=True)) >= 15), None)
    container, title = (headline.parent, headline.text(strip=True)) if headline else (None, "")
    for _ in range(3):
        if container is None:
            break
        text = container.text(separator=" ", strip=True)
        start = text.find(title) + len(title)
        found = find_dates(text[start : start + _AFTER_HEADLINE], day_first=day_first)
        if found and _plausible(found[0].value):
            return [
                _Candidate(found[0].value, "after-headline", _TEXT - 15, "text", found[0].zoned)
            ]
        container = container.parent
    return []


def _stated(cands: list[_Candidate]) -> list[datetime]:
    return [c.value for c in cands if c.zoned and isinstance(c.value, datetime)]


def _rezone(cands: list[_Candidate], fixes: dict[Any, Any]) -> list[_Candidate]:
    return [
        replace(c, value=c.value.replace(tzinfo=fixes[c.value.utcoffset()]),
                signal=f"{c.signal};zone=visible")
        if isinstance(c.value, datetime) and c.zoned and c.value.utcoffset() in fixes
        else c
        for c in cands
    ]  # fmt: skip


def _choose(cands: list[_Candidate], *, vote: bool = True) -> _Candidate | None:
    """The most trusted candidate, unless better-supported evidence disagrees.

    A day-only winner takes the time of the most trusted candidate on the same day.
    """
    if not cands:
        return None
    # Among equals a date with a time wins (a site header's 'today' has none), then the
    # first in the document (the sort is stable).
    ordered = sorted(cands, key=lambda c: (-c.rank, not isinstance(c.value, datetime)))
    best = _best_supported(ordered) if vote else ordered[0]
    if not isinstance(best.value, datetime):
        day = best.value
        timed = (c for c in ordered if isinstance(c.value, datetime) and c.value.date() == day)
        best = next(timed, best)
    return best


def _best_supported(ordered: list[_Candidate]) -> _Candidate:
    """The top candidate, or the first one whose days (within one) are backed by more
    families of signals than the top one's, and by at least two."""
    families: dict[int, set[str]] = {}
    for c in ordered:
        families.setdefault(_day(c.value).toordinal(), set()).add(c.family)
    support = []
    for c in ordered:
        day = _day(c.value).toordinal()
        near = (families.get(d, set()) for d in (day - 1, day, day + 1))
        support.append(len(set().union(*near)))
    top = support.index(max(support))
    return ordered[top] if support[top] > max(support[0], 1) else ordered[0]


def _zone(found: _Candidate, cands: list[_Candidate], default: tuple[tzinfo, str]) -> _Candidate:
    """Give a naive time a zone: another signal's, else the outlet's, else UTC."""
    value = found.value
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return found
    zoned = [c.value for c in sorted(cands, key=lambda c: -c.rank)
             if isinstance(c.value, datetime) and c.value.tzinfo is not None]  # fmt: skip
    clock = value.replace(second=0, microsecond=0)  # the same minute under a stated zone
    same = [z for z in zoned if z.replace(tzinfo=None, second=0, microsecond=0) == clock]
    zone, how = ((same or zoned)[0].tzinfo, "page") if zoned else default
    return replace(found, value=value.replace(tzinfo=zone), signal=f"{found.signal};zone={how}")


def _language(page: Page) -> str:
    """The page's declared language, lower case ('id', 'en-us'), or ''."""
    root = page.tree.root
    lang = (root.attributes.get("lang") if root is not None else None) or ""
    if not lang:
        lang = next(iter(page.meta.get("og:locale", ())), "") or ""
    return lang.strip().lower().replace("_", "-")


def _before(updated: datetime | date, published: datetime | date) -> bool:
    """Whether ``updated`` is earlier than ``published`` (an impossible pair)."""
    if isinstance(updated, datetime) and isinstance(published, datetime):
        return updated < published - timedelta(minutes=1)
    return _day(updated) < _day(published)


def _near(a: datetime | date, b: datetime | date) -> bool:
    return abs((_day(a) - _day(b)).days) <= 1


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
