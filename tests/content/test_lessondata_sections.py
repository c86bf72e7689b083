"""Tests of the practice sections of lesson data files: self-assessments, rewrites, SBI, GROW plans, stakeholder maps."""
import shutil
from pathlib import Path

import pytest

from coachlab.content.errors import CourseDataError
from coachlab.content.lessondata import check_lesson_file, load_lesson_data

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lessons"
BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="module")
def data():
    return load_lesson_data(FIXTURES / "practice.yaml")


def test_practice_fixture_is_valid():
    """Does the practice fixture, with every new section, pass all checks?"""
    assert check_lesson_file(FIXTURES / "practice.yaml") == []


def test_self_assessment_loads_with_default_scale(data):
    """Without a scale, is a self-assessment rated 1 to 5 with words for each point?"""
    spec = data.self_assessments["habits"]
    assert [i.id for i in spec.items] == ["listens", "evokes"]
    assert spec.items[0].label == "Listens actively (ICF 6)"
    assert list(spec.scale.values) == [1, 2, 3, 4, 5]
    assert spec.scale.text(1) == "1 Rarely" and spec.scale.text(5) == "5 Consistently"


def test_custom_scale_keeps_only_its_own_words(data):
    """Does a scale with its own labels use them, and show bare numbers for points without words?"""
    scale = data.self_assessments["custom-scale"].scale
    assert list(scale.values) == [0, 1, 2, 3]
    assert [scale.text(v) for v in scale.values] == ["0 Never", "1", "2", "3 Always"]


def test_rewrite_sbi_grow_and_stakeholders_load(data):
    """Do the other sections load into their models with defaults for optional parts?"""
    rw = data.rewrites["telling"]
    assert rw.items[0].tip == "Start with What or How." and rw.items[1].tip == ""
    assert len(rw.items[0].samples) == 2
    assert data.sbi["jerome"].judgement_words == ("glory-seeking", "credit grabber")
    plan = data.grow_plans["jerome-plan"]
    assert [s.key for s in plan.stages] == ["goal", "reality", "options", "will"]
    assert plan.stages[0].label == "Goal" and plan.stages[0].placeholder.startswith("By the end")
    assert plan.subject == "Jerome"
    assert [d.where for d in plan.draw_from] == ["lesson sample", "lesson practice", "the SBI practice above"]
    assert [s.name for s in data.stakeholder_maps["jerome-map"].stakeholders] == ["Peers", "Director", "Client"]


def test_older_files_load_with_empty_new_sections():
    """Does a file without the new sections still load, with empty tables for them?"""
    data = load_lesson_data(FIXTURES / "sample.yaml")
    assert data.self_assessments == {} and data.rewrites == {} and data.sbi == {}
    assert data.grow_plans == {} and data.stakeholder_maps == {}


def test_module_numbers_come_from_lesson_names():
    """Is a draw_from source in lesson 02_jerome pointed to as Module 2 when it is missing?"""
    from coachlab.content.practicedata import DrawFrom
    assert DrawFrom("02_jerome", "reflection/x", "X").where == "Module 2"
    assert DrawFrom("10_close", "reflection/x", "X").where == "Module 10"


@pytest.mark.parametrize("name, line, fragment", [
    ("scale_problems", 7, "scale min (5) is not below max (1)"),
    ("scale_problems", 12, "a scale of 21 points is too many"),
    ("scale_problems", 17, "scale label 21 is outside the scale 0–20"),
    ("scale_problems", 20, "duplicate item id 'a'"),
    ("closed_sample", 12, "'Did you ask the team?' of item 'ask' reads as a closed question"),
    ("closed_sample", 13, "'Ask the team.' of item 'ask' is not a question"),
    ("closed_sample", 14, "reads as a leading question"),
    ("grow_order", 7, "stages are not in GROW order (found reality, goal, options, will)"),
    ("grow_order", 14, "draw_from key 'reflection/nope': grow_order.yaml has no reflection 'nope'"),
    ("grow_order", 15, "there is no no_such_lesson.yaml beside this file"),
    ("grow_order", 17, "scale_problems.yaml has no self_assessment 'sideways'"),
    ("grow_schema", 7, "'will' is a required property"),
    ("grow_schema", 12, "'diary/monday' does not match"),
    ("duplicate_stakeholder", 9, "duplicate stakeholder id 'peers'"),
    ("duplicate_stakeholder", 10, "duplicate stakeholder name 'other leads'"),
])
def test_broken_file_names_file_line_and_problem(name, line, fragment):
    """Does each broken practice section fail with its own file:line message and a fix?"""
    problems = check_lesson_file(BROKEN / f"{name}.yaml")
    found = [p for p in problems if fragment in p.message]
    assert found, [str(p) for p in problems]
    assert found[0].line == line and found[0].file.endswith(f"{name}.yaml") and found[0].hint


def test_only_the_wrong_samples_and_sources_are_reported():
    """Are the open sample and the valid draw_from entries left alone (no false alarms)?"""
    samples = [p.message for p in check_lesson_file(BROKEN / "closed_sample.yaml")]
    assert len(samples) == 3 and not any("What would the team say?" in m for m in samples)
    sources = [p for p in check_lesson_file(BROKEN / "grow_order.yaml") if "draw_from" in p.message]
    assert [p.line for p in sources] == [14, 15, 17]


def test_hints_name_grow_order_and_known_ids():
    """Do the fixes say the GROW order (Whitmore) and list the ids the other file does have?"""
    problems = {p.line: p for p in check_lesson_file(BROKEN / "grow_order.yaml")}
    assert "goal, reality, options, will" in problems[7].hint and "Whitmore" in problems[7].hint
    assert problems[17].hint == "use one of its self_assessments: upside-down, wide"
    schema = {p.line: p for p in check_lesson_file(BROKEN / "grow_schema.yaml")}
    assert "Whitmore" in schema[7].hint


def test_draw_from_a_sibling_lesson_is_checked(tmp_path):
    """Is a draw_from key checked against the named lesson file beside this one, and passed when it is there?"""
    shutil.copy(FIXTURES / "practice.yaml", tmp_path / "practice.yaml")
    assert [p.message for p in check_lesson_file(tmp_path / "practice.yaml")] == [
        "draw_from names lesson 'sample', but there is no sample.yaml beside this file"]
    text = (FIXTURES / "sample.yaml").read_text().replace("  gibbs:", "  kolb:")
    (tmp_path / "sample.yaml").write_text(text)
    [problem] = check_lesson_file(tmp_path / "practice.yaml")
    assert "sample.yaml has no reflection 'gibbs'" in problem.message and "kolb" in problem.hint
    shutil.copy(FIXTURES / "sample.yaml", tmp_path / "sample.yaml")
    assert check_lesson_file(tmp_path / "practice.yaml") == []


@pytest.mark.parametrize("key, line", [("five", 9), ("1.5", 9)])
def test_scale_label_keys_must_be_whole_numbers(tmp_path, key, line):
    """Is a scale label keyed by a word or a fraction, not a point, reported with a fix?"""
    path = tmp_path / "words.yaml"
    path.write_text("schema_version: 1\nlesson: words\ntitle: T\nself_assessments:\n  a:\n    title: A\n"
                    f"    scale:\n      labels:\n        {key}: Always\n    items:\n      - {{id: a, label: A, statement: S}}\n")
    [problem] = check_lesson_file(path)
    assert problem.line == line and key in problem.message and "whole number" in problem.hint


def test_loading_a_broken_practice_file_raises():
    """Does load_lesson_data refuse a file with practice-section problems, listing each?"""
    with pytest.raises(CourseDataError) as e:
        load_lesson_data(BROKEN / "duplicate_stakeholder.yaml")
    assert len(e.value.problems) == 2


def test_roleplays_name_scenario_files_beside_the_lesson(tmp_path):
    """Is a role-play listed in a lesson checked for its data/scenarios/<id>.yaml, and loaded when present?"""
    path = tmp_path / "talk.yaml"
    path.write_text("schema_version: 1\nlesson: talk\ntitle: T\nroleplays:\n  - interview\n  - backlash\n")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "interview.yaml").write_text("")
    [problem] = check_lesson_file(path)
    assert problem.line == 6 and "'backlash' has no scenario file scenarios/backlash.yaml" in problem.message
    (tmp_path / "scenarios" / "backlash.yaml").write_text("")
    assert check_lesson_file(path) == []
    assert load_lesson_data(path).roleplays == ("interview", "backlash")
