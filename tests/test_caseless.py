"""Caseless patterns: the same matches as IGNORECASE, at true offsets of the original text."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from control_changes.caseless import Caseless, required_literals

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


def test_required_literals_reads_the_pieces_every_match_must_hold():
    assert required_literals(r"\b(?:den(?:y|ied)|reject(?:ed|s)?)\b") == {"den", "reject"}
    # A sequence needs what its most selective part needs; optional parts need nothing.
    assert required_literals(r"(?:the\s+)?fall\s+of") == {"fall"}
    assert required_literals(r"(?:abc)?x") == {"x"}


@pytest.mark.parametrize("pattern", [r"\w+", r"a|\w", r"(?:a|)", r"x?", r"(?i:abc)", r"(?i)abc"])
def test_required_literals_gives_none_when_a_match_can_do_without_literal_text(pattern):
    assert required_literals(pattern) is None


def test_words_first_refuses_a_pattern_with_no_literal_common_to_every_match():
    with pytest.raises(ValueError, match="no literal text"):
        Caseless(r"\b\w+\b|\bx", words_first=True)


@pytest.mark.parametrize("text", [
    "Officials DENIED that Kunduz had fallen.",
    "nothing to see here",
    "They rejected it; the Taliban denied it too.",
    "İstanbul officials denied it.",  # lower-casing changes the length: the full pattern runs
    "",
])
def test_words_first_finds_exactly_what_the_full_scan_finds(text):
    pattern = r"\b(?:den(?:y|ied|ies)|reject(?:ed|s)?)\b"
    first, full = Caseless(pattern, words_first=True), Caseless(pattern)
    assert first.needles == ("den", "reject")
    assert [m.span() for m in first.finditer(text)] == [m.span() for m in full.finditer(text)]
    assert (first.search(text) is None) == (full.search(text) is None)
    assert (first.match(text) is None) == (full.match(text) is None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["den", "denied", "ied", "reject", "ed", "s", " ", "D", "İ",
                                 "x", "\n"]), max_size=12))
def test_words_first_never_changes_a_match_on_any_mix_of_pieces(pieces):
    text = "".join(pieces)
    pattern = r"\b(?:den(?:y|ied|ies)|reject(?:ed|s)?)\b"
    first, full = Caseless(pattern, words_first=True), Caseless(pattern)
    assert [m.span() for m in first.finditer(text)] == [m.span() for m in full.finditer(text)]
