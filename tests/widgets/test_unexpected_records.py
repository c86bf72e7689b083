"""Fuzz: records of every kind, damaged in every part, in front of every widget that reads them.

Each record starts as what the widget itself saves; then each part of it in turn (and the whole
value) is replaced by a value of another shape. The widget must open, name the record it skipped,
keep working (the next edit saves a well-shaped record) and render its read-only view; progress
must give a status; the GROW plan must show the earlier answers it draws from whatever they hold.
"""
import json

import pytest
from widgettools import KINDS

from coachlab import progress as pg
from coachlab.store import AnswerStore, clean_value

JUNK = [None, True, 7, "text", [], ["x", 3], {"x": {"y": []}}]


def seed(kind, tmp_path):
    """The value the widget saves after a few edits of its first two fields."""
    k = KINDS[kind]
    store = AnswerStore(tmp_path / "seed.json")
    w = k.make(store)
    for i, n in ((0, 1), (1, 2), (0, 3)):
        k.edit(w, i, n)
    if kind == "rewrite":
        w.answer(list(w.items)[0], "What would help?")
    if kind == "sbi":
        w.check()
    return store.records()[f"{kind}/{k.ident}"]["value"]


def mutations(value, path=()):
    """(path, damaged copy of the whole value) for every part of *value* replaced by every junk value."""
    for junk in JUNK:
        if junk != value:
            yield path, junk
    # every field of a table; of a list, the first item only (the others have the same shape)
    children = value.items() if isinstance(value, dict) else enumerate(value[:1]) if isinstance(value, list) else ()
    for k, child in children:
        for sub, damaged in mutations(child, path + (k,)):
            copy = json.loads(json.dumps(value))
            copy[k] = damaged
            yield sub, copy


def write(path, key, value):
    path.write_text(json.dumps({"schema": 1, "records": {key: {"schema": 1, "saved_at": "2025-01-01T00:00:00+00:00",
                                                               "value": value}}}))


@pytest.mark.parametrize("kind", KINDS)
def test_every_damaged_part_is_skipped_named_and_the_widget_keeps_working(kind, tmp_path):
    """Does the widget open on every damaged version of its record, name it, save afresh and render?"""
    k = KINDS[kind]
    key = f"{kind}/{k.ident}"
    damaged = list(mutations(seed(kind, tmp_path)))
    assert len(damaged) >= 4 * len(JUNK)
    for n, (where, value) in enumerate(damaged):
        path = tmp_path / f"answers-{n}.json"
        write(path, key, value)
        _, problems = clean_value(key, value)
        w = k.make(AnswerStore(path))
        if problems:
            assert key in w.notice_box.value, (where, value)
        w.to_html()
        k.edit(w, 0, 9)
        assert "Saved " in w.status_line.value, (where, value, w.status_line.value)
        saved = AnswerStore(path).records()[key]["value"]
        assert clean_value(key, saved)[1] == [], (where, value)


def test_progress_gives_a_status_for_every_damaged_record(tmp_path):
    """Does progress count every damaged record as begun or not, never crash, never call it done by accident?"""
    lesson = {"reflections": {"gibbs": {}}, "checks": {"basics": {"questions": [{"id": "open"}, {"id": "sbi"}]}},
              "self_assessments": {"habits": {}}, "rewrites": {"telling": {}}, "sbi": {"jerome": {}},
              "grow_plans": {"jerome-plan": {}}, "stakeholder_maps": {"jerome-map": {}},
              "roleplays": [KINDS["roleplay"].ident]}
    expected = pg.expected_keys(lesson)
    for kind, k in KINDS.items():
        for _, value in mutations(seed(kind, tmp_path)):
            records = {f"{kind}/{k.ident}": {"value": value}}
            assert pg.progress_of(expected, records).status in (pg.NOT_STARTED, pg.IN_PROGRESS)


@pytest.mark.parametrize("kind", ["reflection", "self_assessment", "sbi"])
def test_a_plan_shows_earlier_answers_whatever_they_hold(kind, tmp_path):
    """Does the GROW plan, which shows other records read-only, open whatever shape those records have?"""
    k = KINDS[kind]
    source_file = {"reflection": "sample.json"}.get(kind, "practice.json")
    for n, (_, value) in enumerate(mutations(seed(kind, tmp_path))):
        folder = tmp_path / str(n)
        folder.mkdir()
        write(folder / source_file, f"{kind}/{k.ident}", value)
        plan = KINDS["grow"].make(AnswerStore(folder / "answers.json"))
        assert "What you wrote earlier" in plan.earlier.value
        if clean_value(f"{kind}/{k.ident}", value)[1]:
            assert f"{kind}/{k.ident}" in plan.notice_box.value
