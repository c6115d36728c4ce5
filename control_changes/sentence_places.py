"""The places a sentence names or refers to, as the extractor reads them.

Names the gazetteer finds in the text, less datelines and parts of hyphenated words, each
resolved to one place by the words around it; "the city" and the like refer to the last place
of that kind named. Text whose typographic characters were damaged to U+FFFD is repaired
one character for one, so every offset still points into the stored text."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from gazetteer.index import FOREIGN_TYPES, place_types
from gazetteer.mentions import PlaceMention
from gazetteer.places import load_places
from gazetteer.resolve import resolve

_I = re.IGNORECASE


class Place(NamedTuple):
    """A place named (or referred to) in a sentence, offsets relative to the sentence."""

    start: int
    end: int
    text: str
    place_id: str
    place_type: str
    anaphor: bool = False


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


def _type_of(place_id: str) -> str:
    return place_types()[place_id]


def province_ids(mentions: list[PlaceMention]) -> frozenset[str]:
    """Provinces named among ``mentions`` (used to choose among same-named places)."""
    types = place_types()
    return frozenset(pid for m in mentions for pid in m.place_ids if types[pid] == "province")


_TYPE_WORD_AFTER_RE = re.compile(
    r"\s*(province|district|city|border crossing|crossing|airbase|air base)\b", _I)


_CITY_OF_BEFORE_RE = re.compile(r"\b(?:city|town|capital)\s+of\s+$", _I)


_PROVINCE_OF_BEFORE_RE = re.compile(r"\bprovince\s+of\s+$", _I)


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


class History:
    """The Afghan place of each type the article named last, for "the city" to refer to.

    Keeping only the latest of each type, with its position in the article, makes the lookup
    independent of how many places the article named before (a list of them all made long
    texts quadratic). Sentences without a word of change matter only here, and only when a
    later "the city" has no place of its own sentence to refer to, so their names are resolved
    then, if ever.
    """

    def __init__(self, article_provinces: frozenset[str]):
        self._latest: dict[str, tuple[int, Place]] = {}
        self._unread: list[tuple[str, int, list[PlaceMention]]] = []
        self._article_provinces = article_provinces

    def remember(self, places: list[Place], offset: int) -> None:
        """Note the places of a sentence starting at ``offset`` in the article. A town that
        gives its name to a border crossing (Spin Boldak) is also the last crossing named:
        "the crossing" after it means that town, as "the crossing at Spin Boldak" does, not
        a crossing named before."""
        for p in places:
            if p.place_type not in FOREIGN_TYPES and not p.anaphor:
                at = offset + p.start
                for kind in _kinds(p):
                    known = self._latest.get(kind)
                    if known is None or at >= known[0]:
                        self._latest[kind] = (at, p)

    def remember_later(self, sentence: str, offset: int, mentions: list[PlaceMention]) -> None:
        """Note the names of a sentence, resolving them only if a lookup needs them."""
        self._unread.append((sentence, offset, mentions))

    def last_named(self, types: tuple[str, ...]) -> Place | None:
        """The place named last in the article among those of ``types``."""
        found = self.last_named_at(types)
        return found[1] if found else None

    def last_named_at(self, types: tuple[str, ...]) -> tuple[int, Place] | None:
        """``last_named`` with where in the article it was named."""
        for sentence, offset, mentions in self._unread:
            self.remember(named_places(sentence, offset, mentions, self._article_provinces),
                          offset)
        self._unread.clear()
        found = [self._latest[t] for t in types if t in self._latest]
        return max(found, key=lambda item: item[0]) if found else None


@cache
def _crossing_towns() -> frozenset[str]:
    """The districts a border crossing is named after (Spin Boldak for the Spin Boldak-Chaman
    crossing; not Imam Sahib, which holds Sher Khan Bandar under another name)."""
    places = load_places()
    districts = {(prov, name.lower()): pid for pid, prov, name, kind in zip(
        places.index, places["province_id"], places["name"], places["place_type"], strict=True)
        if kind == "district"}
    crossings = places[places["place_type"] == "border_crossing"]
    return frozenset(
        districts[(prov, str(town).lower())]
        for prov, town, name in zip(crossings["province_id"], crossings["district"],
                                    crossings["name"], strict=True)
        if (prov, str(town).lower()) in districts
        and str(name).lower().startswith(str(town).lower()))


def _kinds(place: Place) -> tuple[str, ...]:
    """What "the city", "the crossing" and the like may call ``place``: its own type, and a
    crossing too for a town a crossing is named after."""
    if place.place_id in _crossing_towns():
        return (place.place_type, "border_crossing")
    return (place.place_type,)


def named_places(sentence: str, offset: int, mentions: list[PlaceMention],
                  article_provinces: frozenset[str]) -> list[Place]:
    """The places a sentence names (offsets relative to the sentence)."""
    places: list[Place] = []
    near = province_ids(mentions)
    for m in mentions:
        resolved = _resolve_mention(m, sentence, near, article_provinces, offset)
        if resolved is None:
            continue
        pid, ptype = resolved
        places.append(Place(m.start - offset, m.end - offset, m.text, pid, ptype))
    return places


_APPOSITION_RE = re.compile(r"\s*(?:,|\(|—|–|-)\s*")


def sentence_places(sentence: str, offset: int, mentions: list[PlaceMention],
                     article_provinces: frozenset[str], history: History) -> list[Place]:
    """The places a sentence names, and those it refers to ("the city"), in order."""
    places = named_places(sentence, offset, mentions, article_provinces)
    for a in _ANAPHOR_RE.finditer(sentence):
        if any(p.start <= a.start() < p.end or a.start() <= p.start < a.end() for p in places):
            continue
        named_next = next((p for p in places if p.start >= a.end()), None)
        if named_next is not None and _APPOSITION_RE.fullmatch(sentence, a.end(),
                                                                named_next.start):
            continue  # "the provincial capital, Bazarak": the name that follows is meant
        kind = re.sub(r"\s+", " ", a.group("kind").lower())
        wanted = _ANAPHOR_TYPES.get(kind, ())
        earlier = [p for p in places if p.end <= a.start()]
        ref = next((p for p in reversed(earlier) if not set(_kinds(p)).isdisjoint(wanted)),
                   None)
        if ref is None:
            ref = history.last_named(wanted)
        if ref is not None:
            places.append(Place(a.start(), a.end(), a.group(), ref.place_id, ref.place_type,
                                 anaphor=True))
    for k in _kabul_phrases(sentence):
        over = [p for p in places if p.start < k.end() and k.start() < p.end]
        if all(p.place_type == "country" for p in over):  # "Afghanistan's capital"
            places = [p for p in places if p not in over]
            places.append(Place(k.start(), k.end(), k.group(), "capital:kabul", "capital",
                                anaphor=True))
    if not any(p.place_type not in FOREIGN_TYPES for p in places):
        places.extend(_seat_of_the_town(sentence, offset, history))
    places.sort(key=lambda p: p.start)
    return places


# The country's capital named as such: in 2021 copy "the Afghan capital" is Kabul. Followed by
# the name ("the Afghan capital, Kabul"), the name is the place.
_KABUL_RE = re.compile(r"\b(?:(?P<the>[Tt]he)\s+)?Afghan\s+capital\b|"
                       r"\bAfghanistan['’]s\s+capital\b")
_KABUL_NAMED_AFTER_RE = re.compile(r"\s*(?:,|\(|—|–)?\s*Kabul\b|\s+(?:city\s+)?of\b|['’]s\b")
# Words before a bare "Afghan capital" that make it one of several ("a third Afghan capital").
_ONE_OF_RE = re.compile(r"\b(?:a|an|another|one|each|every|second|third|fourth|fifth|sixth|"
                        r"seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|provincial|regional|"
                        r"key|major|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+$",
                        re.IGNORECASE)


def _kabul_phrases(sentence: str) -> list[re.Match[str]]:
    """Where the sentence calls Kabul "the Afghan capital" (a headline drops the article)
    and does not name it right after, nor means a part of it ("the Afghan capital's
    airport")."""
    return [k for k in _KABUL_RE.finditer(sentence)
            if not _KABUL_NAMED_AFTER_RE.match(sentence, k.end())
            and (k.group("the") or k.group().startswith("Afghanistan")
                 or not _ONE_OF_RE.search(sentence, 0, k.start()))]


def names_kabul(text: str) -> bool:
    """Whether ``text`` calls Kabul "the Afghan capital" without naming it."""
    return bool(_kabul_phrases(text))


# The seat of a town's power, named without the town: "the governor's office and police
# headquarters were handed to the Taliban" in a story about one city.
_SEAT_RE = re.compile(
    r"\b[Tt]he\s+(?:provincial\s+)?(?:governor['’]s\s+(?:office|compound|residence|palace)|"
    r"police\s+headquarters|provincial\s+(?:police\s+)?headquarters)\b")
# How far back (characters) the town may have been named.
_SEAT_REACH = 800


def _seat_of_the_town(sentence: str, offset: int, history: History) -> list[Place]:
    """The town a seat of power belongs to: the capital the story named last, when it was
    named lately and no district or crossing was named after it."""
    seat = _SEAT_RE.search(sentence)
    if seat is None:
        return []
    last = history.last_named_at(("capital", "district", "border_crossing"))
    if last is None or last[1].place_type != "capital" or offset - last[0] > _SEAT_REACH:
        return []
    town = last[1]
    return [Place(seat.start(), seat.end(), seat.group(), town.place_id, town.place_type,
                  anaphor=True)]


# Text damaged on its way (U+FFFD where a typographic character was): an apostrophe
# between letters, a dash between spaces, a quote elsewhere. One character for one, so
# every offset still points into the stored text.
_DAMAGED_APOSTROPHE_RE = re.compile(r"(?<=\w)\ufffd(?=\w)")


_DAMAGED_DASH_RE = re.compile(r"(?<=\s)\ufffd(?=\s)")


def repair_text(text: str) -> str:
    if "\ufffd" not in text:
        return text
    text = _DAMAGED_APOSTROPHE_RE.sub("’", text)
    text = _DAMAGED_DASH_RE.sub("—", text)
    return text.replace("\ufffd", '"')


# "KABUL, Afghanistan — ": a dateline says where the story was filed, not what changed.
_DATELINE_AFTER_RE = re.compile(r"(?:,[^\n—–]{0,45}?)?\s*(?:\(\w+\)\s*)?(?:—|–|-+\s)")


def in_compound(text: str, m: PlaceMention) -> bool:
    """ "Kabul-based", "the Kabul-Kandahar highway", "Dand-e-Ghori" (a name the gazetteer
    lacks, not Dand): a name joined by a hyphen to more letters is part of another word."""
    after = text[m.end:m.end + 2]
    before = text[max(0, m.start - 2):m.start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())


def is_dateline(text: str, m: PlaceMention) -> bool:
    if not m.text.isupper() or (m.start and text[m.start - 1] not in "\n"):
        return False
    return bool(_DATELINE_AFTER_RE.match(text, m.end))
