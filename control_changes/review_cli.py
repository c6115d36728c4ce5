"""``conflict-map review``: list events for review, decide on them, and share decisions.

    conflict-map review list [--status disputed] [--verdict unreviewed]
    conflict-map review accept|reject EVENT_ID [--note TEXT] [--by NAME]
    conflict-map review correct EVENT_ID [--date D] [--controller SIDE] [--status S] [--place P]
    conflict-map review add --place P --date D --controller SIDE [--status S] --note TEXT
    conflict-map review export FILE | import FILE

Event ids are those ``review list`` (or the Events page) shows now; ids change when an
event's mentions change, but a decision, once stored, follows its event (see
control_changes.review). Exit status: 0 done, 2 usage error (an unknown event id, a bad
value, a file that cannot be imported: nothing is stored then).
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from pathlib import Path

import pandas as pd

from control_changes import review_csv
from control_changes.review import REVIEW_STATUSES, VERDICTS, ReviewError, added, judged
from control_changes.review import worst_first as _worst_first
from control_changes.schema import CONTROLLERS
from control_changes.store import Store, default_db_path


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _place_id(name: str) -> str:
    """A gazetteer id as given, or the one place a name resolves to (ReviewError if not)."""
    from gazetteer.places import get_place
    from gazetteer.resolve import resolve

    try:
        return get_place(name).place_id
    except KeyError:
        pass
    res = resolve(name)
    if res.status != "resolved" or not res.candidates:
        raise ReviewError(f"place {name!r} is {res.status} ({res.reason}); give its id, "
                          "as `conflict-map place` shows it")
    return res.candidates[0].place_id


def _find(store: Store, event_id: str) -> pd.Series:
    events = store.events(with_rejected=True)
    found = events[events["event_id"].eq(event_id)]
    if found.empty:
        raise ReviewError(f"no event {event_id!r} in {store.path} (ids change when new "
                          "reports join an event: run `conflict-map review list`)")
    return found.iloc[0]


def _cmd_list(store: Store, args: argparse.Namespace) -> int:
    events = _worst_first(store.events(with_rejected=True))
    if args.status:
        events = events[events["status"].isin(args.status)]
    if args.verdict:
        wanted = {"" if v == "unreviewed" else v for v in args.verdict}
        events = events[events["review_verdict"].isin(wanted)]
    for row in events.itertuples(index=False):
        mark = f"{row.review_verdict} by {row.reviewer}" if row.review_verdict else "-"
        print(f"{row.event_id:18} {row.event_date or 'undated':10} {row.place:22} "
              f"{row.new_controller:10} {row.scope:8} {row.status:10} "
              f"{row.n_stories} stor{'y' if row.n_stories == 1 else 'ies'}  [{mark}]")
    gone = store.unmatched_reviews()
    for d in gone.itertuples(index=False):
        print(f"decision {d.review_id} ({d.verdict} by {d.reviewer}) on {d.place_id} "
              f"{d.new_controller} {d.judged_from or 'undated'}: no longer matches any event",
              file=sys.stderr)
    return 0


def _cmd_decide(store: Store, args: argparse.Namespace) -> int:
    event = _find(store, args.event_id)
    fields = {"reviewer": args.by, "note": args.note}
    if args.action == "correct":
        fields.update(fix_date=args.date or "", fix_controller=args.controller or "",
                      fix_status=args.status or "",
                      fix_place_id=_place_id(args.place) if args.place else "")
    verdict = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
    rid = store.record_review(judged(event, verdict[args.action], **fields))
    print(f"{verdict[args.action]} {args.event_id} ({event['place']}, "
          f"{event['event_date'] or 'undated'}): decision {rid}")
    return 0


def _cmd_add(store: Store, args: argparse.Namespace) -> int:
    decision = added(_place_id(args.place), args.date, args.controller, args.status,
                     reviewer=args.by, note=args.note)
    rid = store.record_review(decision)
    print(f"added {decision.fix_place_id} to {args.controller} on {args.date}: "
          f"decision {rid}")
    return 0


def _cmd_export(store: Store, args: argparse.Namespace) -> int:
    decisions = store.reviews()
    review_csv.write(decisions, Path(args.file))
    print(f"wrote {len(decisions)} decision(s) to {args.file}")
    return 0


def _cmd_import(store: Store, args: argparse.Namespace) -> int:
    try:
        decisions = review_csv.read(Path(args.file))
    except review_csv.ReviewFileError as exc:
        return _fail(str(exc))
    n = store.import_reviews(decisions)
    print(f"imported {n} new decision(s) of {len(decisions)} in {args.file}")
    return 0


def _run(args: argparse.Namespace) -> int:
    db = Path(args.db)
    if not db.is_file():
        return _fail(f"{db}: no store there (run `conflict-map ingest` first)")
    try:
        with Store(db) as store:
            return args.review_func(store, args)
    except ReviewError as exc:
        return _fail(f"{exc}; nothing was stored")
    except sqlite3.Error as exc:
        return _fail(f"{db}: cannot use this file as the store ({exc}); nothing was changed")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``review`` command group, under the ``conflict-map`` parser's ``sub``."""
    group = sub.add_parser("review", help="review events: list, accept, reject, correct, "
                           "add, and share decisions as CSV", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    group.set_defaults(func=_run)
    commands = group.add_subparsers(dest="action", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--db", default=str(default_db_path()),
                       help="store file (default: $CONFLICT_MAP_DB or "
                       "data/conflict_map.sqlite)")
        p.set_defaults(review_func=func)
        return p

    def decider(p: argparse.ArgumentParser) -> None:
        p.add_argument("--note", default="", help="why (kept with the decision)")
        p.add_argument("--by", default=getpass.getuser(),
                       help="the reviewer's name (default: the login name)")

    p = command("list", _cmd_list, "events worst first, with their decisions")
    p.add_argument("--status", action="append", choices=REVIEW_STATUSES,
                   help="only events of this status (may be repeated)")
    p.add_argument("--verdict", action="append", choices=("unreviewed", *VERDICTS),
                   help="only events with this decision (may be repeated)")
    for name, text in (("accept", "the event is right"), ("reject", "the event is wrong")):
        p = command(name, _cmd_decide, text)
        p.add_argument("event_id")
        decider(p)
    p = command("correct", _cmd_decide, "the event happened, but not as the machine says")
    p.add_argument("event_id")
    p.add_argument("--date", help="the corrected date (YYYY-MM-DD)")
    p.add_argument("--controller", choices=CONTROLLERS, help="the side that took the place")
    p.add_argument("--status", choices=REVIEW_STATUSES, help="the corrected status")
    p.add_argument("--place", help="the corrected place (a gazetteer id or a name)")
    decider(p)
    p = command("add", _cmd_add, "an event the articles missed")
    p.add_argument("--place", required=True, help="a gazetteer id or a name")
    p.add_argument("--date", required=True, help="YYYY-MM-DD")
    p.add_argument("--controller", required=True, choices=CONTROLLERS)
    p.add_argument("--status", default="reported", choices=REVIEW_STATUSES,
                   help="(default reported)")
    decider(p)
    p = command("export", _cmd_export, "write every decision to a CSV file")
    p.add_argument("file")
    p = command("import", _cmd_import, "add the decisions of a CSV file (all or none)")
    p.add_argument("file")
