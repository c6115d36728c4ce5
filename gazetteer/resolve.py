"""Resolve a place name, as the press writes it, to one gazetteer place or a clear "no".

Order of evidence: the exact folded key (``normalize.name_key``), then a type word in the name
("Herat province", "the city of Herat", "Shindand district"), then the provinces named in the
surrounding text, then a documented default for a province and its same-named capital. When
several places remain, the answer is "ambiguous" with every candidate, never a silent guess.
A fuzzy match is tried only when nothing matches exactly, only against Afghan names, and only
above a strict similarity threshold, so Moscow or Termez never become Afghan places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from gazetteer.index import FOREIGN_TYPES, alias_index, place_types
from gazetteer.normalize import name_key
from gazetteer.places import Place, get_place

# Minimum rapidfuzz ratio (0-100) for a close misspelling to count as a match.
FUZZY_THRESHOLD = 90
# Keys shorter than this are never fuzzy-matched: short words are too easy to confuse.
FUZZY_MIN_LENGTH = 6

_TYPE_WORDS = {
    "province": "province",
    "provinces": "province",
    "provincial": "province",
    "wilayat": "province",
    "city": "capital",
    "town": "capital",
    "capital": "capital",
    "district": "district",
    "districts": "district",
    "crossing": "border_crossing",
    "border": "border_crossing",
    "port": "border_crossing",
    "airfield": "military_site",
    "airbase": "military_site",
    "base": "military_site",
}
# Afghanistan itself: a country row, so never painted, yet not foreign.
COUNTRY_ID = "country:afghanistan"
_LEAD_RE = re.compile(
    r"^\s*(?:the\s+)?(city|town|province|district)\s+of\s+", re.IGNORECASE
)
_TRAIL_RE = re.compile(
    r"\s+(province|provinces|provincial|wilayat|city|town|district|districts|"
    r"(?:border\s+)?crossing|border|port|air\s*field|air\s*base|base)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to, and why.

    ``status`` is ``resolved`` (``place`` is set), ``ambiguous`` (see ``candidates``),
    ``foreign`` (a place outside Afghanistan) or ``unknown``.
    """

    query: str
    status: str
    place: Place | None = None
    candidates: tuple[Place, ...] = field(default_factory=tuple)
    method: str = ""
    reason: str = ""
    # When ambiguous, the candidate a reader would most likely mean (a provincial capital
    # over same-named districts elsewhere); callers may use it, saying so.
    preferred: Place | None = None

    @property
    def ok(self) -> bool:
        return self.status == "resolved"


def _split_type(name: str) -> tuple[str, str | None]:
    """Separate a type word from the name: ("Herat province") -> ("Herat", "province")."""
    wanted = None
    lead = _LEAD_RE.match(name)
    if lead:
        wanted = _TYPE_WORDS[lead.group(1).lower()]
        name = name[lead.end():]
    trail = _TRAIL_RE.search(name)
    if trail and trail.start() > 0:
        word = re.sub(r"\s+", "", trail.group(1).lower())
        word = {"bordercrossing": "crossing"}.get(word, word)
        wanted = _TYPE_WORDS.get(word, wanted)
        name = name[: trail.start()]
    return name.strip(" ,.;:"), wanted


@cache
def _afghan_keys() -> tuple[str, ...]:
    types = place_types()
    return tuple(
        key
        for key, ids in alias_index().items()
        if len(key) >= FUZZY_MIN_LENGTH and any(types[i] not in FOREIGN_TYPES for i in ids)
    )


def _fuzzy_key(key: str) -> tuple[str, float] | None:
    """The closest Afghan alias key, if close enough; foreign names block the match."""
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    best = process.extractOne(
        key, _afghan_keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
    )
    if best is None:
        return None
    match, score, _ = best
    # The first letter rarely changes between transliterations; differing ones are new words.
    if match[0] != key[0]:
        return None
    return match, score


def _provinces_in(context: str | None) -> set[str]:
    """Province ids named in the context (including through their capitals)."""
    if not context:
        return set()
    from gazetteer.mentions import find_mentions  # local: mentions imports the index

    types = place_types()
    out: set[str] = set()
    for m in find_mentions(context):
        for pid in m.place_ids:
            if types[pid] == "province":
                out.add(pid)
    return out


def _prefer_capital_over_namesakes(cands: list[Place]) -> list[Place]:
    """A province, its capital and a district all named "Herat": keep the capital.

    Captures reported with a bare province-capital name are, in the press, about the city
    ("the seizure of Kandahar and Herat"); the province is written "Herat province".
    """
    capitals = [p for p in cands if p.place_type == "capital"]
    if len(capitals) != 1:
        return cands
    cap = capitals[0]
    rest = [
        p
        for p in cands
        if p is not cap and not (p.place_type in {"province", "district"}
                                 and p.province_id == cap.province_id)
    ]
    return [cap, *rest]


_BORDER_WORDS_RE = re.compile(r"\b(?:crossing|border|port|customs)\b", re.IGNORECASE)


def resolve(name: str, context: str | None = None, province: str | None = None,
            provinces: frozenset[str] | set[str] | None = None) -> Resolution:
    """Resolve ``name``.

    ``context`` is nearby text (provinces named in it break ties); ``province`` is a province
    name hint; ``provinces`` are province ids already known to be named nearby (callers that
    have found the mentions of a text pass these instead of the text, which is faster).
    """
    name = name or ""
    hints = frozenset(provinces if provinces is not None else _provinces_in(context))
    if hints:
        # Only the provinces the candidates lie in can decide. Narrowing the hints to those
        # keeps the cache below to one entry per name and deciding province: keyed on all
        # the provinces an article names, it gained thousands of entries per 10,000 articles.
        found = _lookup(name)
        hints = hints & found.provinces if found is not None else frozenset()
    border_words = bool(context and _BORDER_WORDS_RE.search(context))
    return _resolve(name, province, hints, border_words)


class _Lookup(NamedTuple):
    """The gazetteer entries a name can mean, before any context is weighed."""

    core: str
    wanted: str | None
    ids: tuple[str, ...]
    method: str
    provinces: frozenset[str]


@lru_cache(maxsize=65536)
def _lookup(name: str) -> _Lookup | None:
    """The exact (else fuzzy) alias match of ``name``; None when nothing matches."""
    core, wanted = _split_type(name)
    key = name_key(core)
    if not key:
        return None
    method = "exact"
    # A type word can be part of the name itself ("Bagram airbase", "Hairatan crossing").
    whole = alias_index().get(name_key(name))
    if whole is not None and wanted is not None:
        core, key, wanted = name.strip(), name_key(name), None
    ids = alias_index().get(key)
    if ids is None:
        fuzzy = _fuzzy_key(key)
        if fuzzy is None:
            return _Lookup(core, wanted, (), method, frozenset())
        ids = alias_index()[fuzzy[0]]
        method = f"fuzzy ({fuzzy[0]!r}, score {fuzzy[1]:.0f})"
    ids = tuple(ids)
    return _Lookup(core, wanted, ids, method,
                   frozenset(get_place(i).province_id for i in ids))


@lru_cache(maxsize=65536)
def _resolve(name: str, province: str | None, hints: frozenset[str],
             border_words: bool) -> Resolution:
    """``resolve`` once the context is reduced to what decides: the provinces named near the
    name and whether crossing words occur. Cached, since articles name the same places
    again and again (a Resolution is immutable)."""
    found = _lookup(name)
    if found is None:
        return Resolution(name, "unknown", reason="no letters to match")
    core, wanted, ids, method, _ = found
    if not ids:
        return Resolution(name, "unknown", reason=f"no gazetteer name matches {core!r}")

    cands = [get_place(i) for i in ids]
    if [p.place_id for p in cands] == [COUNTRY_ID]:
        # a sentence about the whole country: known, but no one place on the map
        return Resolution(name, "resolved", place=cands[0], candidates=tuple(cands),
                          method=method, reason="the whole of Afghanistan")
    afghan = [p for p in cands if p.place_type not in FOREIGN_TYPES]
    if not afghan:
        return Resolution(
            name, "foreign", candidates=tuple(cands), method=method,
            reason=f"{core!r} is outside Afghanistan ({cands[0].country})",
        )
    cands = afghan
    reasons = []

    if wanted:
        typed = [p for p in cands if p.place_type == wanted]
        if wanted == "capital" and not typed:
            typed = [p for p in cands if p.place_type in {"capital", "district"}]
        if typed:
            cands = typed
            reasons.append(f"type word says {wanted}")

    if len(cands) > 1:
        if province:
            hint = resolve(province)
            if hint.place is not None:
                hints = hints | {hint.place.province_id}
        near = [p for p in cands if p.province_id in hints]
        if near and len(near) < len(cands):
            cands = near
            reasons.append("province named nearby")

    if len(cands) > 1 and wanted is None:
        preferred = _prefer_capital_over_namesakes(cands)
        if len(preferred) < len(cands):
            reasons.append(
                "bare name shared by a capital and a province or district of the same "
                "name: chose the capital city (write 'province' or 'district' for those)"
            )
            cands = preferred

    if len(cands) > 1 and wanted is None:
        chosen = _crossing_or_district(cands, border_words)
        if chosen is not None:
            cands = [chosen]
            reasons.append("a border crossing and a district share the name: "
                           + ("'crossing' or 'border' nearby" if chosen.place_type ==
                              "border_crossing" else "no mention of a crossing nearby"))

    if len(cands) == 1:
        return Resolution(
            name, "resolved", place=cands[0], candidates=tuple(cands), method=method,
            reason="; ".join(reasons) or "single match",
        )
    capitals = [p for p in cands if p.place_type == "capital"]
    return Resolution(
        name, "ambiguous", candidates=tuple(cands), method=method,
        reason=f"{len(cands)} places are called {core!r}; name the province to choose",
        preferred=capitals[0] if len(capitals) == 1 else None,
    )


def _crossing_or_district(cands: list[Place], border_words: bool) -> Place | None:
    """Dand-e-Patan the crossing or the district: the crossing only when the text says so."""
    crossings = [p for p in cands if p.place_type == "border_crossing"]
    others = [p for p in cands if p.place_type != "border_crossing"]
    if len(crossings) != 1 or len(others) != 1:
        return None
    if others[0].province_id != crossings[0].province_id:
        return None
    if border_words:
        return crossings[0]
    return others[0]
