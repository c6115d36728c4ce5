"""Accuracy on real press: the development corpus of New York Times records, end to end.

    python benchmarks/real_press.py                 # score the product on the corpus
    python benchmarks/real_press.py --verbose       # also list every miss and false event
    python benchmarks/real_press.py --reverse       # ingest newest first: same events?

Reads ``../shared/corpora/nyt-2021`` (or ``--corpus``) when it exists, and says so and stops
when it does not. The corpus is third-party text: it is read from there and never copied into
the project. Each record of May-September 2021 becomes an article the way the corpus's own
README says (headline, then the abstract unless it repeats the lead paragraph, then the lead
paragraph; outlet The New York Times), written to a temporary JSON Lines file, ingested into
a temporary store with the product's own reader and store, and the store's events scored
against ``gold_events.csv`` with ``control_changes.evaluate`` (the code behind
``conflict-map evaluate``). The last line is ``recall R precision P f1 F``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from control_changes.evaluate import read_gold, score  # noqa: E402
from control_changes.readers import read_paths  # noqa: E402
from control_changes.store import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "nyt-2021"
FIRST, LAST = date(2021, 5, 1), date(2021, 9, 30)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def corpus_articles(folder: Path) -> list[dict]:
    """The corpus's records of May-September 2021 as article dicts (JSON Lines fields)."""
    raw = (folder / "records.csv").read_bytes().decode("utf-8", errors="replace")
    out = []
    for n, rec in enumerate(csv.DictReader(raw.splitlines())):
        published = datetime.strptime(rec["date"].strip(), "%m/%d/%Y").date()
        if not FIRST <= published <= LAST:
            continue
        headline, abstract = _clean(rec.get("headline.main")), _clean(rec.get("abstract"))
        lead = _clean(rec.get("lead.paragraph"))
        parts = [headline]
        if abstract and abstract != lead and abstract not in lead:
            parts.append(abstract)
        parts.append(lead)
        text = "\n\n".join(p for p in parts if p)
        if not text:
            continue
        out.append({"file": f"nyt{n:04d}", "text": text, "published": published.isoformat(),
                    "outlet": "The New York Times", "url": rec.get("url", ""),
                    "title": headline})
    return out


def run(articles: list[dict], tmp: Path, name: str):
    """Ingest ``articles`` through the product's reader and store; return the events.

    Each article is a text file named after its record, with a manifest, as users deliver
    articles, so the events' sources name the records."""
    folder = tmp / name
    folder.mkdir()
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published", "outlet", "title", "url"])
        for a in articles:
            (folder / f"{a['file']}.txt").write_text(a["text"], encoding="utf-8")
            writer.writerow([f"{a['file']}.txt", a["published"], a["outlet"], a["title"],
                             a["url"]])
    paths = [folder / f"{a['file']}.txt" for a in articles]
    result = read_paths(paths, manifest=folder / "manifest.csv")
    with Store(tmp / f"{name}.sqlite") as store:
        t0 = time.perf_counter()
        store.ingest(result.articles, result.problems)
        elapsed = time.perf_counter() - t0
        events = store.events()
    return events, elapsed


def _digest(events) -> str:
    cols = ["place_id", "new_controller", "scope", "event_date", "date_precision", "status",
            "n_articles"]
    rows = sorted(map(tuple, events[cols].astype(str).to_numpy().tolist()))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="list misses and false events")
    parser.add_argument("--reverse", action="store_true",
                        help="also ingest newest first and compare the events")
    args = parser.parse_args(argv)
    if not (args.corpus / "records.csv").exists():
        print(f"no development corpus at {args.corpus}: nothing to measure")
        return 0
    articles = corpus_articles(args.corpus)
    gold = read_gold(args.corpus / "gold_events.csv")
    with tempfile.TemporaryDirectory() as tmp:
        events, elapsed = run(articles, Path(tmp), "forward")
        print(f"{len(articles)} articles, {len(events)} events, ingested in {elapsed:.2f} s")
        if args.reverse:
            back, _ = run(list(reversed(articles)), Path(tmp), "reverse")
            same = _digest(events) == _digest(back)
            print(f"newest first: {len(back)} events, "
                  f"{'the same events' if same else 'DIFFERENT events'}")
    result = score(events, gold)
    lines = result.lines()
    print("\n".join(lines if args.verbose else lines[-2:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
