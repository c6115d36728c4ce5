"""Cleaning one article: what stays prose, and that the work grows with the text, not faster."""

from datetime import date
from pathlib import Path

from control_changes.articles import Article, clean_article


def test_long_article_is_cleaned_in_one_pass_regression():
    # Each line used to recount every line kept before it: 40,000 lines took 28 s and a
    # 25 MB file (the size limit) would have taken over an hour. Now it is one pass.
    lines = [f"Line {i} of the story about Kunduz." for i in range(200_000)]
    cleaned = clean_article(Article(text="Headline\n\n" + "\n".join(lines), file="long.txt"))
    assert cleaned.text.count("\n") == 200_001
    assert cleaned.title == "Headline"


def test_date_stamp_after_the_headline_is_read_and_removed():
    text = "Herat falls\ndate 2021-08-12\nHerat fell to the Taliban on Thursday."
    cleaned = clean_article(Article(text=text, file="a.txt"), today=date(2026, 1, 1))
    assert cleaned.published == date(2021, 8, 12)
    assert cleaned.published_source == "text"
    assert "date 2021" not in cleaned.text


def test_date_stamp_deep_in_the_body_is_left_as_text():
    text = "Herat falls\nFirst line of prose.\nSecond line of prose.\ndate 2021-08-12 here"
    cleaned = clean_article(Article(text=text, file="a.txt"), today=date(2026, 1, 1))
    assert cleaned.published is None
    assert "date 2021-08-12 here" in cleaned.text


def test_outlet_read_from_a_source_line_is_marked_as_read_from_the_text():
    text = "Herat falls\nSource: theguardian\nHerat fell to the Taliban on Thursday."
    cleaned = clean_article(Article(text=text, file="a.txt"))
    assert (cleaned.outlet, cleaned.outlet_source) == ("theguardian", "text")
    assert "Source:" not in cleaned.text


def test_outlet_given_with_the_article_wins_over_a_source_line_and_keeps_its_source():
    text = "Herat falls\nSource: theguardian\nHerat fell to the Taliban on Thursday."
    cleaned = clean_article(Article(text=text, file="a.txt", outlet="The Guardian",
                                    outlet_source="manifest"))
    assert (cleaned.outlet, cleaned.outlet_source) == ("The Guardian", "manifest")


def test_outlet_set_by_the_caller_counts_as_given_and_no_outlet_as_none():
    assert Article(text="x", outlet="AP").source_of_outlet == "given"
    assert Article(text="x").source_of_outlet == "none"
    assert clean_article(Article(text="Herat fell.")).source_of_outlet == "none"


def test_photo_credit_lines_are_dropped_and_prose_about_photos_is_kept():
    text = ("Taliban fighters entered Kunduz on Sunday.\n"
            "A fighter on the square (Photo credit: AFP/Getty)\n"
            "Fighters at the gate. PHOTO: Reuters\n"
            "Residents shared a photo of the flag over the governor's office.\n"
            "Photo credit: Ariana News\n")
    kept = clean_article(Article(text=text)).text.split("\n")
    assert kept == ["Taliban fighters entered Kunduz on Sunday.",
                    "Residents shared a photo of the flag over the governor's office."]


def test_article_id_is_computed_once_per_article(monkeypatch):
    import control_changes.articles as articles

    calls = []
    real = articles.content_id
    monkeypatch.setattr(articles, "content_id", lambda text: calls.append(text) or real(text))
    article = Article(text="Taliban fighters entered Kunduz on Sunday.")
    assert article.article_id == article.article_id == real(article.text)
    assert len(calls) == 1


def test_caption_repeated_without_its_photo_credit_is_still_a_caption():
    """Regression (issue 23, item 10): the Jerusalem Post seed printed its photo caption
    twice, once with "(photo credit: …)" and once without, and the second copy stayed in the
    text shown on the Articles page."""
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_16c5b76cd906a502.txt"
    cleaned = clean_article(Article(text=seed.read_text(encoding="utf-8"))).text
    assert "Moscow, Russia May 30, 2019" not in cleaned
    assert "Political members of the Taliban visiting Moscow" in cleaned

    caption = "Fighters on the square in Kunduz, August 8, 2021"
    for text in (f"{caption} (photo credit: AFP)\n{caption}\nHerat fell on Thursday.",
                 f"{caption}\n{caption} (Photo credit: AFP)\nHerat fell on Thursday.",
                 f"{caption}\n(photo credit: AFP)\nHerat fell on Thursday."):
        assert clean_article(Article(text=text)).text == "Herat fell on Thursday.", text
    prose = "Herat fell on Thursday.\n(photo credit: AFP)\nKandahar followed."
    assert clean_article(Article(text=prose)).text.split("\n") == [
        "Herat fell on Thursday.", "Kandahar followed."]
