"""The counts above the map and the chart below it, from one definition of each figure.

Every count follows the filters, numerator and denominator alike: with Herat chosen the
capitals are counted out of Herat's one capital, not the country's 34. The counts are of the
places the stored articles name, so ``coverage`` says how much of the war those articles
cover, and the page says so whenever the store is small or spans part of the offensive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd

from control_changes.holdings import daily_counts
from dashboard_core.data import Filters, dated
from gazetteer.places import load_places

COUNT_SERIES = {"capital": "Provincial capitals", "border_crossing": "Border crossings",
                "district": "Districts"}
# The offensive, from the start of the foreign withdrawal to the fall of Kabul: a store whose
# articles start later or end earlier covers only part of it.
OFFENSIVE = (date(2021, 5, 1), date(2021, 8, 15))
# Below this many articles a store is a sample, whatever dates it spans.
SMALL_STORE = 1000


@dataclass(frozen=True)
class Figures:
    capitals_taliban: int
    capitals_total: int
    crossings_taliban: int
    crossings_total: int
    districts_taliban: int  # districts held by the Taliban on the day
    districts_counted: int  # districts in "N districts in X" reports up to the day
    all_districts_of: tuple[str, ...]  # provinces where "all the districts" were reported
    contested: int

    @property
    def districts_taken(self) -> int:
        """Districts reported taken: the one figure the metric and the chart both show."""
        return self.districts_taliban + self.districts_counted


@dataclass(frozen=True)
class Universe:
    """What the counts are out of, under the filters, and how to say it."""

    capitals: int
    crossings: int
    where: str  # "in Afghanistan", "in Herat", "in 3 chosen provinces"


@cache
def universe(f: Filters) -> Universe:
    """The capitals and border crossings the filters keep, out of the gazetteer's."""
    places = load_places()
    keep = pd.Series(True, index=places.index)
    if f.provinces:
        keep &= places["province"].isin(f.provinces)
    capitals = places[keep & (places["place_type"] == "capital")]
    crossings = places[keep & (places["place_type"] == "border_crossing")]
    if f.crossing_mode == "only":
        capitals = capitals.iloc[0:0]
        if f.crossings:
            crossings = crossings[crossings.index.isin(f.crossings)]
    elif f.crossing_mode == "chosen":
        crossings = crossings[crossings.index.isin(f.crossings)]
    if not f.provinces:
        where = "in Afghanistan"
    elif len(f.provinces) <= 3:
        where = "in " + ", ".join(f.provinces)
    else:
        where = f"in the {len(f.provinces)} chosen provinces"
    return Universe(len(capitals), len(crossings), where)


def _counted(events: pd.DataFrame, day: date | str) -> pd.DataFrame:
    """Taliban "N districts in X" reports (not denied) up to ``day``."""
    ev = dated(events)
    day_iso = pd.Timestamp(day).strftime("%Y-%m-%d")  # ISO dates compare as text
    return ev[(ev["scope"] == "count") & (ev["status"] != "denied")
              & (ev["new_controller"] == "taliban") & (ev["event_date"] <= day_iso)]


def figures(states: pd.DataFrame, events: pd.DataFrame, day: date | str,
            total: Universe | None = None, districts_held: int | None = None) -> Figures:
    """The counts on ``day`` of the filtered ``events`` and their ``states``.

    ``districts_held`` is the number of districts the Taliban held, when the caller counts
    them otherwise than as named districts (the map counts the districts it shades, the
    capitals' own districts included).
    """
    total = total or universe(Filters())
    taliban = states[states["state"] == "taliban"]
    counted = _counted(events, day)
    return Figures(
        capitals_taliban=int((taliban["place_type"] == "capital").sum()),
        capitals_total=total.capitals,
        crossings_taliban=int((taliban["place_type"] == "border_crossing").sum()),
        crossings_total=total.crossings,
        districts_taliban=(int((taliban["place_type"] == "district").sum())
                           if districts_held is None else districts_held),
        districts_counted=int(counted.loc[counted["count"] > 0, "count"].sum()),
        all_districts_of=tuple(sorted(set(counted.loc[counted["count"] < 0, "province"]))),
        contested=int((states["state"] == "contested").sum()),
    )


def taliban_counts(events: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Per day, capitals, crossings and named districts held by the Taliban (columns date,
    what, n)."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    frame = pd.DataFrame({"date": days})
    counts = daily_counts(dated(events), start.isoformat(), end.isoformat())
    rows = []
    for place_type, label in COUNT_SERIES.items():
        sel = counts[(counts["place_type"] == place_type) & (counts["controller"] == "taliban")]
        series = sel.set_index("date")["n"].reindex(days).fillna(0).astype(int)
        rows.append(frame.assign(what=label, n=series.to_numpy()))
    return pd.concat(rows, ignore_index=True)


def with_counted(counts: pd.DataFrame, events: pd.DataFrame, start: date,
                 end: date) -> pd.DataFrame:
    """``counts`` with the districts counted in reports up to each day added to the
    Districts line, as ``Figures.districts_taken`` adds them to the districts held."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    counted = _counted(events, end)
    counted = counted[counted["count"] > 0]
    per_day = (counted.assign(_d=pd.to_datetime(counted["event_date"]))
               .groupby("_d")["count"].sum())
    reported = (per_day.reindex(days.union(per_day.index)).fillna(0).cumsum()
                .reindex(days).fillna(0).astype(int))
    out = counts.copy()
    line = out["what"] == COUNT_SERIES["district"]
    out.loc[line, "n"] = (out.loc[line, "n"].to_numpy()
                          + reported.reindex(out.loc[line, "date"]).to_numpy())
    return out


@dataclass(frozen=True)
class Coverage:
    """How many articles the store holds and the days they were published."""

    n_articles: int
    first: str  # ISO date, "" when no article is dated
    last: str

    @property
    def partial(self) -> bool:
        """Small, or not spanning the offensive: the counts are then far from the war's."""
        if self.n_articles < SMALL_STORE or not self.first:
            return True
        return self.first > OFFENSIVE[0].isoformat() or self.last < OFFENSIVE[1].isoformat()

    def sentence(self) -> str:
        n = f"{self.n_articles:,} article{'' if self.n_articles == 1 else 's'}"
        span = (f" published {self.first} to {self.last}" if self.first and self.first != self.last
                else f" published {self.first}" if self.first else "")
        return (f"The counts cover only the places named in the {n}{span} in this store, "
                "not the whole war; add articles to widen them.")


def coverage(articles: pd.DataFrame) -> Coverage:
    """The store's coverage from its articles (columns ``published``, '' when unknown)."""
    days = sorted(d for d in articles["published"] if d)
    return Coverage(len(articles), days[0] if days else "", days[-1] if days else "")
