"""What a learner's typing costs the answer store: disk writes per burst of typing, time per save, and
the cost of looking for another tab's saves.

    python benchmarks/answers.py [--keystrokes 200] [--rounds 5] [--delay 0.6]

Typing is simulated on a real Reflection widget (the 00_welcome reflection) in an answers file
holding a whole course's worth of answers (40 reflections of three answers each, ~120 kB). Printed, each the
median of --rounds runs:

* writes for --keystrokes keystrokes typed 20 ms apart (a fast typist), with the save delay as
  in a kernel (debounced: saved 0.6 s after the last keystroke, at least every 3 s) against one
  write per keystroke (what every widget did before);
* milliseconds per save (lock, read, merge, atomic write, two fsyncs);
* microseconds per refresh when no other tab saved (a ``stat``) and when one did (read and merge).
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

from coachlab.content.lessondata import load_lesson_data  # noqa: E402
from coachlab.store import AnswerStore  # noqa: E402
from coachlab.widgets.reflection import Reflection  # noqa: E402

SPEC = load_lesson_data(REPO / "course" / "data" / "00_welcome.yaml").reflections["first-look"]


def course_file(path: Path) -> None:
    store = AnswerStore(path)
    for n in range(40):
        store.put(f"reflection/other-{n}", {"answers": {p: "A sentence of an earlier answer. " * 30
                                                        for p in ("a", "b", "c")}})


def typing(folder: Path, keystrokes: int, delay: float) -> int:
    path = folder / "typing.json"
    course_file(path)
    widget = Reflection(SPEC, AnswerStore(path))
    widget.save_delay = delay
    writes = []
    real = widget.store._write
    widget.store._write = lambda records: (writes.append(1), real(records))
    area = next(iter(widget.fields.values())).area
    text = ""
    for n in range(keystrokes):
        text += "abcdefghij klmnopqrstuvwxyz"[n % 27]
        area.value = text
        time.sleep(0.02)
    deadline = time.monotonic() + 10 * max(delay, 0.1)
    while widget.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert AnswerStore(path).get("reflection/first-look")["answers"][SPEC.prompts[0].id] == text
    return len(writes)


def save_ms(folder: Path) -> tuple[float, float]:
    path = folder / "save.json"
    course_file(path)
    store = AnswerStore(path)
    t0 = time.perf_counter()
    for n in range(20):
        store.set_fields("reflection/first-look", {("answers", "description"): f"text {n}"})
    return (time.perf_counter() - t0) / 20 * 1000, path.stat().st_size / 1024


def refresh_us(folder: Path) -> tuple[float, float]:
    path = folder / "refresh.json"
    course_file(path)
    mine, other = Reflection(SPEC, AnswerStore(path)), AnswerStore(path)
    t0 = time.perf_counter()
    for _ in range(200):
        mine.refresh()
    idle = (time.perf_counter() - t0) / 200 * 1e6
    total = 0.0
    for n in range(20):
        other.set_fields("reflection/first-look", {("answers", "feelings"): f"from another tab {n}"})
        t0 = time.perf_counter()
        mine.refresh()
        total += time.perf_counter() - t0
    return idle, total / 20 * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.6)
    args = parser.parse_args()
    debounced, every, saves, idle, changed = [], [], [], [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            debounced.append(typing(folder, args.keystrokes, args.delay))
            every.append(typing(folder, args.keystrokes, 0))
            ms, size_kb = save_ms(folder)
            saves.append(ms)
            i, c = refresh_us(folder)
            idle.append(i)
            changed.append(c)
    med = statistics.median
    print(f"command: python benchmarks/answers.py --keystrokes {args.keystrokes} --rounds {args.rounds} "
          f"--delay {args.delay}")
    print(f"load (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"writes for {args.keystrokes} keystrokes 20 ms apart: debounced {med(debounced):.0f}, "
          f"one per keystroke {med(every):.0f} (ratio {med(every) / max(med(debounced), 1):.0f}x fewer)")
    print(f"one save (answers file of {size_kb:.0f} kB): median {med(saves):.1f} ms")
    print(f"refresh, nothing changed: median {med(idle):.0f} us; after another tab's save: {med(changed):.0f} us")


if __name__ == "__main__":
    main()
