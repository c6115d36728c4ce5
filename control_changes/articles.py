"""Articles in: the Article record, text clean-up and metadata read from the text itself.

Readers of files live in ``control_changes.readers``; this module only knows what an article
is once it is text. Clean-up removes lines that are not article prose (photo credits and
captions, comment prompts, syndication footers) and lifts metadata lines (``date
YYYY-MM-DD``, ``Source:``, ``Author:``, ``Via …``) out of the text into fields.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from dateutil import parser as date_parser

_MONTHS = (
    "Jan|January|Feb|February|Mar|March|Apr|April|May|Jun|June|Jul|July|Aug|August|"
    "Sep|Sept|September|Oct|October|Nov|November|Dec|December"
)

# "date 2021-07-10 Taliban fighters ..." — a scraped date stamp at the very start.
_DATE_STAMP_RE = re.compile(r"^\s*date[:\s]+(\d{4}-\d{2}-\d{2})\b[\s:]*", re.IGNORECASE)
# "KUNDUZ, Aug 8 (Reuters) -" / "KABUL, Afghanistan, Aug. 13, 2021 (AP) —"
_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z\-' ]{2,30})(?:,\s*[A-Z][a-z]+)?,\s*"
    r"(?P<month>" + _MONTHS + r")\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?\s*"
    r"(?:\((?P<agency>[A-Za-z ]{2,30})\))?\s*[-—–]+\s*"
)
_META_LINE_RE = re.compile(r"^\s*(Source|Author|Authors|By)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_VIA_RE = re.compile(r"^\s*Via\s+(.+?)(?:\s+https?://\S+)?\s*$")
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:"
    r"\d*\s*comments?:?|no comments:?|post a comment|original article|"
    r"share(?: this(?: article)?)?(?: on \w+)?|click here.*|follow us.*|read more.*|"
    r"advertisement|subscribe.*|sign up.*|related:?.*|photo:.*|image:.*|"
    r"\(?photo credit:.*"
    r")\s*$",
    re.IGNORECASE,
)
# A credit anywhere in the line. Both forms hold "photo", so the pattern, which tries every
# position of a line, runs only on lines that do.
_PHOTO_CREDIT_RE = re.compile(
    r"^.*(?:\(photo credit:[^)]*\)\s*|\bphoto:\s*(?:ap|afp|reuters|getty)\b.*)$",
    re.IGNORECASE,
)
# The credit itself, to find the caption it follows on the same line.
_CREDIT_RE = re.compile(r"\(?photo credit:[^)]*\)?|\bphoto:\s*(?:ap|afp|reuters|getty)\b.*",
                        re.IGNORECASE)
_WIRE_RE = re.compile(r"^\s*with inputs from (.+?)\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """One article: cleaned text and what is known about where and when it appeared."""

    text: str
    file: str = ""
    outlet: str = ""
    title: str = ""
    url: str = ""
    published: date | None = None
    published_source: str = "none"  # manifest | given | text | dateline | inferred | none
    author: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Where ``outlet`` came from: manifest | given | text | none, or "" when the code that
    # made the article gave it (see ``source_of_outlet``). An outlet read from the text
    # ("Source: theguardian") gives way to one a manifest names later (see the store).
    outlet_source: str = ""

    @property
    def source_of_outlet(self) -> str:
        """``outlet_source``, with an outlet set by the caller counted as given."""
        return self.outlet_source or ("given" if self.outlet else "none")

    @cached_property
    def article_id(self) -> str:
        """``content_id`` of the text, computed once: an ingest asks for it several times."""
        return content_id(self.text)


def content_id(text: str) -> str:
    """A content hash that ignores case, spacing and Unicode form: same story text, same id."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = " ".join(norm.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def parse_date(value: object) -> date | None:
    """A publication date from a manifest or form: ISO or a written date; raises ValueError."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "unknown"}:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    parsed = date_parser.parse(text, dayfirst=True, fuzzy=False)
    if not re.search(r"\d{4}", text):
        raise ValueError(f"{text!r} has no year")
    return parsed.date()


def _dateline(text: str, published: date | None) -> tuple[date | None, str]:
    """A date from a wire dateline; the year comes from the text or the known publication.

    The dateline opens the first paragraph, which may follow a headline line or two.
    """
    m = None
    for line in [ln for ln in text.split("\n") if ln.strip()][:3]:
        m = _DATELINE_RE.match(line)
        if m:
            break
    if not m:
        return None, ""
    year = m.group("year") or (published.year if published else None)
    if year is None:
        return None, m.group("place").strip().title()
    try:
        found = date_parser.parse(f"{m.group('day')} {m.group('month')} {year}").date()
    except (ValueError, OverflowError):
        return None, ""
    return found, m.group("place").strip().title()


def clean_article(article: Article, today: date | None = None) -> Article:
    """Drop boilerplate lines, lift metadata lines into fields, read dates from the text."""
    today = today or date.today()
    notes = list(article.notes)
    meta: dict[str, str] = {}
    kept: list[str] = []
    published, source = article.published, article.published_source
    lines = article.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    seen_short: set[str] = set()
    captions: set[str] = set()  # photo captions met so far, without their credit
    n_prose = 0  # non-empty lines kept so far
    for i, line in enumerate(lines):
        stripped = line.strip()
        # A scraped "date YYYY-MM-DD" stamp opens the text or follows the headline.
        if i == 0 or n_prose < 2:
            stamp = _DATE_STAMP_RE.match(line)
            if stamp:
                stamped = _safe_iso(stamp.group(1))
                if stamped and published is None:
                    published, source = stamped, "text"
                line = line[stamp.end():]
                stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        m = _META_LINE_RE.match(stripped)
        if m and len(stripped) < 120:
            key = m.group(1).lower()
            meta["author" if key in {"author", "authors", "by"} else "source"] = m.group(2)
            continue
        via = _VIA_RE.match(stripped)
        if via and len(stripped) < 160:
            meta.setdefault("source", via.group(1))
            continue
        if "photo" in stripped.lower() and (caption := _caption_of(stripped)) is not None:
            # A credit marks a caption: the text before it on its line; the line just before
            # a credit on a line of its own, when that line does not end like prose; and the
            # same caption printed again without its credit (alt text, then caption).
            previous = kept[-1].strip() if kept else ""
            if not caption and _reads_as_caption(previous):
                caption = previous
            if caption:
                captions.add(caption)
                if previous == caption:
                    kept.pop()
                    n_prose -= 1
            continue
        if _BOILERPLATE_RE.match(stripped):
            continue
        if stripped in captions:
            continue
        wire = _WIRE_RE.match(stripped)
        if wire:
            meta["wire"] = wire.group(1)
            continue
        # A caption printed twice in a row (image alt text then caption) is not prose.
        if len(stripped) < 200 and stripped in seen_short and not stripped.endswith("."):
            continue
        seen_short.add(stripped)
        kept.append(line.rstrip())
        n_prose += 1
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()

    if published is None:
        found, _ = _dateline(text, None)
        if found:
            published, source = found, "dateline"
    if published is not None and published > today:
        notes.append(f"publication date {published.isoformat()} is in the future; ignored")
        published, source = None, "none"
    title = article.title or _title_from(text)
    outlet, outlet_source = article.outlet, article.outlet_source
    if not outlet and meta.get("source"):
        outlet, outlet_source = meta["source"], "text"
    return replace(
        article,
        text=text,
        title=title,
        outlet=outlet,
        outlet_source=outlet_source if outlet else "none",
        author=article.author or meta.get("author", ""),
        published=published,
        published_source=source if published else "none",
        notes=tuple(notes),
    )


def _caption_of(line: str) -> str | None:
    """For a line holding a photo credit, the caption before the credit ("" when the line
    is the credit alone); None for any other line."""
    if not (_BOILERPLATE_RE.match(line) or _PHOTO_CREDIT_RE.match(line)):
        return None
    return _CREDIT_RE.sub("", line).strip()


def _reads_as_caption(line: str) -> bool:
    """A short line that does not end like a sentence of prose."""
    return 0 < len(line) < 300 and not line.endswith((".", "?", "!", '"', "”", ":"))


def _safe_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _title_from(text: str) -> str:
    """The first line when it reads like a headline (short, no closing full stop)."""
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first.split()) <= 16 and not first.endswith((".", '"', "”")):
        return first
    return ""


def non_latin_share(text: str) -> float:
    """Share of letters outside the Latin script: a quick test for articles in Dari, Pashto…"""
    sample = text[:20000]
    if sample.isascii():
        return 0.0
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if ch < "\u0250" or "LATIN" in unicodedata.name(ch, ""))
    return 1 - latin / len(letters)
