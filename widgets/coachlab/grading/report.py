"""What a grading run found: per learner, from the gradebook; written as a CSV and a summary."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass
class LearnerResult:
    """One learner's submission of one assignment, as graded."""

    learner: str
    submitted: bool = False
    graded_now: bool | None = None  # False: could not be graded in this run
    in_gradebook: bool = False
    submitted_at: datetime | None = None
    late: bool = False
    score: float | None = None
    max_score: float | None = None
    parts: dict[str, float | None] = field(default_factory=dict)
    needs_manual: bool = False
    feedback: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """missing, not graded, or graded."""
        if not self.submitted:
            return "missing"
        return "graded" if self.in_gradebook and self.graded_now is not False else "not graded"


@dataclass
class Report:
    """The learners of one grading run, and what the facilitator should know."""

    assignment: str
    course_dir: Path
    warnings: list[str] = field(default_factory=list)
    learners: dict[str, LearnerResult] = field(default_factory=dict)
    parts: list[tuple[str, float]] = field(default_factory=list)  # (cell name, points), in notebook order
    notes: list[str] = field(default_factory=list)
    csv_path: Path | None = None

    def learner(self, learner: str) -> LearnerResult:
        """The result of *learner*, created on first use."""
        return self.learners.setdefault(learner, LearnerResult(learner))

    def having(self, status: str) -> list[LearnerResult]:
        """The learners whose status is *status*."""
        return [r for r in self.learners.values() if r.status == status]

    def summary(self) -> str:
        """The run in a few lines, then the problems by learner."""
        submitted = [r for r in self.learners.values() if r.submitted]
        late = [r for r in submitted if r.late]
        manual = [r for r in self.having("graded") if r.needs_manual]
        missing, not_graded = self.having("missing"), self.having("not graded")

        def names(rows):
            return f"  ({', '.join(r.learner for r in rows)})" if rows else ""

        lines = [f"{self.assignment}: course folder {self.course_dir}",
                 f"  submitted                {len(submitted)}",
                 f"  late                     {len(late)}{names(late)}",
                 f"  missing                  {len(missing)}{names(missing)}",
                 f"  graded                   {len(self.having('graded'))}",
                 f"  not graded               {len(not_graded)}{names(not_graded)}",
                 f"  needing manual grading   {len(manual)}{names(manual)}"]
        if manual:
            lines.append(f"  -> grade them in formgrader (run `nbgrader formgrader` in {self.course_dir}), "
                         "then run `coachlab grade` again to update the feedback and the grades")
        if self.csv_path:
            lines.append(f"Grades: {self.csv_path}")
        with_feedback = [r for r in self.learners.values() if r.feedback]
        if with_feedback:
            lines.append(f"Feedback: {self.course_dir / 'feedback'}/<learner>/{self.assignment}/ "
                         f"({len(with_feedback)} learner{'s' * (len(with_feedback) != 1)})")
        for note in self.notes + self.warnings:
            lines.append(f"Note: {note}")
        troubled = [r for r in self.learners.values() if r.problems]
        if troubled:
            lines.append("Problems, by learner:")
            for r in sorted(troubled, key=lambda r: r.learner):
                lines += [f"  {r.learner}: {p}" for p in r.problems]
        return "\n".join(lines)


def read_results(db_url: str, course_id: str, assignment: str, report: Report, order: list[str] = ()) -> None:
    """Fill *report* with each learner's scores from the gradebook, and list the missing learners.

    *order* lists cell names in notebook order (the gradebook does not keep it).
    """
    from nbgrader.api import Gradebook, MissingEntry

    rank = {name: i for i, name in enumerate(order)}
    with Gradebook(db_url, course_id) as gb:
        found = gb.find_assignment(assignment)
        cells = [cell for nb in found.notebooks for cell in list(nb.grade_cells) + list(nb.task_cells)]
        report.parts = [(cell.name, float(cell.max_score))
                        for cell in sorted(cells, key=lambda c: (rank.get(c.name, len(rank)), c.name))]
        for student in gb.students:
            result = report.learner(student.id)
            try:
                sub = gb.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            result.in_gradebook = True
            result.submitted_at = sub.timestamp
            result.late = bool(sub.total_seconds_late and sub.total_seconds_late > 0)
            result.score, result.max_score = float(sub.score), float(sub.max_score)
            result.needs_manual = bool(sub.needs_manual_grade)
            for nb in sub.notebooks:
                for g in nb.grades:
                    pending = g.needs_manual_grade and g.manual_score is None
                    result.parts[g.name] = None if pending or g.score is None else float(g.score)


def write_csv(report: Report, path: Path) -> None:
    """One row per learner: status, time, lateness, total and each part's points, problems."""
    header = (["learner", "status", "submitted_at", "late", "score", "max_score"]
              + [f"{name} (/{points:g})" for name, points in report.parts]
              + ["needs_manual_grading", "problems"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for r in sorted(report.learners.values(), key=lambda r: r.learner):
            graded = r.in_gradebook
            out.writerow([r.learner, r.status, r.submitted_at.isoformat() if r.submitted_at else "",
                          ("yes" if r.late else "no") if graded else "",
                          _num(r.score) if graded else "", _num(r.max_score) if graded else ""]
                         + [_num(r.parts.get(name)) if graded else "" for name, _ in report.parts]
                         + [("yes" if r.needs_manual else "no") if graded else "", " | ".join(r.problems)])
    report.csv_path = path


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"
