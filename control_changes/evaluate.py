"""Score a table of events against a hand-coded gold table of changes of control.

The gold format (one row per change; see the README's "Evaluate" section):
``place, place_type, province, event_date, date_tolerance_days, new_controller, status,
core``; other columns (``id``, ``sources``, ``note``) are kept for the report. A gold row is
*found* when an event names the same place (any spelling the gazetteer knows), hands it to
the same side, and is dated within the tolerance. Each gold row takes at most one event (the
closest in date); a second event matching the same row is a *duplicate* and counts as a false
event, because it draws one change twice on the map. Rows with ``core=0`` may be found or
not: an event matching one is neither right nor wrong. Recall counts the ``core=1`` rows
found; precision counts every other event.

An event's date is a span by its precision: a day is that day, a ``week`` the seven days from
its date, a ``month`` the thirty days from it, ``before`` (a change known only to have
happened by that day) any day up to it. Undated events match nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from gazetteer.places import get_place
from gazetteer.resolve import resolve

GOLD_COLUMNS = ("place", "place_type", "event_date", "new_controller")
_TYPE_WORD = {"province": "province", "district": "district"}


class GoldError(ValueError):
    """The gold table cannot be read; the message says which file and line."""


@dataclass(frozen=True)
class GoldRow:
    """One hand-coded change of control."""

    row_id: str
    place: str
    place_ids: frozenset[str]
    event_date: date
    tolerance: int
    new_controller: str
    core: bool
    line: int


@dataclass
class Score:
    """What an evaluation found: rows found and missed, events right and wrong."""

    found: list[tuple[GoldRow, dict]] = field(default_factory=list)
    missed: list[GoldRow] = field(default_factory=list)
    false_events: list[tuple[dict, str]] = field(default_factory=list)
    neutral: list[tuple[dict, GoldRow]] = field(default_factory=list)
    unplaced: list[GoldRow] = field(default_factory=list)

    @property
    def recall(self) -> float:
        core_found = sum(1 for g, _ in self.found if g.core)
        core_all = core_found + sum(1 for g in self.missed if g.core)
        return core_found / core_all if core_all else 0.0

    @property
    def precision(self) -> float:
        right = sum(1 for g, _ in self.found if g.core)
        judged = right + len(self.false_events)
        return right / judged if judged else 0.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0

    def lines(self) -> list[str]:
        """A readable report: misses, false events, then the scores on the last line."""
        out: list[str] = []
        for g in self.unplaced:
            out.append(f"gold line {g.line}: {g.place!r} is not in the gazetteer; "
                       "it can never be found")
        for g in sorted(self.missed, key=lambda g: g.event_date):
            if g.core:
                out.append(f"missed  {g.row_id:>6} {g.event_date} {g.place} -> "
                           f"{g.new_controller}")
        for e, why in sorted(self.false_events, key=lambda x: str(x[0].get("event_date"))):
            out.append(f"false   {str(e.get('event_date') or 'undated'):>10} "
                       f"{e.get('place')} -> {e.get('new_controller')} "
                       f"[{e.get('status')}, {e.get('scope')}] ({why}) "
                       f"{_short(e.get('sources', ''))}")
        core = sum(1 for g in [*self.missed, *(g for g, _ in self.found)] if g.core)
        out.append(f"gold rows {core} core; events judged "
                   f"{len(self.false_events) + sum(1 for g, _ in self.found if g.core)}, "
                   f"neutral {len(self.neutral) + sum(1 for g, _ in self.found if not g.core)}")
        out.append(f"recall {self.recall:.2f} precision {self.precision:.2f} f1 {self.f1:.2f}")
        return out


def _short(sources: str, limit: int = 3) -> str:
    parts = [s for s in str(sources).split("|") if s]
    more = f" +{len(parts) - limit}" if len(parts) > limit else ""
    return ",".join(parts[:limit]) + more


def _place_ids(name: str, place_type: str, province: str) -> frozenset[str]:
    """Every gazetteer id the gold place may appear as: itself and a capital's namesake
    district (the press rarely tells the city from the district around it)."""
    word = _TYPE_WORD.get(place_type.strip().lower())
    query = f"{name} {word}" if word and word not in name.lower() else name
    res = resolve(query, context=province or None, province=province or None)
    place = res.place if res.ok else res.preferred
    if place is None:
        res = resolve(name, context=province or None)
        place = res.place if res.ok else res.preferred
    if place is None:
        return frozenset()
    ids = {place.place_id}
    if place.place_type == "capital" and place.province_id:
        district = resolve(f"{place.name} district", province=place.province_id)
        if district.ok and district.place is not None:
            ids.add(district.place.place_id)
    return frozenset(ids)


def read_gold(path: Path | str) -> list[GoldRow]:
    """The rows of a gold table; a missing column or a bad date is a ``GoldError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read ({exc})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GoldError(f"{path}: missing column(s) {', '.join(missing)}")
    rows: list[GoldRow] = []
    for n, rec in enumerate(reader, start=2):
        try:
            when = date.fromisoformat((rec.get("event_date") or "").strip())
            tolerance = int((rec.get("date_tolerance_days") or "1").strip() or 1)
        except ValueError as exc:
            raise GoldError(f"{path}:{n}: {exc}") from exc
        controller = (rec.get("new_controller") or "").strip().lower()
        rows.append(GoldRow(
            row_id=(rec.get("id") or f"line{n}").strip(), place=rec["place"].strip(),
            place_ids=_place_ids(rec["place"], rec.get("place_type") or "",
                                 (rec.get("province") or "").strip()),
            event_date=when, tolerance=tolerance, new_controller=controller,
            core=(rec.get("core") or "1").strip() not in {"0", "false", "no"}, line=n))
    return rows


def read_events(path: Path | str) -> pd.DataFrame:
    """An events table from CSV: the product's ``events.csv`` or another coder's table.

    Rows without a ``place_id`` are placed by their ``place`` name (and ``province`` or
    ``admin1`` when given) with the gazetteer; cells the export made formula-safe lose the
    leading apostrophe."""
    path = Path(path)
    try:
        events = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as exc:
        raise GoldError(f"{path}: cannot read ({exc})") from exc
    missing = [c for c in ("place", "event_date", "new_controller") if c not in events]
    if missing:
        raise GoldError(f"{path}: missing column(s) {', '.join(missing)}")
    events = events.apply(lambda col: col.str.replace(r"^'(?=[=+\-@])", "", regex=True))
    if "place_id" not in events:
        province = events.get("province", events.get("admin1", pd.Series("", index=events.index)))
        events["place_id"] = [
            next(iter(sorted(_place_ids(name, "", prov))), "")
            for name, prov in zip(events["place"], province, strict=True)]
    events["new_controller"] = events["new_controller"].str.strip().str.lower()
    return events


def _span(event: dict) -> tuple[date, date] | None:
    raw = str(event.get("event_date") or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        return None
    precision = str(event.get("date_precision") or "day")
    if precision == "week":
        return day, day + timedelta(days=6)
    if precision == "month":
        return day, day + timedelta(days=30)
    if precision == "before":
        return date.min, day
    return day, day


def _distance(span: tuple[date, date], day: date) -> int:
    lo, hi = span
    if day < lo:
        return (lo - day).days
    if day > hi:
        return (day - hi).days
    return 0


def _event_place_ids(event: dict) -> set[str]:
    pid = str(event.get("place_id") or "")
    ids = {pid}
    place = get_place(pid) if pid else None
    # A capital's namesake district counts as the capital and the other way round.
    if place is not None and place.place_type == "district" and place.province_id:
        res = resolve(place.name, province=place.province_id)
        if res.ok and res.place is not None and res.place.place_type == "capital":
            ids.add(res.place.place_id)
    return ids


def score(events: pd.DataFrame, gold: list[GoldRow]) -> Score:
    """Match ``events`` (the product's event table) to ``gold`` (see the module docstring)."""
    result = Score(unplaced=[g for g in gold if not g.place_ids])
    candidates: list[tuple[int, int, int]] = []  # (distance, event index, gold index)
    records = events.to_dict("records")
    for i, e in enumerate(records):
        span = _span(e)
        if span is None:
            continue
        ids = _event_place_ids(e)
        controller = str(e.get("new_controller") or "").lower()
        for j, g in enumerate(gold):
            if g.new_controller != controller or not (ids & g.place_ids):
                continue
            d = _distance(span, g.event_date)
            if d <= g.tolerance:
                candidates.append((d, i, j))
    taken_events: set[int] = set()
    taken_gold: dict[int, int] = {}
    for _d, i, j in sorted(candidates):
        if i in taken_events or j in taken_gold:
            continue
        taken_events.add(i)
        taken_gold[j] = i
        result.found.append((gold[j], records[i]))
    result.missed = [g for j, g in enumerate(gold) if j not in taken_gold]
    matched_rows = {i: j for _d, i, j in candidates}
    for i, e in enumerate(records):
        if i in taken_events:
            continue
        j = matched_rows.get(i)
        if j is None:
            why = "undated" if _span(e) is None else "no such change in the gold table"
            result.false_events.append((e, why))
        elif not gold[j].core:
            result.neutral.append((e, gold[j]))
        else:
            result.false_events.append((e, f"duplicate of {gold[j].row_id}"))
    return result
