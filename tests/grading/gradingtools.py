"""Helpers of the grading tests: course folders, simulated learners, an exchange, page text."""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import nbformat

from coachlab.grading import assignment
from coachlab.grading.keys import hidden_code, key_cells
from coachlab.scenario import Engine

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES = REPO / "solutions", REPO / "exercises"
ASSIGNMENTS = ["career_interview", "jerome_case"]
SCENARIO = {"jerome_case": "jerome_backlash", "career_interview": "career_interview"}
REFLECTION = {"jerome_case": "peer-lens", "career_interview": "next-conversation"}

# The simulated cohort of conftest.py (kept here: test modules import them, and a module named
# `conftest` is ambiguous when several test folders have one).
ASSIGNMENT = "jerome_case"
COMPLETE, PARTIAL, EMPTY, TAMPERED, CORRUPT_NOTEBOOK, CORRUPT_ANSWERS, BAD_TIMESTAMP, LATE, MISSING = (
    "ana", "ben", "cy", "dee", "eve", "fay", "gus", "hal", "ivy")
ANALYSIS = {COMPLETE: "Ana writes: Jerome meant to help, but his peers felt overtaken in a race they never agreed "
                      "to run.",
            LATE: "Hal writes: the peers judged the impact they felt, not Jerome's intent."}

COURSE_CONFIG = '''from pathlib import Path
from coachlab.grading.settings import apply
c = get_config()
apply(c, root=Path(__file__).parent, solutions={solutions!r}, exercises={exercises!r})
c.CourseDirectory.course_id = "coachlab"
{extra}
'''


def keys(name: str) -> dict[str, dict[str, list[str]]]:
    """The answer keys of an assignment, by check, read from its hidden tests."""
    return {k.check_id: k.key for k in key_cells(SOLUTIONS / name / f"{name}.ipynb")}


def wrong(name: str) -> dict[str, dict[str, list[str]]]:
    """For every question, a single option that is not the key."""
    from coachlab.content.lessondata import load_lesson_data

    data = load_lesson_data(SOLUTIONS / name / "data" / f"{name}.yaml")
    right = keys(name)
    return {cid: {q.id: [next(o.id for o in q.options if [o.id] != right[cid][q.id])] for q in spec.questions}
            for cid, spec in data.checks.items()}


def copy_course_source(dest: Path, names=ASSIGNMENTS) -> tuple[Path, Path]:
    """A private copy of solutions/ and exercises/ (for tests that plant files in the source)."""
    for folder in ("solutions", "exercises"):
        for name in names:
            shutil.copytree(REPO / folder / name, dest / folder / name)
    return dest / "solutions", dest / "exercises"


def new_course(root: Path, solutions: Path, exercises: Path, db_template: Path, extra: str = "") -> Path:
    """A cohort course folder with its nbgrader_config.py and an empty gradebook (copied: creating one
    runs nbgrader's `alembic` command, which costs seconds)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(COURSE_CONFIG.format(
        solutions=str(solutions), exercises=str(exercises), extra=extra))
    shutil.copy(db_template, root / "gradebook.db")
    return root


def first_ending(scenario, role: str) -> list[str]:
    """The choice ids of the shortest path from *role*'s start to an ending."""
    engine = Engine(scenario)
    frontier = [engine.start(role)]
    while frontier:
        state = frontier.pop(0)
        if engine.is_over(state):
            return list(state.path)
        frontier += [engine.choose(state, c.id) for c in engine.options(state)]
    raise AssertionError(f"no ending reachable for {role}")


def work(folder: Path, name: str, checks=None, play: str | None = None, reflection: dict | None = None,
         stop_before_end: bool = False) -> None:
    """A learner working through the widgets of a fetched assignment, as clicks would.

    *checks*: {check id: {question id: [option ids]}}; *play*: a role to play to an ending
    (or to one step before it); *reflection*: {prompt id: text}. The learner works outside nbgrader.
    """
    graded = os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        _work(folder, name, checks, play, reflection, stop_before_end)
    finally:
        if graded is not None:
            os.environ["NBGRADER_EXECUTION"] = graded


def _work(folder, name, checks, play, reflection, stop_before_end) -> None:
    case = assignment(name, folder)
    for cid, answers in (checks or {}).items():
        widget = case.check(cid)
        for qid, options in answers.items():
            widget.answer(qid, options)
    if play:
        widget = case.roleplay(SCENARIO[name], role=play)
        path = first_ending(widget.scenario, play)
        widget.play(*(path[:-1] if stop_before_end else path))
    if reflection:
        widget = case.reflection(REFLECTION[name])
        for pid, text in reflection.items():
            widget.fields[pid].area.value = text


def page_text(path: Path) -> str:
    """The visible text of an HTML page: tags dropped, entities decoded, whitespace squeezed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S | re.I)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def squeeze(text: str) -> str:
    """*text* with every run of whitespace made one space (and none inside brackets)."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([\[{(])\s+|\s+([\]})])", lambda m: m.group(1) or m.group(2), text)


def key_fragments(name: str) -> list[str]:
    """The keys of an assignment as they are written in the hidden tests, one per question,
    e.g. '"same-rules": ["corridor", "mixed-signals"]' (whitespace squeezed)."""
    out = []
    for key in keys(name).values():
        for qid, right in key.items():
            out.append(squeeze(f'"{qid}": [' + ", ".join(f'"{o}"' for o in right) + "]"))
    return out


def secret_lines(name: str) -> list[str]:
    """Every line (whitespace squeezed, list bullets dropped) of an assignment's hidden tests and
    mark schemes in solutions/: text that must never reach a learner."""
    nb = nbformat.read(SOLUTIONS / name / f"{name}.ipynb", as_version=4)
    lines = []
    for cell in nb.cells:
        lines += hidden_code(cell.source).splitlines()
        if "BEGIN MARK SCHEME" in cell.source:
            lines += cell.source.split("### BEGIN MARK SCHEME")[1].split("### END MARK SCHEME")[0].splitlines()
    return [squeeze(line.strip(" -*")) for line in lines if len(line.strip(" -*")) > 12]


# The hostile cohort of conftest.py (`hostile`), taken in with --from-folder: one learner per way of
# cheating or breaking grading, and an honest one to compare with.
HONEST, PACKAGER, REL_LINK, ABS_LINK, FOLDER_LINK, OVERSIZE, DAMAGED, FORGER = (
    "honest", "packager", "rellink", "abslink", "folderlink", "oversize", "damaged", "forger")
HOSTILE_SCORES = {HONEST: 9, PACKAGER: 0, REL_LINK: 0, ABS_LINK: 9, OVERSIZE: 9, DAMAGED: 6, FORGER: 0}
SHIPPED = ["coachlab/__init__.py", "coachlab/grading/__init__.py", "json.py", "yaml.py", "sitecustomize.py",
           "usercustomize.py", "nbformat.py"]
OVERSIZE_TAIL = "THE-END-OF-A-VERY-LONG-REFLECTION"

FULL_MARKS_PACKAGE = '''import pathlib
pathlib.Path({marker!r}).write_text("ran")

class _Cheat:
    def __getattr__(self, name):
        return lambda *a, **k: 99.0

def assignment(*a, **k):
    return _Cheat()
'''


def hostile_submissions(dest: Path, markers: Path) -> Path:
    """One folder per learner of the hostile cohort in *dest*; shipped code writes into *markers* if run."""
    import json

    name = ASSIGNMENT
    right, bad = keys(name), wrong(name)
    full = {"analysis": "Honest analysis of the peers' view.", "action": "Ask each peer how to be involved."}
    for learner in [HONEST, PACKAGER, REL_LINK, ABS_LINK, OVERSIZE, DAMAGED, FORGER]:
        shutil.copytree(EXERCISES / name, dest / learner / name)
    work(dest / HONEST / name, name, checks=right, play="coach", reflection=full)

    pack = dest / PACKAGER / name
    work(pack, name, checks=bad, reflection={"analysis": "I shipped a package."})
    for rel in SHIPPED:
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        (pack / rel).write_text(FULL_MARKS_PACKAGE.format(marker=str(markers / rel.replace("/", "_"))))

    work(dest / REL_LINK / name, name, checks=bad)
    answers = dest / REL_LINK / name / "coachlab_answers.json"
    answers.unlink()
    answers.symlink_to(Path("..") / ".." / HONEST / name / "coachlab_answers.json")

    work(dest / ABS_LINK / name, name, checks=right, play="peer")
    data = dest / ABS_LINK / name / "data" / f"{name}.yaml"
    data.unlink()
    data.symlink_to("/etc/passwd")
    (dest / ABS_LINK / name / "notes.txt").symlink_to("/etc/passwd")
    (dest / ABS_LINK / name / "secrets").symlink_to("/etc")

    (dest / FOLDER_LINK).symlink_to(dest / HONEST, target_is_directory=True)

    long_text = "I keep writing. " * 1600 + OVERSIZE_TAIL  # over the limit: written into the file by hand
    work(dest / OVERSIZE / name, name, checks=right, play="jerome", reflection={"analysis": "Short, at first."})
    path = dest / OVERSIZE / name / "coachlab_answers.json"
    data = json.loads(path.read_text())
    data["records"]["reflection/peer-lens"]["value"]["answers"]["analysis"] = long_text
    path.write_text(json.dumps(data))

    work(dest / DAMAGED / name, name, checks=right, play="jerome")
    path = dest / DAMAGED / name / "coachlab_answers.json"
    raw = path.read_bytes()
    at = raw.index(b'"check/debrief"') + len(b'"check/debrief"') + 6  # inside the record's first line
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1:])

    forged = dest / FORGER / name
    work(forged, name, checks=bad)
    path = forged / "coachlab_answers.json"
    data = json.loads(path.read_text())
    for entry in data["records"]["check/reading-the-case"]["value"]["questions"].values():
        entry["correct"] = True
    stamp = "2025-01-01T00:00:00+00:00"
    data["records"]["roleplay/jerome_backlash"] = {"schema": 1, "saved_at": stamp, "value": {"plays": [
        {"role": "jerome", "path": ["j-find-a-coach"], "ending": "j-end-shared-win", "ending_title": "x"},
        {"role": "jerome", "path": [], "ending": "j-end-shared-win"}]}}
    data["records"]["grade/override"] = {"schema": 1, "saved_at": stamp, "value": {"points": 13}}
    path.write_text(json.dumps(data))
    return dest
