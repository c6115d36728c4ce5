"""Bytes from anywhere -> text, or a clear reason why not.

Articles arrive as UTF-8 (with or without a BOM), UTF-16 from Windows tools, and
Windows-1252 or Latin-1 from older sites, and now and then as UTF-8 with a few stray
Windows-1252 bytes pasted in. Binary files (images, archives, PDFs) are refused by
name rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re

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
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with a few stray single bytes (text pasted together from two sources):
        # keep the UTF-8 and read each stray byte as Windows-1252.
        text = data.decode("utf-8", errors=_STRAY_BYTES)
        return _check_controls(text), "UTF-8 (with some Windows-1252 bytes)"
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1"
    return _check_controls(text), encoding


def _check_controls(text: str) -> str:
    controls = sum(1 for ch in text[:8000]
                   if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0x80 <= ord(ch) < 0xA0)
    if controls > 0.02 * max(1, min(len(text), 8000)):
        raise DecodeError("binary file (too many control characters), not text")
    return text


def _stray_byte(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects one by one as Windows-1252 (Latin-1 where undefined)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(_cp1252_char(b) for b in bad), exc.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


_STRAY_BYTES = "conflict-map-stray-bytes"
codecs.register_error(_STRAY_BYTES, _stray_byte)
# A well-formed multi-byte UTF-8 sequence (two, three or four bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        raise DecodeError(f"declares {label} but is not valid {label} ({exc.reason})") from exc
