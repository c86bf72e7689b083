"""Is a learner's answers file read for grading without ever being moved, locked or rewritten?"""
import json

import pytest

from coachlab.grading.answers import read_answers
from coachlab.store import AnswerStore


def test_reads_what_the_store_saved(tmp_path):
    """Does grading read back what the widgets' store wrote, with its time?"""
    record = AnswerStore.for_exercise(tmp_path).put("reflection/x", {"answers": {"a": "text"}})
    saved = read_answers(tmp_path)
    assert saved.problem is None and saved.exists
    assert saved.value("reflection/x") == {"answers": {"a": "text"}}
    assert saved.saved_at("reflection/x") == record["saved_at"]


def test_absent_file_is_no_problem_and_no_records(tmp_path):
    """Is a missing file reported as absent, not as damaged, with nothing created?"""
    saved = read_answers(tmp_path)
    assert not saved.exists and saved.problem is None and saved.records == {}
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, problem", [
    ('{"schema": 1, "records": {', "not valid JSON"),
    ('[1, 2]', "does not hold a 'records' table"),
    ('{"schema": 7, "records": {}}', "schema version 7"),
    (b"\xff\xfe", "cannot be read"),
])
def test_damaged_file_is_named_and_left_exactly_as_it_was(tmp_path, content, problem):
    """Is each kind of damage described, and the file left in place, byte for byte, with no lock file?"""
    path = tmp_path / "coachlab_answers.json"
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    saved = read_answers(tmp_path)
    assert problem in saved.problem and saved.records == {}
    assert path.read_bytes() == raw and [p.name for p in tmp_path.iterdir()] == ["coachlab_answers.json"]


def test_records_without_a_value_are_skipped(tmp_path):
    """Is a record that lost its value skipped, the others kept?"""
    (tmp_path / "coachlab_answers.json").write_text(json.dumps(
        {"schema": 1, "records": {"a": {"value": 1}, "b": {"saved_at": "x"}, "c": "junk"}}))
    assert read_answers(tmp_path).records == {"a": {"value": 1}}
