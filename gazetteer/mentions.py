"""Find every gazetteer name in a text, with character offsets, in one pass.

One Aho-Corasick automaton holds every alias key; the text is folded token by token with the
same rules as the names (see ``normalize``), joined with single spaces, and scanned once.
Matches are kept leftmost-longest, so "Spin Boldak" wins over "Spin" and "Qala-i-Naw" over
"Naw". A match must start with a capital letter in the original text: place names are
proper nouns, and the rule keeps ordinary words that happen to spell a district ("now",
"bar", "kot") from becoming places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from gazetteer.index import alias_index
from gazetteer.normalize import CONNECTORS, TOKEN_RE, word_key

# The words of a text and, between them, everything else: one C call for both.
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")


class PlaceMention(NamedTuple):
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
        # One split gives the words and the text between them, so every word's offset is a
        # running sum of lengths; keys come from a cached map, with no Python step per word.
        parts = _SPLIT_RE.split(text)
        words = parts[1::2]
        keyed = list(map(word_key, words))
        keys = list(map(itemgetter(0), keyed))
        if CONNECTORS.isdisjoint(keys):  # the usual case: every word is kept
            kept: Sequence[int] = range(len(keys))
        else:
            kept = [i for i, key in enumerate(keys) if key not in CONNECTORS]
            keys = [keys[i] for i in kept]
        if not keys:
            return []
        # " key1 key2 ... ": the word a match starts at is the count of spaces before it,
        # counted on from the previous match (matches come by end, so a start moves back by
        # at most one key's length): a count from the text's start made long texts quadratic.
        stream = " " + " ".join(keys) + " "

        spans: list[tuple[int, int, str, tuple[str, ...]]] = []
        at, spaces = 0, 0
        for end, (key, ids) in self._automaton.iter(stream):
            start = end - len(key)
            if start >= at:
                spaces += stream.count(" ", at, start)
            else:
                spaces -= stream.count(" ", start, at)
            at = start
            first = spaces - 1
            last = first + key.count(" ")
            spans.append((first, last, key, ids))
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))

        chosen: list[tuple[int, int, str, tuple[str, ...]]] = []
        next_free = 0
        for first, last, key, ids in spans:
            if first < next_free or not words[kept[first]][:1].isupper():
                continue
            chosen.append((kept[first], kept[last], key, ids))
            next_free = last + 1
        if not chosen:
            return []
        # parts alternate: text before word 0, word 0, text between, word 1, ...
        bounds = list(accumulate(map(len, parts), initial=0))
        found = []
        for first, last, key, ids in chosen:
            start, stop = bounds[2 * first + 1], bounds[2 * last + 2] - keyed[last][1]
            found.append(PlaceMention(start, stop, text[start:stop], key, ids))
        return found


@cache
def default_finder() -> MentionFinder:
    """The finder over the bundled gazetteer, built on first use."""
    return MentionFinder(alias_index())


def find_mentions(text: str) -> list[PlaceMention]:
    """Every gazetteer name in ``text`` (see ``MentionFinder.find``)."""
    return default_finder().find(text)
