"""What a later input of a stored text gives the store: a publication date, an outlet, a
title or a url it lacked, or one from a stronger source. A new date or outlet changes the
article's mentions, and so its events."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from control_changes.articles import Article
from control_changes.readers import ReadProblem
from control_changes.store.db import rows_in
from control_changes.store.mentions import extract_again

if TYPE_CHECKING:
    from control_changes.store.ingest import IngestReport

# How much a publication date is trusted, by where it came from: a date given with the
# article beats one read from its text, which beats one taken from a syndicated copy.
DATE_RANK = {"manifest": 3, "given": 3, "text": 2, "dateline": 2, "inferred": 1, "none": 0}

# How much an outlet is trusted, by where it came from: one given with the article (by a
# manifest, a JSON field or the form) beats one read from its text ("Source: theguardian").
OUTLET_RANK = {"manifest": 2, "given": 2, "text": 1, "none": 0}


def _outlet_rank(outlet: str, source: str | None) -> int:
    """The rank of a stored outlet; one whose source was not kept (older stores) is kept."""
    if not outlet:
        return 0
    return OUTLET_RANK.get(source or "", 2)


def complete(conn: sqlite3.Connection, known: list[Article], report: IngestReport,
             removed: list[tuple[str, str, str, str]], stories: set[str]) -> set[str]:
    """Fill in what stored articles lack from a later input of the same text: a
    publication date where the store has none or one from a weaker source (see
    ``DATE_RANK``: a manifest's date replaces one read from the text, as it would have
    at first), an outlet, title or url where it has none.

    Without this, an article first ingested without its manifest (or with a broken one)
    kept its gaps for good: ingesting it again with the manifest only said "already
    stored". An outlet read from the text likewise gives way to one given with the
    article. A new date or outlet changes the article's mentions and events: its mentions
    are extracted again with the new date, the old ones are appended to ``removed``, its
    story joins ``stories`` (so undated copies can take the date), and its id is returned
    for its days to be summarised again.
    """
    if not known:
        return set()
    incoming = {a.article_id: a for a in known}
    changed: set[str] = set()
    # Without the texts: most articles read again have nothing to fill in.
    rows = list(rows_in(
        conn, "SELECT article_id, file, outlet, outlet_source, title, url, published, "
        "published_source, story_id FROM articles WHERE article_id IN ({marks})",
        sorted(incoming)))
    for aid, file, outlet, outlet_source, title, url, published, source, story in rows:
        new = incoming[aid]
        fills: dict[str, str] = {}
        if new.published and DATE_RANK.get(new.published_source, 0) > DATE_RANK.get(
                source if published else "none", 0):
            fills["published"] = new.published.isoformat()
            fills["published_source"] = new.published_source
        elif new.published and published and new.published.isoformat() != published:
            report.problems.append(ReadProblem(
                new.file, f"already stored with publication date {published} (from "
                f"{source}); this input's {new.published.isoformat()} was not used",
                severity="warning"))
        stronger = OUTLET_RANK.get(new.source_of_outlet, 0) > _outlet_rank(
            outlet, outlet_source)
        if new.outlet and new.outlet == outlet and stronger:
            # The same name, now given: it is no longer open to replacement.
            fills["outlet_source"] = new.source_of_outlet
        elif new.outlet and new.outlet != outlet:
            if stronger:
                fills["outlet"], fills["outlet_source"] = new.outlet, new.source_of_outlet
            elif outlet:
                report.problems.append(ReadProblem(
                    new.file, f"already stored with outlet {outlet!r} (from "
                    f"{outlet_source or 'an older version of the store'}); this input's "
                    f"{new.outlet!r} was not used", severity="warning"))
        for name, value in (("title", title), ("url", url)):
            if not value and getattr(new, name):
                fills[name] = getattr(new, name)
        if not fills:
            continue
        conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in fills)} "
                     "WHERE article_id = ?", [*fills.values(), aid])
        what = [f"{k} {fills[k]!r}" for k in ("outlet", "title", "url") if k in fills]
        if "outlet" in fills and outlet:
            what[0] += f" in place of {outlet!r} read from the text"
        day = fills.get("published", published)
        if day != published:  # a date only confirmed by a stronger source is not news
            what.insert(0, f"publication date {day}")
        if what:
            report.completed.append(f"{', '.join(what)}: {new.file}")
            report.completed_files.append(new.file)
        if "published" not in fills and "outlet" not in fills:
            continue  # title and url are not part of any event
        (text,) = conn.execute("SELECT text FROM articles WHERE article_id = ?",
                               (aid,)).fetchone()
        article = Article(text=text, file=file, outlet=fills.get("outlet", outlet),
                          published=date.fromisoformat(day) if day else None,
                          published_source=fills.get("published_source", source))
        extract_again(conn, aid, article, removed)
        changed.add(aid)
        stories.add(story)
    return changed
