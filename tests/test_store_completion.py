"""A later input of a stored text (control_changes/store/completion.py): what it fills in,
what it leaves alone, and the warnings it gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from control_changes.articles import Article
from control_changes.readers import ManifestRow, read_bytes, read_paths
from control_changes.schema import EVENT_COLUMNS
from control_changes.store import Store, ingest_paths
from control_changes.testing import store_checksums, table_rows

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_manifest_given_later_completes_articles_stored_without_it(tmp_path, seeded):
    """Regression: articles first ingested without their manifest (or with a broken one) kept
    no date for good, since ingesting them again with it only said "already stored"."""
    path = tmp_path / "later.sqlite"
    with Store(path) as store:
        bare = read_paths(sorted(SEEDS.glob("*.txt")))
        assert sum(a.published is None for a in bare.articles) == 4
        store.ingest(bare.articles)
        report = ingest_paths(store, [SEEDS])
        assert report.added == [] and len(report.already_stored) == 5
        assert len(report.completed) == 4  # the manifest knows nothing more of 001_
        assert "already stored, now with its publication date 2021-07-09, outlet 'The " \
               "Jerusalem Post (Reuters copy)': 000_16c5b76cd906a502.txt" in report.lines()
        # 001_ has no date of its own; it takes the one of its syndicated copy, as at first.
        assert report.inferred_dates == ["001_87ec37961d109826.txt"]
        # 002_ had the manifest's date already, read from its text: only the outlet is new.
        assert "already stored, now with its outlet 'Taipei Times (AP and Reuters copy)': " \
               "002_568990b876bf0f1d.txt" in report.lines()
        # The Guardian's text names its outlet ("Source: theguardian"); the manifest's wins.
        assert "already stored, now with its publication date 2021-07-07, outlet 'The " \
               "Guardian' in place of 'theguardian' read from the text: " \
               "003_c761634bf662a4e4.txt" in report.lines()
        again = ingest_paths(store, [SEEDS])
        assert again.completed == [] and again.problems == []
    # As if the manifest had come with the first ingest, outlets read from the text
    # ("theguardian") included.
    assert table_rows(path, "mentions") == table_rows(seeded, "mentions")
    query = ("SELECT file, outlet, outlet_source, published, published_source FROM articles "
             "ORDER BY file")
    assert table_rows(path, query) == table_rows(seeded, query)
    query = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY event_id"
    assert table_rows(path, query) == table_rows(seeded, query)


def test_a_stored_date_is_not_replaced_by_a_later_input(tmp_path):
    text = "Taliban fighters captured Kunduz on Sunday, officials said."
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=text, file="a.txt", outlet="AP", published=date(2021, 8, 9),
                              published_source="manifest")])
        before = store_checksums(tmp_path / "s.sqlite")
        report = store.ingest([Article(text=text, file="b.txt", outlet="AFP", title="Kunduz",
                                       published=date(2021, 8, 10),
                                       published_source="manifest")])
        assert report.completed == ["title 'Kunduz': b.txt"]
        assert [str(p) for p in report.problems] == [
            "warning: b.txt: already stored with publication date 2021-08-09 (from manifest); "
            "this input's 2021-08-10 was not used",
            "warning: b.txt: already stored with outlet 'AP' (from given); this input's 'AFP' "
            "was not used"]
        arts = store.articles(with_text=False)
        assert (arts.published[0], arts.outlet[0], arts.title[0]) == ("2021-08-09", "AP",
                                                                       "Kunduz")
        for table in ("mentions", "events", "day_summaries"):
            assert store_checksums(tmp_path / "s.sqlite")[table] == before[table]


def test_outlet_read_from_the_text_and_confirmed_by_a_manifest_is_no_longer_replaced(tmp_path):
    text = "Source: Pajhwok\nTaliban fighters captured Kunduz on Sunday, officials said."
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest(read_bytes(text.encode(), "a.txt").articles)
        confirmed = store.ingest(read_bytes(
            text.encode(), "b.txt", ManifestRow(None, "Pajhwok", "", "")).articles)
        assert confirmed.completed == [] and confirmed.problems == []
        later = store.ingest(read_bytes(
            text.encode(), "c.txt", ManifestRow(None, "Pajhwok Afghan News", "", "")).articles)
        assert [str(p) for p in later.problems] == [
            "warning: c.txt: already stored with outlet 'Pajhwok' (from manifest); this "
            "input's 'Pajhwok Afghan News' was not used"]
        arts = store.articles()
        assert (arts.outlet[0], arts.outlet_source[0]) == ("Pajhwok", "manifest")
