"""A cohort's submissions of one assignment, read into one table: a row per learner, and the problems.

Reads nbgrader's ``submitted/<learner>/<assignment>/`` (else ``autograded/...``) folders and the
gradebook, and never changes either. A missing, partial or corrupt answers file, an unreadable
notebook or a damaged gradebook is recorded in `Cohort.problems` with the learner and the file,
and the rest of the cohort is read as usual. Learners are known by an anonymous code; their ids
and names are kept for the facilitator who asks for them (``--names``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ..grading.answers import read_answers
from ..grading.marking import chosen as saved_choice
from ..scenario import Engine, IllegalMove
from ..store.answers_format import ANSWERS_FILE
from ..grading.anon import codes, course_salt
from .gradebook import Cell, read_gradebook
from .sources import AssignmentData, load_assignment


@dataclass(frozen=True)
class Play:
    """One play of a role-play as saved: finished (an ending) or not, checked by replaying it."""

    role: str
    path: tuple[str, ...]
    ending: str | None
    scores: dict[str, int]


@dataclass
class Learner:
    """One row of the cohort table."""

    id: str
    code: str
    name: str = ""
    submitted: bool = False
    submitted_at: datetime | None = None
    late: bool | None = None  # None: not known (no gradebook)
    answers: str = "none"  # ok | partial | missing | corrupt | none (not submitted)
    plays: dict[str, list[Play]] = field(default_factory=dict)  # scenario -> plays
    chosen: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # check -> question -> options
    correct: dict[str, dict[str, bool | None]] = field(default_factory=dict)
    scores: dict[str, float | None] = field(default_factory=dict)  # gradebook cell -> points

    def endings(self, scenario: str) -> list[str]:
        """The endings this learner reached in *scenario*, in order, each once."""
        return list(dict.fromkeys(p.ending for p in self.plays.get(scenario, []) if p.ending))

    def roles(self) -> set[str]:
        """The roles this learner played, in any scenario."""
        return {p.role for plays in self.plays.values() for p in plays}


@dataclass(frozen=True)
class Problem:
    """Something wrong with one learner's submission (or with the course data, learner None)."""

    learner: str | None
    kind: str
    file: str | None  # relative to the course folder, with the learner id in it
    message: str


@dataclass
class Cohort:
    """The learners of one assignment, what the assignment holds, and the problems found."""

    assignment: str
    course_dir: Path
    data: AssignmentData
    learners: list[Learner]
    cells: list[Cell]
    problems: list[Problem]
    notes: list[str]
    role_filter: str | None = None

    @property
    def submitted(self) -> list[Learner]:
        return [r for r in self.learners if r.submitted]

    @property
    def missing(self) -> list[Learner]:
        return [r for r in self.learners if not r.submitted]

    def roles(self) -> list[str]:
        """Every role of the assignment's scenarios."""
        return list(dict.fromkeys(r for s in self.data.scenarios.values() for r in s.roles))

    def only_role(self, role: str | None) -> Cohort:
        """The cohort narrowed to the learners who played *role* (None: everyone)."""
        if not role:
            return self
        keep = [r for r in self.learners if role in r.roles()]
        ids = {r.id for r in keep}
        return replace(self, learners=keep, role_filter=role,
                       problems=[p for p in self.problems if p.learner is None or p.learner in ids])

    def table(self) -> list[dict]:
        """The tidy table: one flat row per learner (ids and names left out; join on `code`)."""
        rows = []
        for r in self.learners:
            row = {"code": r.code, "submitted": r.submitted, "late": r.late, "answers": r.answers}
            for sid, scenario in self.data.scenarios.items():
                done = [p for p in r.plays.get(sid, []) if p.ending]
                row[f"{sid}: roles"] = ";".join(sorted({p.role for p in r.plays.get(sid, [])}))
                row[f"{sid}: endings"] = ";".join(r.endings(sid))
                row[f"{sid}: first path"] = ">".join(done[0].path) if done else ""
                for dim in scenario.dimensions:
                    row[f"{sid}: {dim}"] = done[0].scores.get(dim) if done else None
            for cid, spec in self.data.checks.items():
                for q in spec.questions:
                    row[f"{cid}/{q.id}: chosen"] = ";".join(r.chosen.get(cid, {}).get(q.id, ()))
                    row[f"{cid}/{q.id}: correct"] = r.correct.get(cid, {}).get(q.id)
            for cell in self.cells:
                row[f"{'rubric' if cell.manual else 'score'}: {cell.name}"] = r.scores.get(cell.name)
            rows.append(row)
        return rows


def read_cohort(course_dir: str | Path, assignment: str, *, salt: bytes | None = None,
                data: AssignmentData | None = None) -> Cohort:
    """Read every learner's submission of *assignment* in the course folder *course_dir*."""
    root = Path(course_dir).expanduser().resolve()
    data = data or load_assignment(root, assignment)
    book = read_gradebook(root / "gradebook.db", assignment)
    notes = list(data.notes) + list(book.notes)
    if salt is None:
        salt, note = course_salt(root)
        notes += [note] if note else []
    folders: dict[str, Path] = {}
    for top in ("autograded", "submitted"):  # submitted/ wins: it is what the learner handed in
        folders.update({p.parent.name: p for p in sorted((root / top).glob(f"*/{assignment}")) if p.is_dir()})
    ids = set(folders) | set(book.students)
    code = codes(ids, salt)
    cohort = Cohort(assignment, root, data, [], book.cells, [], notes)
    for learner in sorted(ids, key=lambda learner: code[learner]):
        row = Learner(learner, code[learner], name=book.students.get(learner, ""))
        row.submitted = learner in folders or learner in book.submitted_at
        row.submitted_at = book.submitted_at.get(learner)
        row.late = book.late.get(learner)
        row.scores = dict(book.grades.get(learner, {}))
        if learner in folders:
            _read_folder(cohort, row, folders[learner], root)
        elif row.submitted:
            row.answers = "missing"
            cohort.problems.append(Problem(learner, "missing folder", None, "the gradebook holds a submission "
                                           "but its folder is gone from submitted/ and autograded/"))
        _check_correct(cohort, row, book)
        cohort.learners.append(row)
    return cohort


def _read_folder(cohort: Cohort, row: Learner, folder: Path, root: Path) -> None:
    rel = lambda p: str(p.relative_to(root))  # noqa: E731
    for name in cohort.data.notebooks:
        path = folder / name
        problem = _notebook_problem(path)
        if problem:
            cohort.problems.append(Problem(row.id, "corrupt notebook" if path.exists() else "missing notebook",
                                           rel(path), problem))
    saved = read_answers(folder)
    if not saved.exists:
        row.answers = "missing"
        cohort.problems.append(Problem(row.id, "missing answers", rel(saved.path),
                                       f"no {ANSWERS_FILE}: nothing was saved, so nothing of this learner is counted"))
        return
    if saved.problem:
        row.answers = "corrupt"
        cohort.problems.append(Problem(row.id, "corrupt answers", rel(saved.path),
                                       f"{saved.problem}; nothing of it is counted, the file is left unchanged"))
        return
    gaps = _read_plays(cohort, row, saved, rel(saved.path)) + _read_checks(cohort, row, saved)
    gaps += _reflection_gaps(cohort, saved)
    row.answers = "partial" if gaps else "ok"
    if gaps:
        cohort.problems.append(Problem(row.id, "partial answers", rel(saved.path), "; ".join(gaps)))


def _notebook_problem(path: Path) -> str | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "the notebook is missing from the submission"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return f"the notebook cannot be read ({type(e).__name__}); its answers file is read all the same"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return "the file is not a notebook (no list of cells); its answers file is read all the same"
    return None


def _read_plays(cohort: Cohort, row: Learner, saved, file: str) -> list[str]:
    gaps = []
    for sid, scenario in cohort.data.scenarios.items():
        value = saved.value(f"roleplay/{sid}")
        engine, plays, seen, bad = Engine(scenario), [], set(), 0
        candidates = []
        if isinstance(value, dict):
            candidates += [p for p in value.get("plays", []) if isinstance(p, dict)] if isinstance(
                value.get("plays"), list) else []
            roles = value.get("roles")
            roles = roles if isinstance(roles, dict) else {}
            candidates += [dict(v, role=k) for k, v in roles.items() if isinstance(v, dict)]
        for item in candidates:
            role, path = item.get("role"), item.get("path")
            if not isinstance(role, str) or not isinstance(path, list) or not all(isinstance(c, str) for c in path):
                bad += 1
                continue
            if (role, tuple(path)) in seen or not path:
                continue
            seen.add((role, tuple(path)))
            try:
                state = engine.replay(role, path)
            except (IllegalMove, ValueError, KeyError):
                bad += 1
                continue
            ending = state.node_id if engine.is_over(state) else None
            plays.append(Play(role, tuple(path), ending, engine.scores(state)))
        # a finished play is also the role's current path: keep the finished one
        finished = {(p.role, p.path) for p in plays if p.ending}
        row.plays[sid] = [p for p in plays if p.ending or (p.role, p.path) not in finished]
        if bad:
            cohort.problems.append(Problem(row.id, "invalid play", file, f"{bad} saved play(s) of {sid} do not "
                                           "fit the scenario (edited by hand, or from another version); not counted"))
        if not any(p.ending for p in row.plays[sid]):
            gaps.append(f"no ending reached in {sid}")
    return gaps


def _read_checks(cohort: Cohort, row: Learner, saved) -> list[str]:
    unanswered = total = 0
    for cid, spec in cohort.data.checks.items():
        state = saved.value(f"check/{cid}")
        for q in spec.questions:
            total += 1
            picked = saved_choice(state, q.id)
            if picked is None:
                unanswered += 1
                continue
            row.chosen.setdefault(cid, {})[q.id] = tuple(o.id for o in q.options if o.id in picked) + tuple(
                sorted(picked - {o.id for o in q.options}))
    return [f"{unanswered} of {total} questions unanswered"] if unanswered else []


def _reflection_gaps(cohort: Cohort, saved) -> list[str]:
    gaps = []
    for rid, spec in cohort.data.reflections.items():
        value = saved.value(f"reflection/{rid}")
        answers = value.get("answers") if isinstance(value, dict) else None
        answers = answers if isinstance(answers, dict) else {}
        blank = sum(1 for p in spec.prompts if not (isinstance(answers.get(p.id), str) and answers[p.id].strip()))
        if blank:  # only whether each prompt was answered: the text itself is never read out
            gaps.append(f"reflection {rid}: {blank} of {len(spec.prompts)} prompts blank")
    return gaps


def _check_correct(cohort: Cohort, row: Learner, book) -> None:
    """Right or wrong per question: from the key; else, a check's gradebook score of 0 or full marks."""
    for cid, spec in cohort.data.checks.items():
        key = cohort.data.keys.get(cid, {})
        cell = f"mark-{cid}"
        points = row.scores.get(cell)
        full = next((c.max_score for c in cohort.cells if c.name == cell), None)
        for q in spec.questions:
            picked = row.chosen.get(cid, {}).get(q.id)
            if picked is None:
                continue
            if q.id in key:
                verdict = set(picked) == set(key[q.id])
            elif points is not None and full and points in (0, full):
                verdict = points == full  # all right or all wrong: each question is known
            else:
                verdict = None
            row.correct.setdefault(cid, {})[q.id] = verdict
