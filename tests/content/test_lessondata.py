"""Tests of lesson data files: prompts and knowledge checks, loaded and checked."""
from pathlib import Path

import pytest

from coachlab.content.errors import CourseDataError
from coachlab.content.lessondata import check_lesson_file, load_lesson_data

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lessons"
COURSE_DATA = Path(__file__).parents[2] / "course" / "data"


def test_sample_loads():
    """Does a valid file load into reflections and checks with their parts?"""
    data = load_lesson_data(FIXTURES / "sample.yaml")
    assert [p.id for p in data.reflections["gibbs"].prompts] == ["description", "feelings"]
    assert data.reflections["gibbs"].max_words == 10
    q = data.checks["basics"].questions[1]
    assert q.kind == "multiple" and q.is_right(["s", "b"]) and not q.is_right(["s"])


def test_question_without_key_is_graded():
    """Is a question whose options carry no `correct` flag treated as graded (no verdict)?"""
    q = load_lesson_data(FIXTURES / "sample.yaml").checks["graded"].questions[0]
    assert q.graded and q.is_right(["a"]) is None


@pytest.mark.parametrize("name, line, fragment", [
    ("two_right", 8, "single-choice question 'q' has 2 correct options"),
    ("mixed_flags", 13, "duplicate option id 'a'"),
    ("mixed_flags", 11, "marks some options correct or not, but not all"),
    ("no_feedback", 13, "option 'b' of question 'q' has no feedback"),
    ("bad_kind", 9, "'several' is not one of ['single', 'multiple']"),
])
def test_broken_file_names_file_line_and_problem(name, line, fragment):
    """Does each broken lesson file fail with its own file:line message and a fix?"""
    problems = check_lesson_file(FIXTURES / "broken" / f"{name}.yaml")
    found = [p for p in problems if fragment in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].line == line and found[0].file.endswith(f"{name}.yaml") and found[0].hint


def test_loading_a_broken_file_raises_with_every_problem():
    """Does load_lesson_data raise one CourseDataError listing all problems?"""
    with pytest.raises(CourseDataError) as e:
        load_lesson_data(FIXTURES / "broken" / "mixed_flags.yaml")
    assert len(e.value.problems) == 2


def test_lesson_id_must_match_file_name(tmp_path):
    """Is a lesson id that differs from the file name reported?"""
    path = tmp_path / "other.yaml"
    path.write_text((FIXTURES / "sample.yaml").read_text())
    [problem] = check_lesson_file(path)
    assert "differs from the file name" in problem.message and problem.line == 2


@pytest.mark.parametrize("path", sorted(COURSE_DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_every_course_lesson_file_is_valid(path):
    """Does every lesson data file of the course pass its checks?"""
    assert check_lesson_file(path) == []
