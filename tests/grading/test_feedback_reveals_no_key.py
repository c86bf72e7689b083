"""Does each learner's feedback show their own answers and scores, and never an answer key: not in
a hidden test, a mark scheme, a traceback, a warning or a printed line?"""
import shutil
import warnings

import nbformat
import pytest
from gradingtools import ANALYSIS, ASSIGNMENT, COMPLETE, LATE, PARTIAL, TAMPERED
from gradingtools import REPO, key_fragments, page_text, secret_lines, squeeze

MARKERS = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME", "END MARK SCHEME", ".mark(",
           "For graders only"]


def secrets(name):
    """Every line of the assignment's hidden tests and mark schemes, whitespace squeezed."""
    return secret_lines(name)


def feedback(cohort, learner):
    return page_text(cohort.course / "feedback" / learner / ASSIGNMENT / f"{ASSIGNMENT}.html")


def test_every_graded_learner_has_feedback(cohort):
    """Is there a feedback page for each graded learner?"""
    graded = cohort.report.having("graded")
    assert len(graded) == 7
    assert all((cohort.course / "feedback" / r.learner / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file() for r in graded)


def test_no_feedback_page_reveals_a_key(cohort):
    """Is every feedback page free of hidden-test markers, key fragments, hidden lines and grader notes?"""
    fragments, hidden = key_fragments(ASSIGNMENT), secrets(ASSIGNMENT)
    assert len(fragments) == 7 and len(hidden) > 10  # the search has something to find
    pages = sorted((cohort.course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) == 7
    for page in pages:
        text, raw = page_text(page), page.read_text()
        found = [s for s in MARKERS + fragments + hidden if s in text or s in raw]
        assert not found, f"{page} reveals {found}"


def test_the_key_search_finds_keys_where_they_are(cohort):
    """Is the key search able to find keys where they are meant to be: the source notebook's hidden tests?"""
    notebook = REPO / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    text = squeeze(notebook.read_text().replace("\\n", "\n").replace('\\"', '"'))
    assert all(fragment in text for fragment in key_fragments(ASSIGNMENT))


def test_feedback_shows_each_learners_own_reflection(cohort):
    """Does each page show that learner's reflection, and no one else's?"""
    assert ANALYSIS[COMPLETE] in feedback(cohort, COMPLETE) and ANALYSIS[LATE] not in feedback(cohort, COMPLETE)
    assert ANALYSIS[LATE] in feedback(cohort, LATE) and ANALYSIS[COMPLETE] not in feedback(cohort, LATE)
    assert "Jealousy." in feedback(cohort, PARTIAL)


def test_feedback_shows_own_choices_and_scores_without_verdicts(cohort):
    """Are the learner's chosen options and each part's score shown, and no "correct" verdict, even one
    written into the answers file by hand?"""
    mine = feedback(cohort, TAMPERED)
    assert "[x] Low power, low interest: monitor" in mine or "[x] Low power, high interest: keep informed" in mine
    assert "Answer saved" in mine and "Correct" not in mine.replace("correct:", "")
    assert "mark-reading-the-case Score: 0.0 / 4.0" in mine
    assert "[x] Social astuteness" in feedback(cohort, COMPLETE)
    assert "Score: 4.0 / 4.0" in feedback(cohort, COMPLETE)


QUIZ = [
    ("setup", "import warnings\nanswer = 'b'", {}),
    ("assertion", "answer\n### BEGIN HIDDEN TESTS\nassert answer == 'KEY-ALPHA', 'the key is KEY-ALPHA'\n"
                  "### END HIDDEN TESTS", {"grade": True, "points": 1}),
    ("chatty", "answer\n### BEGIN HIDDEN TESTS\nexpected = 'KEY-BRAVO'\nwarnings.warn('compare with ' + expected)\n"
               "print(expected)\n### END HIDDEN TESTS", {"grade": True, "points": 1}),
    ("crash", "answer\n### BEGIN HIDDEN TESTS\n1 / 0  # KEY-CHARLIE\n### END HIDDEN TESTS",
     {"grade": True, "points": 1}),
]


@pytest.fixture(scope="module")
def quiz(tmp_path_factory, db_template):
    """A small assignment whose hidden tests fail loudly, autograded and given feedback with the course settings."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from coachlab.grading.settings import apply

    root = tmp_path_factory.mktemp("quiz")
    (root / "source" / "quiz").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    for gid, source, extra in QUIZ:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "grade_id": gid,
                                     "schema_version": 3, **extra}
        nb.cells.append(cell)
    nbformat.write(nb, root / "source" / "quiz" / "quiz.ipynb")
    shutil.copy(db_template, root / "gradebook.db")
    c = Config()
    apply(c, root=root, solutions="source", exercises="release")
    api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's sessions
        assert api.generate_assignment("quiz")["success"]
        shutil.copytree(root / "release" / "quiz", root / "submitted" / "kim" / "quiz")
        assert api.autograde("quiz", "kim")["success"]
        assert api.generate_feedback("quiz", "kim")["success"]
    return root


def test_failing_hidden_tests_do_leak_in_the_graders_notebook(quiz):
    """Would these tests leak without redaction: do the traceback, warning and print carry the keys?"""
    nb = nbformat.read(quiz / "autograded" / "kim" / "quiz" / "quiz.ipynb", as_version=4)
    outputs = str([c.outputs for c in nb.cells])
    assert "KEY-ALPHA" in outputs and "KEY-BRAVO" in outputs and "KEY-CHARLIE" in outputs


def test_feedback_redacts_tracebacks_warnings_and_printed_keys(quiz):
    """Does the feedback of that notebook show the scores and errors' names, but none of the keys?"""
    page = quiz / "feedback" / "kim" / "quiz" / "quiz.html"
    text, raw = page_text(page), page.read_text()
    for secret in ("KEY-ALPHA", "KEY-BRAVO", "KEY-CHARLIE", "BEGIN HIDDEN TESTS"):
        assert secret not in raw and secret not in text
    assert "AssertionError: this cell could not finish" in text and "ZeroDivisionError" in text
    assert "Score: 0.0 / 3.0" in text or "Score: 0.0 / 3" in text


def test_no_graded_copy_holds_a_key(cohort):
    """Does formgrader's view of a submission (the autograded notebook) leave out the hidden tests, so no
    key is on any page a facilitator opens or shares? (Autograding still ran them: scores are asserted
    in the cohort tests.)"""
    fragments = key_fragments(ASSIGNMENT)
    copies = sorted((cohort.course / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb"))
    assert copies
    for path in copies:
        raw = path.read_text()
        found = [s for s in ["BEGIN HIDDEN TESTS", ".mark(", *fragments] if s in raw]
        assert not found, f"{path} holds {found}"
