"""When a reported change happened, and whether the report is news at all.

Dates come from the clause, then the sentence, then what the article last stated for the same
change, then the story's day, then the publication day. A change mentioned in passing with no
date of its own (a nominal form, a subordinate clause, a past progressive) is background: a
later report of an earlier change (see ``control_changes.background``)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from control_changes.dates import DatePhrase
from control_changes.sentences import split_clauses
from control_changes.triggers import Trigger

_I = re.IGNORECASE


def _pick_date(dates: list[DatePhrase], clause: tuple[int, int],
               trigger: Trigger) -> DatePhrase | None:
    in_clause = [d for d in dates if clause[0] <= d.start < clause[1]
                 and d.precision != "history"]
    pool = in_clause or [d for d in dates if d.precision != "history"]
    if not pool:
        return None
    explicit = [d for d in pool if d.explicit] or pool
    return min(explicit, key=lambda d: abs(d.start - trigger.start))


# A word that opens an aside dating something else than the story's own day: "Kunduz, which
# they seized on Sunday", "soldiers fled after the militants took Aybak on Monday".
_RELATIVE_WORDS = frozenset({"which", "where", "who"})
_ASIDE_WORD_RE = re.compile(r"\b(?:which|where|who|when|after|before|since)\b", _I)


# A date that says when a report was made, not when the change happened: "two districts
# fell on Monday night, officials said on Tuesday".
_SAID_ON_RE = re.compile(r"\b(?:said|says|told\s+(?:[\w.]+\s+){0,3}?|announced|confirmed|"
                         r"added|reported|stated)\s+(?:on\s+|late\s+|early\s+)?$", _I)


def narrative_dates(sentence: str, dates: list[DatePhrase]) -> list[DatePhrase]:
    """The dates of a sentence that move the story's day on: not those of its asides, nor
    the day a report was made when the sentence also dates the change itself."""
    if not dates:
        return dates
    told = [d for d in dates if _SAID_ON_RE.search(sentence, max(0, d.start - 40), d.start)]
    if told and len(told) < len(dates):
        dates = [d for d in dates if d not in told]
    clauses = split_clauses(sentence)
    out = []
    for d in dates:
        start = next((a for a, b in clauses if a <= d.start < b), 0)
        words = list(_ASIDE_WORD_RE.finditer(sentence, start, d.start))
        # A relative clause ("Kunduz, which they seized on Sunday, ...") ends at its comma;
        # "after", "since" and the like run to the end of the clause.
        if not words or (words[-1].group().lower() in _RELATIVE_WORDS
                         and "," in sentence[words[-1].end():d.start]):
            out.append(d)
    return out


# A clause that sets the change in the past of another: "once the militants held Herat",
# "days after seizing Kabul", "as crowds watched the militants storm into Ghazni".
_SUBORDINATE_RE = re.compile(
    r"\b(?:since|after|before|until|following|when|while|once|as|amid|which)\b"
    r"(?:\s+[\w'’-]+){0,6}?\s*$", _I)


_WITH_ING_RE = re.compile(r"\bwith\b(?:\s+[\w'’-]+){0,4}?\s*$", _I)


_SAME_TIME_RE = re.compile(r"(?:as|when|while|amid|with)\b", _I)


_PAST_PROGRESSIVE_RE = re.compile(r"\b(?:was|were)\s+(?:already\s+|still\s+)?$", _I)


# Words before a nominal change that make it a fear, a forecast or a plan, not a report.
FEARED_RE = re.compile(
    r"\b(?:fear\w*|prevent\w*|avert\w*|forestall\w*|stave\s+off|brink|verge|imminent|"
    r"looming|possible|possibility|potential|likely|risk\w*|threat\w*|danger|expect\w*|"
    r"predict\w*|warn\w*|prepar\w*|plan\w*|could|would|may|might|will|avoid\w*|stop|"
    r"halt\w*|resist\w*|delay\w*|hasten\w*|speed\w*\s+up)\b[^,.;]{0,30}$", _I)


_NEWS_OF_RE = re.compile(r"\b(?:claim\w*|announc\w*|confirm\w*|report\w*|declar\w*|"
                         r"celebrat\w*|acknowledg\w*|admit\w*)\s+(?:the\s+)?[^,.;]{0,12}$",
                         _I)


# A tally of the offensive so far: "since May", "in recent weeks", "so far this year".
_TALLY_SPAN_RE = re.compile(
    r"\b(?:since\s+(?:the\s+(?:start|beginning|end)\s+of\s+|early\s+|mid-?\s*|late\s+)?"
    r"(?:january|february|march|april|may|june|july|spring|summer|the\s+spring|"
    r"the\s+summer|the\s+(?:american|u\.?s\.?|foreign)\s+withdrawal|then)|so\s+far|"
    r"(?:in|over)\s+(?:recent|the\s+(?:past|last))\s+(?:\w+\s+)?(?:days|weeks|months)|"
    r"this\s+(?:year|summer|spring))\b", _I)
# The places of a tally are named as examples of a counted plural: "have seized dozens of
# districts and border crossings, including Spin Boldak".
_EXAMPLES_RE = re.compile(r"\b(?:cities|capitals|towns|districts|crossings|posts|bases)\b"
                          r"[^.;]{0,60}?(?:\bincluding|\bsuch\s+as|\bamong\s+them)\b", _I)


def is_background(sentence: str, trig: Trigger, c_start: int, c_end: int,
                  dates: list[DatePhrase], place_start: int | None = None) -> bool:
    """Whether a change is mentioned in passing, as background, with no date of its own.

    A nominal form ("the fall of X", "X's takeover"), a subordinate or relative clause, or a
    past progressive ("were entering the city") reports nothing new unless its own clause
    dates it with a day or a month ("when the Taliban took X in June"). So is a place named
    as an example in a tally of the offensive so far ("since May, the Taliban have seized
    dozens of districts, including X"): its day is not this report's."""
    if place_start is not None and _EXAMPLES_RE.search(sentence, trig.end, place_start) \
            and _TALLY_SPAN_RE.search(sentence):
        return True
    before = sentence[c_start:trig.start]
    sub = _SUBORDINATE_RE.search(before)
    # Its own date is in its clause, after the word that opens it when there is one ("three
    # month after its fighters streamed into Herat" is not dated by the "Tuesday" of the main
    # clause), or just before it ("In June, when the militants overran X").
    # "as", "when", "while" share the main clause's time; "after", "since" do not.
    shifted = sub and trig.kind not in {"nominal", "possessive"} and not _SAME_TIME_RE.match(
        sub.group())
    opens = c_start + sub.start() if shifted else c_start
    own_date = any((opens <= d.start < c_end or c_start - 3 <= d.end <= c_start)
                   and d.explicit and d.precision in {"day", "month"} for d in dates)
    if own_date:
        return False
    if trig.kind in {"nominal", "possessive"}:
        # "Taliban claim capture of Kunduz": a claim or report of the change is news.
        return not _NEWS_OF_RE.search(sentence, max(c_start, trig.start - 30), trig.start)
    if sub:
        return True
    # "were already entering the city"; "with the Taliban taking control of X".
    return trig.text.split()[0].lower().endswith("ing") and bool(
        _PAST_PROGRESSIVE_RE.search(before) or _WITH_ING_RE.search(before))


_DAY_BEFORE_RE = re.compile(r"(?:a\s+day\s+(?:earlier|before)|the\s+(?:day\s+before|"
                            r"previous\s+day))$", _I)


def date_for(dates: list[DatePhrase], clause: tuple[int, int], trig: Trigger,
              carried: DatePhrase | None, published: date | None,
              same_place: tuple[date, str] | None = None):
    """The clause's or sentence's own date; else the date this article last stated for the same
    change ("He denied that Sar-e Pul had fallen"); else the last dated report; else the
    publication date."""
    picked = _pick_date(dates, clause, trig)
    if picked is not None:
        if picked.when is None:  # "on Friday" with no publication date: not guessed
            return None, "undated", "none"
        if carried is not None and carried.when is not None and _DAY_BEFORE_RE.match(
                picked.text):
            # "a day earlier" counts back from the day the story has reached.
            return carried.when - timedelta(days=1), "day", "stated"
        return picked.when, picked.precision, "stated"
    if same_place is not None:
        return same_place[0], same_place[1], "carried"
    if carried is not None and carried.when is not None:
        return carried.when, carried.precision, "carried"
    if published is not None:
        return published, "day", "publication"
    return None, "undated", "none"
