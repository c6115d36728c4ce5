"""Binding a phrase of change to the place(s) it governs.

An active verb or a nominal governs the places after it (a list, an apposition, a plural
object followed by its list); a passive or state phrase governs its subject before it,
skipping places inside modifiers ("located in Herat province"). Also: when a province
itself changes hands, and when taking a building is taking the town."""

from __future__ import annotations

import re
from itertools import takewhile

from control_changes import lexicon as lx
from control_changes.caseless import Caseless
from control_changes.sentence_places import Place
from control_changes.triggers import Trigger
from gazetteer.normalize import name_key
from gazetteer.places import get_place

_I = re.IGNORECASE


PARTIAL_RE = Caseless(
    r"\b(?:most|much|parts?|large\s+parts|swaths|swathes|the\s+rest|the\s+majority|half|"
    r"areas|large\s+areas|the\s+bulk)\s+of\s+(?:the\s+)?(?:\w+ern\s+|central\s+)?"
    r"(?:province\s+of\s+)?$"
)


COUNT_RE = Caseless(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"many|dozens\s+of|some|all(?:\s+of)?(?:\s+the)?|\d{1,3})\s+(?:\w+\s+){0,2}?"
    r"(?:key\s+|more\s+|other\s+|strategic\s+)?districts?\s+(?:in|of|across)\s+"
    r"(?:the\s+)?(?:\w+ern\s+)?(?:province\s+of\s+)?$",
    words_first=True,
)


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
    r"(?:the\s+)?(?:(?:\w+ern|north-?\w+|south-?\w+|central|key|strategic|major|important|"
    r"provincial|border|nearby|neighbou?ring|northern|southern|eastern|western)\s+){0,3}"
    r"(?:(?:city|town|district|districts|province|provinces|capital|crossing)"
    r"\s+of\s+)?$"
)


MODIFIER_BEFORE_RE = Caseless(
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


# Parts of a town whose capture is reported as taking the town itself (its seat of power).
_SEAT_WORDS = frozenset({"police", "governor", "government", "headquarters", "administrative",
                         "administration", "centre", "center", "compound", "palace", "offices"})


def bind_after(sentence: str, trigger: Trigger, places: list[Place],
                clause_end: int) -> list[Place]:
    """The place(s) an active verb or nominal governs: right after it, then a list."""
    later = [p for p in places if p.start >= trigger.end]
    listed = _listed_after(sentence, trigger, later)
    if listed:
        return listed
    after = [p for p in later if p.start < clause_end]
    if not after:
        return []
    if _FACILITY_AFTER_RE.match(sentence, after[0].end):
        return []  # "retook Kunduz airport": the airport, not the city
    near = takewhile(lambda p: p.start - trigger.end <= _CROSSING_REACH, after)
    at = next((p for p in near if _CROSSING_AT_RE.match(sentence, trigger.end, p.start)), None)
    if at is not None and trigger.kind != "nominal":
        # "the main crossing between Afghanistan and Pakistan at Spin Boldak": the place
        # after "at", whatever the countries named on the way.
        return _list_from(sentence, [at], [p for p in after if p.start > at.start])
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
    # A list may run on past the clause: "X, the largest city in the north, as well as Y".
    rest = [p for p in later if p.start > first.start]
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
            bound = [Place(first.start, first.end, first.text, cap, "capital")]
    return _list_from(sentence, bound, rest)


# A place's name before a facility of it names the facility ("Kunduz airport", "Pul-e
# Charkhi prison"); a facility the gazetteer has (Kandahar Airfield) is matched whole first.
_FACILITY_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:(?:international|main|civilian|military|central|old|new)\s+)?"
    r"(?:airport|airfield|air\s*base|airbase|air\s+strip|airstrip|prison|jail|university|"
    r"hospital|dam|stadium|highway|road|bridge|garrison|cantonment|barracks|bazaar|"
    r"(?:military|army)\s+base)s?\b", _I)


# The longest "crossing ... at" phrase looked through, in characters.
_CROSSING_REACH = 140
_CROSSING_AT_RE = re.compile(
    r"\s*(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:border\s+(?:crossings?|posts?|ports?|gates?)|"
    r"crossings?|(?:customs|trade|trading)\s+(?:posts?|ports?))"
    r"\s+(?:(?:with|between|on|along|into|to)\s+[^,.;]{0,60}?\s+)?at\s+$", _I)


# "the Doshi district of Baghlan and ...": the province says where the listed place is.
_QUALIFIED_BY_RE = re.compile(
    r"\s*(?:(?:,\s*)?(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?:district|city|town|capital|"
    r"border\s+town))?\s*(?:,\s*)?(?:of|in)\s+(?:the\s+)?(?:province\s+of\s+)?$", _I)
# "Mazar-i-Sharif, the largest city in the north, as well as Pul-e-Alam": an apposition
# between two places of a list.
_APPOSITION_RE = re.compile(r"^\s*,\s*(?:the|a|an)\s+[^,;()]{1,60}?,\s*", _I)


def _list_from(sentence: str, bound: list[Place], rest: list[Place]) -> list[Place]:
    """``bound`` and the places of ``rest`` that continue its list ("X, Y and Z districts";
    "X and Y in the north, and Z"; "X district of Baghlan and Y")."""
    end = bound[-1].end
    for p in rest:
        sep = sentence[end:p.start]
        if p.place_type == "province" and _QUALIFIED_BY_RE.match(sep):
            word = re.match(r"\s+province\b", sentence[p.end:], _I)
            end = p.end + (word.end() if word else 0)
            continue
        end = p.end
        sep = re.sub(r"^\s*(?:districts?|provinces?|border\s+crossings?|crossings?)\b", "",
                     sep, flags=_I)
        sep = _APPOSITION_RE.sub("", sep)
        sep = _WHERE_IN_LIST_RE.sub("", sep)
        if _LIST_SEP_RE.match(sep):
            bound.append(p)
        else:
            break
    return bound


# "Aybak and Sheberghan in the north, and Farah": where a listed place lies.
_WHERE_IN_LIST_RE = re.compile(
    r"^\s*in\s+(?:the\s+)?(?:far\s+)?(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west|\w+ern\s+afghanistan|\w+ern\s+\w+\s+province)\b", _I)


_TAKE_IN_RE = re.compile(r"t(?:ook|ake|aken|akes|aking)$", _I)


# "took two capitals on Sunday, including the border town of Zaranj", "captured three towns
# yesterday — Sheberghan, Aybak and Maimana": a plural noun of places, then the list.
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


def _listed_after(sentence: str, trigger: Trigger, later: list[Place]) -> list[Place]:
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


def bind_before(sentence: str, trigger: Trigger, places: list[Place],
                 clause_start: int) -> list[Place]:
    """The subject of a passive or state phrase: the last non-modifier place before it."""
    before = [p for p in places if clause_start <= p.start and p.end <= trigger.start]
    subjects = [
        p for p in before
        if not MODIFIER_BEFORE_RE.search(sentence[max(0, p.start - 40):p.start])
        or _HEAD_OF_RE.search(sentence[max(0, p.start - 40):p.start])
        or PARTIAL_RE.search(sentence[max(0, p.start - 40):p.start])
        or COUNT_RE.search(sentence[max(0, p.start - 60):p.start])
        or p.anaphor and re.match(r"[Tt]he", p.text)
        and not re.search(r"\b(?:via|from|into|to)\s+$", sentence[max(0, p.start - 8):p.start])
    ]
    if not subjects:
        return []
    last = subjects[-1]
    qualified = [p for p in before if p.end <= last.start]
    if last.place_type == "province" and qualified and _QUALIFIED_BY_RE.match(
            sentence[qualified[-1].end:last.start]):
        # "The Khwaja Ghar district of Takhar has collapsed": the province says where.
        last = qualified[-1]
        subjects = [p for p in subjects if p.end < last.end] + [last]
    if _FACILITY_AFTER_RE.match(sentence, last.end):
        return []  # "Kunduz airport fell": the airport, not the city
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


def whole_province(sentence: str, trig: Trigger, place: Place) -> bool:
    """ "seized the entire Nuristan province", "Nuristan has fallen": the province itself changes
    hands only when it is the verb's own object or subject, not a possessor or a setting."""
    if sentence[place.end:place.end + 2] in {"'s", "’s"}:
        return False
    if trig.kind in {"capture", "recapture", "nominal"} and place.start >= trig.end:
        return bool(re.fullmatch(r"\s*(?:the\s+)?(?:(?:entire|whole)\s+)?",
                                 sentence[trig.end:place.start], _I))
    if trig.kind in {"capture_passive", "recapture_passive"} and place.end <= trig.start:
        # "the capital of Badakhshan province, fell": the province is in an apposition.
        if MODIFIER_BEFORE_RE.search(sentence[max(0, place.start - 40):place.start]):
            return False
        return len(sentence[place.end:trig.start].split()) <= 2
    return False


def province_namesake(place: Place) -> Place | None:
    """ "five districts in Herat", "most of Kunduz": the province, not its capital."""
    info = get_place(place.place_id)
    province = get_place(info.province_id) if info.province_id else None
    if province is None or name_key(province.name) != name_key(place.text):
        return None
    return Place(place.start, place.end, place.text, province.place_id, "province")


_OUTER_POSTS_RE = re.compile(r"checkpoint|outpost|prison|jail", _I)


def building_fallback(sentence: str, trig: Trigger, places: list[Place],
                       bound_before: Place | None) -> list[Place]:
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
