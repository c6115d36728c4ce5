"""Fingerprints of near-duplicate texts (control_changes/syndication.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from control_changes import syndication
from control_changes.readers import read_paths
from control_changes.syndication import SAME_STORY_CONTAINMENT, fingerprint

ROOT = Path(__file__).resolve().parents[1]


def _containment(a: str, b: str) -> float:
    x, y = fingerprint(a), fingerprint(b)
    return len(x & y) / max(1, min(len(x), len(y)))


def _seed_texts() -> dict[str, str]:
    return {a.file: a.text for a in read_paths([ROOT / "seeds"]).articles}


def test_fingerprint_is_the_same_in_another_process():
    texts = _seed_texts()
    text = texts[min(texts)]
    code = ("import sys; from control_changes.syndication import fingerprint; "
            "print(sorted(fingerprint(sys.stdin.read()))[:20])")
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                         text=True, check=True, cwd=ROOT,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert out.strip() == str(sorted(fingerprint(text))[:20])


def test_fingerprint_values_fit_a_signed_64_bit_integer():
    for text in _seed_texts().values():
        hashes = fingerprint(text)
        assert hashes and all(0 <= h < 2**63 for h in hashes)


def test_text_shorter_than_a_shingle_has_no_fingerprint():
    assert fingerprint("Kunduz fell on Sunday") == set()
    assert fingerprint("") == set()


def test_fingerprint_ignores_case_and_punctuation():
    text = "The Taliban captured the border crossing at Islam Qala on Thursday, officials said."
    assert fingerprint(text) == fingerprint(text.upper().replace(",", " ;"))


def test_edited_wire_copies_share_enough_and_separate_reports_next_to_nothing():
    texts = _seed_texts()
    # The first three seeds are edited copies of one Reuters story; the other two are not.
    wire = [t for f, t in texts.items() if f[:3] in {"000", "001", "002"}]
    others = [t for f, t in texts.items() if f[:3] not in {"000", "001", "002"}]
    assert len(wire) == 3 and others
    for i, a in enumerate(wire):
        for b in wire[i + 1:]:
            assert _containment(a, b) >= SAME_STORY_CONTAINMENT
        for b in others:
            assert _containment(a, b) < 0.02  # a stock phrase at most


def test_fingerprint_is_unchanged_after_the_word_cache_is_emptied(monkeypatch):
    text = next(iter(_seed_texts().values()))
    before = fingerprint(text)
    monkeypatch.setattr(syndication, "_word_hashes", syndication._WordHashes())
    monkeypatch.setattr(syndication, "_MAX_CACHED_WORDS", 1)
    assert fingerprint(text) == before
    assert len(syndication._word_hashes) <= 1
