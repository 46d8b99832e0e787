"""The Indonesian news layer: patterns of Indonesian news text moved into fields.

``apply_text_layer`` is the entry point, used for HTML pages and scraped plain text
alike; the recognisers it is built from (datelines, inserts, footers, republication
notices, source credits) are exported for callers that need one of them alone.
"""

from warta.news.attributions import find_attributions, normalise_source
from warta.news.credits import parse_credit_line, split_credit_tail
from warta.news.datelines import find_dateline, locate_dateline
from warta.news.inserts import classify_insert, cut_inline_inserts, cut_tail_markers
from warta.news.layer import apply_text_layer
from warta.news.republish import find_notices

__all__ = [
    "apply_text_layer",
    "classify_insert",
    "cut_inline_inserts",
    "cut_tail_markers",
    "find_attributions",
    "find_dateline",
    "find_notices",
    "locate_dateline",
    "normalise_source",
    "parse_credit_line",
    "split_credit_tail",
]
