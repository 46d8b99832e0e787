"""Options for one extraction; one object instead of long parameter lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warta.news.profiles import ProfileSet

__all__ = ["ExtractOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """How :func:`warta.extract` treats a page.

    The limits are on by default: a page over ``max_bytes`` or nested deeper than
    ``max_depth`` is rejected with a clear error instead of tying up a worker. 32 MiB is
    about 15 times the largest article page we have seen (the biggest page of the shared
    benchmark is 2 MiB); lexbor needs about 15 s for 100,000 nested ``<div>``, and 5,000
    keeps the worst case well under a second.

    ``news`` turns the news layer on (site profiles, and the text patterns of Indonesian
    news); ``profiles`` replaces the shipped site profiles, e.g. with
    ``load_profiles([Path("my-profiles")])``.
    """

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 5_000
    images: bool = True
    # The news layer: site profiles and the text patterns of Indonesian news
    # (datelines, 'Baca juga', footers, notices, source credits).
    news: bool = True
    # The site profiles in force; None means the shipped ones (warta.news.load_profiles).
    profiles: ProfileSet | None = None
