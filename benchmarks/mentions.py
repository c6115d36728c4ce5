"""How long finding every place mention takes, per 100 words of article text.

Builds a 1,000-word article from the seed articles (repeated and trimmed), runs the mention
finder many times and prints the median time per article and per 100 words.

    python benchmarks/mentions.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from gazetteer.mentions import default_finder

ROOT = Path(__file__).resolve().parents[1]


def thousand_words() -> str:
    words: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        words.extend(path.read_text(encoding="utf-8").split())
    return " ".join(words[:1000])


def main(repeats: int = 500) -> None:
    text = thousand_words()
    n_words = len(text.split())
    finder = default_finder()  # built once, outside the timing
    finder.find(text)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        found = finder.find(text)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"article: {n_words} words, {len(found)} place mentions")
    print(f"find_mentions: median {med * 1000:.3f} ms per article, "
          f"{med * 1000 / (n_words / 100):.4f} ms per 100 words "
          f"(worst {max(times) * 1000:.3f} ms; {repeats} runs)")


if __name__ == "__main__":
    main()
