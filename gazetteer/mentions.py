"""Find every gazetteer name in a text, with character offsets, in one pass.

One Aho-Corasick automaton holds every alias key; the text is folded token by token with the
same rules as the names (see ``normalize``), joined with single spaces, and scanned once.
Matches are kept leftmost-longest, so "Spin Boldak" wins over "Spin" and "Qala-i-Naw" over
"Naw". A match must start with a capital letter in the original text: place names are
proper nouns, and the rule keeps ordinary words that happen to spell a district ("now",
"bar", "kot") from becoming places.
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate, islice
from typing import NamedTuple

import ahocorasick

from gazetteer.index import alias_index
from gazetteer.normalize import CONNECTORS, TOKEN_RE, word_key


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
        # Words and their keys without a Python step per word (findall and a cached map);
        # offsets are looked up afterwards for the few words that begin or end a match.
        words = TOKEN_RE.findall(text)
        keyed = list(map(word_key, words))
        kept = [i for i, (key, _) in enumerate(keyed) if key not in CONNECTORS]
        if not kept:
            return []
        keys = [keyed[i][0] for i in kept]
        # Stream position of each kept word: " key1 key2 ... " starts key1 at 1.
        positions = accumulate((len(k) + 1 for k in keys), initial=1)
        starts = dict(zip(positions, range(len(keys)), strict=False))
        stream = " " + " ".join(keys) + " "

        spans: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end, (key, ids) in self._automaton.iter(stream):
            first = starts[end - len(key)]
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
        offsets = _word_offsets(text, sorted({i for c in chosen for i in c[:2]}))
        found = []
        for first, last, key, ids in chosen:
            start, stop = offsets[first][0], offsets[last][1] - keyed[last][1]
            found.append(PlaceMention(start, stop, text[start:stop], key, ids))
        return found


def _word_offsets(text: str, wanted: list[int]) -> dict[int, tuple[int, int]]:
    """(start, end) of the ``wanted`` words of ``text`` (indexes in TOKEN_RE order, sorted)."""
    words = TOKEN_RE.finditer(text)
    out: dict[int, tuple[int, int]] = {}
    done = 0
    for i in wanted:
        m = next(islice(words, i - done, None))  # skips the words in between without Python
        out[i] = m.span()
        done = i + 1
    return out


@cache
def default_finder() -> MentionFinder:
    """The finder over the bundled gazetteer, built on first use."""
    return MentionFinder(alias_index())


def find_mentions(text: str) -> list[PlaceMention]:
    """Every gazetteer name in ``text`` (see ``MentionFinder.find``)."""
    return default_finder().find(text)
