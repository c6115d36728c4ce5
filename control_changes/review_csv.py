"""Decisions to and from CSV, so a team can share its reviews.

The file holds one decision a row, in the columns of the ``reviews`` table (no id: the store
that imports them numbers them). Notes and names are untrusted, so cells are written
formula-safe (``export.guard_cell``) and the guard is taken off again on import. A file with
any bad row is refused whole, naming every bad row and field, so an import never stores half.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from control_changes.export import guard_cell
from control_changes.review import Decision, ReviewError, check

FIELDS = list(Decision.__dataclass_fields__)


class ReviewFileError(ValueError):
    """A decisions file that cannot be imported; nothing was stored."""


def to_csv_text(decisions: pd.DataFrame) -> str:
    """The decisions (``Store.reviews``) as CSV text, cells formula-safe."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in decisions[FIELDS].fillna("").astype(str).to_dict("records"):
        writer.writerow({k: guard_cell(v) for k, v in row.items()})
    return out.getvalue()


def write(decisions: pd.DataFrame, path: Path) -> None:
    path.write_text(to_csv_text(decisions), encoding="utf-8")


def _unguarded(value: str) -> str:
    """A cell as it was before ``guard_cell`` prefixed it."""
    if value.startswith("'") and guard_cell(value[1:]) == value:
        return value[1:]
    return value


def read(path: Path) -> list[Decision]:
    """Every decision in the file, or ``ReviewFileError`` naming each bad row and field."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewFileError(f"{path}: cannot read it ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        raise ReviewFileError(f"{path}: columns missing: {', '.join(missing)}")
    decisions, problems = [], []
    for line, row in enumerate(reader, start=2):
        values = {f: _unguarded(row[f] or "") for f in FIELDS}
        try:
            decisions.append(check(Decision(**values)))
        except ReviewError as exc:
            problems.append(f"{path}:{line}: {exc}")
    if problems:
        raise ReviewFileError("\n".join(problems) + "\nnothing was imported")
    return decisions

