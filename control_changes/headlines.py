"""Titles that report a capture without naming the place.

"Insurgents Seize a Third Afghan Town in a Week": the next lines name the town."""

from __future__ import annotations

import re
from typing import NamedTuple

from control_changes import lexicon as lx
from control_changes.articles import Article
from control_changes.binding import MODIFIER_BEFORE_RE
from control_changes.mention import Mention
from control_changes.sentence_places import named_places
from control_changes.triggers import find_triggers
from gazetteer.mentions import PlaceMention

_I = re.IGNORECASE


class Headline(NamedTuple):
    """A title that reports a capture without naming the place ("Insurgents Seize a Third
    Afghan Town in a Week"): the next sentences name it."""

    trigger: str
    count: int
    types: tuple[str, ...]
    left: int = 2  # sentences to look in


_HEADLINE_OBJECT_RE = re.compile(
    r"\s*(?:(?:a|an|another|the|their|its)\s+)?(?P<n>second|third|fourth|fifth|sixth|\d+|"
    r"one|two|three|four|five|six|another)?\s*(?:more\s+|key\s+|major\s+|strategic\s+)?"
    r"(?:afghan\s+)?(?P<kind>provincial\s+|regional\s+)?(?P<noun>city|cities|capital|capitals|"
    r"towns?|districts?)\b", _I)


def headline_capture(sentence: str) -> Headline | None:
    for trig in find_triggers(sentence):
        if trig.kind != "capture" or trig.controller != "taliban" or lx.ENTRY.match(
                trig.text):
            continue
        m = _HEADLINE_OBJECT_RE.match(sentence, trig.end)
        if m is None:
            continue
        noun = m.group("noun").lower()
        if noun.startswith("capital") and not (m.group("n") or m.group("kind")):
            continue  # "the Afghan capital" is Kabul, named or not
        plural = noun.endswith("s") and noun != "towns" or noun == "towns"
        n = m.group("n") or ""
        count = int(n) if n.isdigit() else lx.NUMBER_WORDS.get(n.lower(), 0) if plural else 1
        types = ("district",) if noun.startswith("district") else ("capital", "district")
        return Headline(trig.text, count or 1, types)
    return None


def headline_places(headline: Headline, article: Article, sentence: str, offset: int,
                     mentions: list[PlaceMention], provinces: frozenset[str]) -> list[Mention]:
    """Mentions for the first places of the wanted kind the sentence after a title names."""
    # Not a place named as a setting ("officials in Kabul said the city had fallen").
    places = [p for p in named_places(sentence, offset, mentions, provinces)
              if p.place_type in headline.types
              and not MODIFIER_BEFORE_RE.search(sentence[max(0, p.start - 40):p.start])]
    out = []
    for p in places[:headline.count]:
        out.append(Mention(
            place_id=p.place_id, place_text=p.text, event_date=article.published,
            date_precision="day" if article.published else "undated",
            date_source="publication" if article.published else "none",
            new_controller="taliban", status="reported", scope="place", count=0,
            trigger=headline.trigger, evidence=article.text[offset:offset + len(sentence)],
            start=offset, end=offset + len(sentence)))
    return out
