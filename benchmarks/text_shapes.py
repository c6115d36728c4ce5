"""The shapes of text ``large_article.py`` times every stage on: synthetic prose and ten
hostile layouts (short or long lines, one line, stray bytes, place names without a word of
change, Title-Case runs, lists of titles, abbreviations, one endless sentence, a run of full
stops), each built at any size from a seed, so every size is a prefix of the larger ones."""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import WEEKDAYS, _place_pool, iter_articles  # noqa: E402
from control_changes import lexicon  # noqa: E402
from control_changes.articles import Article, clean_article  # noqa: E402
from control_changes.decoding import decode_bytes  # noqa: E402

_CORPUS: list[str] = []


def corpus_text(n: int, seed: int) -> str:
    """Generated articles joined by blank lines, cut at a paragraph end near ``n`` chars.

    Every size is a prefix of the larger ones, so sizes differ only in length.
    """
    if not _CORPUS or len(_CORPUS[0]) < n + 5000:
        parts, total = [], 0
        for art in iter_articles(10**9, seed):
            parts.append(art["text"].strip())
            total += len(parts[-1]) + 2
            if total > max(n, 1000) * 1.1 + 5000:
                break
        _CORPUS[:] = ["\n\n".join(parts) + "\n"]
    text = _CORPUS[0]
    cut = text.rfind("\n\n", 0, n)
    return text[:cut if cut > 0 else n].strip() + "\n"


def _cut(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` chars, at a space or line end."""
    if len(text) <= n:
        return text
    cut = max(text.rfind(" ", 0, n), text.rfind("\n", 0, n))
    return text[:cut if cut > 0 else n]


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def short_lines(n: int, seed: int) -> str:
    paras = corpus_text(n, seed).split("\n\n")
    return "\n\n".join("\n".join(_wrap(p, 60)) for p in paras) + "\n"


def long_lines(n: int, seed: int, lines: int = 8) -> str:
    paras = corpus_text(n, seed).split()
    step = math.ceil(len(paras) / lines)
    return "\n".join(" ".join(paras[i:i + step]) for i in range(0, len(paras), step)) + "\n"


def one_line(n: int, seed: int) -> str:
    return " ".join(corpus_text(n, seed).split())


def stray_bytes(n: int, seed: int) -> bytes:
    """UTF-8 prose with a Windows-1252 "é" (a lone 0xE9 byte) pasted in every ~1 KB."""
    data = ("Caf\u00e9 owners\u2019 report. " + corpus_text(n, seed)).encode("utf-8")
    chunks, start = [], 0
    while start < len(data):
        end = data.find(b" ", start + 1000)
        end = len(data) if end < 0 else end
        chunks.append(data[start:end])
        start = end
    return b" caf\xe9".join(chunks)


def _clean_places(kind: str) -> list[str]:
    """Place names that spell no word of change (``lexicon.TRIGGER_HINT``)."""
    return [name for name, _, _ in _place_pool()[kind]
            if not lexicon.TRIGGER_HINT.search(name)]


_CALM = (
    "Residents of {a} said the city was calm on {wd}, and shops in {b} stayed open.",
    "Aid workers in {a} and {b} said schools reopened after the holiday.",
    "Traders from {a} travelled to {b} to sell melons, the town's elders said.",
    "Weddings in {a} drew large crowds on {wd}, and the city's bazaar was busy.",
    "Doctors in {b} said the hospital in {a} needed more medicine.",
)


def places_no_trigger(n: int, seed: int) -> str:
    """Sentences naming places, several with "the city"/"the town", and no word of change."""
    rng = random.Random(seed)
    districts, capitals = _clean_places("district"), _clean_places("capital")
    out, total = [], 0
    while total < n:
        para = " ".join(rng.choice(_CALM).format(a=rng.choice(districts),
                                                 b=rng.choice(capitals),
                                                 wd=rng.choice(WEEKDAYS))
                        for _ in range(rng.randint(1, 3)))
        out.append(para)
        total += len(para) + 2
    return _cut("\n\n".join(out), n) + "\n"


_CAPS = ("The", "Big", "Red", "House", "District", "Old", "Green", "Market", "Tower", "North",
         "Gate", "Golden", "River", "Bridge", "Mill", "Hall", "Garden", "Square", "Station",
         "Road", "Blue", "Star", "Hotel", "Opened", "Near", "Stands", "Beside", "Grand",
         "Silver", "Lake", "Valley", "Upper", "Lower", "West", "East", "Hill", "Park")


def capitalised(n: int, seed: int) -> str:
    """Sentences of capitalised non-place words; one in ten says "... district"."""
    rng = random.Random(seed)
    out, total = [], 0
    while total < n:
        words = " ".join(rng.choice(_CAPS) for _ in range(rng.randint(4, 9)))
        if rng.random() < 0.1:
            words = f"{words} district is quiet"
        out.append(words + ".")
        total += len(out[-1]) + 1
    lines = [" ".join(out[i:i + 6]) for i in range(0, len(out), 6)]
    return _cut("\n\n".join(lines), n) + "\n"


def title_list(n: int, seed: int) -> str:
    """Title Case items, one per line, no punctuation: a menu or tag list scraped along."""
    rng = random.Random(seed)
    out, total = [], 0
    while total < n:
        out.append(" ".join(rng.choice(_CAPS) for _ in range(rng.randint(2, 5))))
        total += len(out[-1]) + 1
    return _cut("\n".join(out), n) + "\n"


_TITLES = ("Gen.", "Dr.", "Mr.", "Mrs.", "Lt. Col.", "Maj.", "Capt.", "Sen.", "Gov.")
_PEOPLE = ("Ahmad Shah", "Fatima Rahimi", "Abdul Wahid", "Nasrin Akbari", "Hamid Karimi",
           "Zahra Noori", "Mohammad Nabi", "Laila Haidari", "Omar Sadr", "Gul Agha")


def abbrev_sentence(n: int, seed: int) -> str:
    """One paragraph listing titled people: many "Gen. X" stops, no sentence end."""
    rng = random.Random(seed)
    out, total = ["Present at the meeting in Kabul were"], 40
    while total < n:
        out.append(f"{rng.choice(_TITLES)} {rng.choice(_PEOPLE)},")
        total += len(out[-1]) + 1
    return _cut(" ".join(out), n).rstrip(",") + " and others.\n"


def one_sentence(n: int, seed: int) -> str:
    """The corpus prose on one line with every full stop made a comma: one huge sentence."""
    return one_line(n, seed).replace(".", ",")


def dot_run(n: int, seed: int) -> str:
    return "Kunduz " + "." * max(1, n - 7)


@dataclass(frozen=True)
class Shape:
    build: Callable[[int, int], str | bytes]
    scale: float  # sizes are multiplied by this


SHAPES: dict[str, Shape] = {
    "corpus": Shape(corpus_text, 1),
    "short_lines": Shape(short_lines, 1),
    "long_lines": Shape(long_lines, 1),
    "one_line": Shape(one_line, 1),
    "stray_bytes": Shape(stray_bytes, 1),
    "places_no_trigger": Shape(places_no_trigger, 1),
    "capitalised": Shape(capitalised, 1),
    "title_list": Shape(title_list, 1 / 64),
    "abbrev_sentence": Shape(abbrev_sentence, 1 / 64),
    "one_sentence": Shape(one_sentence, 1 / 8),
    "dot_run": Shape(dot_run, 1 / 256),
}


@dataclass(frozen=True)
class Inputs:
    """One article of one shape and size, in every form a stage takes."""

    data: bytes  # the file's bytes
    text: str  # decoded, not cleaned
    article: Article  # cleaned, as the readers deliver it


def make_inputs(shape: Shape, n: int, seed: int) -> Inputs:
    built = shape.build(n, seed)
    data = built if isinstance(built, bytes) else built.encode("utf-8")
    text, _ = decode_bytes(data)
    return Inputs(data, text, clean_article(Article(text=text, file="article.txt")))
