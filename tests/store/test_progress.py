"""coachlab.progress: expected store keys from a lesson data file, and the status they give."""
import json
import os

import pytest

from coachlab import progress as pg
from coachlab.store import AnswerStore

LESSON = {
    "lesson": "demo",
    "reflections": {"first-look": {"prompts": [{"id": "d"}, {"id": "f"}]}, "later": {"prompts": [{"id": "x"}]}},
    "checks": {"quiz": {"questions": [{"id": "q1"}, {"id": "q2"}]}},
    "self_assessments": {"me": {"items": [{"id": "i1"}, {"id": "i2"}]}},
    "rewrites": {"tone": {"items": [{"id": "r1"}, {"id": "r2"}]}},
    "sbi": {"one": {}},
    "grow_plans": {"plan": {"stages": {"goal": {}, "reality": {}, "options": {}, "will": {}}}},
    "stakeholder_maps": {"map": {"stakeholders": [{"id": "ceo"}, {"id": "peers"}]}},
    "roleplays": ["career_interview"],
    "unknown_section": {"x": {}},
}


def rec(value):
    return {"schema": 1, "saved_at": "2024-01-01T00:00:00+00:00", "value": value}


def test_unknown_sections_are_ignored():
    assert len(pg.expected_keys(LESSON)) == 9


def test_a_check_remembers_its_question_ids():
    [check] = [e for e in pg.expected_keys(LESSON) if e.section == "checks"]
    assert check.questions == ("q1", "q2")


def test_roleplays_may_also_be_a_table():
    assert [e.key for e in pg.expected_keys({"roleplays": {"a": {}, "b": {}}})] == ["roleplay/a", "roleplay/b"]


def test_nothing_saved_is_not_started():
    p = pg.progress_of(pg.expected_keys(LESSON), {})
    assert (p.status, p.done, p.total, p.label) == (pg.NOT_STARTED, 0, 9, "Not started")
    assert p.next_key == "reflection/first-look"


def test_some_saved_is_in_progress_with_counts():
    p = pg.progress_of(pg.expected_keys(LESSON), {"reflection/later": rec({"answers": {"x": "text"}})})
    assert (p.status, p.done, p.total) == (pg.IN_PROGRESS, 1, 9)
    assert p.label == "In progress (1 of 9 done)"


def all_done():
    return {
        "reflection/first-look": rec({"answers": {"d": "What happened", "f": "How I felt"}}),
        "reflection/later": rec({"answers": {"x": "Later"}}),
        "check/quiz": rec({"questions": {"q1": {"chosen": ["a"]}, "q2": {"chosen": ["b", "c"]}}}),
        "self_assessment/me": rec({"ratings": {"i1": 3, "i2": 1}}),
        "rewrite/tone": rec({"items": {"r1": {"committed": "What would help?"}, "r2": {"committed": "How so?"}}}),
        "sbi/one": rec({"attempts": [{"at": "t", "situation": "Tuesday", "behaviour": "He left", "impact": "I felt"}]}),
        "grow/plan": rec({"stages": {"goal": "g", "reality": "r", "options": "o", "will": "w"}}),
        "stakeholders/map": rec({"stakeholders": {"ceo": {"power": 5, "interest": 4}, "peers": {"power": 3, "interest": 5}}}),
        "roleplay/career_interview": rec({"roles": {}, "plays": [{"role": "manager", "path": ["a"], "ending": "e"}]}),
    }


def test_every_exercise_answered_in_full_is_done():
    assert pg.progress_of(pg.expected_keys(LESSON), all_done()).status == pg.DONE


@pytest.mark.parametrize("key, partial", [
    ("reflection/first-look", {"answers": {"d": "What happened", "f": "   "}}),   # one prompt blank
    ("reflection/first-look", {"answers": {"d": "x"}}),                          # one keystroke
    ("self_assessment/me", {"ratings": {"i1": 3}}),                               # 1 of 2 rated
    ("rewrite/tone", {"items": {"r1": {"committed": "What?"}, "r2": {"draft": "How"}}}),  # a draft is not a commit
    ("sbi/one", {"draft": {"situation": "Tuesday", "behaviour": "He left", "impact": "I felt"}}),  # never checked
    ("grow/plan", {"stages": {"goal": "g", "reality": "r", "options": "o"}}),     # no Will
    ("stakeholders/map", {"stakeholders": {"ceo": {"power": 5, "interest": 4}, "peers": {"power": 3}}}),
])
def test_part_of_an_exercise_is_in_progress_not_done(key, partial):
    """Is an exercise done only when answered as its data defines, never on a first keystroke?"""
    records = {**all_done(), key: rec(partial)}
    p = pg.progress_of(pg.expected_keys(LESSON), records)
    assert (p.status, p.done, p.next_key) == (pg.IN_PROGRESS, 8, key)


def test_text_deleted_again_is_not_started():
    """Does an answer typed and deleted again count for nothing?"""
    expected = pg.expected_keys({"reflections": LESSON["reflections"]})
    assert pg.progress_of(expected, {"reflection/later": rec({"answers": {"x": ""}})}).status == pg.NOT_STARTED


def test_optional_exercises_are_not_counted():
    """Is an exercise on the go-deeper path left out of the counts, so a module can be done without it?"""
    lesson = {**LESSON, "rewrites": {"tone": {**LESSON["rewrites"]["tone"], "optional": True}}}
    records = {k: v for k, v in all_done().items() if k != "rewrite/tone"}
    p = pg.progress_of(pg.expected_keys(lesson), records)
    assert (p.status, p.done, p.total) == (pg.DONE, 8, 8)


def test_a_check_with_one_question_unanswered_is_not_done():
    records = all_done()
    records["check/quiz"] = rec({"questions": {"q1": {"chosen": ["a"], "attempts": [{}]}}})
    p = pg.progress_of(pg.expected_keys(LESSON), records)
    assert (p.status, p.done) == (pg.IN_PROGRESS, 8)


def test_a_check_alone_half_answered_counts_as_begun():
    expected = pg.expected_keys({"checks": LESSON["checks"]})
    half = {"check/quiz": rec({"questions": {"q2": {"chosen": ["x"]}}})}
    assert pg.progress_of(expected, half).status == pg.IN_PROGRESS
    empty = {"check/quiz": rec({"questions": {"q2": {"chosen": []}}})}
    assert pg.progress_of(expected, empty).status == pg.NOT_STARTED


def test_a_roleplay_is_done_only_after_a_play_reached_an_ending():
    expected = pg.expected_keys({"roleplays": ["s"]})
    assert pg.progress_of(expected, {"roleplay/s": rec({"roles": {"manager": {"path": ["a"]}}})}).status == pg.IN_PROGRESS
    assert pg.progress_of(expected, {"roleplay/s": rec({"plays": []})}).status == pg.NOT_STARTED
    ended = {"role": "manager", "path": ["a"], "ending": "x"}
    assert pg.progress_of(expected, {"roleplay/s": rec({"plays": [ended]})}).status == pg.DONE


def test_a_lesson_without_exercises_says_so():
    assert pg.progress_of([], {}).status == pg.NO_EXERCISES


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "answers"))
    folder = tmp_path / "course" / "data"
    folder.mkdir(parents=True)
    (folder / "demo.yaml").write_text("lesson: demo\nreflections:\n  r1:\n    prompts:\n      - id: a\n"
                                      "checks:\n  c1:\n    questions:\n      - id: q1\n")
    return folder


def test_lesson_progress_reads_the_learners_store(data_dir):
    assert pg.lesson_progress("demo", data_dir).status == pg.NOT_STARTED
    store = AnswerStore.for_lesson("demo")
    store.put("reflection/r1", {"answers": {"a": "text"}})
    assert pg.lesson_progress("demo", data_dir).status == pg.IN_PROGRESS
    store.put("check/c1", {"questions": {"q1": {"chosen": ["x"]}}})
    assert pg.lesson_progress("demo", data_dir).status == pg.DONE


def test_a_lesson_without_a_data_file_has_no_exercises(data_dir):
    assert pg.lesson_progress("reading_only", data_dir).status == pg.NO_EXERCISES


@pytest.mark.parametrize("content", ["{not json", json.dumps({"schema": 99, "records": {}}),
                                     json.dumps({"schema": 1, "records": []}), json.dumps([1])])
def test_a_damaged_store_is_reported_and_left_exactly_as_it_was(data_dir, content):
    """Is an unreadable answers file reported, and not moved aside (the widgets do that, with a notice)?"""
    store = AnswerStore.for_lesson("demo")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(content)
    before = sorted(os.listdir(store.path.parent))
    p = pg.lesson_progress("demo", data_dir)
    assert p.status == pg.UNREADABLE and p.file == str(store.path) and store.path.name in p.label
    assert sorted(os.listdir(store.path.parent)) == before and store.path.read_text() == content


def test_a_broken_data_file_is_reported_not_raised(data_dir):
    (data_dir / "demo.yaml").write_text("reflections: [unclosed\n")
    assert pg.lesson_progress("demo", data_dir).status == pg.UNREADABLE


def test_progress_does_not_import_ipywidgets():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", "import sys, coachlab.progress; print('ipywidgets' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_damaged_file_set_aside_reads_could_not_be_read_not_not_started(data_dir):
    """After a module set a damaged file aside, does the landing page say "could not be read" and name the copy?"""
    store = AnswerStore.for_lesson("demo")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{broken")
    assert store.records() == {}  # the module's widget sets it aside
    p = pg.lesson_progress("demo", data_dir)
    assert p.status == pg.UNREADABLE and "could not be read" in p.label
    assert store.moved_aside[0].name in p.label and p.file == str(store.moved_aside[0])
    store.put("reflection/r1", {"answers": {"a": "new text"}})
    p = pg.lesson_progress("demo", data_dir)
    assert p.status == pg.IN_PROGRESS and store.moved_aside[0].name in p.label


def test_a_record_of_unexpected_shape_counts_as_not_answered_and_is_named(data_dir):
    """Does a check saved as {"questions": []} count as unanswered, named in the label, without an error?"""
    store = AnswerStore.for_lesson("demo")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"schema": 1, "records": {
        "check/c1": {"value": {"questions": []}}, "reflection/r1": {"value": 5}}}))
    p = pg.lesson_progress("demo", data_dir)
    assert p.status == pg.NOT_STARTED and "check/c1" in p.label and "reflection/r1" in p.label
