"""Indonesian named-entity recognition: a CRF tagger over persons, places and organisations.

``load_tagger()`` returns the shipped tagger (loaded once); ``Tagger.entities(text)`` gives
:class:`warta.record.Entity` records with offsets, ``Tagger.tag(tokens)`` BIO tags for one
tokenised sentence, and ``tokenize(text)`` the tokens with their offsets.
"""

from __future__ import annotations

from warta.enrich.ner.tagger import Tagger, load_tagger
from warta.enrich.ner.tokens import Token, tokenize

__all__ = ["Tagger", "Token", "load_tagger", "tokenize"]
