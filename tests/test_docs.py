"""The README documents every setting and command the code has (and the values it uses)."""

from __future__ import annotations

from pathlib import Path

from control_changes import readers, store
from control_changes.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_store_environment_variable():
    assert store.DB_ENV in README


def test_readme_states_the_file_size_limit_the_readers_apply():
    assert f"{readers.MAX_FILE_BYTES // (1024 * 1024)} MB per file" in README


def test_readme_states_the_batch_the_command_line_stores_per_transaction():
    assert f"`--batch` articles ({store.DEFAULT_BATCH:,} by default)" in README


def test_readme_shows_every_conflict_map_command():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"conflict-map {name}" in README, name


def test_readme_names_every_option_of_every_conflict_map_command():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert f"`{option}" in README or f" {option} " in README, (name, option)


def test_readme_quick_start_is_the_two_make_targets_ci_runs():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in README and "make run" in README


def test_store_path_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(store.DB_ENV, str(tmp_path / "other.sqlite"))
    assert store.default_db_path() == tmp_path / "other.sqlite"
    monkeypatch.delenv(store.DB_ENV)
    assert store.default_db_path() == store.DEFAULT_DB
