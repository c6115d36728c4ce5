"""Bytes from anywhere -> text, or a clear reason why not.

Articles arrive as UTF-8 (with or without a BOM), UTF-16 from Windows tools, and
Windows-1252 or Latin-1 from older sites. Binary files (images, archives, PDFs) are refused by
name rather than decoded into noise.
"""

from __future__ import annotations

import codecs

# Leading bytes of binary formats people drop into a folder of articles by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or a Word/Excel document)"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise ``DecodeError`` for binary or undecodable data."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({what}), not text")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "UTF-8 with BOM")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", "UTF-16")
    guess = _looks_utf16(data)
    if guess:
        return _strict(data, guess, guess.upper())
    if b"\x00" in data[:8000]:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1"
    controls = sum(1 for ch in text[:8000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.02 * max(1, min(len(text), 8000)):
        raise DecodeError("binary file (too many control characters), not text")
    return text, encoding


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        raise DecodeError(f"declares {label} but is not valid {label} ({exc.reason})") from exc
