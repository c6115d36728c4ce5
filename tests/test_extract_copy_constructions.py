"""More constructions of 2021 copy, one test each, found by reading whole stories of our own
(tests/fixtures/stories): lists, tallies, crossings, the side that takes a place, hedged
reports, facilities, titles and the days reports give.

Every sentence is written for this file. Publication date: Monday 9 August 2021 unless a
test says otherwise (the helpers are those of test_extract_constructions.py).
"""

from __future__ import annotations

from datetime import date

from test_extract_constructions import places, rows

# -- lists, tallies and the other side ----------------------------------------------------

def test_a_second_place_with_its_own_descriptor_is_taken_too():
    """Regression: "X and the southern city of Y" bound X alone."""
    assert places("Insurgents captured the western city of Qala-i-Naw and the southern city "
                  "of Lashkar Gah on Thursday.") == {"capital:qala-i-naw", "capital:lashkar-gah"}
    assert places("The militants overran Aybak and the strategic northern town of Kunduz.") == {
        "capital:aybak", "capital:kunduz"}


def test_a_place_named_as_an_example_of_a_tally_since_may_is_background():
    """Regression: "since May ... have seized dozens of districts, including X" made X an
    event on the publication day."""
    text = ("Since the start of May, the insurgents have overrun scores of districts and "
            "several border posts, including Spin Boldak on the Pakistani frontier.")
    assert places(text) == set()
    assert places(text, "background") == {"district:kandahar:spin-boldak"}
    assert places("In recent weeks the militants have seized dozens of districts, such as "
                  "Spin Boldak.") == set()
    # A dated list of the day's captures stays news.
    assert places("The Taliban captured three capitals on Sunday, including Kunduz and "
                  "Taloqan.") == {"capital:kunduz", "capital:taloqan"}
    # So does a tally without examples: the count says nothing of any one place.
    assert places("The militants took Ghazni on Thursday, their tenth capital in a week.") == {
        "capital:ghazni"}


def test_anti_taliban_forces_retaking_a_district_hand_it_back():
    """Regression: "Anti-Taliban forces recaptured X" read "Taliban" as the actor."""
    got = {(r[0], r[1]) for r in rows("Anti-Taliban fighters recaptured Deh Salah and "
                                      "Pul-e-Hesar districts on Friday, a commander said.")
           if r[3] == "place"}
    assert got == {("district:baghlan:deh-salah", "government"),
                   ("district:baghlan:pul-i-hisar", "government")}
    assert {(r[0], r[1]) for r in rows("Resistance forces said they had retaken Banu, the "
                                       "centre of Andarab district.") if r[3] == "place"} == {
        ("district:baghlan:andarab", "government")}
    # The Taliban taking the same district is still theirs.
    assert places("Taliban fighters captured Deh Salah district on Sunday.") == {
        "district:baghlan:deh-salah"}


def test_a_crossing_between_two_countries_at_a_place_is_that_place():
    """Regression: the countries named between the verb and "at X" kept X unbound."""
    assert places("The militants said they had seized the main border crossing between "
                  "Afghanistan and Iran at Islam Qala.") == {"crossing:islam-qala"}
    assert places("Fighters took the crossing on the Turkmen border at Torghundi.") == {
        "crossing:torghundi"}
    # An outpost in a town is not the town.
    assert places("The Taliban captured a police post in Kandahar.") == set()


def test_a_hedged_report_of_a_fall_is_still_a_report():
    """Regression: "appeared to have fallen" and "was reportedly in Taliban hands" were
    dropped as if they were plans or forecasts."""
    assert places("Kunduz appeared to have fallen to the insurgents on Sunday, according to "
                  "unconfirmed reports.") == {"capital:kunduz"}
    assert places("By Saturday evening Sheberghan was reportedly in Taliban hands.") == {
        "capital:sheberghan"}
    # A forecast stays a forecast.
    assert places("Kunduz appeared likely to fall within days.") == set()
    assert places("Kunduz seemed about to fall.") == set()


def test_the_day_a_report_was_made_does_not_date_the_next_sentence():
    """Regression: "fell on Monday night, officials said on Tuesday" carried Tuesday to the
    districts of the next sentence."""
    got = rows("Two districts in Badakhshan province fell to the Taliban on Monday night, "
               "officials said on Tuesday. Yawan and Raghistan districts were abandoned by "
               "the army and fell after hours of clashes.", published=date(2021, 6, 29))
    days = {r[0]: r[4] for r in got if r[3] == "place"}
    assert days == {"district:badakhshan:yawan": "2021-06-28",
                    "district:badakhshan:raghistan": "2021-06-28"}


def test_a_facility_named_after_a_town_is_not_the_town():
    """Regression: "retook Kunduz airport" handed the city of Kunduz to the government."""
    assert rows("Afghan forces retook Kunduz airport on Monday.") == []
    assert rows("Kunduz airport fell to the insurgents overnight.") == []
    assert places("The militants stormed Sheberghan prison and freed hundreds of inmates.") \
        == set()
    # A facility the gazetteer holds is the place itself.
    assert places("The insurgents took Kandahar airport on Sunday.") == {
        "site:kandahar-airfield"}


def test_fighting_that_rages_in_a_town_contests_it():
    got = rows("Fighting rages in Kunduz as the insurgents push into the city.")
    assert ("capital:kunduz", "taliban", "contested") in {(r[0], r[1], r[2]) for r in got}


def test_a_place_noun_followed_by_its_name_is_that_place_not_an_earlier_one():
    """Regression: "captured the provincial capital, Bazarak" also took "the provincial
    capital" for the capital named a sentence before (Kabul)."""
    text = ("Weeks after the militants swept into Kabul, the fighting moved north. A spokesman "
            "said fighters had captured the provincial capital, Bazarak, on Monday.")
    got = {(r[0], r[3]) for r in rows(text, published=date(2021, 9, 6))}
    assert ("capital:bazarak", "place") in got
    assert ("capital:kabul", "place") not in got


def test_a_list_goes_on_past_the_province_of_its_first_place():
    """Regression: "the Doshi district of Baghlan and the nearby Khinjan district" stopped
    at Baghlan."""
    assert places("The militants captured the Doshi district of Baghlan and the nearby "
                  "Khinjan district.") == {"district:baghlan:doshi", "district:baghlan:khinjan"}
    assert places("Insurgents took Doshi district in Baghlan province, and Khinjan.") == {
        "district:baghlan:doshi", "district:baghlan:khinjan"}


def test_the_takers_possessive_is_not_the_place_taken():
    """Regression: "the Taliban's capture of Kunduz on Sunday" was read as the Taliban's own
    fall, and Kunduz was lost."""
    assert places("The insurgents' capture of Kunduz on Sunday was their biggest prize yet.") \
        == {"capital:kunduz"}
    assert places("Lashkar Gah's rapid takeover stunned diplomats.", "background") == {
        "capital:lashkar-gah"}


def test_a_taliban_flag_raised_over_a_place_and_a_place_they_now_hold():
    assert places("The Taliban's white flag was raised over the governor's office in Farah "
                  "on Tuesday.") == {"capital:farah"}
    assert places("The militants now hold Sheberghan and most of the province.") == {
        "capital:sheberghan"}
    assert places("Kunduz is now held by the insurgents.") == {"capital:kunduz"}
    assert places("Fighters raised their flag at Islam Qala on Sunday.") == {
        "crossing:islam-qala"}
    # Holding is news only of the insurgents; the government holding a city is no change.
    assert rows("The government now holds only Kabul and a few other cities.") == []
    assert rows("The Afghan flag was raised again over Kahmard.") == []


def test_the_crossing_after_a_crossing_town_is_that_town():
    """Regression: "the crossing" after Spin Boldak meant Islam Qala, the crossing named
    before it, and made a false capture there."""
    text = ("The militants said they had seized the border crossing at Spin Boldak, a day "
            "after taking the Islam Qala post. Officials in Spin Boldak denied it, but "
            "traders said the insurgents' flag was flying over the crossing.")
    got = {(r[0], r[3]) for r in rows(text, published=date(2021, 7, 14))}
    assert ("district:kandahar:spin-boldak", "place") in got
    assert ("crossing:islam-qala", "place") not in got


def test_a_list_runs_on_past_an_apposition():
    """Regression: "X, the largest city in the north, as well as Y" and "X, the capital of
    Kunduz province, and Y" bound X alone."""
    assert places("On Saturday they had taken Mazar-i-Sharif, the largest city in the north, "
                  "as well as Pul-e-Alam, the capital of Logar.") == {
        "capital:mazar-i-sharif", "capital:pul-e-alam"}
    assert places("The militants captured Kunduz, the capital of Kunduz province, and "
                  "Taloqan.") == {"capital:kunduz", "capital:taloqan"}
    # A clause that is not a list ends it.
    assert places("The militants captured Kunduz, the provincial capital, and headed for "
                  "Taloqan.") == {"capital:kunduz"}


def test_a_side_driven_out_of_a_place_loses_it():
    """Regression: "Afghan forces were forced out of Taloqan" gave Taloqan to the
    government (read as "forced [the Taliban] out of")."""
    assert {(r[0], r[1]) for r in rows("Afghan forces were forced out of Taloqan after days "
                                       "of fighting.")} == {("capital:taloqan", "taliban")}
    assert {(r[0], r[1]) for r in rows("Government troops were driven out of Kunduz on "
                                       "Sunday.")} == {("capital:kunduz", "taliban")}
    assert {(r[0], r[1]) for r in rows("The insurgents were driven out of Kahmard district "
                                       "by commandos.")} == {("district:bamyan:kahmard",
                                                              "government")}


def test_full_control_said_two_ways():
    assert places("Kunduz is under full Taliban control, residents said.") == {
        "capital:kunduz"}
    assert places("The militants have full control of Kandahar, a resident said.") == {
        "capital:kandahar"}
    # Only of the insurgents: a government holding a city is no change.
    assert rows("Afghan forces have full control of Kandahar, the ministry said.") == []


def test_the_seat_of_power_of_the_town_the_story_is_about():
    """Regression: "the governor's office and police headquarters were handed to the
    Taliban", in a story about Herat, was read as nothing."""
    text = ("Fighting raged for two weeks around Herat. On Thursday afternoon the governor's "
            "office and police headquarters were handed to the militants after elders "
            "negotiated a surrender.")
    assert places(text, published=date(2021, 8, 16)) == {"capital:herat"}
    # A city named long before is not the one meant.
    aside = " Prices of flour and fuel doubled as traders stayed home." * 16
    assert places("Aid workers left Herat in June." + aside + " On Thursday the governor's "
                  "office was handed to the militants.", published=date(2021, 8, 16)) == set()
    # Nor is one named before a district the story has moved to.
    got = rows("The militants neared Herat and entered Guzara district. By evening the "
               "governor's office was handed to the insurgents.", published=date(2021, 8, 16))
    assert ("capital:herat", "taliban") not in {(r[0], r[1]) for r in got}


def test_the_afghan_capital_is_kabul():
    assert places("Fighters took control of the Afghan capital on Sunday.") == {
        "capital:kabul"}
    assert places("The insurgents seized Afghanistan's capital on Sunday.") == {"capital:kabul"}
    got = rows("Taliban enter Afghan capital as president flees\n\nCrowds gathered.")
    assert ("capital:kabul", "taliban", "contested") in {(r[0], r[1], r[2]) for r in got}
    # One of several capitals, a part of Kabul, or Kabul named right after, is not this.
    assert rows("Insurgents seize a third Afghan capital.") == []
    assert rows("Fighters took the Afghan capital's airport.") == []
    assert places("The militants took the Afghan capital, Kabul, on Sunday.") == {
        "capital:kabul"}


def test_taliban_troops_are_the_taliban():
    """Regression: "Taliban troops seized control of X" gave X to the government (the last
    actor word, "troops", was read as the army)."""
    got = rows("When Taliban troops seized control of Ghazni on Thursday, officials fled.")
    assert {(r[0], r[1]) for r in got} == {("capital:ghazni", "taliban")}


def test_a_place_that_slips_out_of_government_control_or_is_surrendered():
    assert places("Kunduz slipped out of government control on Sunday.") == {"capital:kunduz"}
    assert places("Taloqan slipped into Taliban hands overnight.") == {"capital:taloqan"}
    assert places("Aybak was surrendered without a fight, local officials said.") == {
        "capital:aybak"}
    # What is surrendered in a place is not the place.
    assert rows("Weapons were surrendered in Kunduz.") == []


def test_a_title_kicker_names_the_city_its_verb_takes():
    """Regression: "Kunduz: Taliban take key northern city" gave nothing."""
    got = rows("Kunduz: Taliban take key northern city\n\nResidents fled to the hills.")
    assert {(r[0], r[3]) for r in got} == {("capital:kunduz", "place")}
    # The kicker is where, not what, when the verb has a place of its own or is a fear.
    assert places("Kunduz: the militants captured the city of Taloqan.") == {"capital:taloqan"}
    assert rows("Kunduz: residents fear the insurgents will take the city\n\nShops shut.") == []


def test_a_district_of_a_province_that_collapsed_is_the_district():
    """Regression: "The Khwaja Ghar district of Takhar has collapsed" took Takhar for the
    subject, and a province beside a change is only where it happened: nothing was read."""
    assert places("The Khwaja Ghar district of Takhar has collapsed, officials said.") == {
        "district:takhar:khwaja-ghar"}
    assert places("Khwaja Ghar and Darqad districts of Takhar have collapsed.") == {
        "district:takhar:khwaja-ghar", "district:takhar:darqad"}
    assert places("The district of Panjwai fell to the insurgents.") == {
        "district:kandahar:panjwayi"}


def test_places_seen_to_fall():
    assert places("The offensive has seen Kunduz, Taloqan and Sar-e Pul fall in three days.") \
        == {"capital:kunduz", "capital:taloqan", "capital:sar-e-pol"}
    assert places("Diplomats watched Herat fall on Thursday.") == {"capital:herat"}
    # Seen as a forecast, or prices seen to fall, is no change.
    assert rows("Officials expect to see Kunduz fall within days.") == []
    assert rows("Residents of Kunduz saw prices fall sharply.") == []
