"""Tests of the Reflection widget, driven from Python as a learner's typing would drive it."""
from pathlib import Path

import ipywidgets as w

from coachlab.content.lessondata import load_lesson_data
from coachlab.store import AnswerStore
from coachlab.widgets.reflection import Reflection

SPEC = load_lesson_data(Path(__file__).parents[1] / "fixtures" / "lessons" / "sample.yaml").reflections["gibbs"]


def make(tmp_path):
    return Reflection(SPEC, AnswerStore(tmp_path / "answers.json"))


def test_every_prompt_has_a_labelled_text_area(tmp_path):
    """Does each prompt get a text area whose label names it, for screen readers?"""
    r = make(tmp_path)
    areas = [f.area for f in r.fields.values()]
    assert [a.description for a in areas] == ["Description", "Feelings"]
    assert all(isinstance(a, w.Textarea) for a in areas)


def test_typing_saves_to_the_store_with_visible_status(tmp_path):
    """When the learner types, is the text saved at once and a 'Saved' status shown?"""
    r = make(tmp_path)
    r.fields["description"].area.value = "We missed the deadline."
    stored = AnswerStore(tmp_path / "answers.json").get("reflection/gibbs")
    assert stored == {"answers": {"description": "We missed the deadline."}}  # only the field typed in
    assert "Saved at" in r.status_line.value and "role='status'" in r.status_line.value


def test_rerun_restores_saved_answers(tmp_path):
    """After a kernel restart (a new widget on the same store), is every answer back?"""
    make(tmp_path).fields["feelings"].area.value = "Anxious, then relieved."
    again = make(tmp_path)
    assert again.fields["feelings"].area.value == "Anxious, then relieved."
    assert again.answers["feelings"] == "Anxious, then relieved."
    assert "Restored your answer" in again.status_line.value


def test_word_count_guidance(tmp_path):
    """Does the word count show the suggested length and note answers outside it?"""
    r = make(tmp_path)
    field = r.fields["description"]
    field.area.value = "one two"
    assert "2 words" in field.count.value and "about 3–10 words" in field.count.value
    assert "more detail" in field.count.value
    field.area.value = " ".join(["word"] * 12)
    assert "12 words" in field.count.value and "longer than suggested" in field.count.value


def test_read_only_html_shows_saved_answers_escaped(tmp_path):
    """Does the plain-HTML view show the saved answer, escaped, for exports and graders?"""
    r = make(tmp_path)
    r.fields["description"].area.value = "I said <b>no</b>.\n\nThen I listened."
    html = r.to_html()
    assert "&lt;b&gt;no&lt;/b&gt;" in html and "<p>Then I listened.</p>" in html
    assert "(no answer yet)" in html  # feelings left empty
