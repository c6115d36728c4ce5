"""Sentence and clause spans: offsets into the original text, abbreviations kept whole."""

import pytest

from control_changes.sentences import MAX_SENTENCE_CHARS, split_clauses, split_sentences


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


def test_clauses_split_before_a_bare_word_in_any_case_and_again_after_a_comma_before_it():
    sentence = "Herat fell HOURS AFTER Kandahar, hours after Ghazni had, before being retaken"
    pieces = [sentence[a:b] for a, b in split_clauses(sentence)]
    assert pieces == ["Herat fell ", "HOURS AFTER Kandahar", ", ", "hours after Ghazni had",
                      ", ", "before being retaken"]


def test_text_without_full_stops_is_cut_into_bounded_pieces_at_commas_regression():
    # One 500 KB "sentence" made every change found in it carry the whole text as evidence
    # (660 MB stored) and every lookup in it scan the whole text.
    clause = "the Taliban said they had taken the district of Khan Abad in Kunduz"
    text = ", ".join([clause] * 200) + "."
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in spans)
    assert all(text[b - 1] in ",." for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).startswith(clause)
    assert sum(b - a for a, b in spans) == len(text) - (len(spans) - 1)


def test_a_long_word_run_without_spaces_is_still_cut():
    text = "x" * 2500
    assert split_sentences(text) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_long_run_of_full_stops_is_one_sentence_end_regression():
    # The end pattern used to backtrack into a run of stops at every position (16 KB of
    # dots took 3 s); the run is now taken whole, as one sentence end.
    text = "Kunduz fell" + "." * 20000 + " Herat held."
    spans = split_sentences(text)
    assert text[spans[0][0]:].startswith("Kunduz")
    assert text[spans[-1][0]:spans[-1][1]] == "Herat held."
    assert set(text[spans[-2][0]:spans[-2][1]]) == {"."}


def test_many_abbreviations_in_one_sentence_are_checked_in_place_regression():
    # Every "Gen." searched a copy of the sentence so far: 64 KB of them took 4.5 s, and
    # 200 KB would take about a minute. Now each check looks at the last few characters.
    text = "Gen. Ahmadi and " * 12500 + "Gen. Sadat held Lashkar Gah."
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in spans)
    assert text[spans[-1][0]:spans[-1][1]].endswith("Gen. Sadat held Lashkar Gah.")
    # Pieces come from the length limit, not from a stop after every "Gen.".
    assert len(spans) <= len(text) // 500
