"""Find every gazetteer name in a text, with character offsets, in one pass.

One Aho-Corasick automaton holds every alias key; the text is folded token by token with the
same rules as the names (see ``normalize``), joined with single spaces, and scanned once.
Matches are kept leftmost-longest, so "Spin Boldak" wins over "Spin" and "Qala-i-Naw" over
"Naw". A match must start with a capital letter in the original text: place names are
proper nouns, and the rule keeps ordinary words that happen to spell a district ("now",
"bar", "kot") from becoming places.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick

from gazetteer.index import alias_index
from gazetteer.normalize import CONNECTORS, tokenize


@dataclass(frozen=True)
class PlaceMention:
    """A span of text that spells a gazetteer name; ``place_ids`` are all places it may mean."""

    start: int
    end: int
    text: str
    key: str
    place_ids: tuple[str, ...]


class MentionFinder:
    """Multi-pattern matcher over alias keys. Build once, call ``find`` for every text."""

    def __init__(self, index: dict[str, tuple[str, ...]]):
        self._automaton = ahocorasick.Automaton()
        for key, ids in index.items():
            self._automaton.add_word(f" {key} ", (key, ids))
        self._automaton.make_automaton()

    def find(self, text: str) -> list[PlaceMention]:
        """All non-overlapping name mentions in ``text``, in order of appearance."""
        tokens = [t for t in tokenize(text) if t[3] not in CONNECTORS]
        if not tokens:
            return []
        starts: dict[int, int] = {}
        parts = [" "]
        pos = 1
        for i, tok in enumerate(tokens):
            starts[pos] = i
            parts.append(tok.key)
            parts.append(" ")
            pos += len(tok.key) + 1
        stream = "".join(parts)

        spans: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end, (key, ids) in self._automaton.iter(stream):
            first = starts[end - len(key)]
            last = first + key.count(" ")
            spans.append((first, last, key, ids))
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))

        found: list[PlaceMention] = []
        next_free = 0
        for first, last, key, ids in spans:
            if first < next_free:
                continue
            head = tokens[first].text
            if not head[:1].isupper():
                continue
            start, stop = tokens[first].start, tokens[last].end
            found.append(PlaceMention(start, stop, text[start:stop], key, ids))
            next_free = last + 1
        return found


@cache
def default_finder() -> MentionFinder:
    """The finder over the bundled gazetteer, built on first use."""
    return MentionFinder(alias_index())


def find_mentions(text: str) -> list[PlaceMention]:
    """Every gazetteer name in ``text`` (see ``MentionFinder.find``)."""
    return default_finder().find(text)
