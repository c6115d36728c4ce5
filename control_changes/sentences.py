"""Split article text into sentences and clauses, keeping character offsets.

Evidence must point at the exact sentence in the stored text, so nothing here rewrites the
text: every piece is a (start, end) span into the original string.
"""

from __future__ import annotations

import re

# Longest sentence kept whole; longer runs of text are cut into pieces of at most this size.
MAX_SENTENCE_CHARS = 1000

# A sentence ends at . ! ? (with any closing quotes or brackets) before white space and a
# capital, digit or opening quote; a line break always ends one.
# The run of stops is taken whole from its first character (no backtracking into it), so a
# long run of dots costs one pass.
_END_RE = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n")
# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|St|Jr|Sr|No|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|vs|approx|est)|\b[A-Z])\.$"
)
# Where a clause of its own starts inside a sentence. Every branch starts with a comma,
# semicolon or space, which lets the scan skip ahead to those characters.
_CLAUSE_RE = re.compile(
    r",\s*(?=(?:which|where|who|while|whereas|although|though|but|as|after|before|when|"
    r"saying|adding|hours after|days after|a day after)\b)|;|\s[—–-]+\s|"
    r"\s(?=(?:and|but)\s+(?:that|said|added)\b)",
    re.IGNORECASE,
)
# Clauses that start at a word with no comma before it: rare, so looked for only when present.
_CLAUSE_WORDS = ("before being", "hours after")
_CLAUSE_WORD_RE = re.compile(r"\b(?=(?:" + "|".join(_CLAUSE_WORDS) + r")\b)", re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (stripped of surrounding white space)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        if m.group() == "\n":
            _add(text, start, m.start(), spans)
            start = m.end()
        # Only the last few characters can hold an abbreviation: search those in place.
        elif not _ABBREVIATIONS.search(text, max(start, m.start() - 8), m.start() + 1):
            _add(text, start, m.end(), spans)
            start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A "sentence" longer than any real one (a list, a table, text without full stops) is
    # cut at its last comma, semicolon or space before the limit: the work on a sentence
    # and the evidence stored with each change stay bounded.
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(", ", start, limit), text.rfind("; ", start, limit)) + 1
        if cut <= start + MAX_SENTENCE_CHARS // 2:
            cut = text.rfind(" ", start, limit)
        if cut <= start:
            cut = limit
        _add(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans within one sentence, relative to the sentence."""
    starts = [m.start() for m in _CLAUSE_RE.finditer(sentence)]
    folded = sentence.casefold()  # folds as IGNORECASE does ("ſ" is "s")
    if any(w in folded for w in _CLAUSE_WORDS):
        starts = sorted({*starts, *(m.start() for m in _CLAUSE_WORD_RE.finditer(sentence))})
    cuts = [0]
    for start in starts:
        if start > cuts[-1]:
            cuts.append(start)
    cuts.append(len(sentence))
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
