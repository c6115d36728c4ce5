"""Sentence and clause spans: offsets into the original text, abbreviations kept whole."""

import pytest

from control_changes.sentences import split_clauses, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentences_are_spans_of_the_original_text_without_surrounding_space():
    text = "  Kunduz fell on Sunday.   Officials confirmed it!  Was Herat next? "
    assert sentences(text) == ["Kunduz fell on Sunday.", "Officials confirmed it!",
                               "Was Herat next?"]


@pytest.mark.parametrize("text", [
    "Gen. Sami Sadat said the army held Lashkar Gah.",
    "The U.S. embassy in Kabul urged citizens to leave.",
    "Mr. Mujahid said the city fell on Aug. 12 after a siege.",
    "Commander A. Rahman told reporters the crossing was open.",
    "Fighting reached the city, approx. two miles from the airport.",
])
def test_abbreviations_and_initials_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_abbreviation_only_counts_at_the_end_of_the_candidate_sentence():
    # "Col." far back in the sentence must not stop the full stop after "district" ending it.
    text = "Col. Ahmadi said the Taliban took the district. Officials denied it."
    assert sentences(text) == ["Col. Ahmadi said the Taliban took the district.",
                               "Officials denied it."]


def test_a_line_break_always_ends_a_sentence():
    text = "Herat falls\nThe Taliban entered the city on Thursday"
    assert sentences(text) == ["Herat falls", "The Taliban entered the city on Thursday"]


def test_closing_quotes_stay_with_their_sentence():
    text = "“The city has fallen.” The governor fled."
    assert sentences(text) == ["“The city has fallen.”", "The governor fled."]


def test_clauses_split_at_relative_and_reporting_words_and_cover_the_sentence():
    sentence = ("The Taliban seized Kunduz, which had been besieged for weeks, "
                "before being pushed back by special forces")
    spans = split_clauses(sentence)
    assert spans[0][0] == 0 and spans[-1][1] == len(sentence)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    pieces = [sentence[a:b].strip(" ,") for a, b in spans if sentence[a:b].strip(" ,")]
    assert pieces == ["The Taliban seized Kunduz", "which had been besieged for weeks",
                      "before being pushed back by special forces"]
