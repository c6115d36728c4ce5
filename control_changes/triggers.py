"""The phrases of change in a sentence and who takes the place they speak of.

Active verbs, passive and state phrases, nominal forms, entries and fighting, from the
vocabulary in ``lexicon``; whether a verb is real or only modal, negated or planned; and the
side that takes the place."""

from __future__ import annotations

import re
from typing import NamedTuple

from control_changes import lexicon as lx
from control_changes.caseless import Caseless

_I = re.IGNORECASE


class Trigger(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # capture | recapture | capture_passive | recapture_passive | nominal | contest
    controller: str


_ACTIVE_RE = Caseless(
    r"\b(?P<recapture>" + lx.RECAPTURE_ACTIVE + r")\b|\b(?P<capture>" + lx.CAPTURE_ACTIVE + r")\b"
)


_PASSIVE_RE = Caseless(
    r"\b(?P<recapture_passive>" + lx.RECAPTURE_PASSIVE + r")|"
    r"\b(?P<capture_passive>" + lx.CAPTURE_PASSIVE + r")"
)


_WEAK_RE = Caseless(r"\b(?:" + lx.WEAK_CAPTURE + r")\b", words_first=True)


_LOST_RE = Caseless(r"\blost\b(?!\s+(?:\w+\s+)?control)", words_first=True)
# "Government troops were driven out of Kunduz": the side named loses the place.
_DRIVEN_OUT = (r"(?:were|was|been|being)\s+(?:\w+\s+)?(?:driven|forced|pushed|chased|kicked|"
               r"thrown|routed)\s+out")
_DRIVEN_OUT_RE = Caseless(r"\b" + _DRIVEN_OUT + r"\s+(?:of|from)\b", words_first=True)
# "The offensive has seen Kunduz, Taloqan and Sar-e Pul fall": a bare "fall" after seeing.
_BARE_FALL_RE = Caseless(r"\bfall\b(?!\s+(?:of|in\s+(?:prices|the\s+price|value)))",
                         words_first=True)
_SEEN_RE = re.compile(r"\b(?:saw|seen|see|sees|watched)\b", re.IGNORECASE)
# The text of a trigger whose subject loses the place (see ``controller_of``).
_LOSS_TEXT_RE = re.compile(r"lost\b|" + _DRIVEN_OUT, re.IGNORECASE)


_NOMINAL_RE = Caseless(r"\b(?P<nominal>" + lx.NOMINAL + r")\s+", words_first=True)


_POSSESSIVE_FALL_RE = Caseless(r"['’]s\s+(?:(?:rapid|swift|sudden|quick)\s+)?"
                               r"(?P<nominal>fall|capture|seizure|loss|takeover)\b",
                               words_first=True)


_CONTEST_RE = Caseless(r"\b(?P<contest>" + lx.CONTEST + r")\b", words_first=True)


_BY_GOVERNMENT_RE = re.compile(
    r"\s*(?:by\s+|to\s+)?(?:the\s+)?(?:afghan|government|security|special)", _I)


_BY_TALIBAN_RE = re.compile(r"\s*by\s+(?:the\s+)?(?:taliban|taleban|insurgents|militants|"
                            r"islamic\s+emirate)\b", _I)


def matched_text(text: str, m: re.Match[str]) -> str:
    """The words a match covers, as written (a Caseless match holds lower-cased text)."""
    return text[m.start():m.end()].strip()


def find_triggers(sentence: str) -> list[Trigger]:
    found: list[Trigger] = []
    for m in _ACTIVE_RE.finditer(sentence):
        kind = "recapture" if m.group("recapture") else "capture"
        found.append(Trigger(m.start(), m.end(), matched_text(sentence, m), kind,
                              "government" if kind == "recapture" else "taliban"))
    for m in _PASSIVE_RE.finditer(sentence):
        kind = m.lastgroup or "capture_passive"
        text = matched_text(sentence, m)
        if not text or text.lower() in {"has", "have", "had"}:
            continue
        found.append(Trigger(m.start(), m.end(), text, kind,
                              "government" if kind.startswith("recapture") else "taliban"))
    for m in _WEAK_RE.finditer(sentence):
        if lx.TALIBAN_ACTOR.search(sentence, max(0, m.start() - 30), m.start()):
            found.append(Trigger(m.start(), m.end(), matched_text(sentence, m), "capture",
                                  "taliban"))
    # "The Taliban lost Kahmard", "troops were driven out of Kunduz": only with a side as
    # the subject right before (``controller_of`` gives the place to the other side).
    for pattern, reach in ((_LOST_RE, 25), (_DRIVEN_OUT_RE, 40)):
        for m in pattern.finditer(sentence):
            start = max(0, m.start() - reach)
            if lx.TALIBAN_ACTOR.search(sentence, start, m.start()) or \
                    lx.GOVERNMENT_ACTOR.search(sentence, start, m.start()):
                found.append(Trigger(m.start(), m.end(), matched_text(sentence, m), "capture",
                                      "taliban"))
    for m in _BARE_FALL_RE.finditer(sentence):
        seen = list(_SEEN_RE.finditer(sentence, max(0, m.start() - 120), m.start()))
        # "expect to see Kunduz fall", "could see it fall": a forecast, not a report.
        if seen and not lx.IRREALIS.search(
                sentence[max(0, seen[-1].start() - 40):seen[-1].start()].rstrip() + " "):
            found.append(Trigger(m.start(), m.end(), matched_text(sentence, m),
                                  "capture_passive", "taliban"))
    for m in _NOMINAL_RE.finditer(sentence):
        word = m.group("nominal").lower()
        recap = word.startswith(("recapture", "retaking"))
        found.append(Trigger(m.start(), m.end(), matched_text(sentence, m), "nominal",
                              "government" if recap else "taliban"))
    for m in _POSSESSIVE_FALL_RE.finditer(sentence):
        if lx.TALIBAN_ACTOR.search(sentence, max(0, m.start() - 20), m.start() + 1) or \
                lx.GOVERNMENT_ACTOR.search(sentence, max(0, m.start() - 30), m.start() + 1):
            continue  # "the Taliban's capture of Kunduz": the possessor took it (nominal)
        found.append(Trigger(m.start(), m.end(), matched_text(sentence, m),
                              "possessive", "taliban"))
    for m in _CONTEST_RE.finditer(sentence):
        found.append(Trigger(m.start(), m.end(), matched_text(sentence, m),
                              "contest", "taliban"))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    # Drop triggers nested inside a longer one ("taken" inside "taken back control of").
    kept: list[Trigger] = []
    for t in found:
        if kept and t.start < kept[-1].end and t.kind != "contest":
            continue
        kept.append(t)
    return kept


_REPORTING_INFINITIVE_RE = re.compile(
    r"\b(?:capital|capitals|city|cities|town|district|districts|crossing|one|"
    r"first|second|third|last|latest|\w+th)\s+to\s*$", _I)


# "claimed to have captured", "appeared to have fallen": a report, hedged, of a past act.
_SAID_TO_HAVE_RE = re.compile(
    r"\b(?:claim(?:ed|s)?|said|reported|believed|thought|understood|appear(?:ed|s)?|"
    r"seem(?:ed|s)?)(?:\s+\w+){0,3}?\s+to(?P<have>\s+(?:have|had))?\s*$", _I)


_ADVERB_OR_AUXILIARY_RE = re.compile(
    r"\b(?:also|now|already|reportedly|allegedly|apparently|then|later|earlier|quickly|rapidly|"
    r"swiftly|finally|fully|effectively|have|has|had|been|be)\s*$", _I)


_SUBJECT_ACTOR_RE = re.compile(
    r"\b(?:the\s+)?(?:taliban|insurgents|militants|fighters|government\s+forces|"
    r"afghan\s+forces|troops)\s*$", _I)


_MODAL_NEAR_RE = re.compile(r"\b(?:could|might|may|would|will|not|n't|never|if)\b[^,.;]{0,25}$",
                            _I)


def is_irrealis(sentence: str, trigger: Trigger, clause_start: int) -> bool:
    """True when the verb is modal, negated, planned or an infinitive of purpose."""
    window = sentence[max(clause_start, trigger.start - 40):trigger.start]
    # "the eighth provincial capital to fall": an infinitive after a noun of place reports it.
    if _REPORTING_INFINITIVE_RE.search(window):
        return False
    # "claimed to have captured", "said to have seized" report a past act, not a plan ("to"
    # alone when the verb brings its own "have": "appeared to | have fallen").
    said_to = _SAID_TO_HAVE_RE.search(window)
    if said_to and (said_to.group("have") or trigger.text.lower().startswith(("have", "had"))):
        window = window[:said_to.start()]
    window = _ADVERB_OR_AUXILIARY_RE.sub("", window.rstrip())
    window = _SUBJECT_ACTOR_RE.sub("", window.rstrip())
    return bool(lx.IRREALIS.search(window.rstrip() + " ")) or bool(
        _MODAL_NEAR_RE.search(sentence[max(clause_start, trigger.start - 30):trigger.start]))


_OBJECT_BEFORE_RE = re.compile(r"\b(?:a|an|new|interim|of|in|to|for|with|against|from|"
                               r"on|the\s+new|form|forming)\s+$", _I)


def controller_of(sentence: str, trigger: Trigger, clause_start: int, default: str) -> str:
    """Who takes the place: the actor named closest before an active verb, else the default."""
    if trigger.kind == "capture" and _LOSS_TEXT_RE.match(trigger.text):
        # "Afghan forces lost control of X", "the Taliban were driven out of X": the other
        # side of the one who lost it.
        before = sentence[clause_start:trigger.start]
        tal = max((m.end() for m in lx.TALIBAN_ACTOR.finditer(before)), default=-1)
        gov = max((m.end() for m in lx.GOVERNMENT_ACTOR.finditer(before)), default=-1)
        return "government" if tal > gov else "taliban"
    if trigger.kind in {"capture", "recapture"}:
        before = sentence[clause_start:trigger.start]
        tal = [m.end() for m in lx.TALIBAN_ACTOR.finditer(before)]
        # "naming an interim government days after seizing Kabul": an actor after an article
        # or a preposition is an object, not the one who takes the place.
        gov = [m.end() for m in lx.GOVERNMENT_ACTOR.finditer(before)
               if not _OBJECT_BEFORE_RE.search(before, max(0, m.start() - 12), m.start())]
        if tal or gov:
            last_tal, last_gov = max(tal, default=-1), max(gov, default=-1)
            if trigger.kind == "capture" and last_gov > last_tal and \
                    len(before[last_gov:].split()) > 6:
                return default  # too far to be the subject of this verb
            return "taliban" if last_tal > last_gov else "government"
    if trigger.kind in {"capture_passive", "recapture_passive"}:
        after = sentence[trigger.end:trigger.end + 40]
        if _BY_GOVERNMENT_RE.match(after):
            return "government"
        if _BY_TALIBAN_RE.match(after):
            return "taliban"  # "was recaptured by the Taliban"
    return default
