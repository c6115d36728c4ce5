"""Turn the many press spellings of an Afghan place name into one comparison key.

The press writes the same place as Qala-i-Naw, Qala-e-Naw, Qala-e Naw, Qal'ah-ye Naw or
QALA-I-NAW. All of these must compare equal, so a key drops case, diacritics, apostrophes
and the Persian izafe connectors (-e-, -i-, -ye-), and folds a few vowel spellings that
transliterations disagree on. Names and article text go through the same folding, which is
what lets the mention finder match on keys while still reporting offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Izafe connectors and the Arabic article, written as separate tokens once hyphens split.
CONNECTORS = frozenset({"e", "i", "ye", "yi", "y", "al", "ul", "ol"})

# Apostrophe-like marks used for hamza and 'ayn (Qal'ah, Qal‘ah, Qalʿah); removed outright.
_APOSTROPHES = "'’‘ʼʻʿʾ`´"
_APOSTROPHE_TABLE = str.maketrans("", "", _APOSTROPHES)

# A word: letters, optionally joined by apostrophes (Qal'ah stays one token).
TOKEN_RE = re.compile(r"[^\W\d_]+(?:[" + _APOSTROPHES + r"][^\W\d_]+)*")

_VOWEL_FOLDS = (("oo", "u"), ("ou", "u"), ("ee", "i"))
_DOUBLE_RE = re.compile(r"(.)\1+")


class Token(NamedTuple):
    """One word of a text with its offsets in the original string and its folded key."""

    start: int
    end: int
    text: str
    key: str


def strip_accents(text: str) -> str:
    """Herāt -> Herat; keeps letters from non-Latin scripts as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def fold_token(word: str) -> str:
    """Fold one word: no case, accents or apostrophes; trailing -ah to -a; doubled letters once."""
    w = strip_accents(word).casefold().translate(_APOSTROPHE_TABLE)
    for a, b in _VOWEL_FOLDS:
        w = w.replace(a, b)
    if len(w) > 3 and w.endswith("ah"):
        w = w[:-1]
    return _DOUBLE_RE.sub(r"\1", w)


@lru_cache(maxsize=65536)
def word_key(word: str) -> tuple[str, int]:
    """The folded key of one word and how many trailing characters it leaves out.

    A possessive ending is cut off ("Baghlan's" -> "Baghlan", 2) so that possessive forms
    still match the place name.
    """
    # A word folds to one key without spaces ("´¹" folds to " 1"): the name finder counts
    # words by the spaces between keys.
    if len(word) > 2 and word[-1] in "sS" and word[-2] in _APOSTROPHES:
        return fold_token(word[:-2]).replace(" ", ""), 2
    return fold_token(word).replace(" ", ""), 0


def tokenize(text: str) -> list[Token]:
    """Every word of ``text`` with offsets; connectors are kept here and dropped by callers."""
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        key, cut = word_key(word)
        tokens.append(tuple.__new__(Token, (m.start(), m.end() - cut, word[:len(word) - cut],
                                            key)))
    return tokens


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of a place name: folded words without connectors, space-joined.

    >>> name_key("Qal'ah-ye Naw") == name_key("Qala-i-Naw") == name_key("QALA E NAW")
    True
    """
    words = [t.key for t in tokenize(name)]
    kept = [w for w in words if w not in CONNECTORS]
    # A name made only of connector-like words ("Ye") keeps them rather than vanishing.
    return " ".join(kept or words)
