"""The dashboard's cached loaders: after an ingest every one of them is emptied."""

from __future__ import annotations

import inspect

from dashboard_core import ui


def _store_loaders_by_signature() -> set[str]:
    """Cached functions of ``ui`` whose first parameters are (path, version)."""
    found = set()
    for name, obj in vars(ui).items():
        fn = getattr(obj, "__wrapped__", None)
        if fn is None or not hasattr(obj, "clear"):
            continue
        params = list(inspect.signature(fn).parameters)
        if params[:2] == ["path", "version"]:
            found.add(name)
    return found


def test_every_loader_of_store_data_is_emptied_by_clear_caches():
    """Regression: clear_caches named its loaders by hand, so a new one could be missed and
    keep showing the store as it was before an ingest."""
    listed = {fn.__wrapped__.__name__ for fn in ui._STORE_LOADERS}
    found = _store_loaders_by_signature()
    assert found, "no cached (path, version) loader found: the test no longer sees them"
    assert found == listed


def test_clear_caches_drops_what_a_loader_remembered(tmp_path, monkeypatch):
    calls = []

    @ui._per_store(4)
    def _probe(path: str, version: tuple) -> int:
        calls.append(path)
        return len(calls)

    try:
        assert _probe("a", (1,)) == _probe("a", (1,)) == 1
        ui.clear_caches()
        assert _probe("a", (1,)) == 2
    finally:
        ui._STORE_LOADERS.remove(_probe)
