"""`conflict-map review`: decisions made from the command line reach every reader of the
events, bad input is refused naming what is wrong, and decisions go round through CSV."""

from __future__ import annotations

from pathlib import Path

from control_changes.cli import main
from control_changes.store import Store, ingest_paths
from control_changes.testing import store_checksums

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _event_id(db: Path, place_id: str) -> str:
    with Store(db) as store:
        ev = store.events(with_rejected=True)
        return ev.loc[ev["place_id"].eq(place_id) & ev["scope"].eq("place")
                      & ev["new_controller"].eq("taliban"), "event_id"].iloc[0]


def test_reject_correct_add_then_held_and_list_follow(seeded, capsys):
    db = str(seeded)
    ghazni, herat = _event_id(seeded, "capital:ghazni"), _event_id(seeded, "capital:herat")
    assert main(["review", "reject", ghazni, "--db", db, "--by", "ana", "--note", "wrong"]) == 0
    assert main(["review", "correct", herat, "--date", "2021-08-14", "--db", db]) == 0
    assert main(["review", "add", "--place", "Kunduz", "--date", "2021-08-08",
                 "--controller", "taliban", "--note", "AP", "--by", "ben", "--db", db]) == 0
    capsys.readouterr()
    assert main(["held", "--date", "2021-08-13", "--db", db]) == 0
    held = capsys.readouterr().out
    assert "Kunduz" in held and "Ghazni" not in held and "Herat" not in held
    assert main(["review", "list", "--verdict", "rejected", "--db", db]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and ghazni in listed[0] and "rejected by ana" in listed[0]
    assert main(["review", "list", "--status", "disputed", "--verdict", "unreviewed",
                 "--db", db]) == 0
    assert all("disputed" in line for line in capsys.readouterr().out.splitlines())


def test_unknown_event_and_bad_values_are_refused_and_store_nothing(seeded, capsys):
    db = str(seeded)
    before = store_checksums(seeded)
    assert main(["review", "accept", "0000nosuch", "--db", db]) == 2
    assert "no event '0000nosuch'" in capsys.readouterr().err
    herat = _event_id(seeded, "capital:herat")
    assert main(["review", "correct", herat, "--date", "14/08/2021", "--db", db]) == 2
    assert "fix_date '14/08/2021' is not a date" in capsys.readouterr().err
    assert main(["review", "correct", herat, "--db", db]) == 2
    assert "a correction needs" in capsys.readouterr().err
    assert main(["review", "add", "--place", "Atlantis", "--date", "2021-08-08",
                 "--controller", "taliban", "--db", db]) == 2
    assert "place 'Atlantis'" in capsys.readouterr().err
    assert store_checksums(seeded) == before


def test_export_import_between_stores(seeded, tmp_path, capsys):
    db = str(seeded)
    main(["review", "reject", _event_id(seeded, "capital:ghazni"), "--note", "=cmd()",
          "--db", db])
    out = tmp_path / "reviews.csv"
    assert main(["review", "export", str(out), "--db", db]) == 0
    assert "'=cmd()" in out.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        ingest_paths(store, [SEEDS])
    assert main(["review", "import", str(out), "--db", str(fresh)]) == 0
    assert "imported 1 new decision(s) of 1" in capsys.readouterr().out
    with Store(fresh) as store:
        assert store.reviews()["note"].tolist() == ["=cmd()"]
        assert "capital:ghazni" not in set(store.events()["place_id"])
    bad = tmp_path / "bad.csv"
    bad.write_text(out.read_text(encoding="utf-8").replace("rejected", "binned"), "utf-8")
    before = store_checksums(fresh)
    assert main(["review", "import", str(bad), "--db", str(fresh)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2: verdict 'binned'" in err and "nothing was imported" in err
    assert store_checksums(fresh) == before
