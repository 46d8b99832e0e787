"""Site profiles: where one outlet family puts each part of an article, read from TOML.

Profiles are data (format: ``docs/profiles.md``) so a user can add or fix a site without
touching code. Sites redesign, so :meth:`Profile.apply` never raises on a page its selectors
miss: it reports ``matched`` and a ``note`` and the caller falls back to generic extraction.
It never changes the tree either; the caller decides what to remove.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from warta.errors import ProfileError
from warta.extract.document import Page
from warta.extract.metatext import clean, node_text

__all__ = ["ENV_VAR", "INSERT_KINDS", "Insert", "Profile", "ProfileError", "ProfileResult"]
__all__ += ["ProfileSet", "load_profiles"]

ENV_VAR = "WARTA_PROFILES"
# The removal kinds of the record contract (contracts/article.md) an insert can have; a
# closed list, so that a typo in a user's profile is an error rather than a new kind.
_KINDS = "advertisement byline caption dateline editor-initials end-marker follow-prompt"
INSERT_KINDS = frozenset(
    f"{_KINDS} image-url-residue navigation related-link video-promo widget".split()
)
_FIELDS = ("title", "published", "authors", "editors", "section", "tags", "lead")
_TOP_KEYS = {"name", "description", "domains", "patterns", "select", "remove", "pagination"}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_TYPE_NAMES: dict[type, str] = {str: "a string", list: "a list", dict: "a table"}
T = TypeVar("T")
Sel = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """One place a field is read from: an element's text or attribute, or a meta tag."""

    css: str = ""
    attr: str | None = None
    meta: str | None = None

    def values(self, page: Page) -> list[str]:
        """Every non-empty value this source finds on ``page``, in document order."""
        if self.meta is not None:
            found = [clean(value) for value in page.meta.get(self.meta, ())]
        else:
            attr, nodes = self.attr, _unique(page.tree.css(self.css))
            found = [clean(n.attributes.get(attr)) if attr else node_text(n) for n in nodes]
        return [value for value in found if value]


@dataclass(frozen=True, slots=True)
class Insert:
    """An element inside the article that the profile says is not article text."""

    kind: str
    node: LexborNode

    def links(self) -> tuple[tuple[str, str | None], ...]:
        """(title, href) of each link in the insert: a related link's data, kept, not lost."""
        anchors = [self.node] if self.node.tag == "a" else _unique(self.node.css("a"))
        attrs = ((a.attributes, a) for a in anchors)
        pairs = ((clean(at.get("title")) or node_text(a), at.get("href")) for at, a in attrs)
        return tuple((title, (href or "").strip() or None) for title, href in pairs if title)


@dataclass(frozen=True, slots=True)
class ProfileResult:
    """What a profile's selectors found on one page; empty where they found nothing.

    ``next_url``: the page's link to its next page; ``all_pages_url``: this address with the
    one-page view asked for (Kompas ``?page=all``). ``Profile.page_param`` numbers pages.
    """

    profile: str
    matched: bool
    note: str
    body: LexborNode | None = None
    body_selector: str | None = None
    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    lead: str | None = None
    inserts: tuple[Insert, ...] = ()
    next_url: str | None = None
    all_pages_url: str | None = None

    @property
    def signal(self) -> str:
        """For provenance: ``'tribun:div.side-article.txt-article'`` or ``'tribun:no-match'``."""
        return f"{self.profile}:{self.body_selector if self.matched else 'no-match'}"


@dataclass(frozen=True, slots=True, eq=False)  # identity: hashable despite its maps
class Profile:
    """One outlet family's markup, as loaded from one TOML file (``origin``)."""

    name: str
    domains: frozenset[str]
    patterns: tuple[str, ...]
    body: tuple[str, ...]
    fields: Mapping[str, tuple[Source, ...]]
    remove: tuple[tuple[str, str], ...]  # (kind, its selectors joined into one query)
    next_page: tuple[str, ...] = ()
    page_param: str | None = None
    all_pages: str | None = None
    origin: str = ""

    def apply(self, page: Page) -> ProfileResult:
        """Read ``page`` with this profile's selectors, without changing the tree. Inserts
        are sought in the whole page when no body matched: the fallback can drop them too."""
        body, selector = self._body(page)
        got = {name: self._read(page, name) for name in _FIELDS}
        one = {name: values[0] if values else None for name, values in got.items()}
        scope = body if body is not None else page.tree.body
        return ProfileResult(
            profile=self.name,
            matched=body is not None,
            note="body matched" if body is not None else "body selector matched nothing",
            body=body,
            body_selector=selector,
            title=one["title"],
            published=one["published"],
            authors=got["authors"],
            editors=got["editors"],
            section=one["section"],
            tags=got["tags"],
            lead=one["lead"],
            inserts=self._inserts(scope) if scope is not None else (),
            next_url=self._next_url(page),
            all_pages_url=self._all_pages_url(page.url),
        )

    def _body(self, page: Page) -> tuple[LexborNode | None, str | None]:
        """The first element with text a body selector finds, in priority order; an empty
        one (left by a redesign or filled by script) would hide the text, so it is skipped."""
        for selector in self.body:
            for node in page.tree.css(selector):
                if node.text(deep=True, strip=True):
                    return node, selector
        return None, None

    def _read(self, page: Page, name: str) -> tuple[str, ...]:
        """The values of the first source (in priority order) that finds any, once each."""
        for source in self.fields.get(name, ()):
            found = source.values(page)
            if found:
                return tuple(dict.fromkeys(found))
        return ()

    def _inserts(self, scope: LexborNode) -> tuple[Insert, ...]:
        """Every remove-rule match inside ``scope``, once each, the outermost only."""
        marked: dict[int, tuple[str, LexborNode]] = {}
        for kind, query in self.remove:
            for node in scope.css(query):
                if node.mem_id != scope.mem_id:  # lexbor's scoped query includes the scope
                    marked.setdefault(node.mem_id, (kind, node))
        outer = (kn for kn in marked.values() if not _inside(kn[1], marked, scope.mem_id))
        return tuple(Insert(kind, node) for kind, node in outer)

    def _next_url(self, page: Page) -> str | None:
        for selector in self.next_page:
            node = page.tree.css_first(selector)
            link = node if node is None or node.tag == "a" else node.css_first("a[href]")
            href = (link.attributes.get("href") or "").strip() if link is not None else ""
            if href and not href.startswith(("#", "javascript:")):
                return urljoin(page.url or "", href)
        return None

    def _all_pages_url(self, url: str | None) -> str | None:
        """``url`` with the page parameter set to the one-page value (Kompas ``?page=all``)."""
        if not (url and self.page_param and self.all_pages):
            return None
        parts = urlsplit(url)
        query = [
            kv for kv in parse_qsl(parts.query, keep_blank_values=True) if kv[0] != self.page_param
        ]
        query.append((self.page_param, self.all_pages))
        return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


@dataclass(frozen=True, slots=True, eq=False)  # identity: hashable despite its maps
class ProfileSet:
    """The profiles in force, and the lookup from an outlet's registered domain to one."""

    profiles: tuple[Profile, ...]
    by_domain: Mapping[str, Profile]
    by_pattern: tuple[tuple[re.Pattern[str], Profile], ...]

    @classmethod
    def build(cls, profiles: Sequence[Profile]) -> ProfileSet:
        """The set of ``profiles``; two of them claiming one domain is an error."""
        domains: dict[str, Profile] = {}
        for profile in profiles:
            for domain in profile.domains:
                other = domains.setdefault(domain, profile)
                if other is not profile:
                    msg = f"{domain!r} is claimed by both {other.name!r} and {profile.name!r}"
                    raise ProfileError(msg, source=profile.origin)
        pats = [(re.compile(fnmatch.translate(p)), pr) for pr in profiles for p in pr.patterns]
        return cls(tuple(profiles), MappingProxyType(domains), tuple(pats))

    def match(self, outlet: str | None) -> Profile | None:
        """The profile for ``outlet`` ('tribunkaltim.co'), or None. Exact domains win over
        patterns; a full host is tried label by label ('regional.kompas.com' -> 'kompas.com')."""
        host = (outlet or "").strip().lower().rstrip(".")
        while host:
            found = self.by_domain.get(host)
            if found is not None:
                return found
            for pattern, profile in self.by_pattern:
                if pattern.match(host):
                    return profile
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None


def load_profiles(extra: Sequence[Path] = (), *, from_env: bool = False) -> ProfileSet:
    """The shipped profiles, overridden and extended by the user's: ``extra`` files or
    directories of ``*.toml`` and, with ``from_env``, the directory ``$WARTA_PROFILES`` names
    (read now, never at import). A user profile replaces the shipped one of its name and
    takes over the domains it names."""
    paths = list(extra)
    env = os.environ.get(ENV_VAR, "").strip() if from_env else ""
    if env:
        paths.insert(0, Path(env))
    if not paths:
        return _shipped()
    user = [_parse(f.read_bytes(), str(f)) for f in _user_files(paths)]
    taken = set(ProfileSet.build(user).by_domain)
    names = {p.name for p in user}
    kept = [_without(p, taken) for p in _shipped().profiles if p.name not in names]
    return ProfileSet.build([*user, *(p for p in kept if p is not None)])


@lru_cache(maxsize=1)
def _shipped() -> ProfileSet:
    """The package's own profiles, parsed once: they cannot change while running."""
    folder = resources.files(__name__.rpartition(".")[0]).joinpath("profiles")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=str)
    return ProfileSet.build([_parse(f.read_bytes(), f"profiles/{f.name}") for f in files])


def _user_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ProfileError("no such profile file or directory", source=str(path))
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def _without(profile: Profile, taken: set[str]) -> Profile | None:
    """``profile`` less the domains a user profile took over; None if nothing is left."""
    left = profile.domains - taken
    return dataclasses.replace(profile, domains=left) if left or profile.patterns else None


def _parse(raw: bytes, origin: str) -> Profile:
    """One profile from the bytes of its file; every problem is a ProfileError naming it."""
    try:
        return _build(tomllib.loads(raw.decode("utf-8")), origin)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"not valid TOML: {exc}", source=origin) from exc
    except (TypeError, ValueError) as exc:
        raise ProfileError(str(exc), source=origin) from exc


def _build(data: dict[str, Any], origin: str) -> Profile:
    _known(data, _TOP_KEYS, "")
    name = _get(data, "name", str, "", None).strip()
    if not _NAME.match(name):
        raise ValueError(f"name {name!r} must be lower-case letters, digits, '-' or '_'")
    domains = frozenset(d.lower() for d in _strings(data, "domains", ""))
    patterns = tuple(p.lower() for p in _strings(data, "patterns", ""))
    if not domains and not patterns:
        raise ValueError("a profile needs 'domains' or 'patterns'")
    select = _get(data, "select", dict, "", None)
    _known(select, {"body", *_FIELDS}, "select.")
    body = _selectors(select, "body", "select.")
    pages = _get(data, "pagination", dict, "", {})
    _known(pages, {"next", "param", "all"}, "pagination.")
    rules = _get(data, "remove", list, "", [])
    raw = {f: _get(select, f, list, "select.", None) for f in _FIELDS if f in select}
    fields = {f: tuple(_source(x, f"select.{f}") for x in v) for f, v in raw.items()}
    return Profile(
        name=name,
        domains=domains,
        patterns=patterns,
        body=body,
        fields=MappingProxyType(fields),
        remove=tuple(_rule(rule, f"remove[{i}].") for i, rule in enumerate(rules)),
        next_page=_strings(pages, "next", "pagination.", css=True),
        page_param=_get(pages, "param", str, "pagination.", "").strip() or None,
        all_pages=_get(pages, "all", str, "pagination.", "").strip() or None,
        origin=origin,
    )


def _rule(raw: object, where: str) -> tuple[str, str]:
    """One ``[[remove]]`` table as (kind, its selectors joined into one query)."""
    table = _get({"": raw}, "", dict, where.rstrip("."), None)
    _known(table, {"kind", "css"}, where)
    kind = _get(table, "kind", str, where, None)
    if kind not in INSERT_KINDS:
        raise ValueError(f"{where}kind {kind!r} is not one of {', '.join(sorted(INSERT_KINDS))}")
    return kind, ", ".join(_selectors(table, "css", where))


def _source(item: object, where: str) -> Source:
    """One entry of ``select.<field>``: a selector, a ``{css, attr}`` or a ``{meta}`` table."""
    table = {"css": item} if isinstance(item, str) else _get({"": item}, "", dict, where, None)
    _known(table, {"meta"} if "meta" in table else {"css", "attr"}, f"{where}: ")
    if "meta" in table:
        return Source(meta=_get(table, "meta", str, f"{where}.", None).strip().lower())
    attr = _get(table, "attr", str, f"{where}.", "").strip() or None
    return Source(css=_css(table.get("css"), where), attr=attr)


def _strings(table: Mapping[str, Any], key: str, where: str, css: bool = False) -> Sel:
    """``table[key]``: a list of non-empty strings, each a valid selector if ``css``."""
    items = _get(table, key, list, where, [])
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise TypeError(f"{where}{key} must be a list of non-empty strings")
    return tuple(_css(item, f"{where}{key}") if css else item.strip() for item in items)


def _selectors(table: Mapping[str, Any], key: str, where: str) -> Sel:
    """``table[key]``: at least one selector."""
    found = _strings(table, key, where, css=True)
    if not found:
        raise ValueError(f"{where}{key} needs at least one selector")
    return found


def _css(raw: object, where: str) -> str:
    """``raw`` once lexbor has parsed it: a bad selector is reported here, with its file,
    instead of failing later on some page."""
    if not isinstance(raw, str) or not raw.strip():
        raise TypeError(f"{where} needs a non-empty CSS selector")
    try:
        LexborHTMLParser("").css(raw)
    except Exception as exc:  # selectolax's error class is not part of its typed API
        raise ValueError(f"{where}: cannot parse CSS selector {raw!r}") from exc
    return raw.strip()


def _get(table: Mapping[str, Any], key: str, kind: type[T], where: str, default: T | None) -> T:
    """``table[key]`` checked to be a ``kind``; ``default`` when absent (None: required)."""
    value = table.get(key, default)
    if value is None:
        raise ValueError(f"{where}{key} is missing")
    if not isinstance(value, kind):
        raise TypeError(f"{where}{key} must be {_TYPE_NAMES[kind]}")
    return value


def _known(table: Mapping[str, object], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ValueError(f"{where}unknown key(s) {', '.join(map(repr, unknown))}")


def _unique(nodes: Sequence[LexborNode]) -> list[LexborNode]:
    """``nodes`` once each: lexbor returns an element once per selector it matches."""
    return list({node.mem_id: node for node in nodes}.values())


def _inside(node: LexborNode, marked: Mapping[int, object], stop: int) -> bool:
    """True when an ancestor of ``node`` below the ``stop`` element is itself marked."""
    parent = node.parent
    while parent is not None and parent.mem_id != stop:
        if parent.mem_id in marked:
            return True
        parent = parent.parent
    return False
