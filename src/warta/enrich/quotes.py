"""Direct and reported quotes in Indonesian news text, each with its speaker.

A *direct* quote is text in “…”, "…" or ‘…’. Its speaker comes from the nearest speech
cue (words in ``data/speech.toml``): after the closing mark ('"...," kata Budi',
'"...," Budi menambahkan', '"...," katanya'), else before it in the same sentence
('Budi mengatakan: "..."', 'Putin menyapa X sebagai "..."'), else in the sentence before,
when the quote opens its own sentence; a quote that continues the one before takes its
speaker. A quote of two or three words counts only with a cue (else it is a name or a
term: program "Makan Bergizi Gratis"); from four words on it counts without one, and a
‘…’ quote always needs one.

A *reported* quote (``direct=False``) is the clause of 'X mengatakan (kepada ...) bahwa
...', 'X mengatakan, ...', 'Menurut X, ...' or '..., kata X.'; it counts only when its
speaker is known, since an organisation or a vague subject ('hal ini menegaskan bahwa')
is no speaker.

The speaker of a cue is a person mention: the subject before the verb (fillers such as
'juga' may sit between) or the mention right after 'kata'/'ujar'/'menurut' (a title may
precede it: 'kata Menteri Luar Negeri Retno Marsudi'). A pronoun (ia, dia, beliau), a -nya
form ('katanya', 'menurutnya') or a clause with no subject ('Dan mengatakan ...') stands
for the last named speaker, or the last person mentioned when no one has spoken yet. A
title alone ('kata Presiden Cina') gives speaker None. Speakers are given by the person's
canonical name when the caller has linked it, else by the mention's text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from warta.enrich.quotes_cues import Context, Cue, lexicon
from warta.record import Entity, Quote

__all__ = ["find_quotes"]

_QUOTE = re.compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|‘[^’\n]{1,600}’")
_MARKS = '“”"‘’'
_TRIM = " \t,.;:"
# After a verb: a comma or colon opening the reported clause, or 'bahwa' after a short
# complement ('kepada mitranya dari Rusia'; the longest seen in news runs about 60 chars).
_THAT = re.compile(r"(?:\s*[,:]|[^.!?\"“”\n]{0,80}?\bbahwa\b)(?!\s*[\"“‘])")
_COMMA_BEFORE = re.compile(r",\s*$")
_GAP_AFTER_CUE = re.compile(r"[\s\w.'-]{0,50}")  # a title before a name: 'Menteri Luar Negeri'
_MIN_WORDS_ALONE = 4  # a quote this long counts without a speech cue
_MIN_WORDS = 2
_MIN_CLAUSE_WORDS = 3
_TAIL_CHARS = 80  # '..., kata Budi kepada wartawan di Jakarta, Senin (20/1).'


def find_quotes(text: str, persons: Sequence[Entity]) -> list[Quote]:
    """Every direct and reported quote in ``text``, in text order, with its speaker
    (see the module docstring). ``persons`` are person mentions with offsets into ``text``."""
    if not text:
        return []
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    ctx = Context(text, persons, lexicon())
    if not spans and not ctx.cues:
        return []
    return _Attributor(ctx, spans).run()


class _Attributor:
    """Walks the quotes and cues in text order, remembering the last named speaker."""

    def __init__(self, ctx: Context, spans: list[tuple[int, int]]) -> None:
        self.ctx = ctx
        self.spans = spans
        self._span_starts = [s for s, _ in spans]
        self.last: str | None = None
        self.last_quote: tuple[int, str | None] = (-1, None)  # end, speaker of the last direct

    def run(self) -> list[Quote]:
        events: list[tuple[int, int]] = [(s, i) for i, (s, _) in enumerate(self.spans)]
        events += [(c.start, -1 - i) for i, c in enumerate(self.ctx.cues) if not self._quoted(c)]
        out: list[Quote] = []
        for _, key in sorted(events):
            quote = self._direct(*self.spans[key]) if key >= 0 else self._reported(key)
            if quote is not None:
                out.append(quote)
                self.last = quote.speaker or self.last
        return out

    def _quoted(self, cue: Cue) -> bool:
        """Whether ``cue`` lies inside a quotation (a speech verb the speaker said)."""
        i = bisect.bisect_right(self._span_starts, cue.start) - 1
        return i >= 0 and cue.start < self.spans[i][1]

    # Direct quotes

    def _direct(self, start: int, end: int) -> Quote | None:
        text = self.ctx.text
        lo, hi = start + 1, end - 1
        while lo < hi and text[lo] in _TRIM:
            lo += 1
        while hi > lo and text[hi - 1] in _TRIM:
            hi -= 1
        words = len(text[lo:hi].split())
        if words < _MIN_WORDS:
            return None
        cued, speaker = self._attribute(start, end)
        if not cued and (words < _MIN_WORDS_ALONE or text[start] == "‘"):
            return None
        self.last_quote = (end, speaker)
        return Quote(text[lo:hi], speaker, True, lo, hi)

    def _attribute(self, start: int, end: int) -> tuple[bool, str | None]:
        """(whether a cue was found, the speaker) for the quote at ``[start, end)``."""
        ctx = self.ctx
        sent_lo, _ = ctx.sentence(start)
        _, close_hi = ctx.sentence(end - 1)
        for cue in ctx.cues_in(end, min(close_hi, end + 60))[:1]:
            lead = ctx.text[end : cue.start]
            if cue.kind != "before" and lead.strip(" ,.!?-–—"):
                break  # '"...", dan kata X' is another clause
            cued, speaker = self._speaker(cue, end)
            if cued:
                return True, speaker
        for cue in reversed(ctx.cues_in(sent_lo, start)):
            if not self._quoted(cue):
                cued, speaker = self._speaker(cue, sent_lo)
                if cued:
                    return True, speaker
        if ctx.text[sent_lo:start].strip() or sent_lo == 0:
            return False, None
        return self._from_sentence_before(sent_lo)

    def _from_sentence_before(self, sent_lo: int) -> tuple[bool, str | None]:
        """A quote opening its sentence: a cue in the sentence before ('Budi lalu
        menjelaskan alasannya. "..."'), or the speaker of a quote that ended there."""
        pos = sent_lo - 1
        while pos > 0 and self.ctx.text[pos].isspace():
            pos -= 1
        prev_lo, _ = self.ctx.sentence(pos)
        for cue in reversed(self.ctx.cues_in(prev_lo, sent_lo)):
            if not self._quoted(cue):
                cued, speaker = self._speaker(cue, prev_lo)
                if cued:
                    return True, speaker
        end, speaker = self.last_quote
        if end >= prev_lo and speaker is not None:
            return True, speaker
        return False, None

    # Speakers

    def _speaker(self, cue: Cue, lo: int) -> tuple[bool, str | None]:
        """(whether ``cue`` attributes speech here, its speaker); ``lo`` bounds the clause
        in which a subject is looked for."""
        if cue.kind == "back":
            return True, self._back(cue.start)
        if cue.kind == "after":
            return self._after(cue)
        return self._subject(cue, lo)

    def _back(self, pos: int) -> str | None:
        """The last named speaker, else the last person mentioned before ``pos``."""
        if self.last is not None:
            return self.last
        person = self.ctx.last_person_before(pos)
        return person.name if person is not None else None

    def _after(self, cue: Cue) -> tuple[bool, str | None]:
        """'kata Budi', 'ujar Menteri X', 'kata dia', 'menurut X': the speaker follows."""
        ctx = self.ctx
        nxt = ctx.words(cue.end, min(len(ctx.text), cue.end + 12))
        if nxt and nxt[0] in ctx.lex.pronouns:
            return True, self._back(cue.start)
        gap = _GAP_AFTER_CUE.match(ctx.text, cue.end)
        reach = gap.end() if gap is not None else cue.end
        person = ctx.person_starting_in(cue.end, reach + 1)
        if person is not None:
            return True, person.name
        # 'kata sumber itu' after a quote is still a cue; 'dengan kata lain' is not.
        return self._right_after_quote(cue), None

    def _right_after_quote(self, cue: Cue) -> bool:
        before = self.ctx.text[max(0, cue.start - 4) : cue.start].rstrip(" ,")
        return bool(before) and before[-1] in _MARKS

    def _subject(self, cue: Cue, lo: int) -> tuple[bool, str | None]:
        """'Budi mengatakan', 'Putin juga menegaskan', 'Ia menambahkan', 'Dan mengatakan':
        the speaker is the subject before the verb."""
        ctx = self.ctx
        before = ctx.words(max(lo, cue.start - 12), cue.start)
        if before and before[-1] == "yang":
            return False, None  # 'pernyataan yang mengatakan': a relative clause
        person = ctx.person_ending_in(lo, cue.start)
        if person is not None and self._close(person.end, cue.start):
            return True, person.name
        clause = max(lo, ctx.text.rfind(",", lo, cue.start) + 1)
        words = [w for w in ctx.words(clause, cue.start) if w not in ctx.lex.filler]
        if not words or words[-1] in ctx.lex.pronouns:
            return True, self._back(cue.start)
        return True, None

    def _close(self, end: int, verb: int) -> bool:
        """Whether a name ending at ``end`` is the subject of the verb at ``verb``: only
        fillers between ('Putin juga mengatakan'), or a short apposition set off by commas
        ('Xi Jinping, Presiden Cina, mengatakan')."""
        between = self.ctx.words(end, verb)
        if all(w in self.ctx.lex.filler for w in between):
            return True
        gap = self.ctx.text[end:verb].strip()
        return gap.startswith(",") and gap.endswith(",") and len(between) <= 4

    # Reported quotes

    def _reported(self, key: int) -> Quote | None:
        cue = self.ctx.cues[-1 - key]
        if cue.word in self.ctx.lex.naming:
            return None  # 'menyapa X sebagai ...' names; only a quotation after it is speech
        if cue.kind == "before":
            return self._reported_after_verb(cue)
        return self._reported_around(cue)

    def _reported_after_verb(self, cue: Cue) -> Quote | None:
        """'X mengatakan (kepada ...) bahwa CLAUSE', 'X mengatakan, CLAUSE'."""
        that = _THAT.match(self.ctx.text, cue.end)
        if that is None:
            return None
        sent_lo, sent_hi = self.ctx.sentence(cue.start)
        cued, speaker = self._subject(cue, sent_lo)
        return self._clause(that.end(), sent_hi, speaker) if cued else None

    def _reported_around(self, cue: Cue) -> Quote | None:
        """'Menurut X, CLAUSE', 'Menurutnya, CLAUSE' and 'CLAUSE, kata X.'"""
        ctx = self.ctx
        sent_lo, sent_hi = ctx.sentence(cue.start)
        cued, speaker = self._speaker(cue, sent_lo)
        if not cued:
            return None
        if _COMMA_BEFORE.search(ctx.text, sent_lo, cue.start):
            if sent_hi - cue.end > _TAIL_CHARS or self._right_after_quote(cue):
                return None
            comma = ctx.text.rfind(",", sent_lo, cue.start)
            return self._clause(sent_lo, comma, speaker)
        if cue.word.startswith("menurut") and not ctx.text[sent_lo : cue.start].strip():
            comma = ctx.text.find(",", cue.end, sent_hi)
            if comma < 0 or ctx.text[comma + 1 : comma + 3].strip()[:1] in _MARKS:
                return None
            return self._clause(comma + 1, sent_hi, speaker)
        return None

    def _clause(self, lo: int, hi: int, speaker: str | None) -> Quote | None:
        """The reported clause ``text[lo:hi]``, trimmed; None without a speaker."""
        text = self.ctx.text
        while lo < hi and text[lo] in _TRIM:
            lo += 1
        while hi > lo and text[hi - 1] in _TRIM + "!?":
            hi -= 1
        if speaker is None or len(text[lo:hi].split()) < _MIN_CLAUSE_WORDS:
            return None
        return Quote(text[lo:hi], speaker, False, lo, hi)
