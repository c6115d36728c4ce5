"""The places a sentence names (control_changes/sentence_places)."""

from __future__ import annotations

from control_changes.sentence_places import in_compound, is_dateline, repair_text
from gazetteer.mentions import find_mentions


def test_repaired_text_keeps_every_offset():
    text = "Afghanistan\ufffds capital \ufffd Kabul \ufffdfell\ufffd"
    fixed = repair_text(text)
    assert len(fixed) == len(text)
    assert fixed == "Afghanistan’s capital — Kabul \"fell\""


def test_a_capitalised_name_before_a_dash_at_a_line_start_is_a_dateline():
    text = "Intro.\nKUNDUZ, Aug 8, 2021 (Reuters) - Fighting went on in Kunduz."
    first, second = find_mentions(text)
    assert is_dateline(text, first) and not is_dateline(text, second)


def test_a_name_hyphenated_to_another_word_is_part_of_it():
    text = "a Kabul-based group near Herat"
    kabul, herat = find_mentions(text)
    assert in_compound(text, kabul) and not in_compound(text, herat)
