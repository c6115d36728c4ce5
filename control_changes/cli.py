"""The ``conflict-map`` command: everything that is not the dashboard.

    conflict-map place "Qala-e Naw"                 look a name up in the gazetteer
    conflict-map build --articles DIR --out DIR     articles -> events.csv, mentions.csv, geojson
    conflict-map ingest FILE...                     add articles to the store
    conflict-map held --date 2021-08-13             who held what on a date
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from control_changes.store import DEFAULT_DB, Store, ingest_paths


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


def _print_report(report) -> None:
    for line in report.lines():
        print(line)


def _cmd_build(args: argparse.Namespace) -> int:
    from control_changes.export import write_outputs

    articles = Path(args.articles)
    if not articles.is_dir():
        print(f"error: {articles} is not a folder", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "build.sqlite") as store:
            report = ingest_paths(store, [articles],
                                  Path(args.manifest) if args.manifest else None,
                                  workers=args.workers)
            _print_report(report)
            paths = write_outputs(store.events(), store.mentions(), Path(args.out))
    for p in paths:
        print(f"wrote {p}")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    with Store(Path(args.db)) as store:
        report = ingest_paths(store, [Path(f) for f in args.files],
                              Path(args.manifest) if args.manifest else None,
                              workers=args.workers)
    _print_report(report)
    return 1 if report.problems and not report.added and not report.already_stored else 0


def _cmd_held(args: argparse.Namespace) -> int:
    from control_changes.holdings import holdings_on

    with Store(Path(args.db)) as store:
        held = holdings_on(store.events(), args.date)
    if held.empty:
        print(f"no dated change of control on or before {args.date}")
        return 0
    for row in held.sort_values(["controller", "place"]).itertuples():
        print(f"{row.controller:10} {row.place:25} {row.place_type:16} since {row.since} "
              f"({row.status})")
    return 0


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
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("ingest", help="add article files (.txt, .html, .jsonl) to the store")
    p.add_argument("files", nargs="+")
    p.add_argument("--manifest")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("held", help="who held what on a date")
    p.add_argument("--date", required=True)
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=_cmd_held)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
