"""The README and docs/ document every setting, command, option and URL parameter the code
has (and the values it uses), and the README stays a user's page."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

from control_changes import readers, store
from control_changes.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join([README, *(p.read_text(encoding="utf-8")
                            for p in sorted((ROOT / "docs").glob("*.md")))])
# Where the dashboard reads its URL parameters.
URL_READERS = [ROOT / "dashboard.py", *sorted((ROOT / "dashboard_core").glob("*.py")),
               *sorted((ROOT / "pages").glob("*.py"))]


def _parsers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, object]]:
    """(command path, parser) for ``parser`` and every subparser below it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}".strip())


def _options() -> list[tuple[str, str]]:
    return [(path, option) for path, parser in _parsers(build_parser())
            for action in parser._actions for option in action.option_strings
            if option.startswith("--") and option != "--help"]


def _url_parameters() -> set[str]:
    """Names the dashboard reads from its URL: ``x.get("name")`` / ``x.get_all("name")``
    on ``st.query_params``, a name bound to it, or a function's parameter ``qp`` (the link
    reader takes the query parameters as ``qp``)."""
    names: set[str] = set()
    for path in URL_READERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {"query_params", "qp"} | {
            t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Attribute) and node.value.attr == "query_params"
            for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"get", "get_all"} and node.args
                    and isinstance(node.args[0], ast.Constant)):
                continue
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in aliases:
                names.add(node.args[0].value)
    return names


def test_readme_names_the_store_environment_variable():
    assert store.DB_ENV in README


def test_readme_states_the_file_size_limit_the_readers_apply():
    assert f"{readers.MAX_FILE_BYTES // (1024 * 1024)} MB per file" in README


def test_docs_state_the_batch_the_command_line_stores_per_transaction():
    assert f"`--batch` articles ({store.DEFAULT_BATCH:,} by default)" in DOCS


def test_readme_shows_every_conflict_map_command():
    for path, parser in _parsers(build_parser()):
        if path and not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            assert f"conflict-map {path}" in README or f"`{path}" in README, path


def test_docs_name_every_option_of_every_conflict_map_command():
    options = _options()
    assert ("ingest", "--file-order") in options  # the parser walk finds subcommands' options
    for command, option in options:
        assert re.search(rf"(`| ){re.escape(option)}\b", DOCS), (command, option)


def test_docs_name_every_url_parameter_the_dashboard_reads():
    names = _url_parameters()
    assert {"date", "province", "place"} <= names  # the walk finds the dashboard's reads
    for name in names:
        assert f"`{name}`" in DOCS or f"`{name}=" in DOCS or f"?{name}=" in DOCS, name


def test_readme_quick_start_is_the_two_make_targets_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in README and "make run" in README


def test_readme_is_a_page_a_user_reads_to_the_end():
    assert len(README.splitlines()) <= 220


def test_readme_links_the_engineering_notes_that_exist():
    for name in ("extraction.md", "store.md", "performance.md"):
        assert (ROOT / "docs" / name).is_file() and f"docs/{name}" in README, name


def test_every_figure_in_the_readme_table_comes_with_its_command():
    table = README.split("## Figures", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    assert len(rows) >= 5
    for row in rows:
        assert re.search(r"`python benchmarks/\w+\.py[^`]*`", row), row
        assert (ROOT / re.search(r"benchmarks/\w+\.py", row).group()).is_file() \
            or "real_press" in row, row


def test_store_path_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(store.DB_ENV, str(tmp_path / "other.sqlite"))
    assert store.default_db_path() == tmp_path / "other.sqlite"
    monkeypatch.delenv(store.DB_ENV)
    assert store.default_db_path() == store.DEFAULT_DB


def test_gazetteer_readme_counts_are_those_of_the_tables():
    """Regression: the alias count stayed at 2,444 while the table grew to 2,448."""
    import pandas as pd

    data = ROOT / "gazetteer" / "data"
    text = " ".join((data / "README.md").read_text(encoding="utf-8").split())
    places = pd.read_csv(data / "places.csv")
    aliases = pd.read_csv(data / "aliases.csv")
    counts = places["place_type"].value_counts()
    assert f"{len(aliases):,} aliases" in text
    assert f"**{counts['province']} provinces, {counts['district']} districts, " \
           f"{counts['capital']} provincial capitals" in text
