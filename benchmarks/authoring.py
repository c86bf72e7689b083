"""Authoring at scale: `coachlab check`, a notebook's load and the end-of-play debrief of generated
scenarios of 500, 5,000 and 50,000 nodes.

    python benchmarks/authoring.py [--sizes 500 5000 50000] [--rounds 3]

Each scenario is written by `generate` below: 20 rows of scenes that branch and rejoin (every scene
offers two choices into the next row, so paths share scenes and their number explodes), conditions
on lines and on the choices of every tenth scene (so the stuck-learner search runs), two dimensions.
Every measurement runs in a fresh Python
process, so its peak memory (VmHWM) is its own:

- check: `check_file` (parse, schema, references, graph, stuck search), as `coachlab check` does;
- load (first): `load_scenario` with an empty cache (checks, then stamps the content);
- load (again): `load_scenario` of the same content in a new process (parse and build only);
- play: `Engine` and every step of a play (20 choices) to an ending;
- debrief: `debrief_html` at that ending (score bounds over the graph, path map, recap).

Prints the median seconds and the median peak MB of the rounds, the growth ratio per size step
(linear: about the size ratio), the targets (5,000 nodes checked < 2 s; 50,000 < 20 s and 500 MB)
and `uptime` before and after: the machine is shared, so read the figures with its load.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[3])
what, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if what == "check":
    from coachlab.scenario import check_file
    problems = check_file(path)
    assert not problems, [str(p) for p in problems[:3]]
elif what.startswith("load"):
    from coachlab.scenario import load_scenario
    load_scenario(path)
else:
    from coachlab.scenario import load_scenario, Engine
    from coachlab.views.roleplay_html import debrief_html
    scenario = load_scenario(path)  # stamped by the load rounds: parse only
    t0 = time.perf_counter()
    engine = Engine(scenario)
    state = engine.start("learner")
    while not engine.is_over(state):
        state = engine.choose(state, engine.options(state)[0].id)
    t = time.perf_counter()
    if what == "play":
        t = t0
    else:
        assert "Ending:" in debrief_html(scenario, engine, state)
took = time.perf_counter() - t
# VmHWM: this process's own peak (ru_maxrss would carry the parent's, which holds the generated data)
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM:"))
print(json.dumps({"s": took, "mb": hwm / 1024}))
"""


def generate(n: int, steps: int = 20) -> dict:
    """A scenario of about *n* scenes in *steps* rows that branch and rejoin: row i has up to n/steps
    scenes, each with two choices into the next row (so many paths share scenes) and, every tenth
    scene, a pair of choices that conditions make exclusive (trust at least 1 / at most 0), which
    the stuck-learner search must explore; a line with a condition on every scene."""
    width = max(1, (n - 2) // steps)
    while sum(min(2 ** i, width) for i in range(steps)) < n - 2:  # the narrow first rows leave room
        width += 1
    sizes = [min(2 ** i, width) for i in range(steps)]
    nodes: dict = {}
    k = 0
    for i, size in enumerate(sizes):
        for j in range(size):
            k += 1
            here = f"r{i}-{j}"
            nxt = ([f"r{i + 1}-{(2 * j + d) % sizes[i + 1]}" for d in (0, 1)] if i + 1 < steps
                   else ["end-good", "end-bad"])
            choices = [
                {"id": f"{here}-ask", "text": "What matters most to you here?", "target": nxt[0],
                 "feedback": "An open question lets Sam think.", "principle": "ICF 7 Evokes awareness",
                 "effects": {"trust": 1, "ownership": 1}},
                {"id": f"{here}-tell", "text": "Here is what I would do.", "target": nxt[1],
                 "feedback": "Advice first takes the thinking away.", "principle": "ICF 2 Coaching mindset",
                 "effects": {"trust": -1}}]
            if k % 10 == 0:  # only conditional choices here: one of the two always shows
                choices[0]["when"] = {"min": {"trust": 1}}
                choices[1]["when"] = {"max": {"trust": 0}}
            nodes[here] = {"title": f"Scene {i + 1}.{j + 1}", "narration": "Sam waits for your answer.",
                           "lines": [{"speaker": "sam", "text": "I am not sure where to start.",
                                      "when": {"max": {"trust": 0}}}], "choices": choices}
    nodes["end-good"] = {"title": "Done", "ending": {"title": "Sam owns the plan", "debrief": "Open questions helped."}}
    nodes["end-bad"] = {"title": "Stopped", "ending": {"title": "Advice taken", "debrief": "Sam was told what to do."}}
    return {"schema_version": 1, "id": f"generated-{n}", "title": f"Generated ({n} nodes)",
            "summary": "A generated scenario for benchmarks.", "objectives": ["Ask open questions."],
            "dimensions": {"trust": {"label": "Trust", "description": "How safe Sam feels."},
                           "ownership": {"label": "Ownership", "description": "How much Sam owns the plan."}},
            "characters": {"sam": {"name": "Sam Rivera"}},
            "roles": {"learner": {"label": "Manager", "description": "You coach Sam.", "start": "r0-0"}},
            "nodes": nodes}


def measure(what: str, path: Path, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, what, str(path), str(REPO / "widgets")],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 50000])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="coachlab-authoring-bench-"))
    print(f"before: {uptime()}")
    rows = []
    for n in args.sizes:
        data = generate(n)
        path = base / f"{data['id']}.yaml"
        path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                                  allow_unicode=True), encoding="utf-8")
        figures: dict[str, list[dict]] = {"check": [], "load (first)": [], "load (again)": [], "play": [],
                                          "debrief": []}
        for r in range(args.rounds):
            env = {**os.environ, "COACHLAB_CACHE_DIR": str(base / f"cache-{n}-{r}")}
            for what in figures:
                figures[what].append(measure(what, path, env))
        med = {k: (statistics.median(x["s"] for x in v), statistics.median(x["mb"] for x in v))
               for k, v in figures.items()}
        rows.append((n, len(data["nodes"]), path.stat().st_size, med))
        print(f"{len(data['nodes']):>6} nodes ({path.stat().st_size / 2**20:5.1f} MB): "
              + "; ".join(f"{k} {s:6.2f} s {mb:5.0f} MB" for k, (s, mb) in med.items()), flush=True)
    print("\ngrowth from one size to the next (time ratio / size ratio):")
    for (_, k1, _, a), (_, k2, _, b) in zip(rows, rows[1:]):
        print(f"  {k1} -> {k2} nodes (x{k2 / k1:.0f}): " + "; ".join(
            f"{k} x{b[k][0] / a[k][0]:.1f}" for k in a))
    print("\ntargets: 5,000 nodes checked in < 2 s; 50,000 in < 20 s and < 500 MB")
    print(f"after: {uptime()}")
    print(f"command: python benchmarks/authoring.py --sizes {' '.join(map(str, args.sizes))} --rounds {args.rounds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
