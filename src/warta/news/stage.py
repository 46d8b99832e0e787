"""Where the Indonesian news layer meets the extraction pipeline.

Two steps around generic body extraction:

- before it, :func:`read_profile` reads the page with the outlet's site profile, if one
  matches: the article container and the inserts to take out go to body extraction, and
  the profile's metadata fills what the generic signals left empty. A profile whose body
  selector no longer matches (the site was redesigned) changes nothing but provenance:
  generic extraction carries on.
- after it, :func:`~warta.news.layer.apply_text_layer` moves datelines, inserts, footers,
  notices and credits out of the paragraphs into their fields.
"""

from __future__ import annotations

import logging
from datetime import timedelta, timezone

from selectolax.lexbor import LexborNode

from warta.extract.datetext import parse_date_text
from warta.extract.document import Page
from warta.news.profiles import ProfileResult, ProfileSet, load_profiles
from warta.record import Article

__all__ = ["read_profile"]

log = logging.getLogger(__name__)

# Indonesian outlets print times in Western Indonesian Time unless they say otherwise.
_WIB = timezone(timedelta(hours=7))


def read_profile(
    page: Page, article: Article, profiles: ProfileSet | None = None
) -> tuple[LexborNode | None, list[tuple[str, LexborNode]]]:
    """The profile's article container and inserts for ``page`` (None, [] without one).

    Must run before body extraction, which changes the tree.
    """
    profile = (profiles or load_profiles()).match(article.outlet)
    if profile is None:
        return None, []
    result = profile.apply(page)
    article.provenance["profile"] = result.signal
    if not result.matched:
        log.info("profile %s matched nothing on %s: %s", result.profile, page.url, result.note)
        return None, []
    _fill_gaps(article, result)
    return result.body, [(insert.kind, insert.node) for insert in result.inserts]


def _fill_gaps(article: Article, result: ProfileResult) -> None:
    """The profile's values where the generic signals found nothing.

    Generic signals go first: they agree across the page's structured data, while a
    profile's selector is one site's markup at one time.
    """
    signal = f"profile:{result.profile}"
    for field in ("title", "section", "lead"):
        value = getattr(result, field)
        if value and not getattr(article, field):
            setattr(article, field, value)
            article.provenance[field] = signal
    for field in ("authors", "editors", "tags"):
        values = getattr(result, field)
        if values and not getattr(article, field):
            setattr(article, field, list(values))
            article.provenance[field] = signal
    if result.published and article.published is None:
        published = parse_date_text(result.published, default_zone=_WIB)
        if published is not None:
            article.published = published
            article.provenance["published"] = signal
