"""``coachlab debrief``: the report file, or the dashboard, with a short summary printed."""
from __future__ import annotations

from pathlib import Path

from ..content.errors import CourseDataError, Problem
from .reader import read_cohort
from .report import write_report
from .sources import assignments


def known(course_dir: Path, assignment: str) -> None:
    """A clear error for a course folder that does not exist or an assignment nobody knows."""
    if not course_dir.is_dir():
        raise CourseDataError(Problem(str(course_dir), None, "no such course folder",
                                      "pass --course-dir with the folder where `coachlab grade` ran"))
    found = assignments(course_dir)
    submitted = any(any((course_dir / top).glob(f"*/{assignment}")) for top in ("submitted", "autograded"))
    if assignment not in found and not submitted:
        raise CourseDataError(Problem(str(course_dir), None, f"no assignment {assignment!r} in the course and no "
                                      "submissions of it", f"choose one of: {', '.join(found) or 'none found'}"))


def run(assignment: str, course_dir: str | Path, out: str | Path | None, *, names: bool = False,
        dashboard: bool = False, dashboard_dir: str | Path | None = None, port: int = 8867) -> int:
    """Write the debrief report of *assignment* (or serve the dashboard); returns the exit status."""
    root = Path(course_dir).expanduser().resolve()
    known(root, assignment)
    if dashboard:
        from .dashboard import serve

        return serve(root, assignment, names=names, folder=dashboard_dir, port=port)
    cohort = read_cohort(root, assignment)
    path = write_report(cohort, out or f"debrief-{assignment}.html", names=names)
    print(f"Wrote {path}: {len(cohort.learners)} learners, {len(cohort.submitted)} submitted, "
          f"{len(cohort.missing)} not submitted, {len(cohort.problems)} problems"
          + (" (names shown: keep it private)" if names else " (anonymous codes)"))
    for note in cohort.notes:
        print(f"Note: {note}")
    return 0
