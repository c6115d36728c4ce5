"""Constructions of real press the extractor must read, one test each.

Every sentence is written for this file, in the shape reporters of 2021 used. Publication
date: Monday 9 August 2021 unless a test says otherwise, so "Sunday" is 2021-08-08.
"""

from __future__ import annotations

from datetime import date

from control_changes.articles import Article
from control_changes.extract import extract

PUBLISHED = date(2021, 8, 9)


def rows(text: str, published: date | None = PUBLISHED) -> list[tuple]:
    """(place_id, controller, status, scope, date, precision) of every mention."""
    out = []
    for m in extract(Article(text=text, published=published)):
        assert text[m.start:m.end] == m.evidence
        out.append((m.place_id, m.new_controller, m.status, m.scope,
                    m.event_date.isoformat() if m.event_date else None, m.date_precision))
    return out


def places(text: str, scope: str = "place", published: date | None = PUBLISHED) -> set[str]:
    return {r[0] for r in rows(text, published) if r[3] == scope and r[1] == "taliban"}


# -- later references are background, not new events -----------------------------------

def test_the_fall_of_a_place_without_a_date_is_background():
    got = rows("Since the fall of Herat to the insurgents, aid has stopped.")
    assert [(r[0], r[3]) for r in got] == [("capital:herat", "background")]


def test_a_subordinate_clause_without_its_own_date_is_background():
    assert places("Flights resumed weeks after the Taliban took Kandahar.",
                  "background") == {"capital:kandahar"}
    assert places("Prices rose in Kandahar since the militants seized Spin Boldak.",
                  "background") == {"district:kandahar:spin-boldak"}


def test_a_possessive_takeover_is_background():
    assert places("Lashkar Gah's rapid takeover stunned diplomats.",
                  "background") == {"capital:lashkar-gah"}


def test_a_past_progressive_in_a_look_back_is_background():
    got = rows("By the time our convoy reached Ghazni, the militants were already storming "
               "the city.")
    assert ("capital:ghazni", "taliban") in {(r[0], r[1]) for r in got}
    assert all(r[3] == "background" for r in got if r[0] == "capital:ghazni")


def test_a_subordinate_clause_with_its_own_date_is_an_event():
    got = rows("Hours after the Taliban captured Aybak on Monday, residents fled.")
    assert ("capital:aybak", "taliban", "place", "2021-08-09") in {
        (r[0], r[1], r[3], r[4]) for r in got}


def test_a_named_month_dates_a_when_clause_with_month_precision():
    got = rows("In June, when the militants overran Chahar Dara district, the bazaar shut for "
               "a week.", date(2021, 7, 6))
    assert ("district:kunduz:chahar-dara", "place", "2021-06-01", "month") in {
        (r[0], r[3], r[4], r[5]) for r in got}


def test_a_claim_of_a_capture_stays_news():
    assert places("Taliban claim capture of Gardez") == {"capital:gardez"}


def test_a_feared_fall_is_nothing():
    assert rows("Fearful of Ghazni's fall, officials evacuated the governor.") == []
    assert rows("Commandos were flown in to prevent the fall of Lashkar Gah.") == []


# -- non-changes --------------------------------------------------------------------------

def test_a_dateline_is_not_the_subject_of_a_change():
    text = "Taliban Close In\n\nHERAT, Afghanistan — Afghan forces collapsed in two districts."
    assert [r for r in rows(text) if r[0] == "capital:herat"] == []


def test_a_government_formed_in_the_sentence_is_not_the_captor():
    got = rows("Its leaders began naming an interim government days after seizing Kabul.")
    assert {r[1] for r in got if r[0] == "capital:kabul"} == {"taliban"}


def test_photographs_taken_in_a_place_are_not_a_capture():
    assert rows("Residents shared footage taken in Jurm on Sunday.") == []


# -- constructions that report a capture --------------------------------------------------

def test_a_plural_object_with_including_names_the_places():
    assert places("Militants took two more provincial capitals on Sunday, including the "
                  "border town of Zaranj, a governor said.") == {"capital:zaranj"}


def test_a_plural_object_with_a_dash_list_names_every_place():
    text = ("Insurgents captured three towns yesterday — the market town of Sheberghan, "
            "Aybak and Maimana, all near Uzbekistan — before dusk.")
    got = rows(text)
    assert {r[0] for r in got if r[3] == "place"} == {
        "capital:sheberghan", "capital:aybak", "capital:maymana"}
    assert {r[4] for r in got} == {"2021-08-08"}


def test_districts_in_provinces_including_a_name_do_not_take_a_city():
    assert "capital:kunduz" not in places(
        "The militants have seized districts in five provinces, including Kunduz.")


def test_an_infinitive_after_an_ordinal_capital_reports_the_capture():
    text = ("Qalat, beside the main highway, was the second provincial capital to be taken "
            "by the militants.")
    assert places(text) == {"capital:qalat"}


def test_a_long_description_before_the_place_is_bound():
    assert places("Rebels won a big victory early Sunday, overrunning the vital western "
                  "trading hub of Herat.") == {"capital:herat"}


def test_collapsed_with_the_city_as_subject_is_a_capture():
    assert places("Taloqan, in Takhar province, collapsed on Saturday after a week of "
                  "shelling.") == {"capital:taloqan"}


def test_a_weak_verb_needs_the_insurgents_as_its_subject():
    assert places("A police chief said militants had swarmed Aybak and Sheberghan in the "
                  "north, and Farah in the west.") == {
        "capital:aybak", "capital:sheberghan", "capital:farah"}
    assert places("Heavy rain flooded Faizabad on Sunday.") == set()


def test_a_headline_without_a_name_takes_the_place_of_the_next_line():
    text = ("Insurgents Seize a Third Afghan Town in a Week\n\n"
            "Aybak, a town of 100,000 on the main highway, is run by the militants now.")
    assert places(text) == {"capital:aybak"}


def test_a_headline_with_a_count_takes_that_many_places():
    text = ("Insurgents Overrun 2 More Provincial Capitals\n\n"
            "Officials named Farah and Faizabad; Kabul was calm.")
    assert places(text) == {"capital:farah", "capital:faizabad"}


def test_entering_a_city_is_contested():
    got = rows("Militant units penetrated Lashkar Gah on Friday after a night of shelling.")
    assert ("capital:lashkar-gah", "contested") in {(r[0], r[2]) for r in got}
    got = rows("The Taliban entered Ghazni on Sunday as street battles went on.")
    assert ("capital:ghazni", "contested") in {(r[0], r[2]) for r in got}


def test_a_claimed_valley_is_a_claimed_province():
    text = ("A Taliban spokesman said on Tuesday that the group had seized the Panjshir "
            "Valley after a week of assaults.")
    assert ("province:panjshir", "claimed", "place") in {(r[0], r[2], r[3]) for r in rows(
        text, date(2021, 9, 7))}


def test_a_province_named_as_a_setting_does_not_change_hands():
    assert "province:helmand" not in places("The Taliban captured Nad Ali in Helmand.")


def test_damaged_characters_read_as_dash_and_apostrophe():
    text = ("Militants took two towns yesterday \ufffd Aybak and Maimana \ufffd a "
            "governor\ufffds aide said.")
    assert places(text) == {"capital:aybak", "capital:maymana"}


# -- found in long wire stories -------------------------------------------------------------

def test_a_province_in_an_apposition_does_not_fall_with_its_capital():
    got = places("Maimana, the capital of Faryab province, fell late Sunday.")
    assert got == {"capital:maymana"}


def test_pushing_the_taliban_back_from_the_edge_is_no_change():
    assert rows("Government troops pushed the Taliban back from the city's edge in "
                "Kandahar on Sunday.") == []


def test_a_day_earlier_counts_back_from_the_story_day():
    text = ("Faizabad fell to the Taliban on Wednesday, a lawmaker said. Farah was taken a "
            "day earlier.")
    got = {r[0]: r[4] for r in rows(text, date(2021, 8, 12))}
    assert got == {"capital:faizabad": "2021-08-11", "capital:farah": "2021-08-10"}


def test_a_date_in_an_aside_does_not_become_the_story_day():
    text = ("Soldiers fled into Tajikistan after the Taliban seized Sher Khan Bandar on "
            "June 22. A Taliban spokesman said the group had taken control of Khan Abad.")
    got = {r[0]: (r[4], r[2]) for r in rows(text, date(2021, 7, 10))}
    assert got["crossing:sher-khan-bandar"] == ("2021-06-22", "reported")
    assert got["district:kunduz:khanabad"] == ("2021-07-10", "claimed")


def test_a_name_joined_by_a_hyphen_to_another_word_is_not_that_place():
    assert rows("A Kabul-based analyst said the Kabul-Kandahar highway was seized.") == []
    assert rows("Security forces recaptured the Dand-e-Ghori district of Baghlan.") == []


def test_a_place_lost_goes_to_the_other_side():
    assert ("crossing:islam-qala", "confirmed") in {(r[0], r[2]) for r in rows(
        "Afghan officials acknowledged that the Islam Qala crossing had been lost.")}
    assert places("Government forces lost control of Ghormach district on Sunday.") == {
        "district:faryab:ghormach"}


def test_the_main_clause_date_does_not_date_an_after_clause():
    text = ("A spokesman said on Tuesday the movement had taken total control of Badghis "
            "province, a month after its fighters streamed into Herat.")
    got = {(r[0], r[3]) for r in rows(text, date(2021, 9, 7))}
    assert ("province:badghis", "place") in got
    assert ("capital:herat", "background") in got


def test_an_as_clause_shares_the_main_clause_date():
    got = rows("Markets closed in Kabul early Sunday as the militants entered Ghazni.",
               date(2021, 8, 15))
    assert [(r[0], r[2], r[3], r[4]) for r in got] == [
        ("capital:ghazni", "contested", "place", "2021-08-15")]


def test_what_foreign_troops_take_or_control_is_no_change():
    assert rows("U.S. troops control the airport in Kabul, where thousands wait.") == []
    assert rows("American forces took over Kabul airport on Monday.") == []


def test_a_capture_with_the_headquarters_still_held_is_contested():
    got = rows("The Taliban captured the centre of Yamgan district, but security forces were "
               "still holding the district headquarters.")
    assert [(r[0], r[2]) for r in got] == [("district:badakhshan:yamgan", "contested")]


def test_the_insurgents_in_control_of_a_city_hold_it():
    assert places("The Taliban are in control of Herat, residents said on Friday.") == {
        "capital:herat"}
    assert rows("If the Taliban were in control of Herat, trade would stop.") == []


def test_the_centre_of_a_district_falling_is_the_district_falling():
    assert places("The center of Shortepa district fell to the Taliban on Monday night.") == {
        "district:balkh:shortepa"}


def test_a_title_never_gives_its_capture_to_a_place_named_as_a_setting():
    text = ("Taliban Capture Key City in the North\n\n"
            "Officials in Kabul said the insurgents had overrun the city of Aybak.")
    assert places(text) == {"capital:aybak"}


def test_districts_of_a_province_listed_after_a_colon_are_each_taken():
    got = places("Sources said the Taliban have taken control of three districts in Kunduz: "
                 "Imam Sahib, Dasht-e Archi and Khan Abad.")
    assert got == {"district:kunduz:imam-sahib", "district:kunduz:dasht-e-archi",
                   "district:kunduz:khanabad"}


def test_checkpoints_overrun_around_a_town_are_not_the_town():
    assert rows("In Helmand, the militants overran checkpoints around Lashkar Gah, and "
                "fighting reached the city on Thursday.") == []


def test_a_passive_recapture_by_the_insurgents_is_theirs():
    assert places("Kahmard was recaptured by the Taliban on Monday.") == {
        "district:bamyan:kahmard"}


def test_the_side_that_lost_a_place_hands_it_to_the_other():
    got = {(r[0], r[1]) for r in rows("The Taliban lost Kahmard on Monday.")}
    assert got == {("district:bamyan:kahmard", "government")}
    assert rows("The Taliban lost 30 fighters in Kahmard on Monday.") == []


def test_a_place_falling_back_into_government_hands_is_retaken():
    got = {(r[0], r[1]) for r in rows("Kahmard fell back into government hands on Monday.")}
    assert got == {("district:bamyan:kahmard", "government")}


def test_rejecting_reports_of_a_fall_is_a_denial():
    got = rows('"We have not lost Herat," the governor said, rejecting reports that the city '
               "had fallen.")
    assert [(r[0], r[2]) for r in got] == [("capital:herat", "denied")]


def test_the_insurgents_claiming_a_city_is_a_claimed_capture():
    got = rows("The Taliban claimed Taloqan on Sunday, officials in Kabul said.")
    assert [(r[0], r[2], r[4]) for r in got] == [("capital:taloqan", "claimed", "2021-08-08")]
    assert rows("The Taliban claimed responsibility for the attack in Kunduz.") == []


def test_more_ways_of_saying_a_town_changed_hands():
    for text in ("Aybak came under Taliban control on Monday.",
                 "Aybak is now controlled by the Taliban.",
                 "Aybak was handed to the Taliban without a fight on Monday.",
                 "Aybak became the latest provincial capital to fall on Monday.",
                 "Taliban fighters walked into Aybak unopposed on Monday."):
        assert places(text) == {"capital:aybak"}, text
    assert rows("Aybak is expected to fall on Monday.") == []


def test_an_absolute_with_clause_is_background():
    got = rows("Flights were halted, with the insurgents taking control of Mazar-i-Sharif "
               "sooner than diplomats had feared.", date(2021, 8, 17))
    assert [(r[0], r[3]) for r in got] == [("capital:mazar-i-sharif", "background")]


def test_crossings_spelled_as_the_press_of_2021_spelled_them():
    assert places("Taliban militants on Wednesday seized the strategic Wesh-Chaman border "
                  "crossing.") == {"crossing:spin-boldak-chaman"}
    assert places("The Taliban seized Tor Ghundi, a border crossing with Turkmenistan.") == {
        "crossing:torghundi"}
