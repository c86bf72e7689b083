"""Tests of the Rewrite widget: drafts save, samples only after commit, every commit kept."""
from pathlib import Path

import ipywidgets as w

from coachlab.content.lessondata import load_lesson_data
from coachlab.store import AnswerStore
from coachlab.widgets.rewrite import Rewrite

SPEC = load_lesson_data(Path(__file__).parents[1] / "fixtures" / "lessons" / "practice.yaml").rewrites["telling"]
SAMPLE = "Who would you like to hear from before you change the plan?"


def make(tmp_path):
    return Rewrite(SPEC, AnswerStore(tmp_path / "answers.json"))


def saved(tmp_path):
    return AnswerStore(tmp_path / "answers.json").get("rewrite/telling")["items"]


def test_each_statement_has_a_labelled_area_and_a_commit_button(tmp_path):
    """Does every statement show its telling text, a labelled text area and a named button?"""
    rw = make(tmp_path)
    view = rw.items["ask-team"]
    assert isinstance(view.area, w.Textarea) and view.area.description == "Your question"
    assert view.button.description == "Commit my answer" and "statement 1" in view.button.tooltip
    assert "You should ask the team before you change the plan." in view.children[0].value


def test_samples_stay_hidden_until_commit(tmp_path):
    """Are the sample questions hidden while the learner drafts, and shown once they commit?"""
    rw = make(tmp_path)
    view = rw.items["ask-team"]
    view.area.value = "What would the team need to know?"
    assert SAMPLE not in view.samples.value and view.feedback == ""
    view.button.click()
    assert SAMPLE in view.samples.value and "Start with What or How." in view.samples.value


def test_drafts_autosave_but_are_not_commits(tmp_path):
    """Is a draft saved as the learner types, without counting as a committed answer?"""
    rw = make(tmp_path)
    rw.items["credit"].area.value = "What did"
    entry = saved(tmp_path)["credit"]
    assert entry["draft"] == "What did" and "committed" not in entry and not entry.get("history")
    assert "Saved at" in rw.status_line.value


def test_commit_records_time_kind_and_feedback(tmp_path):
    """Does a commit store the text with a timestamp and the question type, and say what type it is?"""
    rw = make(tmp_path)
    feedback = rw.answer("ask-team", "Did you ask the team?")
    assert "Closed question" in feedback and "role='status'" in feedback
    entry = saved(tmp_path)["ask-team"]
    assert entry["committed"] == "Did you ask the team?" and entry["committed_at"].endswith("+00:00")
    assert entry["history"][0]["kind"] == "closed" and entry["history"][0]["at"] == entry["committed_at"]


def test_recommit_keeps_history(tmp_path):
    """When the learner edits and commits again, are both versions kept in order?"""
    rw = make(tmp_path)
    rw.answer("ask-team", "Did you ask the team?")
    feedback = rw.answer("ask-team", "Who else needs a say in this?")
    assert "Open question" in feedback and "version 2" in feedback
    assert [h["text"] for h in saved(tmp_path)["ask-team"]["history"]] == ["Did you ask the team?",
                                                                          "Who else needs a say in this?"]


def test_editing_after_commit_says_so(tmp_path):
    """After editing a committed answer, does the feedback ask for a new commit?"""
    rw = make(tmp_path)
    rw.answer("ask-team", "What would help?")
    rw.items["ask-team"].area.value = "What would help you?"
    assert "edited it since" in rw.items["ask-team"].feedback
    assert saved(tmp_path)["ask-team"]["committed"] == "What would help?"


def test_empty_commit_is_refused(tmp_path):
    """Does committing an empty answer ask for text, record nothing and keep samples hidden?"""
    rw = make(tmp_path)
    rw.items["credit"].button.click()
    assert "Write your question first" in rw.items["credit"].feedback
    assert rw.items["credit"].samples.value == ""
    assert AnswerStore(tmp_path / "answers.json").get("rewrite/telling") is None


def test_rerun_restores_text_feedback_and_samples(tmp_path):
    """After a restart, is the committed answer back with its feedback and the samples visible?"""
    make(tmp_path).answer("ask-team", "Why did you skip the team?")
    again = make(tmp_path)
    view = again.items["ask-team"]
    assert view.area.value == "Why did you skip the team?"
    assert SAMPLE in view.samples.value and "blame" in view.feedback
    assert again.items["credit"].samples.value == ""


def test_failed_commit_keeps_text_and_hides_samples(tmp_path, monkeypatch):
    """If the disk refuses the commit, does the text stay, the samples stay hidden and the learner hear why?"""
    rw = make(tmp_path)
    rw.items["ask-team"].area.value = "What matters here?"

    def refuse(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rw.store, "update", refuse)
    rw.items["ask-team"].button.click()
    view = rw.items["ask-team"]
    assert view.area.value == "What matters here?" and view.samples.value == ""
    assert "Not committed" in view.feedback and "No space left" in view.feedback


def test_read_only_html(tmp_path):
    """Does to_html show the committed question, its reading and the samples?"""
    rw = make(tmp_path)
    rw.answer("credit", "What part did your peers play?")
    html = rw.to_html()
    assert "What part did your peers play?" in html and "Open question" in html
    assert "What part did others play in this success?" in html and "(not committed yet)" in html
