"""Tests of the SelfAssessment widget and the paired before/after chart, driven as a learner would."""
import inspect
import shutil
from pathlib import Path

import ipywidgets as w

from coachlab.views.charts import Bar, PairedBar, bar_chart_svg, paired_bar_chart_svg
from coachlab.course import lesson
from coachlab.content.lessondata import load_lesson_data
from coachlab.store import AnswerStore
from coachlab.widgets.self_assessment import Earlier, SelfAssessment

LESSONS = Path(__file__).parents[1] / "fixtures" / "lessons"
SPEC = load_lesson_data(LESSONS / "practice.yaml").self_assessments["habits"]


def make(tmp_path, earlier=None):
    return SelfAssessment(SPEC, AnswerStore(tmp_path / "answers.json"), earlier=earlier)


def earlier_store(tmp_path, ratings):
    store = AnswerStore(tmp_path / "module1.json")
    if ratings is not None:
        store.put("self_assessment/start", {"ratings": ratings})
    return Earlier(store, "self_assessment/start", "Module 1")


def test_each_item_is_a_labelled_radio_group_with_words(tmp_path):
    """Is every item a radio group named by its label, each point written with its words, none preselected?"""
    sa = make(tmp_path)
    radios = [f.radio for f in sa.fields.values()]
    assert all(isinstance(r, w.RadioButtons) for r in radios)
    assert [r.description for r in radios] == ["Listens actively (ICF 6)", "Evokes awareness (ICF 7)"]
    assert [o[0] for o in radios[0].options] == ["1 Rarely", "2 Sometimes", "3 Often", "4 Usually", "5 Consistently"]
    assert all(r.value is None for r in radios)


def test_choosing_a_rating_saves_it_with_visible_status(tmp_path):
    """When the learner picks a point, is it saved at once and 'Saved' announced?"""
    sa = make(tmp_path)
    sa.fields["listens"].radio.value = 4
    assert AnswerStore(tmp_path / "answers.json").get("self_assessment/habits") == {"ratings": {"listens": 4}}
    assert "Saved at" in sa.status_line.value and "role='status'" in sa.status_line.value


def test_rerun_restores_ratings(tmp_path):
    """After a restart, are the chosen points selected again?"""
    make(tmp_path).rate(listens=2, evokes=5)
    again = make(tmp_path)
    assert again.fields["listens"].radio.value == 2 and again.fields["evokes"].radio.value == 5
    assert again.ratings == {"listens": 2, "evokes": 5}
    assert "Restored your answers" in again.status_line.value


def test_comparison_chart_matches_items_by_id_and_follows_ratings(tmp_path):
    """With earlier ratings, does the chart pair them by item id and update as the learner rates?"""
    sa = make(tmp_path, earlier_store(tmp_path, {"listens": 2, "old-item": 5}))
    assert "<svg" in sa.chart.value
    assert "Listens actively (ICF 6): Module 1 2 Sometimes; now not rated yet" in sa.chart.value
    assert "Evokes awareness (ICF 7): Module 1 not rated" in sa.chart.value
    sa.rate(listens=4)
    assert "Module 1: 2" in sa.chart.value and "Now: 4 (up 2)" in sa.chart.value
    assert "now 4 Usually — up 2" in sa.chart.value
    assert "old-item" not in sa.chart.value


def test_missing_earlier_ratings_are_explained(tmp_path):
    """When the earlier lesson has no ratings yet, does the widget say so rather than fail?"""
    sa = make(tmp_path, earlier_store(tmp_path, None))
    notes = [c.value for c in sa.children if isinstance(c, w.HTML) and "No earlier ratings" in c.value]
    assert notes and "Module 1" in notes[0]
    sa.rate(evokes=3)
    assert "Now: 3" in sa.chart.value


def test_no_chart_without_comparison(tmp_path):
    """Without compare_with, is there no chart at all?"""
    sa = make(tmp_path)
    sa.rate(listens=4)
    assert sa.chart.value == "" and sa.chart not in sa.children


def test_read_only_html(tmp_path):
    """Does to_html list each item's rating in words, and the comparison when there is one?"""
    sa = make(tmp_path, earlier_store(tmp_path, {"listens": 1}))
    sa.rate(listens=5)
    html = sa.to_html()
    assert "5 Consistently" in html and "not rated" in html and "<svg" in html and "up 4" in html


def test_lesson_method_compares_with_another_lessons_store(tmp_path, monkeypatch):
    """Does lesson(...).self_assessment(id, compare_with=(lesson, id)) read the earlier lesson's saved ratings?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "store"))
    (tmp_path / "data").mkdir()
    for name in ("practice.yaml", "sample.yaml"):  # practice draws on sample
        shutil.copy(LESSONS / name, tmp_path / "data" / name)
    AnswerStore.for_lesson("01_start").put("self_assessment/start", {"ratings": {"evokes": 1}})
    sa = lesson("practice", tmp_path).self_assessment("habits", compare_with=("01_start", "start"))
    assert sa.earlier.label == "Module 1" and sa.earlier_ratings == {"evokes": 1}
    sa.rate(evokes=3)
    assert AnswerStore.for_lesson("practice").get("self_assessment/habits") == {"ratings": {"evokes": 3}}
    assert "Module 1: 1" in sa.chart.value and "Now: 3 (up 2)" in sa.chart.value


def test_paired_chart_writes_numbers_and_does_not_rely_on_colour():
    """Does the paired chart write each value with its label, hatch the 'before' bars and explain the legend?"""
    svg = paired_bar_chart_svg([PairedBar("Listens", 2, 4, 1, 5), PairedBar("Evokes", None, 3, 1, 5)],
                               title="Then and now", before_label="Module 1", after_label="Now")
    assert svg.count("<pattern") == 1 and "fill='url(#coachlab-hatch-" in svg
    assert "Module 1 (hatched)" in svg and "Now (solid)" in svg
    assert "Module 1: 2" in svg and "Now: 4 (up 2)" in svg and "Module 1: not rated" in svg
    assert "<desc>Listens: Module 1 2, Now 4 (up 2) (scale 1 to 5); Evokes: Module 1 not rated, Now 3" in svg


def test_bar_chart_keeps_its_signature_and_output():
    """Is the original bar chart unchanged: same parameters, a value written beside each bar?"""
    assert list(inspect.signature(bar_chart_svg).parameters) == ["bars", "title", "width"]
    svg = bar_chart_svg([Bar("Trust", 2, -3, 3)], title="Scores")
    assert "<title>Scores</title>" in svg and ">+2</text>" in svg and "pattern" not in svg


def test_earlier_ratings_that_are_not_numbers_are_left_out(tmp_path):
    """Are damaged earlier ratings (text, true/false) left out of the chart rather than breaking it?"""
    sa = make(tmp_path, earlier_store(tmp_path, {"listens": "four", "evokes": True}))
    assert sa.earlier_ratings == {} and "Module 1: not rated" in sa.chart.value
