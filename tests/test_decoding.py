"""Bytes -> text: every encoding articles arrive in, and binary files refused by name."""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
import zlib

import pytest

from control_changes.decoding import DecodeError, decode_bytes

SAMPLE = ("Taliban fighters entered Herāt and Qal‘ah-ye Now, officials said: “the city has "
          "fallen” — it’s over.")
# Characters Windows-1252 and Latin-1 can hold.
WESTERN = "Taliban fighters entered Kunduz; a café owner said “it’s over” – Mazār."
WESTERN_1252 = WESTERN.replace("ā", "a")


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def tiny_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.txt", "Taliban fighters captured Kunduz on Sunday.")
    return buf.getvalue()


def test_plain_utf8_is_decoded_unchanged():
    assert decode_bytes(SAMPLE.encode("utf-8")) == (SAMPLE, "UTF-8")


def test_utf8_with_bom_drops_the_bom_and_keeps_the_letters():
    text, enc = decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert text == SAMPLE
    assert enc == "UTF-8 with BOM"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_keeps_macrons_and_curly_quotes(codec):
    text, enc = decode_bytes(SAMPLE.encode(codec))
    assert text.lstrip("\ufeff") == SAMPLE
    assert "UTF-16" in enc


def test_windows_1252_curly_quotes_and_dashes_survive():
    text, enc = decode_bytes(WESTERN_1252.encode("cp1252"))
    assert text == WESTERN_1252
    assert enc == "Windows-1252"
    assert "“it’s over”" in text and "–" in text


def test_latin1_bytes_that_windows_1252_leaves_undefined_decode_as_latin1():
    prose = "Taliban fighters entered Kunduz on Sunday, the café owner said. " * 3
    raw = prose.encode("latin-1") + b"\x81"
    text, enc = decode_bytes(raw)
    assert enc == "Latin-1"
    assert text == prose + "\x81"


def test_utf8_with_a_few_stray_windows_1252_bytes_keeps_both():
    raw = "Herāt: “fallen”".encode() + b" said the caf\xe9 owner \x93today\x94"
    text, enc = decode_bytes(raw)
    assert text == "Herāt: “fallen” said the café owner “today”"
    assert "Windows-1252" in enc


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (tiny_png(), "PNG"),
        (tiny_zip(), "zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"SQLite format 3\x00" + bytes(100), "SQLite"),
    ],
)
def test_binary_formats_are_refused_by_name(data, named):
    with pytest.raises(DecodeError, match=named):
        decode_bytes(data)


def test_bytes_with_nul_are_refused_as_binary():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"abc\x00\x01\x02def" * 10 + b"\xfe")


def test_random_control_bytes_are_refused_as_binary():
    noise = bytes((i * 37 + 11) % 32 for i in range(2000)).replace(b"\x00", b"\x01")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(noise + b"\xff")


def test_utf16_declared_by_bom_but_broken_is_refused_by_name():
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")  # unpaired surrogate


def test_empty_bytes_decode_to_empty_text():
    assert decode_bytes(b"")[0] == ""
