"""Marking-page costs for synthetic cohorts of 30, 300 and 3000 learners (``coachlab mark``).

    python benchmarks/marking.py [--sizes 30 300 3000] [--rounds 5]

Each cohort is a course folder of jerome_case built by `tests/support/synthetic_cohort.py`
(`random_cohort`: a submitted folder per learner, a gradebook with the reflection's rubric cell), plus
the course's nbgrader_config.py. Building it is not timed. Timed, per round: opening the session
(gradebook, rubric, codes), the learner list of one question (order and marks: what the page asks
for once), one learner's answer, and one saved mark. Prints the median of the rounds and `uptime`.
Target: the list of 3000 learners in under 1 s; an answer and a save in under 0.5 s (a key press should feel immediate).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests" / "support"))

from coachlab.debrief.sources import load_assignment  # noqa: E402
from coachlab.grading.mark_queue import MarkingSession  # noqa: E402
from synthetic_cohort import random_cohort  # noqa: E402

ASSIGNMENT, CELL = "jerome_case", "rubric-peer-lens"
CONFIG = ("from pathlib import Path\nfrom coachlab.grading.settings import apply\nc = get_config()\n"
          "apply(c, root=Path(__file__).parent, solutions={s!r}, exercises={e!r})\n")


def once(root: Path) -> list[float]:
    times = [time.perf_counter()]
    session = MarkingSession(root, ASSIGNMENT, marker="benchmark")
    times.append(time.perf_counter())
    order = session.order(CELL)
    session.marks(CELL)
    times.append(time.perf_counter())
    session.item(CELL, order[len(order) // 2])
    times.append(time.perf_counter())
    session.save(CELL, order[len(order) // 2], 3, "A comment from the benchmark.")
    times.append(time.perf_counter())
    return [b - a for a, b in zip(times, times[1:])]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[30, 300, 3000])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    data = load_assignment(REPO, ASSIGNMENT)
    notebook = REPO / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    base = Path(tempfile.mkdtemp(prefix="coachlab-marking-bench-"))
    print(f"{'learners':>8} {'open s':>8} {'list s':>8} {'answer s':>9} {'save s':>8}   (median of {args.rounds})")
    for n in args.sizes:
        root = base / f"cohort-{n}"
        random_cohort(root, data, n, seed=n, notebook=notebook)
        (root / "nbgrader_config.py").write_text(CONFIG.format(s=str(REPO / "solutions"), e=str(REPO / "exercises")))
        rounds = [once(root) for _ in range(args.rounds)]
        medians = [statistics.median(r[i] for r in rounds) for i in range(4)]
        print(f"{n:>8} {medians[0]:>8.3f} {medians[1]:>8.3f} {medians[2]:>9.4f} {medians[3]:>8.4f}")
    print("load (uptime):", os.popen("uptime").read().strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
