"""Files in, articles out: plain text, HTML, JSON Lines and a manifest of metadata.

Every problem becomes a ``ReadProblem`` naming the file (and line) and the reason; the other
files and lines still come through. Nothing here touches the store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
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
    line: int | None = None  # its line in the manifest, for messages
    # Where its values came from, as articles record it: "manifest" (a manifest or a JSON
    # field) or "given" (typed into the Add-articles form).
    source: str = "manifest"


# Manifest values that mean "not known" rather than naming an outlet.
_UNKNOWN = frozenset({"unknown", "n/a", "na", "none", "-", "?"})


def read_manifest(path: Path, today: date | None = None) -> tuple[dict[str, ManifestRow], list]:
    """Parse ``manifest.csv`` (file, published, outlet, title, url; extra columns ignored)."""
    today = today or date.today()
    problems: list[ReadProblem] = []
    name = path.name
    try:
        text, _ = decode_bytes(read_limited(path))
    except TooLarge as exc:
        return {}, [ReadProblem(name, f"manifest unreadable: {exc}")]
    except OSError as exc:
        return {}, [ReadProblem(name, f"manifest unreadable: {exc.strerror or exc}")]
    except DecodeError as exc:
        return {}, [ReadProblem(name, f"manifest unreadable: {exc}")]
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        header = ", ".join(reader.fieldnames or []) or "none"
        return {}, [ReadProblem(name, f"manifest has no 'file' column (its header: {header}); "
                                      "the files are read without its dates and outlets")]
    known = {"file", "published", "outlet", "title", "url", "date_note"}
    extra = [f for f in reader.fieldnames if f.strip().lower() not in known]
    if extra:
        problems.append(
            ReadProblem(name, f"extra columns ignored: {', '.join(extra)}", severity="warning")
        )
    rows: dict[str, ManifestRow] = {}
    for raw in reader:
        # The line the row starts on: a quoted field may span lines, and blank lines are skipped.
        line_no = reader.line_num - sum(v.count("\n") for v in raw.values() if isinstance(v, str))
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
        outlet = row.get("outlet", "")
        if outlet.lower() in _UNKNOWN:
            outlet = ""
        rows[file] = ManifestRow(published, outlet, row.get("title", ""),
                                 row.get("url", ""), line_no)
    return rows, problems


# Separators a manifest may use: spreadsheets in many locales save "CSV" with semicolons.
_DELIMITERS = (",", ";", "\t", "|")


def _delimiter(text: str) -> str:
    """The separator whose split of the header line yields a 'file' column (else a comma)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    for sep in _DELIMITERS:
        fields = next(csv.reader([header], delimiter=sep), [])
        if "file" in (f.strip().lower() for f in fields):
            return sep
    return ","


def _article_from_text(text: str, file: str, meta: ManifestRow | None, today: date | None,
                       line: int | None = None) -> ReadResult:
    result = ReadResult()
    if not text.strip():
        result.problems.append(ReadProblem(file, "empty article (no text)", line))
        return result
    if not any(ch.isalnum() for ch in text):
        result.problems.append(ReadProblem(file, "no words in the text (only punctuation, "
                                           "symbols or invisible characters)", line))
        return result
    base = Article(
        text=text,
        file=file,
        outlet=meta.outlet if meta else "",
        title=meta.title if meta else "",
        url=meta.url if meta else "",
        published=meta.published if meta else None,
        published_source=meta.source if meta and meta.published else "none",
        outlet_source=meta.source if meta and meta.outlet else "none",
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


def _looks_like_html(text: str) -> bool:
    """A whole HTML page or fragment (not prose that happens to mention a tag)."""
    return bool(_HTML_START_RE.match(text[:2000]))


_HTML_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|section|p)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


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


def _too_large(size: int | None, limit: int = MAX_FILE_BYTES) -> str:
    """The refusal of a file of ``size`` bytes; None when only "more than the limit" is known
    (a pipe or a device, read up to the limit)."""
    # MB here are binary megabytes (1,048,576 bytes), so the limit reads as the README says.
    what = f"file is {size / _MB:.1f} MB, over" if size is not None else "input goes on past"
    return f"{what} the {limit / _MB:g} MB limit; split it into smaller files"


_MB = 1024 * 1024


class TooLarge(OSError):
    """A file over ``MAX_FILE_BYTES``; the message gives its size and the limit."""


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing (``TooLarge``) without reading more than ``limit`` + 1."""
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(_too_large(size, limit))
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew since, or a device or pipe that reports no size
        raise TooLarge(_too_large(None, limit))
    return data


def read_bytes(data: bytes, file: str, meta: ManifestRow | None = None,
               today: date | None = None) -> ReadResult:
    """Read one file's bytes by its suffix (or content); problems name ``file``.

    Bytes over ``MAX_FILE_BYTES`` are refused; binary and undecodable bytes are refused by
    name; text that is not English is kept with a warning.
    """
    result = ReadResult()
    if len(data) > MAX_FILE_BYTES:
        result.problems.append(ReadProblem(file, _too_large(len(data))))
        return result
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        result.problems.append(ReadProblem(file, str(exc)))
        return result
    suffix = Path(file).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        if suffix == ".json" and text.lstrip().startswith("["):
            return _read_json_array(text, file, today)
        return _read_jsonl(text, file, today)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        try:
            body, html_meta = _html_to_text(text)
        except Exception as exc:  # a parser failure on hostile markup is a refusal, not a crash
            result.problems.append(ReadProblem(file, f"HTML could not be parsed ({exc})"))
            return result
        if not body.strip():
            result.problems.append(ReadProblem(file, "no article text found in the HTML"))
            return result
        merged = ManifestRow(
            published=(meta.published if meta and meta.published else _lenient_date(
                html_meta.get("date"))),
            outlet=(meta.outlet if meta and meta.outlet else html_meta.get("sitename", "")),
            title=(meta.title if meta and meta.title else html_meta.get("title", "")),
            url=(meta.url if meta and meta.url else html_meta.get("url", "")),
            source=meta.source if meta else "manifest",
        )
        out = _article_from_text(body, file, merged, today)
        # What the page's own tags gave was read from the document, not given with it.
        if merged.published and not (meta and meta.published):
            out.articles = [replace(a, published_source="text") for a in out.articles]
        if merged.outlet and not (meta and meta.outlet):
            out.articles = [replace(a, outlet_source="text") for a in out.articles]
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
    # Only \n ends a line: JSON strings may hold other line separators (U+2028, \x1c...).
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(ReadProblem(
                file, f"not valid JSON ({exc.msg} at column {exc.colno}); line skipped",
                line_no))
            continue
        except RecursionError:
            result.problems.append(ReadProblem(file, "JSON nested too deeply; line skipped",
                                               line_no))
            continue
        result.extend(_json_article(obj, file, f"{file}#{line_no}", line_no, today))
    return result


def _read_json_array(text: str, file: str, today: date | None) -> ReadResult:
    """A .json file holding one list of article objects."""
    result = ReadResult()
    try:
        items = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = getattr(exc, "msg", "nested too deeply")
        result.problems.append(ReadProblem(file, f"not valid JSON ({msg})",
                                           getattr(exc, "lineno", None)))
        return result
    if not isinstance(items, list):
        result.problems.append(ReadProblem(file, "a .json file must hold a list of articles"))
        return result
    for i, obj in enumerate(items, start=1):
        out = _json_article(obj, file, f"{file}#{i}", None, today, unit="item")
        for problem in out.problems:
            result.problems.append(replace(problem, reason=f"item {i}: {problem.reason}"))
        result.articles.extend(out.articles)
    return result


# JSON can escape half of a UTF-16 surrogate pair on its own ("\ud800"): that is no character,
# and a string holding one can be neither stored nor shown.
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_FIELDS = ("text", "published", "outlet", "title", "url")


def _lone_surrogate(obj: dict, unit: str = "line") -> str | None:
    """Why ``obj`` (a ``unit``: line or item) cannot be stored, when one of its fields holds a
    lone surrogate."""
    for key in _JSON_FIELDS:
        value = obj.get(key)
        if isinstance(value, str) and (m := _LONE_SURROGATE_RE.search(value)):
            return (f"'{key}' holds \\u{ord(m.group()):04x}, half of a UTF-16 surrogate pair, "
                    f"which is not a character; {unit} skipped")
    return None


def _json_article(obj: object, file: str, name: str, line_no: int | None,
                  today: date | None, unit: str = "line") -> ReadResult:
    """One article object ({"text": ..., "published", "outlet", "title", "url"}), a line of
    a JSON Lines file or an item of a .json list (``unit``, for messages)."""
    result = ReadResult()
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        result.problems.append(ReadProblem(file, f"no 'text' string in this {unit}", line_no))
        return result
    broken = _lone_surrogate(obj, unit)
    if broken:
        result.problems.append(ReadProblem(file, broken, line_no))
        return result
    published = None
    try:
        published = parse_date(obj.get("published"))
    except (ValueError, OverflowError):
        result.problems.append(ReadProblem(
            file, f"published {obj.get('published')!r} is not a date; kept as undated",
            line_no, "warning"))
    if published and today and published > today:
        result.problems.append(ReadProblem(
            file, f"published {published} is in the future; kept as undated", line_no,
            "warning"))
        published = None
    meta = ManifestRow(published, _field(obj, "outlet"), _field(obj, "title"),
                       _field(obj, "url"))
    result.extend(_article_from_text(obj["text"], name, meta, today, line_no))
    return result


def _field(obj: dict, key: str) -> str:
    value = obj.get(key)
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def read_paths(paths: list[Path], manifest: Path | None = None,
               today: date | None = None) -> ReadResult:
    """Read files and folders; a folder's ``manifest.csv`` is used unless one is given."""
    return next(read_batches(paths, manifest, None, today))


def read_batches(paths: list[Path], manifest: Path | None = None, size: int | None = None,
                 today: date | None = None) -> Iterator[ReadResult]:
    """``read_paths`` in pieces of ``size`` articles (all in one piece when None), read as
    they are asked for, so an archive of any size is never held in memory at once. A
    problem comes with the piece being filled when it is found (the manifest's with the
    first); at least one piece is yielded, empty if nothing could be read."""
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
    names = {path: _display_name(path) for path in files}
    present = set(names.values())
    for name, row in manifests.items():
        if name not in present:
            result.problems.append(ReadProblem(
                manifest.name if manifest else "manifest.csv",
                f"lists {name}, which was not found", row.line, severity="warning"))
    yielded = False
    for path in files:
        result.extend(_read_file(path, names[path], manifests.get(names[path]), today))
        # A JSON Lines file may hold more than one piece: it is cut at ``size`` too.
        while size and len(result.articles) >= size:
            yield ReadResult(result.articles[:size], result.problems)
            yielded = True
            result = ReadResult(result.articles[size:], [])
    if result.articles or result.problems or not yielded:
        yield result


def _read_file(path: Path, name: str, meta: ManifestRow | None,
               today: date | None) -> ReadResult:
    """One file's articles and problems (its name as ``_display_name`` gives it)."""
    result = ReadResult()
    if name != path.name:
        result.problems.append(ReadProblem(
            name, "file name is not UTF-8; its other bytes are shown as \\x escapes",
            severity="warning"))
    try:
        data = read_limited(path)
    except TooLarge as exc:
        result.problems.append(ReadProblem(name, str(exc)))
        return result
    except OSError as exc:
        result.problems.append(ReadProblem(name, f"cannot read file: {exc.strerror or exc}"))
        return result
    result.extend(read_bytes(data, name, meta, today))
    return result


def _display_name(path: Path) -> str:
    """The file's name as text that can be stored and printed. A name made on a system with
    another encoding holds bytes that are not UTF-8, which Python keeps as lone surrogates;
    those are shown as ``\\xNN`` escapes instead of failing the whole batch."""
    name = path.name
    if not _LONE_SURROGATE_RE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")
