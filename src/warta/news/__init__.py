"""The Indonesian news layer: patterns of Indonesian news text moved into fields.

``apply_text_layer`` moves the patterns of Indonesian news text into fields, for HTML pages
and scraped plain text alike (``extract_text``); the recognisers it is built from
(datelines, inserts, footers, republication notices, source credits) are exported for
callers that need one of them alone. Site profiles (``load_profiles``) and multi-page
articles (``extract_multipage``, ``merge_parts``) complete the layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warta.news.attributions import find_attributions, normalise_source
    from warta.news.credits import parse_credit_line, split_credit_tail
    from warta.news.datelines import find_dateline, locate_dateline
    from warta.news.inserts import classify_insert, cut_inline_inserts, cut_tail_markers
    from warta.news.layer import apply_text_layer
    from warta.news.merge import extract_multipage, merge_parts, merge_related_inputs
    from warta.news.pagination import find_pagination
    from warta.news.plaintext import extract_text, extract_text_document
    from warta.news.profiles import load_profiles
    from warta.news.republish import find_notices

# Each name is imported on first use (PEP 562), so that importing one module of the layer
# (the store imports pagination) does not load them all: the multi-page merge loads the
# whole extraction pipeline, which the ingest supervisor never runs.
_HOMES = {
    "find_attributions": "attributions",
    "normalise_source": "attributions",
    "parse_credit_line": "credits",
    "split_credit_tail": "credits",
    "find_dateline": "datelines",
    "locate_dateline": "datelines",
    "classify_insert": "inserts",
    "cut_inline_inserts": "inserts",
    "cut_tail_markers": "inserts",
    "apply_text_layer": "layer",
    "extract_multipage": "merge",
    "merge_parts": "merge",
    "merge_related_inputs": "merge",
    "find_pagination": "pagination",
    "extract_text": "plaintext",
    "extract_text_document": "plaintext",
    "load_profiles": "profiles",
    "find_notices": "republish",
}

__all__ = [
    "apply_text_layer",
    "classify_insert",
    "cut_inline_inserts",
    "cut_tail_markers",
    "extract_multipage",
    "extract_text",
    "extract_text_document",
    "find_attributions",
    "find_dateline",
    "find_notices",
    "find_pagination",
    "load_profiles",
    "locate_dateline",
    "merge_parts",
    "merge_related_inputs",
    "normalise_source",
    "parse_credit_line",
    "split_credit_tail",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"warta.news.{home}"), name)
