"""Spellings for the gazetteer build: folding marks away, slugs, and which GeoNames alternate
names a reader will meet. Used by ``gazetteer.build_tables`` at build time."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Drop diacritics and ayn/hamza marks: 'Qal‘ah-ye Now' -> 'Qalah-ye Now'."""
    text = re.sub(r"[‘’'ʼʻ`´]", "", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin-script letter."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def usable_alternate(text: str) -> bool:
    """Filter GeoNames alternate names: Latin script, not a code, not a lowercase romanisation.

    GeoNames mixes in airport codes ('KBL') and lowercase machine romanisations of
    non-Latin names ('kabwl', 'ka bu er'); neither is a spelling a reader will meet.
    """
    text = text.strip()
    if len(text) < 3 or not is_latin(text):
        return False
    if text.isupper() and len(text) <= 4:
        return False
    if text == text.lower():
        return False
    return not any(c.isdigit() for c in text)


def strip_suffix(text: str) -> str | None:
    """'Jurm District' -> 'Jurm'; returns None when there is no administrative suffix."""
    m = re.fullmatch(r"(.+?)\s+(District|Province|tumani|tuman|viloyati)", text.strip())
    return m.group(1).strip() if m else None
