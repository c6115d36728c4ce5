"""`conflict-map ingest` on bad input: a clear message per file, the rest stored, nothing lost.

Every refused file is checked three ways: the message names the file (and line) and the
reason, a good article in the same batch still goes in, and ingesting the bad file alone leaves
every table of the store byte-for-byte as it was.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from control_changes.cli import main
from control_changes.testing import assert_store_unchanged, store_checksums

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
CLI = Path(sys.executable).with_name("conflict-map")
GOOD = ("Taliban fighters captured Pul-e Khumri, the capital of Baghlan province, on Tuesday, "
        "a provincial council member said.")
DARI = ("طالبان روز یکشنبه شهر قندوز را تصرف کردند. مقام های محلی گفتند که جنگ در اطراف "
        "شهر ادامه داشت. ") * 3




def stored_files(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT file FROM articles"))
    finally:
        conn.close()


def stored_text(db: Path, file: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT text FROM articles WHERE file = ?", (file,)).fetchone()[0]
    finally:
        conn.close()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", GOOD)
    return buf.getvalue()


REFUSED = [
    ("empty.txt", b"", "empty.txt: empty article (no text)"),
    ("blank.txt", b" \n\t \r\n   \n", "blank.txt: empty article (no text)"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
     "photo.png: binary file (a PNG image), not text"),
    ("renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
     "renamed.txt: binary file (a PNG image)"),
    ("articles.zip", zip_bytes(), "articles.zip: binary file (a zip archive"),
    ("broken16.txt", codecs.BOM_UTF16_LE + b"T\x00a\x00\x00\xd8",
     "broken16.txt: declares UTF-16 but is not valid UTF-16"),
    ("script.html", b"<html><head><script>alert(1)</script></head><body></body></html>",
     "script.html: no article text found in the HTML"),
]


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_file_is_named_with_its_reason_and_the_batch_still_goes_in(
        db, tmp_path, capsys, name, data, message):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = store_checksums(db)

    assert main(["ingest", str(bad), "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert f"error: {message}" in out.err
    assert "added 0 article(s)" in out.out
    assert_store_unchanged(db, before)

    assert main(["ingest", str(bad), str(good), "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert f"error: {message}" in out.err
    assert "added 1 article(s)" in out.out
    assert "good.txt" in stored_files(db) and name not in stored_files(db)


def test_50_mb_text_file_is_refused_stating_the_limit_and_the_store_is_unchanged(
        db, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    big = folder / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    before = store_checksums(db)
    assert main(["ingest", str(big), "--db", str(db)]) == 1
    assert "error: big.txt: file is 50.0 MB, over the 25 MB limit" in capsys.readouterr().err
    assert_store_unchanged(db, before)
    assert main(["ingest", str(folder), "--db", str(db)]) == 1
    assert "good.txt" in stored_files(db) and "big.txt" not in stored_files(db)


ENCODED = [
    ("bom.txt", codecs.BOM_UTF8 + "Fighting in Herāt: “Qal‘ah-ye Now has fallen”.".encode()),
    ("utf16.txt", "Fighting in Herāt: “Qal‘ah-ye Now has fallen”.".encode("utf-16")),
    ("cp1252.txt", "Fighting in Herat: “Qal‘ah-ye Now has fallen” – café.".encode("cp1252")),
    ("latin1.txt", ("Fighting in Herat: Qal'ah-ye Now has fallen, said the café owner. " * 3)
     .encode("latin-1") + b"\x81"),
]


@pytest.mark.parametrize(("name", "data"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encoded_article_is_stored_with_its_letters_and_quotes_intact(db, tmp_path, capsys,
                                                                    name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["ingest", str(path), "--db", str(db)]) == 0
    assert "added 1 article(s)" in capsys.readouterr().out
    expected = data.decode("utf-8-sig") if name == "bom.txt" else (
        data.decode("utf-16") if name == "utf16.txt" else
        data.decode("cp1252") if name == "cp1252.txt" else data.decode("latin-1"))
    assert stored_text(db, name) == expected.strip()
    if name in {"bom.txt", "utf16.txt"}:
        assert "Herāt" in expected and "Qal‘ah" in expected and "“" in expected


def test_html_with_scripts_is_stored_as_its_prose_only(db, capsys):
    page = FIXTURES / "hostile_page.html"
    assert main(["ingest", str(page), "--db", str(db)]) == 0
    text = stored_text(db, "hostile_page.html")
    assert "Taliban fighters captured the northern city of Kunduz" in text
    for payload in ("SCRIPT_PAYLOAD", "INLINE_SCRIPT", "ONLOAD_PAYLOAD", "ONCLICK_PAYLOAD",
                    "ONERROR_PAYLOAD", "STYLE_TEXT", "<script"):
        assert payload not in text


def test_manifest_problems_are_warned_about_by_line_and_every_file_is_stored(
        db, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    texts = {"a.txt": "Afghan forces recaptured Khan Abad district on Monday.",
             "b.txt": "Heavy fighting was under way in Lashkar Gah, residents said.",
             "c.txt": "Taliban fighters overran Aybak, the capital of Samangan, on Monday."}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,published,outlet,title,url,scraped_by\n"
        "a.txt,2021-02-30,Reuters,A,,bot\n"
        "b.txt,2099-01-01,AP,B,,bot\n"
        "c.txt,2021-08-10,AFP,C,,bot\n"
        "c.txt,2021-08-11,AFP,C again,,bot\n"
        "gone.txt,2021-08-10,AFP,Gone,,bot\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "warning: manifest.csv: extra columns ignored: scraped_by" in err
    assert "warning: manifest.csv:2: published '2021-02-30' for a.txt is not a date" in err
    assert "warning: manifest.csv:3: published 2099-01-01 for b.txt is in the future" in err
    assert "warning: manifest.csv:5: duplicate row for c.txt" in err
    assert "warning: manifest.csv:6: lists gone.txt, which was not found" in err
    conn = sqlite3.connect(db)
    got = dict(conn.execute("SELECT file, published FROM articles WHERE file LIKE '_.txt'"))
    conn.close()
    assert got == {"a.txt": "", "b.txt": "", "c.txt": "2021-08-10"}


def test_jsonl_broken_line_is_reported_by_number_and_the_other_lines_stored(
        db, tmp_path, capsys):
    lines = [json.dumps({"text": f"{GOOD} Line {i}.", "published": "2021-08-10"})
             for i in range(1, 6)]
    lines[2] = lines[2][:40]
    out = _ingest_feed_with_a_bad_line(db, tmp_path, capsys, lines)
    assert "error: feed.jsonl:3: not valid JSON" in out.err
    assert "added 4 article(s)" in out.out
    files = stored_files(db)
    assert "feed.jsonl#3" not in files and "feed.jsonl#5" in files


def _ingest_feed_with_a_bad_line(db: Path, tmp_path: Path, capsys, lines: list[str]):
    """Ingest ``lines`` as feed.jsonl, one of them bad: exit 1 and every other line stored."""
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = len(stored_files(db))
    assert main(["ingest", str(path), "--db", str(db)]) == 1
    assert len(stored_files(db)) == before + len(lines) - 1
    return capsys.readouterr()


def test_jsonl_line_with_a_lone_surrogate_is_reported_and_the_other_lines_stored(
        db, tmp_path, capsys):
    """Regression: an escaped half of a surrogate pair ("\\udcff") in one line raised while
    the batch was stored, so no line of the file went in and the command printed a traceback."""
    lines = [json.dumps({"text": f"{GOOD} Line {i}.", "published": "2021-08-10"})
             for i in range(1, 4)]
    lines[1] = lines[1].replace("Line 2.", "Line \\udcff.")
    out = _ingest_feed_with_a_bad_line(db, tmp_path, capsys, lines)
    assert "error: feed.jsonl:2: 'text' holds \\udcff" in out.err
    assert "added 2 article(s)" in out.out


def test_file_whose_name_is_not_utf8_is_stored_under_an_escaped_name(db, tmp_path, capsys):
    """Regression: SQLite refused the name's lone surrogates and the whole batch failed."""
    folder = tmp_path / "latin1"
    folder.mkdir()
    try:
        Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt")).write_text(GOOD, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "good.txt").write_text(GOOD + " Again.", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "warning: caf\\xe9.txt: file name is not UTF-8" in out.err
    assert "added 2 article(s)" in out.out
    assert {"caf\\xe9.txt", "good.txt"} <= set(stored_files(db))


def test_article_in_dari_is_kept_with_a_warning_and_adds_no_event(db, tmp_path, capsys):
    path = tmp_path / "dari.txt"
    path.write_text(DARI, encoding="utf-8")
    conn = sqlite3.connect(db)
    events_before = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    conn.close()
    assert main(["ingest", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "warning: dari.txt: 100% of letters are not Latin script" in out.err
    assert "added 1 article(s), 0 mention(s)" in out.out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == events_before
    conn.close()


def test_same_article_twice_is_stored_once_and_reported(db, tmp_path, capsys):
    folder = tmp_path / "twice"
    folder.mkdir()
    (folder / "one.txt").write_text(GOOD, encoding="utf-8")
    (folder / "two.txt").write_text("  " + GOOD.upper() + "\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "added 1 article(s)" in out
    assert "already stored: two.txt (same text as one.txt)" in out
    after = store_checksums(db)
    assert main(["ingest", str(folder / "one.txt"), "--db", str(db)]) == 0
    assert "already stored: one.txt" in capsys.readouterr().out
    assert store_checksums(db) == after


def test_manifest_fixed_after_a_first_run_dates_the_stored_article(db, tmp_path, capsys):
    """A manifest with a separator no spreadsheet uses is refused and the article goes in
    undated; ingesting it again with a mended manifest only said "already stored"."""
    folder = tmp_path / "late"
    folder.mkdir()
    (folder / "one.txt").write_text(GOOD, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file:published\none.txt:2021-08-10\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--manifest", str(manifest), "--db", str(db)]) == 1
    assert "no 'file' column (its header: file:published)" in capsys.readouterr().err
    manifest.write_text("file;published;outlet\none.txt;2021-08-10;Pajhwok\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--manifest", str(manifest), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "already stored, now with its publication date 2021-08-10, outlet 'Pajhwok': " \
           "one.txt" in out
    assert main(["held", "--date", "2021-08-11", "--db", str(db)]) == 0
    assert "Pul-e Khumri" in capsys.readouterr().out


def test_an_article_filled_in_is_not_listed_as_merely_already_stored_too(db, tmp_path,
                                                                         capsys):
    folder = tmp_path / "late"
    folder.mkdir()
    (folder / "one.txt").write_text(GOOD, encoding="utf-8")
    (folder / "two.txt").write_text(GOOD + " Fighting went on.", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    capsys.readouterr()
    (folder / "manifest.csv").write_text("file,published\none.txt,2021-08-10\n",
                                         encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "already stored, now with its publication date 2021-08-10: one.txt" in lines
    assert "already stored: two.txt" in lines
    assert "already stored: one.txt" not in lines


def test_hostile_names_and_metadata_are_stored_as_plain_text(db, tmp_path, capsys):
    folder = tmp_path / "hostile"
    folder.mkdir()
    name = "<img src=x onerror=alert(1)>.txt"
    (folder / name).write_text("<b>Taliban</b> fighters captured Kunduz on Sunday "
                               "<script>alert('x')</script>.", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        'file,published,outlet,title\n"' + name + '",2021-08-08,'
        '"<script>alert(2)</script>","=HYPERLINK(""http://x"",""t"")"\n', encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT outlet, title, text FROM articles WHERE file = ?",
                       (name,)).fetchone()
    conn.close()
    assert row == ("<script>alert(2)</script>", '=HYPERLINK("http://x","t")',
                   "<b>Taliban</b> fighters captured Kunduz on Sunday "
                   "<script>alert('x')</script>.")


def test_store_that_is_not_a_database_is_refused_and_left_alone(tmp_path, capsys):
    fake = tmp_path / "notes.sqlite"
    fake.write_text("my notes\n")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert main(["ingest", str(good), "--db", str(fake)]) == 2
    assert "cannot use this file as the store" in capsys.readouterr().err
    assert fake.read_text() == "my notes\n"


def test_held_with_a_malformed_date_is_a_usage_error(db, capsys):
    assert main(["held", "--date", "13/08/2021", "--db", str(db)]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_held_lists_places_from_the_store(db, capsys):
    assert main(["held", "--date", "2021-08-14", "--db", str(db)]) == 0
    assert "Lashkar Gah" in capsys.readouterr().out


def test_workers_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "x.txt", "--workers", "0"])
    assert "must be 1 or more" in capsys.readouterr().err


def test_installed_command_reports_a_mixed_batch(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    run = subprocess.run([str(CLI), "ingest", str(folder), "--db", str(db)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "added 1 article(s)" in run.stdout
    assert "error: empty.txt: empty article (no text)" in run.stderr
    assert "Traceback" not in run.stderr


def test_ingest_says_which_changes_of_control_each_article_reports(tmp_path, capsys):
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert main(["ingest", str(seeds), "--db", str(tmp_path / "s.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "000_16c5b76cd906a502.txt: " in out
    assert "Islam Qala -> taliban (reported, 2021-07-08)" in out
    assert "Islam Qala -> taliban (denied, 2021-07-08)" in out
    assert "Lashkar Gah -> taliban (confirmed, 2021-08-13)" in out


def test_manifest_outlet_unknown_is_stored_as_no_outlet(tmp_path):
    from control_changes.readers import read_manifest

    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published,outlet\na.txt,2021-08-13,unknown\n", encoding="utf-8")
    rows, _ = read_manifest(manifest)
    assert rows["a.txt"].outlet == ""
