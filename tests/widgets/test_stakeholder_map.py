"""Tests of the StakeholderMap widget and its SVG: Mendelow's grid, placed by labelled controls."""
import re
import shutil
from pathlib import Path

import ipywidgets as w
import pytest

from coachlab.course import lesson
from coachlab.content.lessondata import load_lesson_data
from coachlab.coaching.mendelow import placement, quadrant
from coachlab.views.stakeholder_svg import stakeholder_map_svg
from coachlab.store import AnswerStore
from coachlab.widgets.stakeholder_map import StakeholderMap

LESSONS = Path(__file__).parents[1] / "fixtures" / "lessons"
SPEC = load_lesson_data(LESSONS / "practice.yaml").stakeholder_maps["jerome-map"]


def make(tmp_path):
    return StakeholderMap(SPEC, AnswerStore(tmp_path / "answers.json"))


@pytest.mark.parametrize("power, interest, name", [
    (5, 5, "Manage closely"), (5, 1, "Keep satisfied"), (1, 5, "Keep informed"), (1, 1, "Monitor"),
    (4, 2, "Keep satisfied"), (2, 4, "Keep informed"),
])
def test_quadrants(power, interest, name):
    """Does each power × interest pair fall in Mendelow's quadrant?"""
    assert quadrant(power, interest) == name


def test_the_middle_line_counts_high_and_says_so():
    """Is a 3 counted on the higher side, with the text naming the neighbouring quadrant?"""
    assert placement(3, 5) == "Manage closely (on the line with Keep informed)"
    assert placement(3, 3) == "Manage closely (at the centre, touching Keep informed, Keep satisfied and Monitor)"
    assert placement(5, 3) == "Manage closely (on the line with Keep satisfied)"
    assert placement(4, 4) == "Manage closely"
    assert placement(None, 4).startswith("not placed yet")


def test_controls_are_labelled_per_stakeholder(tmp_path):
    """Has each stakeholder power and interest drop-downs and a perception field, each naming them?"""
    row = make(tmp_path).rows["peers"]
    assert isinstance(row.power, w.Dropdown) and row.power.description == "Peers: power"
    assert row.interest.description == "Peers: interest"
    assert isinstance(row.perception, w.Text) and row.perception.description == "Peers: how might they see it?"
    assert [label for label, _ in row.power.options] == ["not set yet", "1 – very low", "2 – low", "3 – medium",
                                                         "4 – high", "5 – very high"]
    assert row.power.value == 0 and row.value == {"power": None, "interest": None, "perception": ""}


def test_choices_save_and_update_picture_and_list(tmp_path):
    """When the learner rates a stakeholder, is it saved, drawn and listed with its quadrant in words?"""
    sm = make(tmp_path)
    sm.place("client", power=5, interest=1, perception="They only see the delay")
    saved = AnswerStore(tmp_path / "answers.json").get("stakeholders/jerome-map")["stakeholders"]
    assert saved["client"] == {"power": 5, "interest": 1, "perception": "They only see the delay"}
    assert ">3 Client</text>" in sm.picture.value
    assert "<strong>3 Client</strong> — power 5, interest 1: Keep satisfied" in sm.summary.value
    assert "They only see the delay" in sm.summary.value and "Saved at" in sm.status_line.value
    assert "<strong>1 Peers</strong>: not placed yet" in sm.summary.value


def test_rerun_restores(tmp_path):
    """After a restart, are the ratings and notes back, and the map drawn from them?"""
    make(tmp_path).place("peers", power=2, interest=5, perception="He took our credit")
    again = make(tmp_path)
    row = again.rows["peers"]
    assert (row.power.value, row.interest.value, row.perception.value) == (2, 5, "He took our credit")
    assert "Keep informed" in again.summary.value and ">1 Peers</text>" in again.picture.value


def test_svg_has_quadrants_axes_and_a_description():
    """Does the grid carry the four quadrant names, both axis labels and a text description?"""
    svg = stakeholder_map_svg(SPEC, {"stakeholders": {"boss": {"power": 4, "interest": 4}}})
    for text in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor", "Interest (1 low to 5 high)",
                 "Power (1 low to 5 high)"):
        assert text in svg
    assert "<desc>2 Director: power 4, interest 4, Manage closely</desc>" in svg
    assert "Peers" not in svg  # unplaced stakeholders are not drawn


def test_overlapping_stakeholders_are_nudged_apart():
    """When two stakeholders share a point, are their markers and names drawn at different places?"""
    same = {"stakeholders": {"peers": {"power": 4, "interest": 4}, "boss": {"power": 4, "interest": 4}}}
    svg = stakeholder_map_svg(SPEC, same)
    circles = re.findall(r"<circle cx='([\d.]+)' cy='([\d.]+)'", svg)
    names = {m.group(2): (m.group(1)) for m in re.finditer(r"<text x='[\d.]+' y='([\d.]+)'[^>]*>(\d \w+)</text>", svg)}
    assert len(circles) == 2 and circles[0] != circles[1]
    assert set(names) == {"1 Peers", "2 Director"} and names["1 Peers"] != names["2 Director"]


def test_read_only_html_and_lesson_method(tmp_path, monkeypatch):
    """Does lesson(...).stakeholder_map(id) save to the lesson store, and to_html show the grid and the list?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "store"))
    (tmp_path / "data").mkdir()
    for name in ("practice.yaml", "sample.yaml"):
        shutil.copy(LESSONS / name, tmp_path / "data" / name)
    sm = lesson("practice", tmp_path).stakeholder_map("jerome-map")
    sm.place("boss", power=5, interest=5, perception="Wants <results>")
    assert AnswerStore.for_lesson("practice").get("stakeholders/jerome-map")["stakeholders"]["boss"]["power"] == 5
    html = sm.to_html()
    assert "<svg" in html and "2 Director</strong> — power 5, interest 5: Manage closely" in html
    assert "Wants &lt;results&gt;" in html


def test_saved_values_off_the_scale_are_ignored(tmp_path):
    """If a saved rating is no longer on the 1–5 scale, does the map open with it unset instead of failing?"""
    AnswerStore(tmp_path / "answers.json").put("stakeholders/jerome-map",
                                               {"stakeholders": {"peers": {"power": 9, "interest": 2}}})
    row = make(tmp_path).rows["peers"]
    assert row.power.value == 0 and row.interest.value == 2
