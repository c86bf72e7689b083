"""Tests of the GrowPlan widget: four labelled GROW stages, earlier answers shown above, autosave."""
import shutil
from pathlib import Path

import ipywidgets as w

from coachlab.course import lesson
from coachlab.content.lessondata import load_lesson_data
from coachlab.content.practicedata import DrawFrom
from coachlab.views.practice_html import earlier_answer_html
from coachlab.store import AnswerStore
from coachlab.widgets.grow_plan import GrowPlan

LESSONS = Path(__file__).parents[1] / "fixtures" / "lessons"
SPEC = load_lesson_data(LESSONS / "practice.yaml").grow_plans["jerome-plan"]


def stores(tmp_path):
    """A store per lesson name, in tmp_path, as AnswerStore.for_lesson would give."""
    return lambda name: AnswerStore(tmp_path / f"{name}.json")


def make(tmp_path):
    return GrowPlan(SPEC, AnswerStore(tmp_path / "practice.json"), open_store=stores(tmp_path))


def test_four_stages_in_grow_order_with_labels_and_questions(tmp_path):
    """Are the stages Goal, Reality, Options, Will, in that order, each a labelled text area under its question?"""
    plan = make(tmp_path)
    assert [f.area.description for f in plan.fields.values()] == ["Goal", "Reality", "Options", "Will"]
    assert all(isinstance(f.area, w.Textarea) for f in plan.fields.values())
    assert "What does Jerome want from his peers?" in plan.fields["goal"].children[0].value
    assert plan.fields["goal"].area.placeholder == "By the end of the quarter…"
    assert any("Whose plan:</strong> Jerome" in c.value for c in plan.children if isinstance(c, w.HTML))


def test_typing_autosaves_and_restores(tmp_path):
    """Is each stage saved as the learner types, with a Saved status, and back after a restart?"""
    plan = make(tmp_path)
    plan.write(goal="Be trusted by his peers", will="Invite two leads to plan the next demo")
    assert AnswerStore(tmp_path / "practice.json").get("grow/jerome-plan")["stages"]["goal"] == "Be trusted by his peers"
    assert "Saved at" in plan.status_line.value
    again = make(tmp_path)
    assert again.fields["will"].area.value == "Invite two leads to plan the next demo"
    assert "Restored your answers" in again.status_line.value


def test_missing_earlier_answers_point_to_where_they_are_answered(tmp_path):
    """When nothing was saved earlier, does each source say where to answer it?"""
    html = make(tmp_path).earlier.value
    assert "Your first reflection" in html and "(not answered yet — see lesson sample)" in html
    assert "(not answered yet — see the SBI practice above)" in html


def test_earlier_answers_are_shown_by_shape(tmp_path):
    """Are a reflection's answers, a self-assessment's ratings and SBI parts from other stores shown, escaped?"""
    AnswerStore(tmp_path / "sample.json").put("reflection/gibbs", {"answers": {"description": "We <missed> it."}})
    practice = AnswerStore(tmp_path / "practice.json")
    practice.put("self_assessment/habits", {"ratings": {"listens": 4}})
    practice.put("sbi/jerome", {"draft": {"situation": "In Monday's review", "behaviour": "", "impact": ""}})
    html = make(tmp_path).earlier.value
    assert "<dt>Description</dt>" in html and "We &lt;missed&gt; it." in html
    assert "Listens: 4" in html and "<dt>Situation</dt>" in html and "<dt>Behaviour</dt>" not in html
    assert "not answered yet" not in html


def test_other_shapes_are_shown_as_escaped_text():
    """Is a record of an unknown shape (or a GROW plan) shown, escaped, rather than dropped?"""
    source = DrawFrom("02_jerome", "check/basics", "Your check")
    html = earlier_answer_html(source, {"value": {"questions": {"q": "<x>"}}, "saved_at": "2025-01-01"})
    assert "<pre>" in html and "&lt;x&gt;" in html
    grow = earlier_answer_html(source, {"value": {"stages": {"will": "Call Sam", "goal": "Trust"}}})
    assert grow.index("<dt>Goal</dt>") < grow.index("<dt>Will</dt>")
    assert "(not answered yet — see Module 2)" in earlier_answer_html(source, {"value": {"answers": {"a": " "}}})


def test_refresh_reads_answers_saved_since(tmp_path):
    """After answering an earlier exercise elsewhere, does refresh() show it?"""
    plan = make(tmp_path)
    AnswerStore(tmp_path / "sample.json").put("reflection/gibbs", {"answers": {"feelings": "Uneasy"}})
    assert "Uneasy" not in plan.earlier.value
    plan.refresh()
    assert "Uneasy" in plan.earlier.value


def test_read_only_html(tmp_path):
    """Does to_html show each stage in order, escaped, with unwritten ones marked and the earlier answers?"""
    plan = make(tmp_path)
    plan.write(goal="Be <trusted>")
    html = plan.to_html()
    assert "Be &lt;trusted&gt;" in html and html.count("(not written yet)") == 3
    assert html.index("<h4>Goal</h4>") < html.index("<h4>Will</h4>") and "What you wrote earlier" in html


def test_lesson_method_reads_other_lessons_from_the_learner_folder(tmp_path, monkeypatch):
    """Does lesson(...).grow_plan(id) read draw_from answers from the named lessons' stores?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "store"))
    (tmp_path / "data").mkdir()
    for name in ("practice.yaml", "sample.yaml"):
        shutil.copy(LESSONS / name, tmp_path / "data" / name)
    AnswerStore.for_lesson("sample").put("reflection/gibbs", {"answers": {"description": "Jerome led the demo."}})
    lesson("practice", tmp_path).self_assessment("habits").rate(evokes=2)
    plan = lesson("practice", tmp_path).grow_plan("jerome-plan")
    assert "Jerome led the demo." in plan.earlier.value and "Evokes awareness (ICF 7): 2" in plan.earlier.value
    plan.write(options="Ask the leads")
    assert AnswerStore.for_lesson("practice").get("grow/jerome-plan")["stages"]["options"] == "Ask the leads"


def test_earlier_reflection_shows_prompt_labels_in_lesson_order(tmp_path, monkeypatch):
    """Are an earlier reflection's answers shown under its prompts' labels, in the lesson's order?"""
    from coachlab import lesson

    course = Path(__file__).parents[2] / "course"
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path))
    welcome = lesson("00_welcome", folder=course).reflection("first-look")
    for field, text in (("evaluation", "third-marker"), ("description", "first-marker"), ("feelings", "second-marker")):
        welcome.fields[field].area.value = text
    html = lesson("05_my_plan", folder=course).grow_plan("my-plan").earlier.value
    positions = [html.index(m) for m in ("first-marker", "second-marker", "third-marker")]
    assert positions == sorted(positions)
    assert "<dt>Description</dt>" in html and "<dt>Evaluation</dt>" in html
