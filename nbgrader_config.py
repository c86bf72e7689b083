"""nbgrader configuration of the Coaching Lab course, for authors working in this repository.

Source: solutions/ (instructor version: hidden tests hold the answer keys, mark schemes the
grader notes). Release: exercises/ (what learners get), generated and committed:

    nbgrader generate_assignment jerome_case --force
    nbgrader generate_assignment career_interview --force

(`--force` matters: without it nbgrader skips an existing release and leaves it stale.)
No gradebook is written here: cohorts are graded in a folder of their own, outside the
repository, with `coachlab grade` (see the README, "For facilitators").
"""
from pathlib import Path

from coachlab.grading.settings import apply

c = get_config()
apply(c, root=Path(__file__).parent, solutions="solutions", exercises="exercises")

# Authoring only: generate the release without creating a gradebook in the repository.
c.GenerateAssignment.no_database = True
c.SaveCells.enabled = False
