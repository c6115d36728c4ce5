"""Short sentences, one per phenomenon the extractor must read (or must ignore).

Every sentence is written for this file. Publication date for all of them: Friday 13 August
2021, so "Thursday" is 2021-08-12.
"""

from __future__ import annotations

from datetime import date

import pytest

from control_changes.articles import Article
from control_changes.extract import extract

PUBLISHED = date(2021, 8, 13)


def found(text: str, published: date | None = PUBLISHED) -> list[tuple]:
    """(place_id, controller, status, scope, date) of every mention in ``text``."""
    mentions = extract(Article(text=text, published=published))
    for m in mentions:
        assert text[m.start:m.end] == m.evidence
    return [(m.place_id, m.new_controller, m.status, m.scope,
             m.event_date.isoformat() if m.event_date else None) for m in mentions]


def assert_one(text: str, place_id: str, controller: str = "taliban", status: str | None = None,
               when: str | None = None, scope: str = "place") -> None:
    rows = [r for r in found(text) if r[0] == place_id and r[1] == controller]
    assert rows, f"no mention of {place_id} in: {text!r} (found {found(text)})"
    row = rows[0]
    assert row[1] == controller, row
    assert row[3] == scope, row
    if status:
        assert row[2] == status, row
    if when:
        assert row[4] == when, row


CAPTURES = [
    ("Taliban fighters seized Spin Boldak on Wednesday.", "district:kandahar:spin-boldak"),
    ("The insurgents captured the city of Kunduz on Sunday.", "capital:kunduz"),
    ("Militants overran Shindand district overnight.", "district:herat:shindand"),
    ("The Taliban took control of Zaranj, officials said.", "capital:zaranj"),
    ("The Taleban took over Sheberghan after days of fighting.", "capital:sheberghan"),
    ("Taliban fighters entered Taloqan on Sunday, residents said.", "capital:taloqan"),
    ("Insurgents stormed Pul-e Khumri before dawn.", "capital:pul-e-khumri"),
    ("Sar-e Pul fell to the Taliban on Sunday.", "capital:sar-e-pol"),
    ("Aybak was taken by the militants without a fight.", "capital:aybak"),
    ("Local elders handed over Kajaki district to the Taliban.", "district:helmand:kajaki"),
    ("Security forces in Nimroz surrendered Zaranj to the Taliban.", "capital:zaranj"),
    ("The militants raised their flag over Farah city on Thursday.", "capital:farah"),
    ("Ghazni is now under Taliban control, a lawmaker said.", "capital:ghazni"),
    ("The fall of Mazar-i-Sharif on Saturday shocked the capital.", "capital:mazar-i-sharif"),
    ("Qala-e-Naw was overrun by insurgents.", "capital:qala-i-naw"),
    ("Tarinkot has fallen, an official said.", "capital:tarinkot"),
    ("The Taliban captured Afghanistan's second-largest city, Kandahar.", "capital:kandahar"),
    ("Pul-i-Khumri became the eighth provincial capital to fall to the Taliban.",
     "capital:pul-e-khumri"),
    ("The Taliban took control of the main border crossing with Pakistan at Torkham.",
     "crossing:torkham"),
    ("Government forces abandoned Jalalabad, which the Taliban entered on Sunday.",
     "capital:jalalabad"),
    ("Badakhshan's Ishkashim district fell to the Taliban on Monday.",
     "district:badakhshan:ishkashim"),
    ("Militants have overrun the administrative center of Kamdesh district.",
     "district:nuristan:kamdesh"),
    ("The district of Panjwai fell to the Taliban overnight.", "district:kandahar:panjwayi"),
    ("Fighting raged near the city of Kunduz, which fell on Sunday.", "capital:kunduz"),
    ("Insurgents captured three districts, Kohistanat, Sozma Qala and Sayad, on Wednesday.",
     "district:sar-e-pol:sozma-qala"),
    ("Kandahar city is now under the control of the Islamic Emirate, a spokesman said.",
     "capital:kandahar"),
    ("Last night the district of Shindand fell into Taliban hands.", "district:herat:shindand"),
    ("The Taliban have seized control of Afghanistan's fourth-largest city, Mazar-i-Sharif.",
     "capital:mazar-i-sharif"),
]


@pytest.mark.parametrize("text,place_id", CAPTURES)
def test_capture_phrasings_give_a_taliban_mention(text, place_id):
    assert_one(text, place_id, "taliban")


RECAPTURES = [
    ("Afghan forces retook Kahmard district on Tuesday.", "district:bamyan:kahmard"),
    ("Government troops recaptured Dand-e-Patan district.", "district:paktia:dand-patan"),
    ("Government troops recaptured the Dand-e-Patan border crossing.", "crossing:dand-e-patan"),
    ("Commandos regained control of Lashkar Gah's police headquarters area in Lashkar Gah.",
     "capital:lashkar-gah"),
    ("Special forces wrested back control of Qala-i-Naw on Thursday.", "capital:qala-i-naw"),
    ("ANDSF cleared Nad Ali district of insurgents.", "district:helmand:nad-ali"),
    ("The army pushed the Taliban out of Kunduz city.", "capital:kunduz"),
    ("Ghorian was retaken by government forces.", "district:herat:ghoryan"),
    ("Afghan forces recaptured the Taliban-held district of Dahana-i-Ghuri on Tuesday.",
     "district:baghlan:dahana-i-ghori"),
]


@pytest.mark.parametrize("text,place_id", RECAPTURES)
def test_recapture_phrasings_give_a_government_mention(text, place_id):
    assert_one(text, place_id, "government")


def test_fully_back_under_our_control_quote_is_a_government_claim():
    text = ("Insurgents stormed Maymana on Wednesday. \"The city is fully back under our "
            "control,\" a defence ministry spokesman said.")
    assert_one(text, "capital:maymana", "government", status="claimed")


def test_claim_by_the_winning_side_is_claimed():
    assert_one("The Taliban claimed to have captured Faizabad.", "capital:faizabad",
               status="claimed")
    assert_one("A Taliban spokesman said the group had seized Torkham.", "crossing:torkham",
               status="claimed")
    assert_one("Taliban claim capture of Kunduz", "capital:kunduz", status="claimed")


def test_report_by_officials_or_witnesses_is_reported():
    assert_one("Taliban fighters seized Chahar Dara district, a police official said.",
               "district:kunduz:chahar-dara", status="reported")
    assert_one("Witnesses said the militants captured Farah.", "capital:farah",
               status="reported")


def test_acknowledgement_by_the_losing_side_is_confirmed():
    assert_one("The interior ministry confirmed that Taliban fighters had captured Ghazni.",
               "capital:ghazni", status="confirmed")
    assert_one("A provincial council member acknowledged that Sheberghan had fallen to the "
               "Taliban.", "capital:sheberghan", status="confirmed")


def test_denial_is_kept_as_a_denied_mention():
    text = ("Insurgents seized the Torghundi crossing on Thursday, officials said. "
            "The defence ministry denied the reports, saying the crossing was still under "
            "the control of government forces.")
    rows = found(text)
    statuses = {r[2] for r in rows if r[0] == "crossing:torghundi"}
    assert statuses == {"reported", "denied"}
    assert all(r[1] == "taliban" for r in rows if r[0] == "crossing:torghundi")


def test_fighting_inside_the_city_is_contested():
    assert_one("The Taliban entered Lashkar Gah and there was fighting inside the city.",
               "capital:lashkar-gah", status="contested")
    assert_one("Heavy fighting continued in Kunduz on Monday.", "capital:kunduz",
               status="contested", when="2021-08-09")


def test_city_entered_while_parts_stay_with_the_government_is_contested():
    assert_one("The Taliban have entered Kunduz city, but the airport and the army corps "
               "headquarters remain under government control.", "capital:kunduz",
               status="contested")


def test_parts_of_a_city_fallen_is_contested():
    assert_one("An official admitted that parts of Ghazni had fallen to the Taliban.",
               "capital:ghazni", status="contested")


DATES = [
    ("Taliban fighters seized Zaranj on Thursday.", "2021-08-12"),
    ("Taliban fighters seized Zaranj Thursday afternoon.", "2021-08-12"),
    ("Late Thursday night, Taliban fighters seized Zaranj.", "2021-08-12"),
    ("Taliban fighters seized Zaranj overnight.", "2021-08-13"),
    ("Early Sunday, Taliban fighters seized Zaranj.", "2021-08-08"),
    ("Taliban fighters had seized Zaranj a day earlier.", "2021-08-12"),
    ("Taliban fighters seized Zaranj in the last 24 hours.", "2021-08-13"),
    ("Taliban fighters seized Zaranj on August 6.", "2021-08-06"),
    ("Taliban fighters seized Zaranj on July 8.", "2021-07-08"),
    ("Taliban fighters seized Zaranj on 6 August 2021.", "2021-08-06"),
]


@pytest.mark.parametrize("text,when", DATES)
def test_dates_are_resolved_against_the_publication_date(text, when):
    assert_one(text, "capital:zaranj", when=when)


def test_week_phrases_give_week_precision():
    for text in ("Earlier this week the Taliban captured Zaranj.",
                 "Last week the Taliban captured Zaranj.",
                 "In recent days the Taliban captured Zaranj."):
        mentions = extract(Article(text=text, published=PUBLISHED))
        assert mentions and mentions[0].date_precision == "week", text


def test_dateline_gives_the_publication_date():
    text = "KUNDUZ, Aug 8 (Reuters) - Taliban fighters captured Kunduz city on Sunday."
    from control_changes.articles import clean_article

    article = clean_article(Article(text=text))
    assert article.published is None  # no year anywhere: not guessed
    article = clean_article(Article(text="KUNDUZ, Aug 8, 2021 (Reuters) - " + text[24:]))
    assert article.published == date(2021, 8, 8)
    assert [m.event_date for m in extract(article)] == [date(2021, 8, 8)]


def test_undated_article_gives_undated_mentions():
    rows = found("Taliban fighters seized Zaranj on Thursday.", published=None)
    assert rows == [("capital:zaranj", "taliban", "reported", "place", None)]


def test_list_of_districts_with_their_province():
    text = "The Taliban captured Khan Abad, Chahar Dara and Dasht-e Archi districts of Kunduz."
    ids = {r[0] for r in found(text)}
    assert ids == {"district:kunduz:khanabad", "district:kunduz:chahar-dara",
                   "district:kunduz:dasht-e-archi"}


def test_possessive_province_names_the_districts_province():
    ids = {r[0] for r in found("Insurgents overran Baghlan's Doshi and Khinjan districts.")}
    assert ids == {"district:baghlan:doshi", "district:baghlan:khinjan"}


def test_capital_of_province_appositive():
    ids = {r[0] for r in found("The Taliban seized the capital of Badghis province, "
                               "Qala-i-Naw, on Thursday.")}
    assert ids == {"capital:qala-i-naw"}
    ids = {r[0] for r in found("The Taliban seized the capital of Helmand province.")}
    assert ids == {"capital:lashkar-gah"}


def test_most_of_a_province_is_partial():
    assert_one("The Taliban have captured most of Badakhshan.", "province:badakhshan",
               scope="partial")


def test_counted_districts_are_recorded_without_names():
    rows = found("Taliban fighters had seized five districts in Herat without a fight.")
    assert rows and rows[0][0] == "province:herat" and rows[0][3] == "count"
    mentions = extract(Article(text="Taliban fighters had seized five districts in Herat.",
                               published=PUBLISHED))
    assert mentions[0].count == 5
    rows = found("The Taliban have taken control of 10 districts in Badakhshan.")
    assert rows == [("province:badakhshan", "taliban", "reported", "count", "2021-08-13")]
    rows = found("The Badghis governor said all the districts have fallen.")
    assert rows and rows[0][0] == "province:badghis" and rows[0][3] == "count"


NOTHING = [
    "Kabul could fall within 30 days, US intelligence warned.",
    "While Kabul itself isn't directly under threat yet, the losses are mounting.",
    "The government may be forced to pull back to defend Kandahar.",
    "The Taliban threatened to capture Herat.",
    "The Taliban failed to capture Lashkar Gah.",
    "Insurgents tried to storm Kunduz but were repelled.",
    "The Taliban did not capture Ghazni, officials insisted.",
    "The Taliban seized Kabul in 1996.",
    "The US-led invasion toppled the Taliban in 2001.",
    "Taliban fighters seized the town of Termez.",
    "The Taliban delegation arrived in Moscow and later in Doha.",
    "More than 1,000 soldiers fled into Tajikistan.",
    "Taliban fighters have overrun areas bordering Iran and Pakistan.",
    "Officials hope to retake Zaranj soon.",
    "If Mazar-i-Sharif falls, the north is lost.",
    "The Taliban are expected to clear Sangin of government forces within hours.",
    "Last week the United States handed Bagram airbase over to Afghan forces.",
    "Peace talks in Doha were stalled as fighting raged.",
    "Lashkar Gah was under siege for two weeks.",
    "Officials in Kandahar said troops had pushed the Taliban back from the outskirts of the city.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_hypotheticals_negations_history_and_foreign_places_give_nothing(text):
    assert found(text) == []


ACTORS = [
    ("Taleban fighters seized Kunduz.", "taliban"),
    ("Insurgents seized Kunduz.", "taliban"),
    ("Militants seized Kunduz.", "taliban"),
    ("Afghan forces recaptured Kunduz.", "government"),
    ("ANDSF retook Kunduz.", "government"),
    ("Special forces retook Kunduz.", "government"),
    ("The defence ministry said government troops had retaken Kunduz.", "government"),
    ("Afghan forces captured Kunduz from the Taliban.", "government"),
]


@pytest.mark.parametrize("text,controller", ACTORS)
def test_actor_spellings_decide_the_new_controller(text, controller):
    assert_one(text, "capital:kunduz", controller)
