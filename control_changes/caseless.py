"""Case-insensitive patterns that run as case-sensitive ones over lower-cased text.

Python's ``re`` folds case character by character under IGNORECASE, which makes the
extractor's long alternations (trigger verbs, date phrases, speakers) two to three times
slower than the same pattern matched case-sensitively. A ``Caseless`` pattern is written in
lower case; it lower-cases the text once and matches that. Where lower-casing changes the
length of a text (a dotted capital I becomes two characters) offsets would drift, so such a
text is matched with the IGNORECASE form instead: the answer is the same either way.

Matches hold offsets and groups of the lower-cased text: take the original words from the
text by offset (``text[m.start():m.end()]``), not from ``m.group()``.

A pattern for a word that most sentences lack (a denial, "confirmed", "soviet") can be made
with ``words_first=True``. It then reads off its own parse tree the literal pieces every match
must contain (``required_literals``), and tests those with ``in`` before it scans: a few
substring tests cost a third of a failed scan. The test is exact, never a guess: the pattern
still decides every text that holds one of the pieces.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from re import _constants as _sre
from re import _parser as _sre_parse

# Escapes (\S, \B, \W ...) and group names may hold capitals; nothing else in a pattern may.
_ESCAPES_AND_NAMES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


# The text lower-cased last, and its lower-cased form: strings never change, so the same
# object gives the same answer (the extractor tries some twenty patterns per sentence).
_last_text: str | None = None
_last_lower = ""


class Caseless:
    """A pattern matched without regard to case (see the module docstring)."""

    def __init__(self, pattern: str, words_first: bool = False):
        capitals = re.findall(r"[A-Z]", _ESCAPES_AND_NAMES.sub("", pattern))
        if capitals:
            raise ValueError(f"a Caseless pattern is written in lower case; it has {capitals}")
        self.pattern = pattern
        self._cased = re.compile(pattern)
        self._folding = re.compile(pattern, re.IGNORECASE)
        self.needles: tuple[str, ...] | None = None
        if words_first:
            needles = required_literals(pattern)
            if not needles:
                raise ValueError(f"no literal text is common to every match of {pattern[:60]!r}")
            self.needles = tuple(sorted(needles))

    def _subject(self, text: str) -> tuple[re.Pattern[str], str] | None:
        """The pattern to run and the text to run it on, or None when the lower-cased text
        holds none of the needles, so no match is possible. One call, with the needle test
        as a plain loop: this runs some 140 times per article."""
        global _last_text, _last_lower
        if text is _last_text:  # the extractor runs many patterns over one sentence
            lower = _last_lower
        else:
            lower = text.lower()
            _last_text, _last_lower = text, lower
        if len(lower) != len(text):
            return self._folding, text
        if self.needles is not None:
            for needle in self.needles:
                if needle in lower:
                    break
            else:
                return None
        return self._cased, lower

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        found = self._subject(text)
        return None if found is None else found[0].search(found[1], pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        found = self._subject(text)
        return None if found is None else found[0].match(found[1], pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        found = self._subject(text)
        return iter(()) if found is None else found[0].finditer(found[1])

    def __repr__(self) -> str:
        return f"Caseless({self.pattern[:40]!r}...)"


_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Pieces of literal text of which every match of ``pattern`` contains at least one, or
    None when the pattern has no such set (a match may be made of classes like ``\\w+``).

    Read off the parse tree: a run of literal characters must appear whole; a sequence needs
    what any one of its parts needs (the part with the longest shortest piece is taken); an
    alternation needs one piece of some branch; a repeat needs its item's pieces only when it
    must occur at least once. Zero-width assertions neither add nor break a run.
    """
    parsed = _sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _sequence_needs(parsed.data)


def _sequence_needs(items: list) -> frozenset[str] | None:
    options: list[frozenset[str] | None] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if op is _sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            options.append(None if add_flags & re.IGNORECASE else _sequence_needs(sub.data))
        elif op is _sre.ATOMIC_GROUP:
            options.append(_sequence_needs(av.data))
        elif op is _sre.BRANCH:
            branches = [_sequence_needs(b.data) for b in av[1]]
            options.append(None if None in branches else frozenset().union(*branches))
        elif op in _REPEATS and av[0] >= 1:
            options.append(_sequence_needs(av[2].data))
    if run:
        options.append(frozenset({"".join(run)}))
    known = [o for o in options if o]
    if not known:
        return None
    return max(known, key=lambda o: (min(map(len, o)), -len(o)))
