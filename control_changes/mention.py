"""One reported change of control of one place, as one article tells it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
