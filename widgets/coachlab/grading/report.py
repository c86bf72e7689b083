"""What a grading run found: per learner, from the gradebook; written as a CSV and a summary."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import TYPE_CHECKING

from .text import printable

if TYPE_CHECKING:
    from .cells import GradedCells


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
    comments: dict[str, str] = field(default_factory=dict)  # cell name -> the marker's comment
    stale: list[str] = field(default_factory=list)  # marks cleared because the reflection changed
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
    titles: dict[str, str] = field(default_factory=dict)  # cell name -> what the learner saw it called
    manual_parts: list[str] = field(default_factory=list)  # cells a person marks
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
            return f"  ({', '.join(printable(r.learner) for r in rows)})" if rows else ""

        lines = [f"{self.assignment}: course folder {self.course_dir}",
                 f"  submitted                {len(submitted)}",
                 f"  late                     {len(late)}{names(late)}",
                 f"  missing                  {len(missing)}{names(missing)}",
                 f"  graded                   {len(self.having('graded'))}",
                 f"  not graded               {len(not_graded)}{names(not_graded)}",
                 f"  needing manual grading   {len(manual)}{names(manual)}"]
        stale = [r for r in self.learners.values() if r.stale]
        if stale:
            lines.append(f"  marks cleared (changed)  {len(stale)}{names(stale)}")
        if manual:
            lines.append(f"  -> grade them in formgrader (`jupyter lab` in {self.course_dir}, then Nbgrader > "
                         "Formgrader), then run `coachlab grade` again to update the feedback and the grades")
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
                lines += [f"  {printable(r.learner)}: {printable(p)}" for p in r.problems]
        return "\n".join(lines)


def read_results(db_url: str, course_id: str, assignment: str, report: Report,
                 cells: GradedCells | None = None) -> None:
    """Fill *report* with each learner's scores and comments from the gradebook, and list the missing learners.

    *cells* gives the cells' order (the gradebook does not keep it) and titles.
    """
    from nbgrader.api import Gradebook, MissingEntry

    order: list[str] = cells.order if cells else []
    report.titles = dict(cells.titles) if cells else {}
    report.manual_parts = [c for c in order if cells and c in cells.manual]
    rank = {name: i for i, name in enumerate(order)}
    with Gradebook(db_url, course_id) as gb:
        found = gb.find_assignment(assignment)
        graded = [cell for nb in found.notebooks for cell in list(nb.grade_cells) + list(nb.task_cells)]
        report.parts = [(cell.name, float(cell.max_score))
                        for cell in sorted(graded, key=lambda c: (rank.get(c.name, len(rank)), c.name))]
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
                for c in nb.comments:
                    if c.manual_comment:
                        result.comments[c.name] = c.manual_comment


def write_csv(report: Report, path: Path) -> None:
    """One row per learner: status, time (ISO 8601, UTC offset), lateness, total, each part's points
    (headed by its title), the marker's comment on each manually marked part, cleared marks, problems."""
    def title(name: str) -> str:
        return report.titles.get(name, name)

    header = (["learner", "status", "submitted_at", "late", "score", "max_score"]
              + [f"{title(name)} (/{points:g})" for name, points in report.parts]
              + [f"{title(name)}: comment" for name in report.manual_parts]
              + ["needs_manual_grading", "marks_cleared", "problems"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for r in sorted(report.learners.values(), key=lambda r: r.learner):
            graded = r.in_gradebook
            out.writerow([_cell(r.learner), r.status, iso_time(r.submitted_at),
                          ("yes" if r.late else "no") if graded else "",
                          _num(r.score) if graded else "", _num(r.max_score) if graded else ""]
                         + [_num(r.parts.get(name)) if graded else "" for name, _ in report.parts]
                         + [_cell(r.comments.get(name, "")) for name in report.manual_parts]
                         + [("yes" if r.needs_manual else "no") if graded else "", " | ".join(r.stale),
                            _cell(" | ".join(r.problems))])
    report.csv_path = path


def iso_time(when: datetime | None) -> str:
    """*when* in ISO 8601 with its UTC offset (nbgrader keeps times in UTC without saying so)."""
    if when is None:
        return ""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _cell(text: str) -> str:
    """*text* as a CSV cell that a spreadsheet shows as text (never runs as a formula), control characters
    but line breaks shown as '?'."""
    text = "".join(c if c.isprintable() or c == "\n" else "?" for c in text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"
