"""Progress and the widgets agree on record keys: checked against what each widget really writes."""
import pytest
from widgettools import KINDS

from coachlab import progress as pg
from coachlab.store import AnswerStore
from coachlab.store.answers_format import SECTIONS


@pytest.mark.parametrize("kind", KINDS)
def test_progress_expects_the_key_each_widget_writes(kind, tmp_path):
    """Does progress look for an exercise's answers under the very key its widget saves them (read from the store)?"""
    k = KINDS[kind]
    store = AnswerStore(tmp_path / "answers.json")
    k.edit(k.make(store), 0, 1)
    section = SECTIONS[kind]
    expected = pg.expected_keys({section: [k.ident] if section == "roleplays" else {k.ident: {}}})
    assert [e.key for e in expected] == list(store.records())
