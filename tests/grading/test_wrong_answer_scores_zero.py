"""Does a wrong answer score 0 even when the source folder holds an answers file with every key
answer (autograde copies the source's files over each submission unless told not to)?"""
import json
import shutil

from gradingtools import ASSIGNMENT, EMPTY, PARTIAL, TAMPERED
from gradingtools import SOLUTIONS, keys

from coachlab.grading.settings import assignments


def score(course, learner, cell):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        return gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, learner).score


def test_the_key_answers_sit_in_the_source_folder(cohort):
    """Is the trap really set: an answers file in the source holding every key answer?"""
    planted = json.loads(cohort.planted.read_text())["records"]["check/reading-the-case"]["value"]["questions"]
    assert {q: e["chosen"] for q, e in planted.items()} == keys(ASSIGNMENT)["reading-the-case"]


def test_wrong_answers_score_zero_despite_the_planted_key(cohort):
    """Do a learner's wrong answers, and an empty learner's missing ones, score 0 on the check?"""
    assert score(cohort.course, TAMPERED, "mark-reading-the-case") == 0
    assert score(cohort.course, EMPTY, "mark-reading-the-case") == 0
    assert score(cohort.course, PARTIAL, "mark-reading-the-case") == 2


def test_the_autograder_ran_against_the_learners_own_answers_file(cohort):
    """Are the answers graded for each learner their own submitted ones (as grading rewrites them for the
    autograder: the same records, values and times), never the source's?"""
    import json

    def records(path):
        return {k: (r["value"], r["saved_at"]) for k, r in json.loads(path.read_text())["records"].items()}

    for learner in (TAMPERED, PARTIAL):
        graded = records(cohort.course / "autograded" / learner / ASSIGNMENT / "coachlab_answers.json")
        submitted = records(cohort.course / "submitted" / learner / ASSIGNMENT / "coachlab_answers.json")
        assert graded == submitted != records(cohort.planted)
    assert not (cohort.course / "autograded" / EMPTY / ASSIGNMENT / "coachlab_answers.json").exists()


def test_every_assignment_keeps_its_answers_file_from_being_overwritten():
    """Does the course configuration exclude the answers file from overwriting, for every assignment?"""
    from traitlets.config import Config

    from coachlab.grading.settings import apply

    c = Config()
    apply(c, root=SOLUTIONS.parent)
    assert assignments(SOLUTIONS) == ["career_interview", "jerome_case"]
    assert c.Autograde.exclude_overwriting == {a: ["coachlab_answers.json"] for a in assignments(SOLUTIONS)}


def test_without_the_exclusion_the_planted_key_would_give_full_marks(cohort, tmp_path):
    """Is the exclusion what protects the grade: without it, does the empty learner get the key's 4 points?"""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    course = tmp_path / "course"
    shutil.copytree(cohort.course, course, ignore=shutil.ignore_patterns("autograded", "feedback"))
    c = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    c.Autograde.exclude_overwriting = {}
    api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
    assert api.autograde(ASSIGNMENT, EMPTY, force=True)["success"]
    assert score(course, EMPTY, "mark-reading-the-case") == 4
