"""Files in, articles out: plain text, HTML, JSON Lines and a manifest of metadata.

Every problem becomes a ``ReadProblem`` naming the file (and line) and the reason; the other
files and lines still come through. Nothing here touches the store.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from control_changes.articles import Article, clean_article, non_latin_share, parse_date
from control_changes.decoding import DecodeError, decode_bytes

# Largest file accepted, in bytes. A news article is a few KB; a JSON Lines batch of many
# thousands of articles fits well under this. Larger files are refused, not truncated.
MAX_FILE_BYTES = 25 * 1024 * 1024
# Articles whose letters are mostly outside the Latin script are kept but flagged.
NON_LATIN_LIMIT = 0.5

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


@dataclass(frozen=True)
class ReadProblem:
    """Something wrong with an input: ``severity`` is ``error`` (skipped) or ``warning`` (kept)."""

    file: str
    reason: str
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{self.severity}: {where}: {self.reason}"


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)

    def extend(self, other: ReadResult) -> None:
        self.articles.extend(other.articles)
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[ReadProblem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True)
class ManifestRow:
    published: date | None
    outlet: str
    title: str
    url: str


def read_manifest(path: Path, today: date | None = None) -> tuple[dict[str, ManifestRow], list]:
    """Parse ``manifest.csv`` (file, published, outlet, title, url; extra columns ignored)."""
    today = today or date.today()
    problems: list[ReadProblem] = []
    name = path.name
    try:
        text, _ = decode_bytes(path.read_bytes())
    except (OSError, DecodeError) as exc:
        return {}, [ReadProblem(name, f"manifest unreadable: {exc}")]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        return {}, [ReadProblem(name, "manifest has no 'file' column")]
    known = {"file", "published", "outlet", "title", "url", "date_note"}
    extra = [f for f in reader.fieldnames if f.strip().lower() not in known]
    if extra:
        problems.append(
            ReadProblem(name, f"extra columns ignored: {', '.join(extra)}", severity="warning")
        )
    rows: dict[str, ManifestRow] = {}
    for line_no, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        file = row.get("file", "")
        if not file:
            problems.append(ReadProblem(name, "row without a file name", line_no, "warning"))
            continue
        if file in rows:
            problems.append(
                ReadProblem(name, f"duplicate row for {file}; the first is used", line_no,
                            "warning")
            )
            continue
        published = None
        try:
            published = parse_date(row.get("published"))
        except (ValueError, OverflowError):
            problems.append(
                ReadProblem(name, f"published {row.get('published')!r} for {file} is not a "
                            "date; the article is kept as undated", line_no, "warning")
            )
        if published and published > today:
            problems.append(
                ReadProblem(name, f"published {published} for {file} is in the future; the "
                            "article is kept as undated", line_no, "warning")
            )
            published = None
        rows[file] = ManifestRow(published, row.get("outlet", ""), row.get("title", ""),
                                 row.get("url", ""))
    return rows, problems


def _article_from_text(text: str, file: str, meta: ManifestRow | None, today: date | None,
                       line: int | None = None) -> ReadResult:
    result = ReadResult()
    if not text.strip():
        result.problems.append(ReadProblem(file, "empty article (no text)", line))
        return result
    base = Article(
        text=text,
        file=file,
        outlet=meta.outlet if meta else "",
        title=meta.title if meta else "",
        url=meta.url if meta else "",
        published=meta.published if meta else None,
        published_source="manifest" if meta and meta.published else "none",
    )
    article = clean_article(base, today)
    if not article.text.strip():
        result.problems.append(ReadProblem(file, "no article text left after removing "
                                           "boilerplate", line))
        return result
    share = non_latin_share(article.text)
    if share > NON_LATIN_LIMIT:
        result.problems.append(
            ReadProblem(file, f"{share:.0%} of letters are not Latin script: the article seems "
                        "not to be in English; stored, but no place names can be matched",
                        line, "warning")
        )
    for note in article.notes:
        result.problems.append(ReadProblem(file, note, line, "warning"))
    result.articles.append(article)
    return result


def _html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Article body and metadata from an HTML page (scripts, styles and handlers dropped)."""
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True) or ""
    meta: dict[str, str] = {}
    doc = trafilatura.extract_metadata(html)
    if doc is not None:
        for key in ("title", "date", "sitename", "url", "author"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = str(value)
    return body, meta


def read_bytes(data: bytes, file: str, meta: ManifestRow | None = None,
               today: date | None = None) -> ReadResult:
    """Read one file's bytes by its suffix; problems name ``file``."""
    result = ReadResult()
    if len(data) > MAX_FILE_BYTES:
        result.problems.append(ReadProblem(
            file, f"file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB "
            "limit; split it into smaller files"))
        return result
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        result.problems.append(ReadProblem(file, str(exc)))
        return result
    suffix = Path(file).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(text, file, today)
    if suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype", "<html")):
        body, html_meta = _html_to_text(text)
        if not body.strip():
            result.problems.append(ReadProblem(file, "no article text found in the HTML"))
            return result
        merged = ManifestRow(
            published=(meta.published if meta and meta.published else _lenient_date(
                html_meta.get("date"))),
            outlet=(meta.outlet if meta and meta.outlet else html_meta.get("sitename", "")),
            title=(meta.title if meta and meta.title else html_meta.get("title", "")),
            url=(meta.url if meta and meta.url else html_meta.get("url", "")),
        )
        out = _article_from_text(body, file, merged, today)
        if merged.published and not (meta and meta.published):
            out.articles = [replace(a, published_source="text") for a in out.articles]
        return out
    return _article_from_text(text, file, meta, today)


def _lenient_date(value: str | None) -> date | None:
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        return None


def _read_jsonl(text: str, file: str, today: date | None) -> ReadResult:
    """One article per line; a broken line is reported by number and the rest still read."""
    result = ReadResult()
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(ReadProblem(file, f"not valid JSON ({exc.msg})", line_no))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            result.problems.append(ReadProblem(file, "no 'text' string in this line", line_no))
            continue
        published = None
        try:
            published = parse_date(obj.get("published"))
        except (ValueError, OverflowError):
            result.problems.append(ReadProblem(
                file, f"published {obj.get('published')!r} is not a date; kept as undated",
                line_no, "warning"))
        if published and today and published > today:
            published = None
        meta = ManifestRow(published, str(obj.get("outlet") or ""), str(obj.get("title") or ""),
                           str(obj.get("url") or ""))
        name = f"{file}#{line_no}"
        result.extend(_article_from_text(obj["text"], name, meta, today, line_no))
    return result


def read_paths(paths: list[Path], manifest: Path | None = None,
               today: date | None = None) -> ReadResult:
    """Read files and folders; a folder's ``manifest.csv`` is used unless one is given."""
    result = ReadResult()
    files: list[Path] = []
    manifests: dict[str, ManifestRow] = {}
    if manifest is not None:
        rows, problems = read_manifest(manifest, today)
        manifests.update(rows)
        result.problems.extend(problems)
    for path in paths:
        if path.is_dir():
            local = path / "manifest.csv"
            if manifest is None and local.exists():
                rows, problems = read_manifest(local, today)
                for key, row in rows.items():
                    manifests.setdefault(key, row)
                result.problems.extend(problems)
            files.extend(sorted(p for p in path.iterdir()
                                if p.is_file() and p.name != "manifest.csv"
                                and not p.name.startswith(".")))
        else:
            files.append(path)
    present = {p.name for p in files}
    for name in manifests:
        if name not in present:
            result.problems.append(ReadProblem(
                manifest.name if manifest else "manifest.csv",
                f"lists {name}, which was not found", severity="warning"))
    for path in files:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                result.problems.append(ReadProblem(
                    path.name, f"file is {size / 1e6:.1f} MB, over the "
                    f"{MAX_FILE_BYTES / 1e6:.0f} MB limit; split it into smaller files"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(ReadProblem(path.name, f"cannot read file: {exc.strerror}"))
            continue
        result.extend(read_bytes(data, path.name, manifests.get(path.name), today))
    return result
