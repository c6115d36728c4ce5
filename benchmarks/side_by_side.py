"""Pipeline speed of this tree against another checkout, measured at the same time.

    git worktree add /tmp/before <commit>
    python benchmarks/side_by_side.py /tmp/before --rounds 3

Runs ``benchmarks/pipeline.py`` of both trees at once, one process each (on a machine of two
or more cores each gets its own; the machine's load falls on both alike), for ``--rounds``
rounds, and prints each round's articles per second, the medians and their ratio. This is the
only fair comparison on a shared, noisy machine: runs made one after the other drift by more
than the differences worth measuring.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_RATE_RE = {"extract": re.compile(r"^extract\s+[\d.]+ s\s+\(\s*(\d+) articles/s", re.M),
            "total": re.compile(r"^total\s+[\d.]+ s\s+\(\s*(\d+) articles/s", re.M)}


def _start(tree: Path, n: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(tree / "benchmarks" / "pipeline.py"),
                             "--n", str(n)], cwd=tree, stdout=subprocess.PIPE, text=True)


def _rates(output: str) -> dict[str, int]:
    out = {}
    for name, pattern in _RATE_RE.items():
        m = pattern.search(output)
        if m is None:
            raise SystemExit(f"no {name} rate in the output of pipeline.py:\n{output}")
        out[name] = int(m.group(1))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, help="the other checkout (e.g. a git worktree)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", type=int, default=3000, help="articles per run")
    args = parser.parse_args(argv)
    if not (args.before / "benchmarks" / "pipeline.py").exists():
        print(f"{args.before} has no benchmarks/pipeline.py", file=sys.stderr)
        return 2
    runs: dict[str, list[dict[str, int]]] = {"this": [], "before": []}
    for r in range(args.rounds):
        procs = {"this": _start(ROOT, args.n), "before": _start(args.before, args.n)}
        for name, proc in procs.items():
            out, _ = proc.communicate()
            runs[name].append(_rates(out))
        print(f"round {r + 1}: this {runs['this'][-1]}  before {runs['before'][-1]}")
    for name in ("extract", "total"):
        now = statistics.median(x[name] for x in runs["this"])
        then = statistics.median(x[name] for x in runs["before"])
        print(f"{name:8} median {now:6.0f}/s this, {then:6.0f}/s before: ratio {now / then:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
