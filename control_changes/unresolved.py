"""Names written as places that the gazetteer cannot place, for people to see what the map
misses."""

from __future__ import annotations

import re

from gazetteer.resolve import resolve

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
