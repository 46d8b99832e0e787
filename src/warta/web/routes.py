"""The reader's routes: each page once as HTML and once as its JSON twin.

Every handler is registered twice: at the page's address (``/article/12``, left out of
the OpenAPI description) and at the same address with ``.json`` (``/article/12.json``,
described with its response model). Both build the same view object; the page address
renders it with a template unless the request asks for JSON. The ``.json`` route is
registered first so that ``/entity/{key}`` never swallows ``x.json`` as a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam

from warta.store.read_models import (
    ArticleView,
    EntityView,
    Facets,
    OutletView,
    SearchFilters,
    SearchPage,
    SectionBlock,
)
from warta.web.context import Context
from warta.web.negotiate import ERRORS, wants_json
from warta.web.pages import article_screen
from warta.web.render import load_zone, zone_name
from warta.web.screens import (
    entity_index,
    entity_screen,
    front_filters,
    outlet_screen,
    search_filters,
    section_blocks,
)
from warta.web.shared import Lookup, rendered, serve

__all__ = ["EntityIndex", "FrontPage", "build_router"]

# Static bounds, so the OpenAPI description states them; the options may set tighter ones.
# An empty value (a form's blank field, ``?since=``) means no filter.
Short = Annotated[str | None, Query(max_length=200)]
Zone = Annotated[str | None, Query(max_length=64, description="IANA time zone, e.g. Asia/Makassar")]
Day = Annotated[str | None, Query(max_length=10, description="A day, YYYY-MM-DD")]
SQLITE_MAX_ID = 2**63 - 1
# Results a search's kept ranking reaches: five pages of 20; readers rarely go further,
# and deeper pages are ranked on their own.
RANK_DEPTH = 100
LINK_PARAMS = frozenset(
    {"q", "since", "until", "outlet", "section", "entity", "language", "topic", "per_page"}
    | {"day", "prefix", "tz"}
)


@dataclass(frozen=True, kw_only=True, slots=True)
class FrontPage:
    """The front page: the latest articles by section under the chosen filters."""

    outlet: str | None
    language: str | None
    day: str | None
    sections: list[SectionBlock]
    facets: Facets


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityIndex:
    """Entities as ``(key, canonical, type, articles)``, most covered first."""

    prefix: str | None
    entities: list[tuple[str, str, str, int]]


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _day(value: str | None, name: str) -> str | None:
    """``value`` as an ISO day, None when blank; 400 when it is not a date."""
    if not (value := _blank(value)):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


def _zone(ctx: Context, name: str | None) -> tuple[str, tzinfo]:
    """The zone named in ``?tz=`` (or the default) and its name; 400 when unknown."""
    key = _blank(name) or ctx.options.zone
    zone = load_zone(key)
    if zone is None:
        raise HTTPException(400, f"unknown time zone {key!r}")
    return key, zone


def _common(ctx: Context, request: Request, tz: str | None) -> dict[str, Any]:
    """What every template needs: the zone, and the query to build filter links from."""
    key, zone = _zone(ctx, tz)
    # Only the parameters the pages know are carried into their links (and so into a
    # cached front page): anything else in the address is dropped.
    base = {k: v for k, v in request.query_params.items() if k in LINK_PARAMS and v}
    return {
        "zone": zone,
        "zone_key": key,
        "zone_label": f"{zone_name(zone)}, {key}",
        "base": base,
        "max_query": ctx.options.max_query_chars,
    }


def _page_of(common: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What a rendered page depends on besides its answers: the zone, and the parameters
    its links carry."""
    return common["zone_key"], tuple(sorted(common["base"].items()))


def _check_query(ctx: Context, q: str) -> str:
    query = q.strip()
    if len(query) > ctx.options.max_query_chars:
        raise HTTPException(400, f"query longer than {ctx.options.max_query_chars} characters")
    return query


def _front(router: APIRouter, ctx: Context) -> None:
    @router.get("/", include_in_schema=False)
    @router.get("/index.json", response_model=FrontPage, responses=ERRORS, tags=["pages"])
    async def front_page(
        request: Request,
        outlet: Short = None,
        language: Short = None,
        day: Day = None,
        tz: Zone = None,
    ) -> Any:
        """The latest articles by normalised section ('Berita terkini')."""
        common = _common(ctx, request, tz)
        iso = _day(day, "day")
        outlet, language = _blank(outlet), _blank(language)
        key = ("front", outlet, language, iso)

        def build(lookup: Lookup) -> Any:
            sections = lookup(
                key, lambda: ctx.reader.front_page(outlet=outlet, language=language, day=iso)
            )
            facets = lookup("facets", ctx.reader.facets)
            view = FrontPage(
                outlet=outlet, language=language, day=iso, sections=sections, facets=facets
            )
            if wants_json(request):
                return view
            return rendered(
                ctx.cache,
                ("front.html", *key[1:], *_page_of(common)),
                (sections, facets),
                lambda: ctx.renderer.html(
                    "front.html",
                    sections=section_blocks(sections),
                    filters=front_filters(facets, view, ctx.options.facet_values),
                    **common,
                ),
            )

        return await serve(ctx.cache, build)


def _search(router: APIRouter, ctx: Context) -> None:
    @router.get("/search", include_in_schema=False)
    @router.get("/search.json", response_model=SearchPage, responses=ERRORS, tags=["pages"])
    async def search(
        request: Request,
        *,
        q: Annotated[str, Query(max_length=1000, description="Words to find")] = "",
        since: Day = None,
        until: Day = None,
        outlet: Short = None,
        section: Short = None,
        entity: Short = None,
        language: Short = None,
        topic: Short = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=1000)] = 20,
        tz: Zone = None,
    ) -> Any:
        """Full-text search over title, lead and body, ranked by relevance and recency."""
        common = _common(ctx, request, tz)
        query = _check_query(ctx, q)
        if page > ctx.options.max_page:
            raise HTTPException(400, f"page beyond {ctx.options.max_page}")
        params: SearchFilters = {
            "since": _day(since, "since"),
            "until": _day(until, "until"),
            "outlet": _blank(outlet),
            "section": _blank(section),
            "entity": _blank(entity),
            "language": _blank(language),
            "topic": _blank(topic),
        }
        if not query and wants_json(request):
            raise HTTPException(400, "empty query: give q")
        size = min(per_page, ctx.options.max_per_page)
        # Popular searches repeat: an answer is reused for the cache's few seconds,
        # as the front page's is (the store changes only by a new ingest).
        key = ("search", query, page, size, *sorted(params.items()))

        def build(lookup: Lookup) -> Any:
            result = lookup(key, lambda: _find(ctx, query, (page, size), params)) if query else None
            if wants_json(request):
                return result
            facets = lookup("facets", ctx.reader.facets)
            return rendered(
                ctx.cache,
                ("search.html", *key[1:], *_page_of(common)),
                (result, facets),
                lambda: _search_html(ctx, query, params, (result, facets), common),
            )

        return await serve(ctx.cache, build)


def _find(ctx: Context, query: str, page: tuple[int, int], params: SearchFilters) -> SearchPage:
    """One page (``(number, size)``) of results, cut from the query's ranking, which is
    kept as long as an answer: the pages of one search share it, and ranking is most of
    a search's cost (runs in a worker thread: it may wait for the ranking)."""
    number, size = page
    if ctx.cache.seconds <= 0:  # nothing kept: one statement ranks and reads the page
        return ctx.reader.search(query, page=number, per_page=size, **params)
    ranking = ctx.cache.get(
        ("rank", query, *sorted(params.items())),
        lambda: ctx.reader.rank(query, depth=RANK_DEPTH, **params),
    )
    return ctx.reader.search(query, page=number, per_page=size, ranking=ranking, **params)


def _search_html(
    ctx: Context,
    query: str,
    params: SearchFilters,
    answers: tuple[SearchPage | None, Facets],
    common: dict[str, Any],
) -> str:
    """The search page: the form with its filters, and the results when there is a query."""
    result, facets = answers
    pages = -(-result.total // result.per_page) if result and result.per_page else 0
    return ctx.renderer.html(
        "search.html",
        q=query,
        params=params,
        result=result,
        pages=min(pages, ctx.options.max_page),
        filters=search_filters(facets, params),
        **common,
    )


def _article(router: APIRouter, ctx: Context) -> None:
    @router.get("/article/{article_id}", include_in_schema=False)
    @router.get(
        "/article/{article_id}.json", response_model=ArticleView, responses=ERRORS, tags=["pages"]
    )
    def article(
        request: Request,
        article_id: Annotated[int, PathParam(ge=0, le=SQLITE_MAX_ID)],
        tz: Zone = None,
    ) -> Any:
        """One article: the record, its clean text and 'Baca juga' by content similarity."""
        common = _common(ctx, request, tz)
        view = ctx.reader.article(article_id)
        if view is None:
            raise HTTPException(404, f"no article {article_id}")
        if wants_json(request):
            return view
        return ctx.renderer.page("article.html", page=article_screen(view), **common)


def _entity(router: APIRouter, ctx: Context) -> None:
    @router.get("/entity/{key}", include_in_schema=False)
    @router.get("/entity/{key}.json", response_model=EntityView, responses=ERRORS, tags=["pages"])
    def entity(
        request: Request, key: Annotated[str, PathParam(max_length=300)], tz: Zone = None
    ) -> Any:
        """A person, place, organisation or event: coverage over time, quotes, outlets."""
        common = _common(ctx, request, tz)
        view = ctx.reader.entity(key)
        if view is None:
            raise HTTPException(404, f"no entity {key!r}")
        if wants_json(request):
            return view
        return ctx.renderer.page("entity.html", page=entity_screen(view), **common)

    @router.get("/entities", include_in_schema=False)
    @router.get("/entities.json", response_model=EntityIndex, responses=ERRORS, tags=["pages"])
    def entities(
        request: Request,
        prefix: Short = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> Any:
        """Entities by number of articles, optionally those whose name starts with ``prefix``."""
        prefix = _blank(prefix)
        found = ctx.reader.entities(prefix=prefix, limit=min(limit, ctx.options.max_limit))
        if wants_json(request):
            return EntityIndex(prefix=prefix, entities=found)
        return ctx.renderer.page(
            "entities.html",
            prefix=prefix,
            entries=entity_index(found),
            **_common(ctx, request, None),
        )


def _outlet(router: APIRouter, ctx: Context) -> None:
    @router.get("/outlet/{domain}", include_in_schema=False)
    @router.get(
        "/outlet/{domain}.json", response_model=OutletView, responses=ERRORS, tags=["pages"]
    )
    def outlet(
        request: Request, domain: Annotated[str, PathParam(max_length=253)], tz: Zone = None
    ) -> Any:
        """One outlet: its articles per day, its sections and its latest articles."""
        common = _common(ctx, request, tz)
        view = ctx.reader.outlet(domain)
        if view is None:
            raise HTTPException(404, f"no outlet {domain!r}")
        if wants_json(request):
            return view
        return ctx.renderer.page("outlet.html", page=outlet_screen(view), **common)


def build_router(ctx: Context) -> APIRouter:
    """All the reader's routes, bound to ``ctx``."""
    router = APIRouter()
    for add in (_front, _search, _article, _entity, _outlet):
        add(router, ctx)
    return router
