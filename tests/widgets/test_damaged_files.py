"""A damaged answers file is set aside once and named wherever it is read: its own module, a module
showing earlier answers, and (through progress) the landing page."""
import pytest
from widgettools import KINDS

from coachlab import progress as pg
from coachlab.store import AnswerStore


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_file_is_kept_named_and_the_widget_saves_afresh(kind, tmp_path):
    (tmp_path / "answers.json").write_bytes(b'{"schema": 1, "records": {"reflection/x": ')
    k = KINDS[kind]
    w = k.make(AnswerStore(tmp_path / "answers.json"))
    [aside] = tmp_path.glob("answers.json.corrupt-*")
    assert aside.read_bytes() == b'{"schema": 1, "records": {"reflection/x": ' and str(aside) in w.notice_box.value
    assert "not valid JSON" in w.notice_box.value
    k.edit(w, 0, 1)
    assert "Saved " in w.status_line.value


def test_a_damaged_earlier_file_is_named_by_the_plan_then_by_its_own_module_and_the_landing_page(
        tmp_path, monkeypatch):
    """Module 5 reads Module 0's damaged file: does it say so, and do Module 0 and the landing page say so later?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path))
    (tmp_path / "sample.json").write_text("{broken")
    plan = KINDS["grow"].make(AnswerStore(tmp_path / "practice.json"))
    [aside] = tmp_path.glob("sample.json.corrupt-*")
    assert str(aside) in plan.notice_box.value and "(not answered yet" in plan.earlier.value
    later = KINDS["reflection"].make(AnswerStore.for_lesson("sample"))
    assert str(aside) in later.notice_box.value
    data = tmp_path / "data"
    data.mkdir()
    (data / "sample.yaml").write_text("reflections:\n  gibbs: {}\n")
    progress = pg.lesson_progress("sample", data)
    assert progress.status == pg.UNREADABLE and aside.name in progress.label
    assert len(list(tmp_path.glob("sample.json.corrupt-*"))) == 1
