"""The ``conflict-map`` command: everything that is not the dashboard.

    conflict-map place "Qala-e Naw"                 look a name up in the gazetteer
    conflict-map build --articles DIR --out DIR     articles -> events.csv, mentions.csv, geojson
    conflict-map ingest FILE...                     add articles to the store
    conflict-map held --date 2021-08-13             who held what on a date
    conflict-map evaluate GOLD.csv [--db FILE | --events events.csv]   score against gold
    conflict-map review list|accept|reject|correct|add|export|import   analysts' decisions

Files that cannot be read (empty, binary, too large, undecodable) and broken JSON Lines are
reported with the file, line and reason and left out; the rest of the batch is still stored.
``ingest`` stores ``--batch`` articles (2,000 by default) per transaction and reports each
batch as it goes.
``ingest`` and ``build`` exit with status 1 when anything was left out, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from control_changes import review_cli
from control_changes.ordering import SpoolError
from control_changes.progress import Progress
from control_changes.store import (
    DEFAULT_BATCH,
    Store,
    default_db_path,
    ingest_batches,
)


def _cmd_place(args: argparse.Namespace) -> int:
    from gazetteer.places import load_aliases
    from gazetteer.resolve import resolve

    res = resolve(args.name, context=args.context)
    print(f"{args.name!r}: {res.status} ({res.reason}; match: {res.method or 'none'})")
    aliases = load_aliases()
    for place in res.candidates:
        names = sorted(set(aliases.loc[aliases["place_id"] == place.place_id, "alias"]))
        print(f"  {place.place_id}  {place.name} [{place.place_type}]")
        if place.province:
            print(f"    province: {place.province}" + (
                f", district: {place.district}" if place.district else ""))
        if place.country and place.country != "Afghanistan":
            print(f"    country: {place.country}")
        print(f"    point: {place.latitude:.4f}, {place.longitude:.4f} "
              f"(precision: {place.precision}; from {place.coord_source})")
        print(f"    aliases: {', '.join(names[:25])}" + (" …" if len(names) > 25 else ""))
    return 0 if res.status in {"resolved", "ambiguous", "foreign"} else 1


def _ingest_batches(store: Store, paths: list[Path], args: argparse.Namespace,
                    shown: Progress):
    """``ingest_batches`` as ``build`` and ``ingest`` set it with their shared options."""
    def say_sorting(n: int) -> None:
        shown.say(f"read {n} article(s); storing them oldest first, {args.batch} at a time",
                  err=True)
        shown.expect(n)

    return ingest_batches(store, paths, Path(args.manifest) if args.manifest else None,
                          size=args.batch, workers=args.workers, by_date=not args.file_order,
                          on_read=say_sorting)


def _status(report) -> int:
    return 1 if any(p.severity == "error" for p in report.problems) else 0


def _store_error(db: Path, exc: sqlite3.Error) -> int:
    print(f"error: {db}: cannot use this file as the store ({exc}); nothing was changed",
          file=sys.stderr)
    return 2


def _cmd_build(args: argparse.Namespace) -> int:
    from control_changes.export import write_outputs

    articles = Path(args.articles)
    if not articles.is_dir():
        print(f"error: {articles} is not a folder", file=sys.stderr)
        return 2
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(f"error: {args.out} exists and is not a folder", file=sys.stderr)
        return 2
    status = 0
    try:
        scratch = tempfile.TemporaryDirectory()
    except OSError as exc:
        print(f"error: cannot make a folder for the build's store in {tempfile.gettempdir()} "
              f"({exc.strerror or exc}); point $TMPDIR elsewhere", file=sys.stderr)
        return 2
    with scratch as tmp, Store(Path(tmp) / "build.sqlite") as store, Progress() as shown:
        try:
            for report in _ingest_batches(store, [articles], args, shown):
                shown.report(report)
                status = max(status, _status(report))
        except SpoolError as exc:
            print(f"error: {exc}; nothing was written", file=sys.stderr)
            return 2
        paths = write_outputs(store.events(), store.mentions(), Path(args.out))
    for p in paths:
        print(f"wrote {p}")
    return status


def _stored_so_far(n_batches: int) -> str:
    """What an ingest stopped by an error had stored: whole batches or nothing."""
    if n_batches:
        return f"the {n_batches} batch(es) before were stored, this one was not"
    return "nothing was stored"


def _cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest in batches of ``--batch`` articles, reporting each as it is stored."""
    db = Path(args.db)
    status, n_batches, n_added = 0, 0, 0
    try:
        with Store(db) as store, Progress() as shown:
            for report in _ingest_batches(store, [Path(f) for f in args.files], args, shown):
                n_batches += 1
                n_added += len(report.added)
                shown.report(report)
                status = max(status, _status(report))
    except sqlite3.Error as exc:
        if n_batches:
            print(f"error: {db}: {exc}; {_stored_so_far(n_batches)}", file=sys.stderr)
            return 2
        return _store_error(db, exc)
    except SpoolError as exc:
        print(f"error: {exc}; {_stored_so_far(n_batches)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if n_batches:
            print(f"interrupted: nothing from the batch in progress was stored; the "
                  f"{n_batches} batch(es) before it ({n_added} article(s)) were stored; run "
                  "the same command again to add the rest", file=sys.stderr)
        else:
            print("interrupted: nothing was stored", file=sys.stderr)
        return 130
    if n_batches > 1:
        print(f"in all: added {n_added} article(s) in {n_batches} batches of up to "
              f"{args.batch}; store now has {report.n_events} event(s)")
    return status


def _cmd_held(args: argparse.Namespace) -> int:
    from control_changes.holdings import holdings_on

    try:
        date.fromisoformat(args.date)
    except ValueError:
        print(f"error: --date {args.date!r} is not a date like 2021-08-13", file=sys.stderr)
        return 2
    db = Path(args.db)
    if not db.is_file():
        print(f"error: {db}: no store there (run `conflict-map ingest` first)", file=sys.stderr)
        return 2
    try:
        with Store(db) as store:
            held = holdings_on(store.events(), args.date)
    except sqlite3.Error as exc:
        return _store_error(db, exc)
    if held.empty:
        print(f"no dated change of control on or before {args.date}")
        return 0
    for row in held.sort_values(["controller", "place"]).itertuples():
        print(f"{row.controller:10} {row.place:25} {row.place_type:16} since {row.since} "
              f"({row.status})")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from control_changes.evaluate import GoldError, read_events, read_gold, score

    try:
        gold = read_gold(args.gold)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.events:
        try:
            events = read_events(args.events)
        except GoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    else:
        db = Path(args.db)
        if not db.is_file():
            print(f"error: {db}: no store there (run `conflict-map ingest` first, or give "
                  "--events)", file=sys.stderr)
            return 2
        try:
            with Store(db) as store:
                events = store.events()
        except sqlite3.Error as exc:
            return _store_error(db, exc)
    print("\n".join(score(events, gold).lines()))
    return 0


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


_FILE_ORDER_HELP = (
    "store batches in the order the files come, instead of reading an input of more than "
    "one batch whole first and storing it oldest first (which needs temporary disk about "
    "the size of its text)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conflict-map", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("place", help="look a place name up in the gazetteer")
    p.add_argument("name")
    p.add_argument("--context", help="nearby text, to choose among places sharing a name")
    p.set_defaults(func=_cmd_place)

    p = sub.add_parser("build", help="articles folder -> events.csv, mentions.csv, geojson")
    p.add_argument("--articles", required=True)
    p.add_argument("--manifest")
    p.add_argument("--out", required=True)
    p.add_argument("--workers", type=_positive, default=1,
                   help="processes reading articles in parallel (default 1)")
    p.add_argument("--batch", type=_positive, default=DEFAULT_BATCH,
                   help=f"articles read and merged at a time (default {DEFAULT_BATCH})")
    p.add_argument("--file-order", action="store_true", help=_FILE_ORDER_HELP)
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("ingest", help="add article files (.txt, .html, .jsonl) to the store")
    p.add_argument("files", nargs="+")
    p.add_argument("--manifest")
    p.add_argument("--db", default=str(default_db_path()),
                   help="store file (default: $CONFLICT_MAP_DB or data/conflict_map.sqlite)")
    p.add_argument("--workers", type=_positive, default=1,
                   help="processes reading articles in parallel (default 1)")
    p.add_argument("--batch", type=_positive, default=DEFAULT_BATCH,
                   help=f"articles stored per transaction (default {DEFAULT_BATCH}); an "
                   "interruption loses only the batch in progress")
    p.add_argument("--file-order", action="store_true", help=_FILE_ORDER_HELP)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("held", help="who held what on a date")
    p.add_argument("--date", required=True)
    p.add_argument("--db", default=str(default_db_path()),
                   help="store file (default: $CONFLICT_MAP_DB or data/conflict_map.sqlite)")
    p.set_defaults(func=_cmd_held)

    p = sub.add_parser("evaluate", help="score the events against a hand-coded gold table")
    p.add_argument("gold", help="gold table (CSV: place, place_type, province, event_date, "
                   "date_tolerance_days, new_controller, status, core)")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--db", default=str(default_db_path()),
                        help="store whose events to score (default: $CONFLICT_MAP_DB or "
                        "data/conflict_map.sqlite)")
    source.add_argument("--events", help="an events CSV to score instead (events.csv of "
                        "`build`, or any table with place, event_date, new_controller)")
    p.set_defaults(func=_cmd_evaluate)

    review_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like: not an error of ours
        sys.stderr.close()
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
