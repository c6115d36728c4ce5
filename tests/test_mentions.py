"""Finding every place name in a text, with offsets into the original string."""

from __future__ import annotations

from gazetteer.mentions import MentionFinder, find_mentions
from gazetteer.normalize import name_key


def test_offsets_point_at_the_name_as_written():
    text = "Fighting spread from Qal'ah-ye Naw to Herāt and on to Lashkar Gah."
    found = find_mentions(text)
    assert [text[m.start:m.end] for m in found] == ["Qal'ah-ye Naw", "Herāt", "Lashkar Gah"]
    assert all(m.text == text[m.start:m.end] for m in found)


def test_longest_name_wins_over_a_shorter_one_inside_it():
    found = find_mentions("The Spin Boldak crossing was closed.")
    assert found[0].text.startswith("Spin Boldak")


def test_lowercase_words_that_spell_a_place_are_not_mentions():
    # "now", "bar" and "farah" in lower case are ordinary words, not places.
    assert find_mentions("they are now at the bar in farah style") == []


def test_possessive_still_matches_the_name():
    found = find_mentions("Baghlan's Doshi and Khinjan districts fell.")
    assert [m.text for m in found] == ["Baghlan", "Doshi", "Khinjan"]


def test_foreign_names_are_found_and_marked_as_such():
    found = find_mentions("Delegates flew from Moscow to Doha.")
    assert [m.place_ids for m in found] == [("foreign:moscow",), ("foreign:doha",)]


def test_hyphen_and_connector_spellings_share_one_key():
    assert name_key("Qala-i-Naw") == name_key("Qala-e Naw") == name_key("QALA E NAW")
    assert name_key("Pul-i-Khumri") == name_key("Pul-e Khumri")


def test_custom_index_finder_reports_every_candidate():
    finder = MentionFinder({"nawa": ("district:a:nawa", "district:b:nawa")})
    (m,) = finder.find("They reached Nawa at dawn.")
    assert m.place_ids == ("district:a:nawa", "district:b:nawa")


def test_empty_and_placeless_text_give_nothing():
    assert find_mentions("") == []
    assert find_mentions("12345 !!! ???") == []


def test_mentions_of_a_long_text_are_those_of_its_paragraphs_at_their_offsets():
    # Word positions are counted on from match to match, and back when a longer name
    # starts before the match found last ("Spin Boldak Chaman crossing" after "Chaman"):
    # every paragraph must come out as it does alone.
    paragraphs = [
        "Taliban fighters took Spin Boldak and Kandahar city.",
        "Qala-i-Naw, capital of Badghis, fell; Pul-e Alam and Mazar-i-Sharif held out.",
        "now bar kot: Kunduz's airport, then Baghlan province, Asadabad city and Bagram Air "
        "Base, then Achin district, Chahar Dara, Camp Bastion and the Spin Boldak Chaman crossing.",
    ] * 40
    text = "\n\n".join(paragraphs)
    expected, offset = [], 0
    for paragraph in paragraphs:
        expected += [(m.start + offset, m.end + offset, m.text, m.place_ids)
                     for m in find_mentions(paragraph)]
        offset += len(paragraph) + 2
    assert [(m.start, m.end, m.text, m.place_ids) for m in find_mentions(text)] == expected
    assert len(expected) > 300


def test_a_word_that_folds_to_two_keys_does_not_break_the_word_count():
    # Regression: "´¹" folds to " 1", a key with a space, which shifted every later word.
    (m,) = find_mentions("A´¹ Achin")
    assert m.text == "Achin"
