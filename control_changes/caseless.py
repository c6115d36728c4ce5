"""Case-insensitive patterns that run as case-sensitive ones over lower-cased text.

Python's ``re`` folds case character by character under IGNORECASE, which makes the
extractor's long alternations (trigger verbs, date phrases, speakers) two to three times
slower than the same pattern matched case-sensitively. A ``Caseless`` pattern is written in
lower case; it lower-cases the text once and matches that. Where lower-casing changes the
length of a text (a dotted capital I becomes two characters) offsets would drift, so such a
text is matched with the IGNORECASE form instead: the answer is the same either way.

Matches hold offsets and groups of the lower-cased text: take the original words from the
text by offset (``text[m.start():m.end()]``), not from ``m.group()``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

# Escapes (\S, \B, \W ...) and group names may hold capitals; nothing else in a pattern may.
_ESCAPES_AND_NAMES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


class Caseless:
    """A pattern matched without regard to case (see the module docstring)."""

    def __init__(self, pattern: str):
        capitals = re.findall(r"[A-Z]", _ESCAPES_AND_NAMES.sub("", pattern))
        if capitals:
            raise ValueError(f"a Caseless pattern is written in lower case; it has {capitals}")
        self.pattern = pattern
        self._cased = re.compile(pattern)
        self._folding = re.compile(pattern, re.IGNORECASE)

    def _prepared(self, text: str) -> tuple[re.Pattern[str], str]:
        lower = text.lower()
        if len(lower) == len(text):
            return self._cased, lower
        return self._folding, text

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, subject = self._prepared(text)
        return pattern.search(subject, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, subject = self._prepared(text)
        return pattern.match(subject, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pattern, subject = self._prepared(text)
        return pattern.finditer(subject)

    def __repr__(self) -> str:
        return f"Caseless({self.pattern[:40]!r}...)"
