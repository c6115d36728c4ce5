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
in the article, then the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from control_changes import lexicon as lx
from control_changes.articles import Article
from control_changes.caseless import Caseless
from control_changes.dates import DatePhrase, find_dates
from control_changes.sentences import split_clauses, split_sentences
from gazetteer.index import FOREIGN_TYPES, place_types
from gazetteer.mentions import PlaceMention, find_mentions
from gazetteer.normalize import name_key
from gazetteer.places import get_place
from gazetteer.resolve import resolve

_I = re.IGNORECASE


@dataclass(frozen=True)
class Mention:
    """One reported change of control of one place, as one article tells it."""

    place_id: str
    place_text: str
    event_date: date | None
    date_precision: str
    date_source: str
    new_controller: str
    status: str
    scope: str
    count: int
    trigger: str
    evidence: str
    start: int
    end: int


class _Place(NamedTuple):
    """A place named (or referred to) in a sentence, offsets relative to the sentence."""

    start: int
    end: int
    text: str
    place_id: str
    place_type: str
    anaphor: bool = False


class _Trigger(NamedTuple):
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
_NOMINAL_RE = Caseless(r"\b(?P<nominal>" + lx.NOMINAL + r")\s+", words_first=True)
_POSSESSIVE_FALL_RE = Caseless(r"['’]s\s+(?:(?:rapid|swift|sudden|quick)\s+)?"
                               r"(?P<nominal>fall|capture|seizure|loss|takeover)\b",
                               words_first=True)
_CONTEST_RE = Caseless(r"\b(?P<contest>" + lx.CONTEST + r")\b", words_first=True)
_PARTIAL_RE = Caseless(
    r"\b(?:most|much|parts?|large\s+parts|swaths|swathes|the\s+rest|the\s+majority|half|"
    r"areas|large\s+areas|the\s+bulk)\s+of\s+(?:the\s+)?(?:\w+ern\s+|central\s+)?"
    r"(?:province\s+of\s+)?$"
)
_COUNT_RE = Caseless(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"many|dozens\s+of|some|all(?:\s+of)?(?:\s+the)?|\d{1,3})\s+(?:\w+\s+){0,2}?"
    r"(?:key\s+|more\s+|other\s+|strategic\s+)?districts?\s+(?:in|of|across)\s+"
    r"(?:the\s+)?(?:\w+ern\s+)?(?:province\s+of\s+)?$",
    words_first=True,
)
_ALL_FALLEN_RE = Caseless(
    r"\ball(?:\s+of)?\s+the\s+districts\s+(?:have|had|has)\s+(?:fallen|been\s+(?:captured|"
    r"taken|overrun))",
    words_first=True,
)
_ANAPHOR_RE = re.compile(
    r"\b[Tt]he\s+(?P<kind>(?:provincial\s+)?capital|city|town|(?:border\s+)?crossing|"
    r"border\s+(?:post|town)|district(?:\s+(?:centre|center|headquarters))?|air\s*base|"
    r"airfield|valley)\b(?!\s+of\s+[A-Z])"
)
_ANAPHOR_TYPES = {
    "capital": ("capital",), "provincial capital": ("capital",), "city": ("capital",),
    "town": ("capital", "district"), "crossing": ("border_crossing",),
    "border crossing": ("border_crossing",), "border post": ("border_crossing",),
    "border town": ("border_crossing", "capital", "district"), "district": ("district",),
    "district centre": ("district",), "district center": ("district",),
    "district headquarters": ("district",), "airbase": ("military_site",),
    "air base": ("military_site",), "airfield": ("military_site",), "valley": ("province",),
}
# Gap words allowed between an active verb and the place it governs.
_GAP_OK_RE = Caseless(
    r"^(?:\s*(?:,|\(|\)|the|a|an|of|over|control|full|back|key|strategic|major|important|"
    r"provincial|capital|city|town|district|districts|border|crossing|centre|center|"
    r"southern|northern|western|eastern|central|north|south|east|west|\w+ern|"
    r"north-?\w+|south-?\w+|on|early|late|earlier|later|this|last|morning|afternoon|evening|"
    r"night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"\w+ly|also|now|most|much|parts?|all|rest|majority|nearby|neighbouring|neighboring|"
    r"remote|mountainous|restive|besieged|embattled|long-besieged|country's|nation's|"
    r"administrative|afghan|\d{1,3}|more|further|additional|[\w]+-(?:held|controlled|occupied)|"
    r"afghanistan's|[\w-]+-(?:largest|biggest|most\s+populous)|populous|strategic|"
    r"second|third|largest|biggest|big|important|ancient|historic|heart|in|into|"
    r"much|large|swaths|areas|main|another|two|three|four|five|six|seven|eight|nine|ten|"
    r"and|several|province|province's|headquarters|seat|governor's|governor|office|"
    r"compound|buildings|offices|government|police|prison|checkpoints|base|bases|hub|"
    r"commercial|crucial|vital|regional|trading|economic|gateway|stronghold|prize|"
    r"critical|symbolic|coveted|prosperous|bustling|sprawling|city's|capital's|complete|"
    r"total|entire|whole|effective))*\s*$"
)
_LIST_SEP_RE = Caseless(
    r"^\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+|&\s*)"
    r"(?:the\s+)?(?:(?:city|town|district|districts|province|provinces|capital|crossing)"
    r"\s+of\s+)?$"
)
_MODIFIER_BEFORE_RE = Caseless(
    r"\b(?:in|of|near|from|at|outside|inside|around|toward|towards|to|via|across|between|"
    r"with|into|on|by|located\s+in|bordering|including|like|such\s+as)\s+(?:the\s+)?"
    r"(?:\w+ern\s+|central\s+|key\s+|neighbouring\s+|neighboring\s+)?"
    r"(?:(?:province|city|district)\s+of\s+)?$"
)
# "The district of Panjwai fell": "of" after a place noun names the subject, not a modifier.
_HEAD_OF_RE = Caseless(
    r"(?:^|[^\w\s]\s*|\b(?!(?:in|of|near|from|to|at|into|outside|around|inside|by|with|"
    r"across|toward|towards|via)\b)\w+\s+)(?:the\s+)?(?:\w+ern\s+)?(?:district|city|town|"
    r"province|provincial\s+capital|capital|border\s+town|(?:district\s+)?(?:center|centre|"
    r"headquarters))\s+of\s+$"
)
_BLOCK_GAP_RE = Caseless(
    r"\b(?:via|from|to|toward|towards|near|across|against|with|by|for|after|while|as|"
    r"that|who|which|where|said|says|fled|escape|including)\b"
)
_STILL_RE = Caseless(r"\b(?:still|remains?|remained)\b")
_OUR_RE = Caseless(r"\bour\b")
_PARTS_FALLEN_RE = Caseless(r"\bparts?\s+of\s+(?:the\s+city\s+of\s+)?$")
_INSIDE_FIGHT_RE = Caseless(
    r"(?:fighting|clashes|battles?|gunfire)\s+(?:\w+\s+){0,3}?(?:inside|within|in)\s+"
    r"(?:the\s+)?(?:city|town|centre|center)|street\s+fighting|fighting\s+inside",
    words_first=True,
)
_OUTSKIRTS_RE = Caseless(r"\b(?:fringes?|outskirts|edge|edges|outside|near|around)\s+"
                           r"(?:of\s+)?(?:the\s+)?(?:city\s+)?$")
# Parts of a town whose capture is reported as taking the town itself (its seat of power).
_SEAT_WORDS = frozenset({"police", "governor", "government", "headquarters", "administrative",
                         "administration", "centre", "center", "compound", "palace", "offices"})
# "handed the district over to the Taliban": only a handover to the Taliban is a capture.
_HANDOVER_TO_RE = Caseless(r"^(?:\s+\S+){0,8}?\s+(?:over\s+)?to\s+(?:the\s+)?(?P<to>\w+)")


# Cheap test for a sentence that may name a day (weekday, month, digits, "yesterday").
_DAY_HINT = Caseless(r"day\b|night|\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")


def _type_of(place_id: str) -> str:
    return place_types()[place_id]


def _province_ids(mentions: list[PlaceMention]) -> frozenset[str]:
    """Provinces named among ``mentions`` (used to choose among same-named places)."""
    types = place_types()
    return frozenset(pid for m in mentions for pid in m.place_ids if types[pid] == "province")


_TYPE_WORD_AFTER_RE = re.compile(
    r"\s*(province|district|city|border crossing|crossing|airbase|air base)\b", _I)
_CITY_OF_BEFORE_RE = re.compile(r"\b(?:city|town|capital)\s+of\s+$", _I)
_PROVINCE_OF_BEFORE_RE = re.compile(r"\bprovince\s+of\s+$", _I)
_BY_GOVERNMENT_RE = re.compile(
    r"\s*(?:by\s+|to\s+)?(?:the\s+)?(?:afghan|government|security|special)", _I)
_BY_TALIBAN_RE = re.compile(r"\s*by\s+(?:the\s+)?(?:taliban|taleban|insurgents|militants|"
                            r"islamic\s+emirate)\b", _I)
_WHICH_WHERE_RE = re.compile(r",?\s*(?:which|where)\b", _I)
_RELATIVE_CLAUSE_RE = re.compile(r",?\s*(?:which|where|who|that)\b", _I)


def _resolve_mention(m: PlaceMention, sentence: str, near: frozenset[str],
                     article_provinces: frozenset[str],
                     offset: int) -> tuple[str, str] | None:
    """Pick one place for a mention: a type word after it, the sentence, then the article."""
    ids = m.place_ids
    if len(ids) == 1:
        pid = ids[0]
        return (pid, _type_of(pid))
    rel_end = m.end - offset
    after = sentence[rel_end:rel_end + 25]
    before = sentence[max(0, m.start - offset - 25):m.start - offset]
    name = m.text
    tail = _TYPE_WORD_AFTER_RE.match(after)
    if tail:
        name = f"{m.text} {tail.group(1)}"
    elif _CITY_OF_BEFORE_RE.search(before):
        name = f"the city of {m.text}"
    elif _PROVINCE_OF_BEFORE_RE.search(before):
        name = f"{m.text} province"
    res = resolve(name, context=sentence, provinces=near)
    if not res.ok and article_provinces - near:
        res = resolve(name, context=sentence, provinces=article_provinces)
    place = res.place if res.ok else res.preferred
    if place is not None:
        return (place.place_id, place.place_type)
    return None


class _History:
    """The Afghan place of each type the article named last, for "the city" to refer to.

    Keeping only the latest of each type, with its position in the article, makes the lookup
    independent of how many places the article named before (a list of them all made long
    texts quadratic). Sentences without a word of change matter only here, and only when a
    later "the city" has no place of its own sentence to refer to, so their names are resolved
    then, if ever.
    """

    def __init__(self, article_provinces: frozenset[str]):
        self._latest: dict[str, tuple[int, _Place]] = {}
        self._unread: list[tuple[str, int, list[PlaceMention]]] = []
        self._article_provinces = article_provinces

    def remember(self, places: list[_Place], offset: int) -> None:
        """Note the places of a sentence starting at ``offset`` in the article."""
        for p in places:
            if p.place_type not in FOREIGN_TYPES and not p.anaphor:
                at = offset + p.start
                known = self._latest.get(p.place_type)
                if known is None or at >= known[0]:
                    self._latest[p.place_type] = (at, p)

    def remember_later(self, sentence: str, offset: int, mentions: list[PlaceMention]) -> None:
        """Note the names of a sentence, resolving them only if a lookup needs them."""
        self._unread.append((sentence, offset, mentions))

    def last_named(self, types: tuple[str, ...]) -> _Place | None:
        """The place named last in the article among those of ``types``."""
        for sentence, offset, mentions in self._unread:
            self.remember(_named_places(sentence, offset, mentions, self._article_provinces),
                          offset)
        self._unread.clear()
        found = [self._latest[t] for t in types if t in self._latest]
        return max(found, key=lambda item: item[0])[1] if found else None


def _named_places(sentence: str, offset: int, mentions: list[PlaceMention],
                  article_provinces: frozenset[str]) -> list[_Place]:
    """The places a sentence names (offsets relative to the sentence)."""
    places: list[_Place] = []
    near = _province_ids(mentions)
    for m in mentions:
        resolved = _resolve_mention(m, sentence, near, article_provinces, offset)
        if resolved is None:
            continue
        pid, ptype = resolved
        places.append(_Place(m.start - offset, m.end - offset, m.text, pid, ptype))
    return places


def _sentence_places(sentence: str, offset: int, mentions: list[PlaceMention],
                     article_provinces: frozenset[str], history: _History) -> list[_Place]:
    """The places a sentence names, and those it refers to ("the city"), in order."""
    places = _named_places(sentence, offset, mentions, article_provinces)
    for a in _ANAPHOR_RE.finditer(sentence):
        if any(p.start <= a.start() < p.end or a.start() <= p.start < a.end() for p in places):
            continue
        kind = re.sub(r"\s+", " ", a.group("kind").lower())
        wanted = _ANAPHOR_TYPES.get(kind, ())
        earlier = [p for p in places if p.end <= a.start()]
        ref = next((p for p in reversed(earlier) if p.place_type in wanted), None)
        if ref is None:
            ref = history.last_named(wanted)
        if ref is not None:
            places.append(_Place(a.start(), a.end(), a.group(), ref.place_id, ref.place_type,
                                 anaphor=True))
    places.sort(key=lambda p: p.start)
    return places


def _matched(text: str, m: re.Match[str]) -> str:
    """The words a match covers, as written (a Caseless match holds lower-cased text)."""
    return text[m.start():m.end()].strip()


def _find_triggers(sentence: str) -> list[_Trigger]:
    found: list[_Trigger] = []
    for m in _ACTIVE_RE.finditer(sentence):
        kind = "recapture" if m.group("recapture") else "capture"
        found.append(_Trigger(m.start(), m.end(), _matched(sentence, m), kind,
                              "government" if kind == "recapture" else "taliban"))
    for m in _PASSIVE_RE.finditer(sentence):
        kind = m.lastgroup or "capture_passive"
        text = _matched(sentence, m)
        if not text or text.lower() in {"has", "have", "had"}:
            continue
        found.append(_Trigger(m.start(), m.end(), text, kind,
                              "government" if kind.startswith("recapture") else "taliban"))
    for m in _WEAK_RE.finditer(sentence):
        if lx.TALIBAN_ACTOR.search(sentence, max(0, m.start() - 30), m.start()):
            found.append(_Trigger(m.start(), m.end(), _matched(sentence, m), "capture",
                                  "taliban"))
    for m in _LOST_RE.finditer(sentence):
        # "The Taliban lost Kahmard": only with a side as the subject right before.
        if lx.TALIBAN_ACTOR.search(sentence, max(0, m.start() - 25), m.start()) or \
                lx.GOVERNMENT_ACTOR.search(sentence, max(0, m.start() - 25), m.start()):
            found.append(_Trigger(m.start(), m.end(), _matched(sentence, m), "capture",
                                  "taliban"))
    for m in _NOMINAL_RE.finditer(sentence):
        word = m.group("nominal").lower()
        recap = word.startswith(("recapture", "retaking"))
        found.append(_Trigger(m.start(), m.end(), _matched(sentence, m), "nominal",
                              "government" if recap else "taliban"))
    for m in _POSSESSIVE_FALL_RE.finditer(sentence):
        found.append(_Trigger(m.start(), m.end(), _matched(sentence, m),
                              "possessive", "taliban"))
    for m in _CONTEST_RE.finditer(sentence):
        found.append(_Trigger(m.start(), m.end(), _matched(sentence, m),
                              "contest", "taliban"))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    # Drop triggers nested inside a longer one ("taken" inside "taken back control of").
    kept: list[_Trigger] = []
    for t in found:
        if kept and t.start < kept[-1].end and t.kind != "contest":
            continue
        kept.append(t)
    return kept


_REPORTING_INFINITIVE_RE = re.compile(
    r"\b(?:capital|capitals|city|cities|town|district|districts|crossing|one|"
    r"first|second|third|last|latest|\w+th)\s+to\s*$", _I)
_SAID_TO_HAVE_RE = re.compile(
    r"\b(?:claim(?:ed|s)?|said|reported|believed|thought|understood)(?:\s+\w+){0,3}?"
    r"\s+to\s+(?:have|had)\s*$", _I)
_ADVERB_OR_AUXILIARY_RE = re.compile(
    r"\b(?:also|now|already|reportedly|allegedly|apparently|then|later|earlier|quickly|rapidly|"
    r"swiftly|finally|fully|effectively|have|has|had|been|be)\s*$", _I)
_SUBJECT_ACTOR_RE = re.compile(
    r"\b(?:the\s+)?(?:taliban|insurgents|militants|fighters|government\s+forces|"
    r"afghan\s+forces|troops)\s*$", _I)
_MODAL_NEAR_RE = re.compile(r"\b(?:could|might|may|would|will|not|n't|never|if)\b[^,.;]{0,25}$",
                            _I)


def _irrealis(sentence: str, trigger: _Trigger, clause_start: int) -> bool:
    """True when the verb is modal, negated, planned or an infinitive of purpose."""
    window = sentence[max(clause_start, trigger.start - 40):trigger.start]
    # "the eighth provincial capital to fall": an infinitive after a noun of place reports it.
    if _REPORTING_INFINITIVE_RE.search(window):
        return False
    # "claimed to have captured", "said to have seized" report a past act, not a plan.
    window = _SAID_TO_HAVE_RE.sub("", window)
    window = _ADVERB_OR_AUXILIARY_RE.sub("", window.rstrip())
    window = _SUBJECT_ACTOR_RE.sub("", window.rstrip())
    return bool(lx.IRREALIS.search(window.rstrip() + " ")) or bool(
        _MODAL_NEAR_RE.search(sentence[max(clause_start, trigger.start - 30):trigger.start]))


_OBJECT_BEFORE_RE = re.compile(r"\b(?:a|an|new|interim|of|in|to|for|with|against|from|"
                               r"on|the\s+new|form|forming)\s+$", _I)


def _controller(sentence: str, trigger: _Trigger, clause_start: int, default: str) -> str:
    """Who takes the place: the actor named closest before an active verb, else the default."""
    if trigger.kind == "capture" and trigger.text.lower().startswith("lost"):
        # "Afghan forces lost control of X": the other side of the one who lost it.
        before = sentence[clause_start:trigger.start]
        tal = max((m.end() for m in lx.TALIBAN_ACTOR.finditer(before)), default=-1)
        gov = max((m.end() for m in lx.GOVERNMENT_ACTOR.finditer(before)), default=-1)
        return "government" if tal > gov else "taliban"
    if trigger.kind in {"capture", "recapture"}:
        before = sentence[clause_start:trigger.start]
        tal = [m.end() for m in lx.TALIBAN_ACTOR.finditer(before)]
        # "forming a government ... after seizing the capital": an actor after an article
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


def _bind_after(sentence: str, trigger: _Trigger, places: list[_Place],
                clause_end: int) -> list[_Place]:
    """The place(s) an active verb or nominal governs: right after it, then a list."""
    later = [p for p in places if p.start >= trigger.end]
    listed = _listed_after(sentence, trigger, later)
    if listed:
        return listed
    after = [p for p in later if p.start < clause_end]
    if not after:
        return []
    first = after[0]
    gap = sentence[trigger.end:first.start]
    max_words = 3 if trigger.kind == "nominal" else 10
    if len(gap.split()) > max_words:
        return []
    if _TAKE_IN_RE.match(trigger.text) and re.match(r"\s*in(?:to)?\b", gap, _I):
        return []  # "images taken in Bazarak": where, not what was taken
    if trigger.kind != "nominal" and (_BLOCK_GAP_RE.search(gap) or not _GAP_OK_RE.match(gap)):
        if not re.search(r"^[^,.;]{0,60}\bcrossings?\s+(?:with\s+\w+\s+)?(?:at|in)\s+$", gap,
                         _I) and not re.search(lx.BUILDINGS + r"\s+(?:\w+\s+){0,3}in\s+(?:the\s+)?"
                         r"(?:\w+\s+)?(?:city\s+of\s+)?$", gap, _I):
            return []
    bound = [first]
    rest = after[1:]
    possessive = re.match(r"['’]s\s+(?:main\s+|central\s+|key\s+)?(\w+)",
                          sentence[first.end:first.end + 40])
    # "Baghlan's Doshi and Khinjan districts": the possessor names the province only.
    if possessive and rest and rest[0].start <= first.end + possessive.end() + 1:
        bound = [rest[0]]
        rest = rest[1:]
    elif possessive:
        # "the city's police headquarters" is the city taken; "the city's prison" is not.
        if possessive.group(1).lower() not in _SEAT_WORDS:
            return []
    # "the capital of Badghis province, Qala-i-Naw": the appositive is the place.
    elif first.place_type == "province" and re.search(r"capital\s+of\s+(?:the\s+)?(?:\w+ern\s+)?"
                                                      r"(?:province\s+of\s+)?$", gap, _I):
        tail = sentence[first.end:first.end + 20]
        appositive = re.match(r"(?:\s+province)?\s*,\s*", tail, _I)
        if appositive and rest and rest[0].start <= first.end + appositive.end() + 1:
            bound = [rest[0]]
            rest = rest[1:]
        else:
            cap = _capital_of(first.place_id)
            if cap is None:
                return []
            bound = [_Place(first.start, first.end, first.text, cap, "capital")]
    return _list_from(sentence, bound, rest)


def _list_from(sentence: str, bound: list[_Place], rest: list[_Place]) -> list[_Place]:
    """``bound`` and the places of ``rest`` that continue its list ("X, Y and Z districts";
    "X and Y in the north, and Z")."""
    for p in rest:
        sep = sentence[bound[-1].end:p.start]
        sep = re.sub(r"^\s*(?:districts?|provinces?|border\s+crossings?|crossings?)\b", "",
                     sep, flags=_I)
        sep = _WHERE_IN_LIST_RE.sub("", sep)
        if _LIST_SEP_RE.match(sep):
            bound.append(p)
        else:
            break
    return bound


# "Pul-i-Khumri and Faizabad in the north, and Farah": where a listed place lies.
_WHERE_IN_LIST_RE = re.compile(
    r"^\s*in\s+(?:the\s+)?(?:far\s+)?(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west|\w+ern\s+afghanistan|\w+ern\s+\w+\s+province)\b", _I)
_TAKE_IN_RE = re.compile(r"t(?:ook|ake|aken|akes|aking)$", _I)
# "seized three Afghan cities on Sunday, including the commercial hub of Kunduz", "seized three
# cities yesterday — Kunduz, Sar-i-Pul and Taliqan": a plural noun of places, then the list.
_LISTED_AFTER_RE = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,4}?(?P<noun>cities|capitals|towns|districts|district\s+"
    r"cent(?:er|re)s|(?:border\s+)?crossings|border\s+posts)\b(?P<mid>[^.;]{0,40}?)"
    r"(?:,?\s*including|,?\s*among\s+them|\s*[—–:]|\s+-+|,?\s*such\s+as|,?\s*namely)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:of\s+)?$", _I)
_MID_PLACE_RE = re.compile(r"\b(?:in|across|of|from|near|around|to)\b(?!\s+(?:\w+\s+)?days?\b)",
                           _I)


_DISTRICTS_OF_RE = re.compile(
    r"\s*(?:control\s+(?:of|over)\s+)?(?:[\w'’-]+\s+){0,3}?districts\s+(?:in|of)\s+(?:the\s+)?"
    r"(?:\w+ern\s+)?(?:province\s+of\s+)?", _I)
_LIST_OPENS_RE = re.compile(
    r"(?:\s+province)?\s*(?::|[—–]|,?\s*including|,?\s*namely|,?\s*such\s+as)\s*"
    r"(?:the\s+)?", _I)


def _listed_after(sentence: str, trigger: _Trigger, later: list[_Place]) -> list[_Place]:
    """The places listed after a capture verb's plural object, in this clause or the next."""
    if trigger.kind not in {"capture", "recapture"} or not later:
        return []
    if later[0].place_type in {"province", "capital"} and len(later) > 1 and _DISTRICTS_OF_RE.match(
            sentence, trigger.end, later[0].start) and _LIST_OPENS_RE.match(
            sentence, later[0].end, later[1].start):
        # "took four districts in Kunduz: Imam Sahib, Dasht-e Archi and Khan Abad"
        bound = _list_from(sentence, [later[1]], later[2:])
        return [p for p in bound if p.place_type == "district"]
    m = _LISTED_AFTER_RE.match(sentence, trigger.end, later[0].start)
    if m is None or _MID_PLACE_RE.search(m.group("mid")):
        return []
    wanted = {"district"} if m.group("noun").lower().startswith("district") else \
        {"border_crossing"} if "crossing" in m.group("noun").lower() or "post" in \
        m.group("noun").lower() else {"capital", "district"}
    bound = _list_from(sentence, [later[0]], later[1:])
    return [p for p in bound if p.place_type in wanted]


def _capital_of(province_id: str) -> str | None:
    from gazetteer.places import load_places

    places = load_places()
    caps = places.index[places["capital_of"] == province_id]
    return str(caps[0]) if len(caps) else None


def _bind_before(sentence: str, trigger: _Trigger, places: list[_Place],
                 clause_start: int) -> list[_Place]:
    """The subject of a passive or state phrase: the last non-modifier place before it."""
    before = [p for p in places if clause_start <= p.start and p.end <= trigger.start]
    subjects = [
        p for p in before
        if not _MODIFIER_BEFORE_RE.search(sentence[max(0, p.start - 40):p.start])
        or _HEAD_OF_RE.search(sentence[max(0, p.start - 40):p.start])
        or _PARTIAL_RE.search(sentence[max(0, p.start - 40):p.start])
        or _COUNT_RE.search(sentence[max(0, p.start - 60):p.start])
        or p.anaphor and re.match(r"[Tt]he", p.text)
        and not re.search(r"\b(?:via|from|into|to)\s+$", sentence[max(0, p.start - 8):p.start])
    ]
    if not subjects:
        return []
    last = subjects[-1]
    # The subject must be near: "X, located in Y province, had fallen" is fine, a whole
    # clause in between is not.
    if len(sentence[last.end:trigger.start].split()) > 12:
        return []
    bound = [last]
    for p in reversed(subjects[:-1]):
        if _LIST_SEP_RE.match(sentence[p.end:bound[0].start]):
            bound.insert(0, p)
        else:
            break
    return bound


class _Cues:
    """What a sentence says about who reports a change, each cue searched for only when
    ``_status`` gets that far, and then kept for the sentence's other triggers."""

    __slots__ = ("_sentence", "_found")

    def __init__(self, sentence: str):
        self._sentence = sentence
        self._found: dict[str, bool] = {}

    def has(self, cue: str) -> bool:
        """Whether the sentence holds ``cue`` (a key of ``_CUE_TESTS``)."""
        found = self._found.get(cue)
        if found is None:
            found = self._found[cue] = _CUE_TESTS[cue](self._sentence)
        return found


_CLAIM_VERB_RE = Caseless(r"\b(?:claim(?:ed|s|ing)?|tweet(?:ed|s)?)\b", words_first=True)


def _taliban_claims(sentence: str) -> bool:
    """ "Taliban spokesman X in a tweet claimed...": a claim verb shortly after a Taliban actor."""
    for cue in _CLAIM_VERB_RE.finditer(sentence):
        if lx.TALIBAN_ACTOR.search(sentence, max(0, cue.start() - 60), cue.start()):
            return True
    return False


_CUE_TESTS: dict[str, Callable[[str], bool]] = {
    "denied": lambda s: lx.DENY_CUE.search(s) is not None,
    "fighting_inside": lambda s: _INSIDE_FIGHT_RE.search(s) is not None,
    "partly_held": lambda s: lx.PARTLY_HELD.search(s) is not None,
    "confirmed": lambda s: (lx.CONFIRM_CUE.search(s) is not None
                            and lx.NO_CONFIRMATION.search(s) is None),
    "taliban_says": lambda s: lx.TALIBAN_SPEAKER.search(s) is not None or _taliban_claims(s),
    "government_says": lambda s: lx.GOVERNMENT_SPEAKER.search(s) is not None,
}


def _status(cues: _Cues, trigger: _Trigger, controller: str, clause: str) -> str:
    """How sure the report is, from who says it (see module docstring)."""
    if cues.has("denied"):
        return "denied"
    if trigger.kind == "contest" or cues.has("fighting_inside"):
        return "contested"
    if controller == "taliban" and cues.has("partly_held"):
        return "contested"
    if cues.has("confirmed"):
        return "confirmed"
    if controller == "taliban":
        if cues.has("taliban_says"):
            return "claimed"
        if cues.has("government_says"):
            return "confirmed"
    elif controller == "government":
        government_says = cues.has("government_says") or bool(_OUR_RE.search(clause))
        taliban_says = cues.has("taliban_says")
        if government_says and not taliban_says:
            return "claimed"
        if taliban_says:
            return "confirmed"
    return "reported"


def _pick_date(dates: list[DatePhrase], clause: tuple[int, int],
               trigger: _Trigger) -> DatePhrase | None:
    in_clause = [d for d in dates if clause[0] <= d.start < clause[1]
                 and d.precision != "history"]
    pool = in_clause or [d for d in dates if d.precision != "history"]
    if not pool:
        return None
    explicit = [d for d in pool if d.explicit] or pool
    return min(explicit, key=lambda d: abs(d.start - trigger.start))


# Text damaged on its way (U+FFFD where a typographic character was): an apostrophe
# between letters, a dash between spaces, a quote elsewhere. One character for one, so
# every offset still points into the stored text.
_DAMAGED_APOSTROPHE_RE = re.compile(r"(?<=\w)\ufffd(?=\w)")
_DAMAGED_DASH_RE = re.compile(r"(?<=\s)\ufffd(?=\s)")


def _repair_replacement_chars(text: str) -> str:
    if "\ufffd" not in text:
        return text
    text = _DAMAGED_APOSTROPHE_RE.sub("’", text)
    text = _DAMAGED_DASH_RE.sub("—", text)
    return text.replace("\ufffd", '"')


# "KABUL, Afghanistan — ": a dateline says where the story was filed, not what changed.
_DATELINE_AFTER_RE = re.compile(r"(?:,[^\n—–]{0,45}?)?\s*(?:\(\w+\)\s*)?(?:—|–|-+\s)")


def _in_compound(text: str, m: PlaceMention) -> bool:
    """ "Kabul-based", "the Kabul-Kandahar highway", "Dand-e-Ghori" (a name the gazetteer
    lacks, not Dand): a name joined by a hyphen to more letters is part of another word."""
    after = text[m.end:m.end + 2]
    before = text[max(0, m.start - 2):m.start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())


def _is_dateline(text: str, m: PlaceMention) -> bool:
    if not m.text.isupper() or (m.start and text[m.start - 1] not in "\n"):
        return False
    return bool(_DATELINE_AFTER_RE.match(text, m.end))


def extract(article: Article) -> list[Mention]:
    """Every change of control ``article`` reports (see the module docstring)."""
    text = _repair_replacement_chars(article.text)
    published = article.published
    all_mentions = [m for m in find_mentions(text)
                    if not _is_dateline(text, m) and not _in_compound(text, m)]
    if not all_mentions:
        return []
    out: list[Mention] = []
    article_provinces = _province_ids(all_mentions)
    history = _History(article_provinces)
    place_dates: dict[tuple[str, str], tuple[date, str]] = {}
    carried: DatePhrase | None = None
    mi = 0
    headline: _Headline | None = None
    for n_sentence, (s_start, s_end) in enumerate(split_sentences(text)):
        sent_mentions = []
        while mi < len(all_mentions) and all_mentions[mi].start < s_end:
            if all_mentions[mi].start >= s_start:
                sent_mentions.append(all_mentions[mi])
            mi += 1
        sentence = text[s_start:s_end]
        if n_sentence == 0 and not sent_mentions and text[s_end:s_end + 1] == "\n":
            headline = _headline_capture(sentence)
            continue
        from_title: list[Mention] = []
        if headline is not None:
            from_title = _headline_places(headline, article, sentence, s_start, sent_mentions,
                                          article_provinces)
            headline = None if from_title or headline.left <= 1 else headline._replace(
                left=headline.left - 1)
        if not lx.TRIGGER_HINT.search(sentence):
            out.extend(from_title)
            if sent_mentions:
                history.remember_later(sentence, s_start, sent_mentions)
            continue
        places = _sentence_places(sentence, s_start, sent_mentions, article_provinces, history)
        afghan = [p for p in places if p.place_type not in FOREIGN_TYPES]
        triggers = _find_triggers(sentence) if afghan or _DAY_HINT.search(sentence) else []
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
        day_dates = [d for d in _narrative_dates(sentence, dates)
                     if d.precision == "day" and d.explicit and d.when]
        if day_dates and any(t.kind != "contest" for t in triggers):
            carried = max(day_dates, key=lambda d: d.when)  # the story has reached this day
        history.remember(afghan, s_start)
    return _dedupe(out)


# A word that opens an aside dating something else than the story's own day: "Kunduz, which
# they seized on Sunday", "soldiers fled after the militants took Aybak on Monday".
_ASIDE_WORD_RE = re.compile(r"\b(?:which|where|who|when|after|before|since)\b", _I)


def _narrative_dates(sentence: str, dates: list[DatePhrase]) -> list[DatePhrase]:
    """The dates of a sentence that move the story's day on (not those of its asides)."""
    if not dates:
        return dates
    clauses = split_clauses(sentence)
    out = []
    for d in dates:
        start = next((a for a, b in clauses if a <= d.start < b), 0)
        if not _ASIDE_WORD_RE.search(sentence, start, d.start):
            out.append(d)
    return out


class _Headline(NamedTuple):
    """A title that reports a capture without naming the place ("Taliban Take Second Afghan
    City in Two Days"): the next sentences name it."""

    trigger: str
    count: int
    types: tuple[str, ...]
    left: int = 2  # sentences to look in


_HEADLINE_OBJECT_RE = re.compile(
    r"\s*(?:(?:a|an|another|the|their|its)\s+)?(?P<n>second|third|fourth|fifth|sixth|\d+|"
    r"one|two|three|four|five|six|another)?\s*(?:more\s+|key\s+|major\s+|strategic\s+)?"
    r"(?:afghan\s+)?(?P<kind>provincial\s+|regional\s+)?(?P<noun>city|cities|capital|capitals|"
    r"towns?|districts?)\b", _I)


def _headline_capture(sentence: str) -> _Headline | None:
    for trig in _find_triggers(sentence):
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
        return _Headline(trig.text, count or 1, types)
    return None


def _headline_places(headline: _Headline, article: Article, sentence: str, offset: int,
                     mentions: list[PlaceMention], provinces: frozenset[str]) -> list[Mention]:
    """Mentions for the first places of the wanted kind the sentence after a title names."""
    # Not a place named as a setting ("officials in Kabul said the city had fallen").
    places = [p for p in _named_places(sentence, offset, mentions, provinces)
              if p.place_type in headline.types
              and not _MODIFIER_BEFORE_RE.search(sentence[max(0, p.start - 40):p.start])]
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


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen = set()
    out = []
    for m in mentions:
        key = (m.place_id, m.new_controller, m.status, m.scope, m.start)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _sentence_events(sentence: str, places: list[_Place], dates: list[DatePhrase],
                     carried: DatePhrase | None, published: date | None,
                     triggers: list[_Trigger],
                     place_dates: dict[tuple[str, str], tuple[date, str]] | None = None,
                     ) -> list[tuple]:
    """(place, controller, status, date, precision, date_source, scope, count, trigger)."""
    results: list[tuple] = []
    clauses = split_clauses(sentence)
    cues = _Cues(sentence)  # shared by the sentence's triggers
    bound_before: _Place | None = None
    used: set[tuple[str, str]] = set()

    for trig in triggers:
        c_start, c_end = next(((a, b) for a, b in clauses if a <= trig.start < b),
                              (0, len(sentence)))
        clause = sentence[c_start:c_end]
        if any(d.precision == "history" and c_start <= d.start < c_end for d in dates):
            continue
        if lx.HISTORY_CUE.search(clause):
            continue
        if trig.kind not in {"contest", "nominal", "possessive"} and _irrealis(
                sentence, trig, c_start):
            continue
        if trig.kind in {"nominal", "possessive"} and _FEARED_RE.search(
                sentence, max(c_start, trig.start - 45), trig.start):
            continue  # "Fearing Kabul's fall", "to prevent the fall of Kandahar"
        if trig.kind in {"capture", "recapture"} and lx.FOREIGN_ACTOR.search(
                sentence[max(c_start, trig.start - 40):trig.start].rstrip() + " "):
            continue  # "U.S. troops control the airport"
        controller = _controller(sentence, trig, c_start, trig.controller)
        targets: list[_Place] = []
        scope, count = "place", 0
        if trig.kind in {"capture", "recapture", "nominal"}:
            if trig.kind == "capture" and re.match(r"hand|surrender", trig.text, _I):
                to = _HANDOVER_TO_RE.match(sentence[trig.end:])
                if not to or not lx.TALIBAN_ACTOR.match(to.group("to")):
                    continue
                controller = "taliban"  # the side handed the place, whoever hands it
            targets = _bind_after(sentence, trig, places, c_end)
            if not targets and trig.kind != "nominal":
                targets = _building_fallback(sentence, trig, places, bound_before)
            if not targets and _WHICH_WHERE_RE.match(clause):
                # "Jalalabad, which the Taliban entered": the antecedent before the comma.
                targets = [p for p in places if 0 <= c_start - p.end <= 2][:1]
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
                targets = _bind_before(sentence, trig, places, clause_start)
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
            if _PARTIAL_RE.search(gap_before) and not parts_of_town:
                p_scope = "partial"
            cm = _COUNT_RE.search(gap_before)
            if cm:
                p_scope = "count"
                p_count = _count_value(cm.group("n"))
            if p_scope != "place" and place.place_type != "province":
                province = _province_namesake(place)
                if province is not None:
                    place = province
                elif p_scope == "count":
                    continue
            status = _status(cues, trig, controller, clause)
            if status != "denied" and lx.ENTRY.match(trig.text) and controller == "taliban":
                status = "contested"  # in the place, not yet holding it
            if parts_of_town and p_scope == "place" and status != "denied":
                status = "contested"
            if place.place_type == "province" and p_scope == "place" and not \
                    _whole_province(sentence, trig, place):
                continue  # a province named beside a change is where it happened
            key = (place.place_id, controller, p_scope)
            if key in used:
                continue
            used.add(key)
            if p_scope == "place" and status != "denied" and _is_background(
                    sentence, trig, c_start, c_end, dates):
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
            when, precision, source = _date_for(dates, (c_start, c_end), trig, carried, published,
                                                (place_dates or {}).get((place.place_id,
                                                                         controller)))
            results.append((place, controller, status, when, precision, source, p_scope,
                            p_count, trig.text))
            bound_before = place

    # "all the districts have fallen" with the province named in the sentence.
    if all_fallen := _ALL_FALLEN_RE.search(sentence):
        provinces = [p for p in places if p.place_type == "province"]
        if provinces and (provinces[0].place_id, "taliban", "count") not in used:
            trig = _Trigger(0, 0, _matched(sentence, all_fallen), "capture", "taliban")
            when, precision, source = _date_for(dates, (0, len(sentence)), trig, carried,
                                                published)
            results.append((provinces[0], "taliban", _status(cues, trig, "taliban", sentence),
                            when, precision, source, "count", -1, trig.text))
    return results


# A clause that sets the change in the past of another: "since the Taliban took Kabul",
# "after seizing the capital", "as the world watched the Taliban storm into Kabul".
_SUBORDINATE_RE = re.compile(
    r"\b(?:since|after|before|until|following|when|while|once|as|amid|which)\b"
    r"(?:\s+[\w'’-]+){0,6}?\s*$", _I)
_WITH_ING_RE = re.compile(r"\bwith\b(?:\s+[\w'’-]+){0,4}?\s*$", _I)
_SAME_TIME_RE = re.compile(r"(?:as|when|while|amid|with)\b", _I)
_PAST_PROGRESSIVE_RE = re.compile(r"\b(?:was|were)\s+(?:already\s+|still\s+)?$", _I)


# Words before a nominal change that make it a fear, a forecast or a plan, not a report.
_FEARED_RE = re.compile(
    r"\b(?:fear\w*|prevent\w*|avert\w*|forestall\w*|stave\s+off|brink|verge|imminent|"
    r"looming|possible|possibility|potential|likely|risk\w*|threat\w*|danger|expect\w*|"
    r"predict\w*|warn\w*|prepar\w*|plan\w*|could|would|may|might|will|avoid\w*|stop|"
    r"halt\w*|resist\w*|delay\w*|hasten\w*|speed\w*\s+up)\b[^,.;]{0,30}$", _I)


_NEWS_OF_RE = re.compile(r"\b(?:claim\w*|announc\w*|confirm\w*|report\w*|declar\w*|"
                         r"celebrat\w*|acknowledg\w*|admit\w*)\s+(?:the\s+)?[^,.;]{0,12}$",
                         _I)


def _is_background(sentence: str, trig: _Trigger, c_start: int, c_end: int,
                   dates: list[DatePhrase]) -> bool:
    """Whether a change is mentioned in passing, as background, with no date of its own.

    A nominal form ("the fall of X", "X's takeover"), a subordinate or relative clause, or a
    past progressive ("were entering the city") reports nothing new unless its own clause
    dates it with a day or a month ("when the Taliban took X in June")."""
    before = sentence[c_start:trig.start]
    sub = _SUBORDINATE_RE.search(before)
    # Its own date is in its clause, after the word that opens it when there is one ("three
    # weeks after they swept into Kabul" is not dated by the "Monday" of the main clause),
    # or just before it ("In June, when the Taliban took X").
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
    return trig.text[-3:].lower() == "ing" and bool(
        _PAST_PROGRESSIVE_RE.search(before) or _WITH_ING_RE.search(before))


def _whole_province(sentence: str, trig: _Trigger, place: _Place) -> bool:
    """ "captured the Panjshir Valley", "Panjshir has fallen": the province itself changes
    hands only when it is the verb's own object or subject, not a possessor or a setting."""
    if sentence[place.end:place.end + 2] in {"'s", "’s"}:
        return False
    if trig.kind in {"capture", "recapture", "nominal"} and place.start >= trig.end:
        return bool(re.fullmatch(r"\s*(?:the\s+)?(?:(?:entire|whole)\s+)?",
                                 sentence[trig.end:place.start], _I))
    if trig.kind in {"capture_passive", "recapture_passive"} and place.end <= trig.start:
        # "the capital of Badakhshan province, fell": the province is in an apposition.
        if _MODIFIER_BEFORE_RE.search(sentence[max(0, place.start - 40):place.start]):
            return False
        return len(sentence[place.end:trig.start].split()) <= 2
    return False


def _province_namesake(place: _Place) -> _Place | None:
    """ "five districts in Herat", "most of Kunduz": the province, not its capital."""
    info = get_place(place.place_id)
    province = get_place(info.province_id) if info.province_id else None
    if province is None or name_key(province.name) != name_key(place.text):
        return None
    return _Place(place.start, place.end, place.text, province.place_id, "province")


def _count_value(word: str) -> int:
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word.isdigit():
        return int(word)
    if word.startswith("all"):
        return -1
    return lx.NUMBER_WORDS.get(word.replace(" of", ""), 0)


_OUTER_POSTS_RE = re.compile(r"checkpoint|outpost|prison|jail", _I)


def _building_fallback(sentence: str, trig: _Trigger, places: list[_Place],
                       bound_before: _Place | None) -> list[_Place]:
    """Seizing "the governor's office" or being "pushed back" happens at the sentence's place."""
    after = sentence[trig.end:trig.end + 60]
    building = re.match(r"\s*(?:the\s+)?(?:\w+\s+){0,3}?" + lx.BUILDINGS, after, _I)
    if building and _OUTER_POSTS_RE.search(building.group()):
        building = None  # checkpoints around a town, or its prison, are not the town
    pushed = re.search(r"push|drove|driven|clear", trig.text, _I)
    if not (building or pushed):
        return []
    if pushed and re.match(r"\s*(?:the\s+)?(?:outskirts|fringes?|edges?|perimeter)\b", after, _I):
        return []  # repelled at the edge: the place never changed hands
    if bound_before is not None:
        return [bound_before]
    towns = [p for p in places if p.place_type in {"capital", "district", "border_crossing",
                                                   "military_site"}]
    if len({p.place_id for p in towns}) == 1:
        return [towns[0]]
    return []


_DAY_BEFORE_RE = re.compile(r"(?:a\s+day\s+(?:earlier|before)|the\s+(?:day\s+before|"
                            r"previous\s+day))$", _I)


def _date_for(dates: list[DatePhrase], clause: tuple[int, int], trig: _Trigger,
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


# A name is at most seven capitalised words, each taken whole (possessive ++): an unbounded
# run let a Title Case list or a long hyphenated word backtrack quadratically or worse.
_NAME = r"[A-Z][\w'’-]++(?:[\s-](?:[A-Z][\w'’-]++|e|i|ye|al)){0,6}"
_NAMED_PLACE_RE = re.compile(
    r"\b(?P<name>" + _NAME + r")\s+"
    r"(?P<kind>district|province|border crossing|crossing|city|town)\b"
    r"|\b(?P<kind2>district|province|city|town)\s+of\s+"
    r"(?P<name2>" + _NAME + r")"
)


# Capitalised words that stand before "province" or "district" without being names.
_NOT_NAMES = frozenset({
    "the", "afghan", "afghanistan", "taliban", "a", "an", "this", "that", "its", "their",
    "his", "her", "our", "northern", "southern", "eastern", "western", "central", "key",
    "provincial", "capital", "border", "every", "each", "which", "another", "other", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many",
    "neighbouring", "neighboring", "remote", "restive", "strategic", "home", "nearby",
})


def unresolved_names(text: str) -> list[tuple[str, str, str]]:
    """Names written as places ("X district", "the province of Y") the gazetteer cannot place.

    Returns (name, reason, context) triples so people can see what the map is missing.
    """
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for m in _NAMED_PLACE_RE.finditer(text):
        name = m.group("name") or m.group("name2")
        kind = m.group("kind") or m.group("kind2")
        name = re.sub(r"^(?:The|In|On|At|Of|And|But|For|Key|Both)\s+", "", name)
        if name in seen or len(name) < 3 or name.split()[0].lower() in _NOT_NAMES:
            continue
        seen.add(name)
        res = resolve(f"{name} {kind}")
        if res.status in {"unknown", "ambiguous"}:
            context = text[max(0, m.start() - 80):m.end() + 80].replace("\n", " ")
            out.append((name, res.reason, context))
    return out
