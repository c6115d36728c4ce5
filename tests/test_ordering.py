"""Batches in publication order (control_changes.ordering)."""

from __future__ import annotations

from datetime import date

from control_changes.articles import Article
from control_changes.ordering import in_publication_order
from control_changes.readers import ReadProblem, ReadResult


def _article(name: str, day: str | None, **fields) -> Article:
    return Article(text=f"Text of {name}.", file=name,
                   published=date.fromisoformat(day) if day else None, **fields)


def _files(batches: list[ReadResult]) -> list[list[str]]:
    return [[a.file for a in b.articles] for b in batches]


def test_batches_come_oldest_first_with_undated_last_and_input_order_within_a_day(tmp_path):
    pieces = [
        ReadResult([_article("c", "2021-08-01"), _article("u1", None)]),
        ReadResult([_article("a", "2021-07-01"), _article("b1", "2021-07-15")]),
        ReadResult([_article("u2", None), _article("b2", "2021-07-15")]),
    ]
    batches = list(in_publication_order(pieces, 2, tmp_path))
    assert _files(batches) == [["a", "b1"], ["b2", "c"], ["u1", "u2"]]


def test_articles_come_back_with_every_field(tmp_path):
    full = Article(text="Taliban took Qala-i-Naw on Wednesday.", file="x.txt",
                   outlet="The Guardian", outlet_source="manifest", title="<b>t</b>",
                   url="https://example.org/x", published=date(2021, 7, 7),
                   published_source="manifest", author="A. Writer", notes=("cleaned",))
    pieces = [ReadResult([full]), ReadResult([_article("y", "2021-07-08")])]
    first = next(iter(in_publication_order(pieces, 1, tmp_path)))
    assert first.articles == [full]


def test_every_problem_comes_with_the_first_batch(tmp_path):
    early = ReadProblem("bad.png", "not text")
    late = ReadProblem("feed.jsonl", "broken line", line=3)
    pieces = [ReadResult([_article("b", "2021-07-02")], [early]),
              ReadResult([_article("a", "2021-07-01")], [late])]
    batches = list(in_publication_order(pieces, 1, tmp_path))
    assert [b.problems for b in batches] == [[early, late], []]
    assert _files(batches) == [["a"], ["b"]]


def test_problems_alone_still_make_one_batch(tmp_path):
    problem = ReadProblem("empty.txt", "the file is empty")
    pieces = [ReadResult([], [problem]), ReadResult([], [problem])]
    assert [(b.articles, b.problems) for b in in_publication_order(pieces, 5, tmp_path)] == [
        ([], [problem, problem])]


def test_input_of_one_piece_is_passed_through_unchanged(tmp_path):
    piece = ReadResult([_article("b", "2021-07-02"), _article("a", "2021-07-01")])
    told = []
    assert list(in_publication_order([piece], 2, tmp_path, on_read=told.append)) == [piece]
    assert told == []


def test_the_number_read_is_told_before_the_first_batch(tmp_path):
    told = []
    pieces = [ReadResult([_article("b", "2021-07-02")]), ReadResult([_article("a", None)])]
    batches = in_publication_order(pieces, 1, tmp_path, on_read=told.append)
    next(batches)
    assert told == [2]


def test_no_input_yields_one_empty_batch(tmp_path):
    assert list(in_publication_order([], 2, tmp_path)) == [ReadResult()]


def test_the_spool_never_shows_in_its_folder_even_while_batches_are_read(tmp_path):
    # The spool is unlinked at once, so a killed process leaves nothing behind either.
    pieces = [ReadResult([_article(str(i), f"2021-07-{10 - i:02d}")]) for i in range(5)]
    batches = in_publication_order(pieces, 2, tmp_path)
    assert _files([next(batches)]) == [["4", "3"]]
    assert list(tmp_path.iterdir()) == []
    batches.close()
    assert list(tmp_path.iterdir()) == []
