"""The alias index: comparison key -> the places that carry that name.

Built once from ``aliases.csv`` and shared by the resolver and the mention finder, so both
agree on what a spelling means.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from gazetteer.normalize import name_key
from gazetteer.places import load_aliases, load_places

# Place types that are never painted on the Afghan map: a match on one of these means the
# text talks about somewhere abroad.
FOREIGN_TYPES = frozenset({"country", "foreign_place"})


@cache
def alias_index() -> dict[str, tuple[str, ...]]:
    """Map each alias key to the sorted place ids that carry it."""
    aliases = load_aliases()
    index: dict[str, set[str]] = defaultdict(set)
    for place_id, alias in zip(aliases["place_id"], aliases["alias"], strict=True):
        key = name_key(str(alias))
        if key:
            index[key].add(str(place_id))
    return {key: tuple(sorted(ids)) for key, ids in index.items()}


@cache
def place_types() -> dict[str, str]:
    """place_id -> place_type, for quick filtering without building Place objects."""
    places = load_places()
    return dict(zip(places.index, places["place_type"], strict=True))
