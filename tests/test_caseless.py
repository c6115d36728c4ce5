"""Caseless patterns: the same matches as IGNORECASE, at true offsets of the original text."""

import re

import pytest

from control_changes.caseless import Caseless

PATTERN = r"\b(?P<verb>seized|fell\s+to)\s+(?:the\s+)?(?P<who>taliban)\b"


@pytest.mark.parametrize("text", [
    "Kunduz FELL TO the Taliban on Sunday.",
    "The Taliban Seized Herat; Ghazni fell to the taliban.",
    # Lower-casing İ gives two characters: offsets must still point into this text.
    "İstanbul reported that Herat fell to the Taliban.",
    "nothing here",
])
def test_caseless_finds_what_ignorecase_finds_at_the_same_offsets(text):
    expected = [(m.start(), m.end(), m.group("verb").lower())
                for m in re.finditer(PATTERN, text, re.IGNORECASE)]
    found = [(m.start(), m.end(), m.group("verb").lower())
             for m in Caseless(PATTERN).finditer(text)]
    assert found == expected
    for start, end, _ in found:
        assert text[start:end].lower().startswith(("seized", "fell"))


def test_caseless_search_and_match_honour_positions():
    rx = Caseless(r"taliban")
    text = "TALIBAN fighters and Taliban officials"
    assert rx.match(text).start() == 0
    assert rx.search(text, 1).start() == text.index("Taliban")
    assert rx.search(text, 1, 20) is None


def test_caseless_refuses_a_pattern_with_capitals_outside_escapes():
    with pytest.raises(ValueError, match="lower case"):
        Caseless(r"[A-Z]\w+ district")
    # Escapes and group names may hold capitals.
    Caseless(r"(?P<Name>\S+)\s+\B")
