"""Debrief report time and memory for synthetic cohorts of 30, 300 and 3000 learners.

    python benchmarks/debrief.py [--sizes 30 300 3000] [--rounds 3] [--keep DIR]

Each cohort is a course folder of jerome_case built by `tests/support/synthetic_cohort.py` (`random_cohort`)
(a submitted folder per learner with the released notebook and an answers file of random plays,
choices and reflections; 10% never submit; a gradebook with every cell graded). Building it is not
timed. Timed, per round: `read_cohort` (files and gradebook into the table) and `render` + write
(statistics, charts, HTML). Prints the median seconds, the peak Python memory (tracemalloc, one
extra round) and the growth ratios from one size to the next, against the size ratio (linear
growth: time ratio close to the size ratio or below it; charts cost the same at any size).
Target: 3000 learners in under 5 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests" / "support"))

from coachlab.debrief.reader import read_cohort  # noqa: E402
from coachlab.debrief.report import write_report  # noqa: E402
from coachlab.debrief.sources import load_assignment  # noqa: E402
from synthetic_cohort import random_cohort  # noqa: E402

ASSIGNMENT = "jerome_case"
TARGET_S, TARGET_N = 5.0, 3000


def once(root: Path, data, out: Path) -> tuple[float, float]:
    t0 = time.perf_counter()
    cohort = read_cohort(root, ASSIGNMENT, salt=b"benchmark-salt-0123456789", data=data)
    t1 = time.perf_counter()
    write_report(cohort, out)
    return t1 - t0, time.perf_counter() - t1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[30, 300, 3000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the cohorts here and keep them (default: a temporary folder)")
    args = ap.parse_args()
    data = load_assignment(REPO, ASSIGNMENT)
    notebook = REPO / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    base = args.keep or Path(tempfile.mkdtemp(prefix="coachlab-debrief-bench-"))
    once_warm = None
    results = []
    for n in args.sizes:
        root = base / f"cohort-{n}"
        t = time.perf_counter()
        if not (root / "gradebook.db").exists():
            random_cohort(root, data, n, seed=n, notebook=notebook)
        built = time.perf_counter() - t
        out = base / f"report-{n}.html"
        if once_warm is None:  # the first call imports matplotlib and nbgrader: not part of any size
            once_warm = once(root, data, out)
        reads, renders = zip(*(once(root, data, out) for _ in range(args.rounds)))
        tracemalloc.start()
        once(root, data, out)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        read, render = statistics.median(reads), statistics.median(renders)
        results.append((n, read, render, read + render, peak, out.stat().st_size / 2**10))
        print(f"built {n} learners in {built:.1f} s (not timed)", file=sys.stderr)
    print(f"{'learners':>8} {'read s':>8} {'report s':>9} {'total s':>8} {'peak MiB':>9} {'file KiB':>9}")
    for n, read, render, total, peak, size in results:
        print(f"{n:>8} {read:>8.3f} {render:>9.3f} {total:>8.3f} {peak:>9.1f} {size:>9.0f}")
    print("growth from one size to the next (size ratio: time, read time, memory)")
    for (n1, r1, _, t1, m1, _), (n2, r2, _, t2, m2, _) in zip(results, results[1:]):
        print(f"  {n1} -> {n2}: size x{n2 / n1:.1f}: total x{t2 / t1:.2f}, read x{r2 / r1:.2f}, peak memory x{m2 / m1:.2f}")
    big = [r for r in results if r[0] == TARGET_N]
    if big:
        verdict = "met" if big[0][3] < TARGET_S else "NOT met"
        print(f"target: {TARGET_N} learners under {TARGET_S:g} s: {big[0][3]:.2f} s, {verdict}")
    print(f"(cohorts in {base})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
