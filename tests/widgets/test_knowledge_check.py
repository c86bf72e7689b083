"""Tests of the KnowledgeCheck widget: answers picked and checked as a learner would."""
from pathlib import Path

import ipywidgets as w

from coachlab.content.lessondata import load_lesson_data
from coachlab.store import AnswerStore
from coachlab.widgets.knowledge_check import KnowledgeCheck

DATA = load_lesson_data(Path(__file__).parents[1] / "fixtures" / "lessons" / "sample.yaml")


def make(tmp_path, check="basics"):
    return KnowledgeCheck(DATA.checks[check], AnswerStore(tmp_path / "answers.json"))


def test_single_choice_uses_labelled_radio_buttons(tmp_path):
    """Is a single-choice question a labelled radio group (keyboard: arrow keys) with nothing preselected?"""
    radio = make(tmp_path).questions["open"].picker.radio
    assert isinstance(radio, w.RadioButtons) and radio.description == "Your answer"
    assert radio.value is None
    assert [o[1] for o in radio.options] == ["a", "b", "c"]


def test_multiple_choice_uses_labelled_check_boxes(tmp_path):
    """Is each option of a multiple-choice question a check box labelled with its text?"""
    boxes = make(tmp_path).questions["sbi"].picker.boxes
    assert [b.description for b in boxes.values()] == ["Situation", "Behaviour", "Judgement"]


def test_wrong_answer_gets_text_feedback_and_is_recorded(tmp_path):
    """Does a wrong answer say so in words, explain why, and count as an attempt?"""
    kc = make(tmp_path)
    feedback = kc.answer("open", ["b"])
    assert "Not quite" in feedback and "Closed: yes or no." in feedback
    assert "Open: it invites" not in feedback  # the right answer is not given away
    saved = AnswerStore(tmp_path / "answers.json").get("check/basics")["questions"]["open"]
    assert saved["chosen"] == ["b"] and saved["correct"] is False and len(saved["attempts"]) == 1


def test_every_attempt_is_kept(tmp_path):
    """After a wrong then a right answer, are both attempts kept, in order?"""
    kc = make(tmp_path)
    kc.answer("sbi", ["s"])
    feedback = kc.answer("sbi", ["s", "b"])
    assert "Correct" in feedback and "avoids judgement" in feedback  # all options explained once right
    attempts = AnswerStore(tmp_path / "answers.json").get("check/basics")["questions"]["sbi"]["attempts"]
    assert [a["correct"] for a in attempts] == [False, True]
    assert [a["chosen"] for a in attempts] == [["s"], ["s", "b"]]


def test_checking_with_nothing_chosen_asks_for_an_answer(tmp_path):
    """Does pressing the button with no option chosen ask for one and record nothing?"""
    kc = make(tmp_path)
    kc.questions["open"].button.click()
    assert "Choose an answer first" in kc.questions["open"].feedback
    assert AnswerStore(tmp_path / "answers.json").get("check/basics") is None


def test_button_click_checks_the_picked_answer(tmp_path):
    """Does clicking the button (the handler a learner triggers) check what is selected?"""
    kc = make(tmp_path)
    view = kc.questions["open"]
    view.picker.radio.value = "a"
    view.button.click()
    assert "Correct" in view.feedback


def test_restored_on_rerun(tmp_path):
    """After a restart, are the learner's choices and feedback shown again?"""
    make(tmp_path).answer("sbi", ["s", "j"])
    again = make(tmp_path)
    assert again.questions["sbi"].picker.chosen == ["s", "j"]
    assert "Not quite" in again.questions["sbi"].feedback and "attempt 1" in again.questions["sbi"].feedback


def test_graded_question_saves_without_verdict(tmp_path):
    """Does a graded question (no key in the data) save the answer but show no verdict?"""
    kc = make(tmp_path, "graded")
    assert kc.questions["g1"].button.description == "Save answer"
    feedback = kc.answer("g1", ["b"])
    assert "Answer saved" in feedback and "Correct" not in feedback
    saved = AnswerStore(tmp_path / "answers.json").get("check/graded")["questions"]["g1"]
    assert saved["chosen"] == ["b"] and saved["correct"] is None


def test_read_only_html_shows_the_chosen_options(tmp_path):
    """Does the plain-HTML view mark the chosen options and the verdict?"""
    kc = make(tmp_path)
    kc.answer("open", ["a"])
    html = kc.to_html()
    assert "[x] What options do you see?" in html and "Correct" in html and "Not answered yet" in html


def test_an_answer_checked_in_another_tab_shows_here_and_says_so(tmp_path):
    """Two tabs of one check: an answer checked in one appears in the other, with its feedback and a notice."""
    here, there = make(tmp_path), make(tmp_path)
    there.answer("open", ["b"])
    here.refresh()
    view = here.questions["open"]
    assert view.picker.chosen == ["b"] and view.picker.radio.value == "b"
    assert "Not quite" in view.feedback and "(attempt 1)" in view.feedback
    assert "another tab" in here.notice_box.value and "question 1" in here.notice_box.value


def test_an_answer_picked_here_and_not_yet_checked_is_not_replaced(tmp_path):
    here, there = make(tmp_path), make(tmp_path)
    here.questions["sbi"].picker.select(["s", "j"])  # picked, not checked yet
    there.answer("sbi", ["s", "b"])
    here.refresh()
    assert here.questions["sbi"].picker.chosen == ["s", "j"]
    assert "question 2" not in here.notice_box.value
    here.questions["sbi"].check()  # checked here after the other tab: both attempts kept, this one last
    saved = AnswerStore(tmp_path / "answers.json").get("check/basics")["questions"]["sbi"]
    assert [a["chosen"] for a in saved["attempts"]] == [["s", "b"], ["s", "j"]] and saved["chosen"] == ["s", "j"]


def test_a_tab_that_checked_nothing_new_is_left_alone(tmp_path):
    here = make(tmp_path)
    here.answer("open", ["a"])
    feedback = here.questions["open"].feedback
    make(tmp_path).answer("sbi", ["s", "b"])  # another tab, another question
    here.refresh()
    assert here.questions["open"].feedback == feedback and "question 1" not in here.notice_box.value
    assert here.questions["sbi"].picker.chosen == ["s", "b"]
