"""One workshop round on the real hub, as its people would do it over HTTP; the tests assert on what it saw.

The facilitator releases jerome_case from their JupyterLab. Five learners, at once, log in through
the hub's form, start JupyterLab, open the welcome module of their own site and write a reflection
(through the widget's comm, as typing does), fetch the assignment, answer it through its widgets
in a kernel of their own server, and submit. The facilitator grades with `coachlab grade` and
releases feedback; the learners fetch it.
"""
from __future__ import annotations

import csv
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hubtools import HubUser, message, wait_until

from coachlab.content.lessondata import load_lesson_data
from coachlab.grading.keys import key_cells

ASSIGNMENT = "jerome_case"
REPO = Path(__file__).resolve().parents[2]
WELCOME = "00_welcome.ipynb"

ANSWER = '''
import os
os.environ.pop("NBGRADER_EXECUTION", None)
from coachlab.grading import assignment
from coachlab.scenario import Engine
case = assignment({assignment!r}, os.path.expanduser("~/{assignment}"))
for cid, answers in {checks!r}.items():
    widget = case.check(cid)
    for qid, options in answers.items():
        widget.answer(qid, options)
if {play!r}:
    widget = case.roleplay("jerome_backlash", role={play!r})
    engine = Engine(widget.scenario)
    frontier = [engine.start({play!r})]
    while not engine.is_over(frontier[0]):
        state = frontier.pop(0)
        frontier += [engine.choose(state, c.id) for c in engine.options(state)]
    widget.play(*frontier[0].path)
case.reflection("peer-lens").fields["analysis"].area.value = {reflection!r}
print("answered")
'''


def keys() -> dict[str, dict[str, list[str]]]:
    return {k.check_id: k.key for k in key_cells(REPO / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")}


def wrong() -> dict[str, dict[str, list[str]]]:
    data = load_lesson_data(REPO / "solutions" / ASSIGNMENT / "data" / f"{ASSIGNMENT}.yaml")
    right = keys()
    return {cid: {q.id: [next(o.id for o in q.options if [o.id] != right[cid][q.id])] for q in spec.questions}
            for cid, spec in data.checks.items()}


def plans(learners: list[str]) -> dict[str, dict]:
    """What each learner answers, and the automatic points it must earn (check 1: 4, role-play: 2, check 2: 3)."""
    right, bad = keys(), wrong()
    a, b = "reading-the-case", "debrief"
    return {
        learners[0]: {"checks": right, "play": "coach", "score": 9},
        learners[1]: {"checks": bad, "play": None, "score": 0},
        learners[2]: {"checks": {a: right[a]}, "play": "peer", "score": 6},
        learners[3]: {"checks": {a: bad[a], b: right[b]}, "play": None, "score": 3},
        learners[4]: {"checks": {}, "play": "jerome", "score": 2, "skips_welcome": True},
    }


def marker(name: str) -> str:
    return f"{name} writes privately: Jerome offered to lead and his peers felt overtaken."


def answers_file(hub, name: str) -> Path:
    return hub.home(name) / ".local" / "share" / "coachlab" / "00_welcome.json"


def facilitator_runs(fac: HubUser, commands: list[list[str]], cwd: Path) -> list[tuple[int, str]]:
    """Run commands in a kernel of the facilitator's own server (as their terminal would); (status, output)."""
    code = ("import subprocess, json\nout = []\n"
            f"for cmd in {commands!r}:\n"
            f"    r = subprocess.run(cmd, cwd={str(cwd)!r}, capture_output=True, text=True)\n"
            "    out.append((r.returncode, r.stdout[-4000:] + r.stderr[-4000:]))\n"
            "print(json.dumps(out))")
    with fac.kernel(fac.new_kernel()) as k:
        return [tuple(x) for x in json.loads(k.run(code, timeout=400))]


def ensure_running(user: HubUser, profile: str = "lab") -> None:
    """Start the person's server again if the culler stopped it (as the hub's spawn page would)."""
    if not user.running():
        user.spawn(profile)


def learner_round(hub, user: HubUser, plan: dict) -> dict:
    seen: dict = {}
    seen["login"] = user.login().url
    seen["spawn_seconds"] = user.spawn("lab")
    if not plan.get("skips_welcome"):
        _, kernel_id = user.open_module(WELCOME)
        with user.kernel(kernel_id) as k:
            shown = k.widgets()
            areas = [cid for cid, s in shown.items() if s.get("_model_name") == "TextareaModel"]
            k.set_value(areas[0], marker(user.name))
            for cid in [cid for cid, s in shown.items() if s.get("_model_name") == "RadioButtonsModel"]:
                k.send(message("comm_msg", {"comm_id": cid, "data": {"method": "update", "state": {"index": 2},
                                                                      "buffer_paths": []}}))  # the baseline, rated
        wait_until(lambda: answers_file(hub, user.name).exists()
                   and marker(user.name) in answers_file(hub, user.name).read_text(), 60, "the reflection saved")
    ensure_running(user)
    fetched = user.post("assignments/fetch", data={"course_id": "coachlab", "assignment_id": ASSIGNMENT}).json()
    seen["fetched"] = fetched
    folder = hub.home(user.name) / ASSIGNMENT
    reflection = f"{user.name}: Jerome meant to help, but his peers felt overtaken."
    with user.kernel(user.new_kernel()) as k:
        seen["answered"] = k.run(ANSWER.format(assignment=ASSIGNMENT, checks=plan["checks"], play=plan["play"],
                                               reflection=reflection))
    wait_until(lambda: (folder / "coachlab_answers.json").exists()
               and reflection in (folder / "coachlab_answers.json").read_text(), 60, "the assignment's answers saved")
    ensure_running(user)
    seen["submitted"] = user.post("assignments/submit", data={"course_id": "coachlab",
                                                               "assignment_id": ASSIGNMENT}).json()
    return seen


def run_workshop(hub) -> dict:
    """The whole round; returns what each person saw, the grades CSV rows and the facilitator's outputs."""
    fac = hub.user(hub.facilitator)
    fac.login()
    fac.spawn()
    result: dict = {"facilitator": {}, "learners": {}}
    result["facilitator"]["release"] = facilitator_runs(fac, [["nbgrader", "release_assignment", ASSIGNMENT]],
                                                        hub.cohort)
    plan = plans(hub.learners)
    users = {name: hub.user(name) for name in hub.learners}
    with ThreadPoolExecutor(len(users)) as pool:
        futures = {name: pool.submit(learner_round, hub, users[name], plan[name]) for name in users}
        result["learners"] = {name: f.result() for name, f in futures.items()}
    ensure_running(fac)
    result["facilitator"]["grade"] = facilitator_runs(fac, [
        ["coachlab", "grade", ASSIGNMENT, "--course-dir", str(hub.cohort)],
        ["nbgrader", "release_feedback", ASSIGNMENT]], hub.cohort)
    grades = hub.cohort / f"grades-{ASSIGNMENT}.csv"
    assert grades.is_file(), f"coachlab grade wrote no {grades.name}: {result['facilitator']['grade']}"
    with open(grades, newline="") as f:
        result["grades"] = {row["learner"]: row for row in csv.DictReader(f)}

    def fetch_feedback(name):
        user = users[name]
        ensure_running(user)
        user.post("assignments/fetch_feedback", data={"course_id": "coachlab", "assignment_id": ASSIGNMENT})
        pages = list((hub.home(name) / ASSIGNMENT / "feedback").rglob("*.html"))
        return pages[0].read_text() if pages else ""
    with ThreadPoolExecutor(len(users)) as pool:
        result["feedback"] = dict(zip(users, pool.map(fetch_feedback, users)))
    result["plan"], result["users"], result["fac"] = plan, users, fac
    return result


def mode(path: Path) -> str:
    return oct(os.stat(path).st_mode & 0o7777)
