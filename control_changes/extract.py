"""One article in, the changes of control it reports out: a pure function of the article.

``extract(article)`` reads nothing but its argument and the bundled gazetteer, so it can be
mapped over a process pool. For each sentence that names an Afghan place and uses a word of
change (see ``lexicon``), it binds each change phrase to the place it governs:

* active verbs ("seized", "wrested back control of") govern the places right after them,
  including a list ("Khan Abad, Chahar Dara and Dasht-e Archi districts");
* passive and state phrases ("had fallen to the Taliban", "is under Taliban control") govern
  the subject before them, skipping places inside modifiers ("located in Herat province");
* nominal forms ("the fall of X", "the seizure of X and Y") govern the noun that follows;
* "the city", "the border crossing" and the like refer to the last place of that kind named;
* "most of X", "N districts in X", "all the districts have fallen" are recorded as partial or
  counted changes of X without inventing district names.

Modal, negated, planned and historical statements produce nothing. The status comes from who
says it: the winner alone (claimed), the loser or an independent source admitting it
(confirmed), a party denying it (denied), fighting inside the place (contested), anyone else
(reported). Dates come from the clause, then the sentence, then the last dated report earlier
in the article, then the publication date; a change mentioned in passing with no date of its
own is background, a later report of an earlier change.

The work is spread over modules named for their jobs: ``sentence_places`` (the places a
sentence names or refers to), ``triggers`` (phrases of change and who takes the place),
``binding`` (which place a phrase governs), ``report_status`` (how sure a report is),
``timing`` (dates, and background), ``headlines`` (titles without a name) and
``unresolved`` (names the gazetteer cannot place). This module walks the sentences and puts
the answers together.
"""

from __future__ import annotations

import re
from datetime import date

from control_changes import lexicon as lx
from control_changes.articles import Article
from control_changes.binding import (
    COUNT_RE,
    PARTIAL_RE,
    bind_after,
    bind_before,
    building_fallback,
    province_namesake,
    whole_province,
)
from control_changes.caseless import Caseless
from control_changes.dates import DatePhrase, find_dates
from control_changes.headlines import Headline, headline_capture, headline_places
from control_changes.mention import Mention
from control_changes.report_status import Cues, status_of
from control_changes.sentence_places import (
    History,
    Place,
    in_compound,
    is_dateline,
    names_kabul,
    province_ids,
    repair_text,
    sentence_places,
)
from control_changes.sentences import split_clauses, split_sentences
from control_changes.timing import FEARED_RE, date_for, is_background, narrative_dates
from control_changes.triggers import (
    Trigger,
    controller_of,
    find_triggers,
    is_irrealis,
    matched_text,
)
from control_changes.unresolved import unresolved_names
from gazetteer.index import FOREIGN_TYPES
from gazetteer.mentions import find_mentions

__all__ = ["Mention", "extract", "unresolved_names"]

_I = re.IGNORECASE


_ALL_FALLEN_RE = Caseless(
    r"\ball(?:\s+of)?\s+the\s+districts\s+(?:have|had|has)\s+(?:fallen|been\s+(?:captured|"
    r"taken|overrun))",
    words_first=True,
)


_STILL_RE = Caseless(r"\b(?:still|remains?|remained)\b")


_PARTS_FALLEN_RE = Caseless(r"\bparts?\s+of\s+(?:the\s+city\s+of\s+)?$")


_OUTSKIRTS_RE = Caseless(r"\b(?:fringes?|outskirts|edge|edges|outside|near|around)\s+"
                           r"(?:of\s+)?(?:the\s+)?(?:city\s+)?$")


# "handed the district over to the Taliban": only a handover to the Taliban is a capture.
_HANDOVER_TO_RE = Caseless(r"^(?:\s+\S+){0,8}?\s+(?:over\s+)?to\s+(?:the\s+)?(?P<to>\w+)")


# A place noun for object ("take key northern city") and a place named before a colon that
# opens the sentence ("Kunduz: ...").
_PLACE_NOUN_OBJECT_RE = re.compile(r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:city|town|"
                                   r"capital|provincial\s+capital|district|border\s+crossing)"
                                   r"\b(?!\s+of\b)", _I)
_KICKER_COLON_RE = re.compile(r"\s*:")


# Cheap test for a sentence that may name a day (weekday, month, digits, "yesterday").
_DAY_HINT = Caseless(r"day\b|night|\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


_WHICH_WHERE_RE = re.compile(r",?\s*(?:which|where)\b", _I)


_RELATIVE_CLAUSE_RE = re.compile(r",?\s*(?:which|where|who|that)\b", _I)


def extract(article: Article) -> list[Mention]:
    """Every change of control ``article`` reports (see the module docstring)."""
    text = repair_text(article.text)
    published = article.published
    all_mentions = [m for m in find_mentions(text)
                    if not is_dateline(text, m) and not in_compound(text, m)]
    if not all_mentions and not names_kabul(text):
        return []
    out: list[Mention] = []
    article_provinces = province_ids(all_mentions)
    history = History(article_provinces)
    place_dates: dict[tuple[str, str], tuple[date, str]] = {}
    carried: DatePhrase | None = None
    mi = 0
    headline: Headline | None = None
    for n_sentence, (s_start, s_end) in enumerate(split_sentences(text)):
        sent_mentions = []
        while mi < len(all_mentions) and all_mentions[mi].start < s_end:
            if all_mentions[mi].start >= s_start:
                sent_mentions.append(all_mentions[mi])
            mi += 1
        sentence = text[s_start:s_end]
        if n_sentence == 0 and not sent_mentions and text[s_end:s_end + 1] == "\n" \
                and not names_kabul(sentence):
            headline = headline_capture(sentence)
            continue
        from_title: list[Mention] = []
        if headline is not None:
            from_title = headline_places(headline, article, sentence, s_start, sent_mentions,
                                          article_provinces)
            headline = None if from_title or headline.left <= 1 else headline._replace(
                left=headline.left - 1)
        if not lx.TRIGGER_HINT.search(sentence):
            out.extend(from_title)
            if sent_mentions:
                history.remember_later(sentence, s_start, sent_mentions)
            continue
        places = sentence_places(sentence, s_start, sent_mentions, article_provinces, history)
        afghan = [p for p in places if p.place_type not in FOREIGN_TYPES]
        triggers = find_triggers(sentence) if afghan or _DAY_HINT.search(sentence) else []
        dates = find_dates(sentence, published) if triggers else []
        found = _sentence_events(sentence, afghan, dates, carried, published, triggers,
                                 place_dates) if (afghan and triggers) else []
        for m in found:
            if m[5] == "stated" and m[6] == "place":
                place_dates[(m[0].place_id, m[1])] = (m[3], m[4])
            out.append(Mention(
                place_id=m[0].place_id, place_text=m[0].text, event_date=m[3],
                date_precision=m[4], date_source=m[5], new_controller=m[1], status=m[2],
                scope=m[6], count=m[7], trigger=m[8], evidence=article.text[s_start:s_end],
                start=s_start, end=s_end,
            ))
        told = {m[0].place_id for m in found}
        out.extend(m for m in from_title if m.place_id not in told)
        # The day a report of change names carries over to the sentences that follow it.
        day_dates = [d for d in narrative_dates(sentence, dates)
                     if d.precision == "day" and d.explicit and d.when]
        if day_dates and any(t.kind != "contest" for t in triggers):
            carried = max(day_dates, key=lambda d: d.when)  # the story has reached this day
        history.remember(afghan, s_start)
    return _dedupe(out)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen = set()
    out = []
    for m in mentions:
        key = (m.place_id, m.new_controller, m.status, m.scope, m.start)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _sentence_events(sentence: str, places: list[Place], dates: list[DatePhrase],
                     carried: DatePhrase | None, published: date | None,
                     triggers: list[Trigger],
                     place_dates: dict[tuple[str, str], tuple[date, str]] | None = None,
                     ) -> list[tuple]:
    """(place, controller, status, date, precision, date_source, scope, count, trigger)."""
    results: list[tuple] = []
    clauses = split_clauses(sentence)
    cues = Cues(sentence)  # shared by the sentence's triggers
    bound_before: Place | None = None
    used: set[tuple[str, str]] = set()

    for trig in triggers:
        c_start, c_end = next(((a, b) for a, b in clauses if a <= trig.start < b),
                              (0, len(sentence)))
        clause = sentence[c_start:c_end]
        if any(d.precision == "history" and c_start <= d.start < c_end for d in dates):
            continue
        if lx.HISTORY_CUE.search(clause):
            continue
        if trig.kind not in {"contest", "nominal", "possessive"} and is_irrealis(
                sentence, trig, c_start):
            continue
        if trig.kind in {"nominal", "possessive"} and FEARED_RE.search(
                sentence, max(c_start, trig.start - 45), trig.start):
            continue  # "fearful of Ghazni's fall", "to avert the fall of Kandahar"
        if trig.kind in {"capture", "recapture"} and lx.FOREIGN_ACTOR.search(
                sentence[max(c_start, trig.start - 40):trig.start].rstrip() + " "):
            continue  # "U.S. troops control the airport"
        controller = controller_of(sentence, trig, c_start, trig.controller)
        targets: list[Place] = []
        scope, count = "place", 0
        if trig.kind in {"capture", "recapture", "nominal"}:
            if trig.kind == "capture" and re.match(r"hand|surrender", trig.text, _I):
                to = _HANDOVER_TO_RE.match(sentence[trig.end:])
                if not to or not lx.TALIBAN_ACTOR.match(to.group("to")):
                    continue
                controller = "taliban"  # the side handed the place, whoever hands it
            targets = bind_after(sentence, trig, places, c_end)
            if not targets and trig.kind != "nominal":
                targets = building_fallback(sentence, trig, places, bound_before)
            if not targets and _WHICH_WHERE_RE.match(clause):
                # "Jalalabad, which the Taliban entered": the antecedent before the comma.
                targets = [p for p in places if 0 <= c_start - p.end <= 2][:1]
            if not targets and _PLACE_NOUN_OBJECT_RE.match(sentence, trig.end):
                # "Kunduz: Taliban take key northern city": the title's kicker names it.
                targets = [p for p in places if not sentence[:p.start].strip()
                           and _KICKER_COLON_RE.match(sentence, p.end)][:1]
        elif trig.kind in {"capture_passive", "recapture_passive", "possessive"}:
            if trig.kind == "capture_passive" and re.search(r"fall|fell", trig.text, _I):
                after = sentence[trig.end:trig.end + 30]
                if re.match(r"\s*(?:to|into)\s+(?:the\s+)?(?:afghan|government|security)",
                            after, _I):
                    controller = "government"
            if trig.kind == "recapture_passive" and _STILL_RE.search(
                    sentence[max(c_start, trig.start - 25):trig.end]):
                if not lx.DENY_CUE.search(sentence):
                    continue  # "still under government control": no change
                controller = "taliban"  # the denial is of a Taliban capture
            clause_start = c_start
            if _RELATIVE_CLAUSE_RE.match(clause):
                # "Kunduz, which fell on Sunday": the antecedent, else the place just bound.
                # A province there ("Qala-e-Naw, capital of Badghis, which...") is part of
                # an apposition: the head named first is meant.
                antecedent = [p for p in places if 0 <= c_start - p.end <= 2
                              and p.place_type != "province"][:1]
                targets = antecedent or ([bound_before] if bound_before else [])
            else:
                targets = bind_before(sentence, trig, places, clause_start)
            if trig.kind == "possessive":
                targets = [p for p in places if p.end == trig.start][:1]
        elif trig.kind == "contest":
            if re.search(r"\b(?:about|on|of|over|regarding)\s+(?:the\s+)?$",
                         sentence[max(0, trig.start - 12):trig.start], _I):
                continue
            after = [p for p in places if p.start >= trig.end and p.start < c_end]
            if after and len(sentence[trig.end:after[0].start].split()) <= 4 and not \
                    _OUTSKIRTS_RE.search(sentence[trig.end:after[0].start]):
                targets = [after[0]]
            targets = [p for p in targets if p.place_type != "province"]

        for place in targets:
            gap_before = sentence[max(0, place.start - 60):place.start]
            p_scope, p_count = scope, count
            parts_of_town = bool(_PARTS_FALLEN_RE.search(gap_before)) and \
                place.place_type != "province"
            if PARTIAL_RE.search(gap_before) and not parts_of_town:
                p_scope = "partial"
            cm = COUNT_RE.search(gap_before)
            if cm:
                p_scope = "count"
                p_count = _count_value(cm.group("n"))
            if p_scope != "place" and place.place_type != "province":
                province = province_namesake(place)
                if province is not None:
                    place = province
                elif p_scope == "count":
                    continue
            status = status_of(cues, trig, controller, clause)
            if status != "denied" and lx.ENTRY.match(trig.text) and controller == "taliban":
                status = "contested"  # in the place, not yet holding it
            if parts_of_town and p_scope == "place" and status != "denied":
                status = "contested"
            if place.place_type == "province" and p_scope == "place" and not \
                    whole_province(sentence, trig, place):
                continue  # a province named beside a change is where it happened
            key = (place.place_id, controller, p_scope)
            if key in used:
                continue
            used.add(key)
            if p_scope == "place" and status != "denied" and is_background(
                    sentence, trig, c_start, c_end, dates, place.start):
                # Mentioned in passing, with no date of its own: a later report of an
                # earlier change (see control_changes.background).
                p_scope = "background"
                key = (place.place_id, controller, p_scope)
                if key in used:
                    continue
                used.add(key)
                results.append((place, controller, status, published,
                                "day" if published else "undated",
                                "publication" if published else "none", p_scope, p_count,
                                trig.text))
                bound_before = place
                continue
            when, precision, source = date_for(dates, (c_start, c_end), trig, carried, published,
                                                (place_dates or {}).get((place.place_id,
                                                                         controller)))
            results.append((place, controller, status, when, precision, source, p_scope,
                            p_count, trig.text))
            bound_before = place

    # "all the districts have fallen" with the province named in the sentence.
    if all_fallen := _ALL_FALLEN_RE.search(sentence):
        provinces = [p for p in places if p.place_type == "province"]
        if provinces and (provinces[0].place_id, "taliban", "count") not in used:
            trig = Trigger(0, 0, matched_text(sentence, all_fallen), "capture", "taliban")
            when, precision, source = date_for(dates, (0, len(sentence)), trig, carried,
                                                published)
            results.append((provinces[0], "taliban", status_of(cues, trig, "taliban", sentence),
                            when, precision, source, "count", -1, trig.text))
    return results


def _count_value(word: str) -> int:
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word.isdigit():
        return int(word)
    if word.startswith("all"):
        return -1
    return lx.NUMBER_WORDS.get(word.replace(" of", ""), 0)
