"""Fixtures the store's tests share: a store of the seed articles, synthetic articles, and
whether a copy of a seed joins its story."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from control_changes.articles import Article
from control_changes.readers import read_paths
from control_changes.store import Store, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def seeded(tmp_path) -> Path:
    """A store holding the five seed articles."""
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
    return path


@pytest.fixture
def synthetic() -> Callable[..., list[Article]]:
    """``synthetic(n, seed=3)``: ``n`` undated synthetic articles (benchmarks/corpus.py)."""
    from benchmarks.corpus import as_articles, generate

    def make(n: int, seed: int = 3) -> list[Article]:
        return as_articles(generate(n, seed=seed, paragraphs=3))

    return make


@pytest.fixture
def copy_joins_story() -> Callable[[Store], bool]:
    """``copy_joins_story(store)``: ingest a lightly edited copy of a seed into ``store``
    (which holds the seeds) and tell whether it joined the seed's story."""
    def check(store: Store) -> bool:
        original = next(a for a in read_paths([SEEDS]).articles if a.file.startswith("000"))
        store.ingest([Article(text=original.text.replace("told Reuters", "said"),
                              file="copy.txt")])
        stories = store.articles().set_index("file")["story_id"]
        return stories["copy.txt"] == stories[original.file]

    return check


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> Path:
    """A store of the seed articles, made once per module by the command line."""
    from control_changes.cli import main

    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    assert main(["ingest", str(SEEDS), "--db", str(path)]) == 0
    return path


@pytest.fixture
def db(seeded_db, tmp_path) -> Path:
    """A copy of ``seeded_db`` a test may change."""
    import shutil

    path = tmp_path / "store.sqlite"
    shutil.copy(seeded_db, path)
    return path


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory) -> Path:
    """A store of the seed articles as the dashboard first builds it."""
    from control_changes.store import open_store

    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    open_store(path).close()
    return path


@pytest.fixture
def store_path(seeded_file, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the seed store, named by CONFLICT_MAP_DB, for the pages to open."""
    import shutil

    path = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, path)
    monkeypatch.setenv("CONFLICT_MAP_DB", str(path))
    monkeypatch.chdir(ROOT)
    return path
