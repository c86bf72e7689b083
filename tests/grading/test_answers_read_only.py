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
    (b"\xff\xfe", "bytes that are not UTF-8 text"),
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


def store_file(folder, records: dict) -> bytes:
    store = AnswerStore.for_exercise(folder)
    for key, value in records.items():
        store.put(key, value)
    (folder / "coachlab_answers.json.lock").unlink()
    return (folder / "coachlab_answers.json").read_bytes()


RECORDS = {"check/a": {"questions": {"q": {"chosen": ["x"]}}}, "check/b": {"questions": {"q": {"chosen": ["y"]}}},
           "reflection/c": {"answers": {"p": 'He said "check/b": {no} and left.'}}}


@pytest.mark.parametrize("damage", ["bad byte", "cut end", "broken record"])
def test_a_damaged_file_keeps_every_record_it_still_holds(tmp_path, damage):
    """Does one bad byte, a cut-off end or one broken record lose only the record it hits, and name it?"""
    raw = store_file(tmp_path, RECORDS)
    at = raw.index(b'"check/b"') + len(b'"check/b": {')
    raw = {"bad byte": raw[:at] + b"\xff" + raw[at + 1:], "cut end": raw[:raw.index(b'"reflection/c"') + 40],
           "broken record": raw[:at] + b'"saved_at": ,' + raw[at:]}[damage]
    (tmp_path / "coachlab_answers.json").write_bytes(raw)
    saved = read_answers(tmp_path)
    assert "not valid JSON" in saved.problem
    kept = {"bad byte": {"check/a", "reflection/c"}, "cut end": {"check/a", "check/b"},
            "broken record": {"check/a", "reflection/c"}}[damage]
    assert set(saved.records) == kept
    assert saved.lost == tuple(sorted(set(RECORDS) - kept))
    assert all(saved.value(k) == RECORDS[k] for k in kept)


def test_a_linked_answers_file_is_never_followed(tmp_path):
    """Is an answers file that is a symbolic link reported, and nothing read through it?"""
    other = tmp_path / "other"
    other.mkdir()
    store_file(other, RECORDS)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "coachlab_answers.json").symlink_to(other / "coachlab_answers.json")
    saved = read_answers(mine)
    assert saved.exists and saved.records == {} and "symbolic link" in saved.problem
