"""Files -> articles: each kind of bad input becomes a problem naming the file and the reason."""

from __future__ import annotations

import json
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from control_changes import readers
from control_changes.extract import extract
from control_changes.readers import (
    MAX_FILE_BYTES,
    ManifestRow,
    read_batches,
    read_bytes,
    read_manifest,
    read_paths,
)

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2024, 1, 1)
STORY = ("Taliban fighters captured Kunduz on Sunday, local officials said, after days of "
         "fighting around the city.")
DARI = ("طالبان روز یکشنبه شهر قندوز را تصرف کردند. مقام های محلی گفتند که جنگ در اطراف "
        "شهر ادامه داشت و نیروهای دولتی به فرودگاه عقب نشینی کردند. ") * 3


def only_error(result) -> str:
    assert not result.articles
    assert len(result.errors) == 1, result.problems
    return str(result.errors[0])


def test_empty_file_is_refused_as_empty():
    assert "empty.txt: empty article" in only_error(read_bytes(b"", "empty.txt"))


@pytest.mark.parametrize(
    "blank", [b"   \n\t\r\n  ", b"\xef\xbb\xbf  \n", "\u00a0\u3000\n".encode()])
def test_whitespace_only_file_is_refused_as_empty(blank):
    assert "empty article" in only_error(read_bytes(blank, "blank.txt"))


def test_invisible_characters_only_are_refused_as_having_no_words():
    data = "\u200b\u200d\u2060 ... --- !!!".encode()
    assert "no words" in only_error(read_bytes(data, "zw.txt"))


def test_png_renamed_to_txt_is_refused_as_png():
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    msg = only_error(read_bytes(data, "photo.txt"))
    assert "photo.txt" in msg and "PNG" in msg


def test_bytes_over_the_limit_are_refused_stating_the_limit():
    data = b"a" * (MAX_FILE_BYTES + 1)
    msg = only_error(read_bytes(data, "huge.txt"))
    assert "over the 25 MB limit" in msg and "huge.txt" in msg


def test_50_mb_file_is_refused_without_reading_it_into_memory(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = read_paths([big])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    msg = only_error(result)
    assert "big.txt: file is 50.0 MB, over the 25 MB limit" in msg
    assert peak < 2 * 1024 * 1024


def test_read_limited_refuses_a_file_that_grows_past_the_limit(tmp_path):
    path = tmp_path / "grows.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(readers.TooLarge, match="limit"):
        readers.read_limited(path, limit=100)
    assert readers.read_limited(path, limit=101) == b"x" * 101


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused_without_claiming_a_size():
    """Regression: a device reports size 0, so the refusal said "file is 25.0 MB" of an input
    with no end."""
    with pytest.raises(readers.TooLarge) as caught:
        readers.read_limited(Path("/dev/zero"), limit=1024)
    assert str(caught.value).startswith("input goes on past the")
    assert "file is" not in str(caught.value)


def test_utf16_article_keeps_macrons_hamzas_and_curly_quotes():
    text = "Taliban fighters entered Herāt and Qal‘ah-ye Now on Sunday, “officials” said."
    result = read_bytes(text.encode("utf-16"), "u16.txt")
    assert [a.text for a in result.articles] == [text]


def test_html_scripts_styles_and_event_handlers_never_reach_the_text():
    data = (FIXTURES / "hostile_page.html").read_bytes()
    result = read_bytes(data, "hostile_page.html")
    assert not result.errors
    (article,) = result.articles
    assert "Taliban fighters captured the northern city of Kunduz" in article.text
    for payload in ("SCRIPT_PAYLOAD", "SCRIPT_WRITE", "INLINE_SCRIPT", "STYLE_PAYLOAD",
                    "STYLE_TEXT", "ONLOAD_PAYLOAD", "ONCLICK_PAYLOAD", "ONERROR_PAYLOAD",
                    "IFRAME_PAYLOAD", "LDJSON_TEXT", "javascript:", "<script", "alert("):
        assert payload not in article.text
        assert payload not in article.title


def test_html_page_saved_as_txt_is_read_as_html():
    data = (FIXTURES / "hostile_page.html").read_bytes()
    (article,) = read_bytes(data, "page.txt").articles
    assert "SCRIPT_PAYLOAD" not in article.text
    assert "Kunduz" in article.text


def test_markup_inside_plain_text_stays_literal_text():
    text = "<script>alert('x')</script> Taliban fighters captured Kunduz on Sunday."
    (article,) = read_bytes(text.encode(), "<img src=x onerror=alert(1)>.txt").articles
    assert article.text == text
    assert article.file == "<img src=x onerror=alert(1)>.txt"


def test_html_with_no_article_text_is_refused():
    data = b"<html><head><script>alert(1)</script></head><body></body></html>"
    assert "no article text" in only_error(read_bytes(data, "blank.html"))


def test_dari_article_is_kept_with_a_warning_and_yields_no_mentions():
    result = read_bytes(DARI.encode(), "dari.txt")
    assert not result.errors
    (warning,) = [p for p in result.problems if p.severity == "warning"]
    assert "not Latin script" in warning.reason and warning.file == "dari.txt"
    (article,) = result.articles
    assert extract(article) == []


def test_jsonl_broken_line_is_reported_by_number_and_the_others_kept():
    lines = [json.dumps({"text": f"{STORY} Report {i}.", "published": "2021-08-08"})
             for i in range(5)]
    lines[2] = '{"text": "Taliban fighters captured Kunduz, "published": '
    result = read_bytes("\n".join(lines).encode(), "batch.jsonl")
    assert len(result.articles) == 4
    (error,) = result.errors
    assert (error.file, error.line) == ("batch.jsonl", 3)
    assert str(error).startswith("error: batch.jsonl:3: not valid JSON")
    assert [a.file for a in result.articles] == [f"batch.jsonl#{n}" for n in (1, 2, 4, 5)]


def test_jsonl_line_without_text_and_with_bad_date_are_reported_by_line():
    lines = [json.dumps({"title": "no text here"}), json.dumps([1, 2]),
             json.dumps({"text": STORY, "published": "31 Febtember"}),
             json.dumps({"text": STORY + " Again.", "published": "2031-01-01"})]
    result = read_bytes("\n".join(lines).encode(), "b.jsonl", today=TODAY)
    assert [(p.line, p.severity) for p in result.problems] == [
        (1, "error"), (2, "error"), (3, "warning"), (4, "warning")]
    assert [a.published for a in result.articles] == [None, None]


def test_bad_item_of_a_json_list_is_called_an_item_not_a_line():
    data = json.dumps([{"text": STORY}, {"title": "no text"}, {"text": "Half \ud800 pair"}])
    result = read_bytes(data.encode(), "list.json")
    assert [a.file for a in result.articles] == ["list.json#1"]
    assert [e.reason for e in result.errors] == [
        "item 2: no 'text' string in this item",
        "item 3: 'text' holds \\ud800, half of a UTF-16 surrogate pair, which is not a "
        "character; item skipped"]


def test_jsonl_text_with_unicode_line_separators_stays_one_line():
    line = json.dumps({"text": STORY + "\u2028Second paragraph.\x1cEnd."}, ensure_ascii=False)
    result = read_bytes(line.encode(), "sep.jsonl")
    assert not result.errors and len(result.articles) == 1


def test_json_file_holding_a_list_of_articles_is_read():
    data = json.dumps([{"text": STORY}, {"text": ""}, {"text": STORY + " More."}]).encode()
    result = read_bytes(data, "list.json")
    assert [a.file for a in result.articles] == ["list.json#1", "list.json#3"]
    (error,) = result.errors
    assert "item 2" in error.reason


def write_manifest(folder: Path, rows: list[str], header: str = "file,published,outlet,title,url"):
    (folder / "manifest.csv").write_text(header + "\n" + "\n".join(rows) + "\n",
                                         encoding="utf-8")


def test_manifest_problems_are_warnings_naming_the_line(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{STORY} File {name}.", encoding="utf-8")
    write_manifest(tmp_path, [
        "a.txt,2021-08-35,Reuters,A,,surplus",  # malformed date, extra cell
        "b.txt,2031-05-01,AP,B,",  # in the future
        "b.txt,2021-08-09,AP copy,B2,",  # duplicate row
        "missing.txt,2021-08-08,AFP,M,",  # file not there
        "c.txt,8 August 2021,AFP,C,",
    ], header="file,published,outlet,title,url,notes")
    rows, problems = read_manifest(tmp_path / "manifest.csv", TODAY)
    assert rows["a.txt"].published is None
    assert rows["b.txt"].published is None and rows["b.txt"].outlet == "AP"
    assert rows["c.txt"].published == date(2021, 8, 8)
    text = [str(p) for p in problems]
    assert text[0] == "warning: manifest.csv: extra columns ignored: notes"
    assert any(t.startswith("warning: manifest.csv:2: published '2021-08-35'") for t in text)
    assert any(t.startswith("warning: manifest.csv:3:") and "future" in t for t in text)
    assert any(t.startswith("warning: manifest.csv:4: duplicate row for b.txt") for t in text)

    result = read_paths([tmp_path], today=TODAY)
    assert sorted(a.file for a in result.articles) == ["a.txt", "b.txt", "c.txt"]
    assert not result.errors
    assert any("manifest.csv:5: lists missing.txt, which was not found" in str(p)
               for p in result.problems)


def test_manifest_without_file_column_is_an_error_and_articles_still_read(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    write_manifest(tmp_path, ["a.txt,2021-08-08"], header="name,published")
    result = read_paths([tmp_path])
    assert [a.file for a in result.articles] == ["a.txt"]
    assert "no 'file' column (its header: name, published)" in str(result.errors[0])


@pytest.mark.parametrize("sep", [";", "\t"])
def test_manifest_saved_with_semicolons_or_tabs_is_read(tmp_path, sep):
    """Regression: a spreadsheet saving "CSV" with semicolons gave one column named
    'file;published;outlet', so every article went in undated."""
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    write_manifest(tmp_path, [sep.join(["a.txt", "2021-08-08", "Reuters, Kabul"])],
                   header=sep.join(["file", "published", "outlet"]))
    result = read_paths([tmp_path], today=TODAY)
    assert not result.problems
    (article,) = result.articles
    assert (article.published, article.outlet) == (date(2021, 8, 8), "Reuters, Kabul")


def test_manifest_problems_name_the_line_a_row_starts_on(tmp_path):
    """Rows were numbered by count, so a quoted field spanning lines or a blank line shifted
    every later line number."""
    write_manifest(tmp_path, ['a.txt,2021-08-08,"Outlet\nsecond line"', "",
                              "b.txt,2021-08-35,AP"], header="file,published,outlet")
    rows, problems = read_manifest(tmp_path / "manifest.csv", TODAY)
    assert rows["a.txt"].outlet == "Outlet\nsecond line"
    assert [(p.line, p.reason.split(" for ")[0]) for p in problems] == [
        (5, "published '2021-08-35'")]


def test_missing_path_is_reported_and_other_paths_still_read(tmp_path):
    (tmp_path / "ok.txt").write_text(STORY, encoding="utf-8")
    result = read_paths([tmp_path / "nope.txt", tmp_path / "ok.txt"])
    assert [a.file for a in result.articles] == ["ok.txt"]
    assert "nope.txt: cannot read file: No such file or directory" in str(result.errors[0])


def test_manifest_metadata_is_carried_into_the_article():
    meta = ManifestRow(date(2021, 8, 8), "<b>Outlet</b>", "=cmd|' /C calc'!A0", "javascript:x")
    (article,) = read_bytes(STORY.encode(), "a.txt", meta).articles
    assert (article.outlet, article.title, article.url) == (meta.outlet, meta.title, meta.url)
    assert article.published == date(2021, 8, 8)
    assert article.outlet_source == "manifest"


def test_outlet_from_the_pages_own_tags_is_read_from_the_text_and_a_manifests_wins():
    page = (b'<html><head><meta property="og:site_name" content="Pajhwok"></head><body><p>'
            + STORY.encode() + b"</p></body></html>")
    (article,) = read_bytes(page, "a.html").articles
    assert (article.outlet, article.outlet_source) == ("Pajhwok", "text")
    (article,) = read_bytes(page, "a.html", ManifestRow(None, "TOLOnews", "", "")).articles
    assert (article.outlet, article.outlet_source) == ("TOLOnews", "manifest")


def test_jsonl_line_with_a_lone_surrogate_is_reported_by_line_and_the_others_kept():
    """Regression: json.loads turns an escaped half of a surrogate pair into a string that
    cannot be encoded, and hashing the text raised, failing the whole batch."""
    lines = [json.dumps({"text": f"{STORY} Report {i}.", "outlet": "Wire"}) for i in range(3)]
    lines[1] = json.dumps({"text": f"{STORY} Report 1.", "outlet": "Wire"}).replace(
        "Report 1.", "Report \\udcff.")
    lines.append(json.dumps({"text": STORY, "outlet": "Half \ud800 pair"}))
    result = read_bytes("\n".join(lines).encode(), "feed.jsonl")
    assert [a.file for a in result.articles] == ["feed.jsonl#1", "feed.jsonl#3"]
    assert [(e.line, e.reason.split(",")[0]) for e in result.errors] == [
        (2, "'text' holds \\udcff"), (4, "'outlet' holds \\ud800")]


def test_file_name_that_is_not_utf8_is_kept_under_an_escaped_name(tmp_path):
    """Regression: a name made under another encoding (a Latin-1 "café") reached SQLite as
    a string with a lone surrogate, which it refused, failing the whole batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))).write_text(STORY)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "ok.txt").write_text(STORY + " Again.")
    result = read_paths([folder], today=TODAY)
    assert sorted(a.file for a in result.articles) == ["caf\\xe9.txt", "ok.txt"]
    (warning,) = result.problems
    assert (warning.file, warning.severity) == ("caf\\xe9.txt", "warning")
    assert "not UTF-8" in warning.reason


def test_read_batches_cuts_files_and_jsonl_into_pieces_and_reports_each_problem_once(tmp_path):
    lines = [json.dumps({"text": f"{STORY} Report {i}."}) for i in range(5)]
    lines[2] = "{broken"
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    pieces = list(read_batches([tmp_path], size=2))
    assert [[a.file for a in p.articles] for p in pieces] == [
        ["a.jsonl#1", "a.jsonl#2"], ["a.jsonl#4", "a.jsonl#5"], ["b.txt"]]
    assert [[(p.file, p.line) for p in piece.problems] for piece in pieces] == [
        [("a.jsonl", 3)], [], [("c.txt", None)]]
    whole = read_paths([tmp_path])
    assert [a for p in pieces for a in p.articles] == whole.articles
    assert [q for p in pieces for q in p.problems] == whole.problems


def test_read_batches_yields_one_empty_piece_when_nothing_is_there(tmp_path):
    assert [(p.articles, p.problems) for p in read_batches([tmp_path], size=2)] == [([], [])]
