"""Are the answer keys in the hidden tests checked against the lesson data before any grading?"""
import shutil

import nbformat
import pytest
from gradingtools import ASSIGNMENTS, SOLUTIONS

from coachlab.grading.keys import check_assignment, key_cells


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_course_keys_are_sound(name):
    """Does each assignment key every question of every check, with known options and matching points?"""
    cells = key_cells(SOLUTIONS / name / f"{name}.ipynb")
    assert len(cells) == 2 and cells[1].check_id == "debrief" and sum(len(c.key) for c in cells) == 7
    assert check_assignment(SOLUTIONS / name) == []


def broken(tmp_path, edit_notebook=None, edit_data=None):
    folder = tmp_path / "jerome_case"
    shutil.copytree(SOLUTIONS / "jerome_case", folder)
    if edit_notebook:
        path = folder / "jerome_case.ipynb"
        nb = nbformat.read(path, as_version=4)
        edit_notebook(nb)
        nbformat.write(nb, path)
    if edit_data:
        path = folder / "data" / "jerome_case.yaml"
        path.write_text(edit_data(path.read_text()))
    return [str(p) for p in check_assignment(folder)]


def mark_cell(nb, grade_id="mark-reading-the-case"):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_unknown_option_in_a_key_is_found(tmp_path):
    """Is a key naming an option the data does not have reported (every learner would lose the point)?"""
    def edit(nb):
        cell = mark_cell(nb)
        cell.source = cell.source.replace('["manage-closely"]', '["manage-closly"]')
    [problem] = broken(tmp_path, edit)
    assert "key of 'stakeholder-grid' names unknown options ['manage-closly']" in problem


def test_unkeyed_question_and_wrong_points_are_found(tmp_path):
    """Are a question left out of the key, and cell points that differ from the questions, reported?"""
    def edit(nb):
        cell = mark_cell(nb)
        last = ',\n                                 "stakeholder-grid": ["manage-closely"]'
        cell.source = cell.source.replace(last, "")
        cell.metadata["nbgrader"]["points"] = 5
    problems = " | ".join(broken(tmp_path, edit))
    assert "question 'stakeholder-grid' has no key" in problems
    assert "worth 5 points but marks 4 questions" in problems


def test_correct_flag_in_graded_data_is_found(tmp_path):
    """Is a `correct` flag in a graded assignment's data reported (the widget would show the key)?"""
    def edit(text):
        for option, flag in [("Apparent sincerity", "true"), ("Social astuteness", "false"),
                             ("Interpersonal influence", "false"), ("Networking ability", "false")]:
            text = text.replace(f'text: "{option}"', f'text: "{option}"\n            correct: {flag}\n'
                                                     '            feedback: "Because."')
        return text
    problems = " | ".join(broken(tmp_path, edit_data=edit))
    assert "question 'reading-people' of check 'reading-the-case' marks options correct" in problems


def test_check_without_mark_cell_is_found(tmp_path):
    """Is a check that no test cell marks reported?"""
    def edit(nb):
        nb.cells.remove(mark_cell(nb, "mark-debrief"))
    assert any("check 'debrief' has no mark cell" in p for p in broken(tmp_path, edit))


def test_hidden_tests_are_taken_out_of_a_read_only_graded_copy(tmp_path):
    """Are hidden-test regions replaced by one placeholder line, the rest kept, and the copy left read-only
    (as nbgrader leaves it)?"""
    import stat

    import nbformat

    from coachlab.grading.keys import HIDDEN_PLACEHOLDER, redact_hidden_tests

    source = "case.progress('c')\n    ### BEGIN HIDDEN TESTS\n    case.mark('c', {'q': ['a']})\n    ### END HIDDEN TESTS\nafter()"
    path = tmp_path / "graded.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    path.chmod(0o444)
    assert redact_hidden_tests(tmp_path) == 1
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.source == f"case.progress('c')\n    {HIDDEN_PLACEHOLDER}\nafter()"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
