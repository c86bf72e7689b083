"""Tests of the SBIComposer widget: three labelled parts, a check button, attempts kept and restored."""
from pathlib import Path

import ipywidgets as w

from coachlab.content.lessondata import load_lesson_data
from coachlab.store import AnswerStore
from coachlab.widgets.sbi_composer import SBIComposer

SPEC = load_lesson_data(Path(__file__).parents[1] / "fixtures" / "lessons" / "practice.yaml").sbi["jerome"]
GOOD = dict(situation="In Monday's review with the other leads",
            behaviour="You presented the results and named only yourself",
            impact="I saw two leads go quiet, and the team felt unseen",
            intent="What were you hoping the director would take away?")


def make(tmp_path):
    return SBIComposer(SPEC, AnswerStore(tmp_path / "answers.json"))


def stored(tmp_path):
    return AnswerStore(tmp_path / "answers.json").get("sbi/jerome")


def test_parts_are_labelled_text_areas(tmp_path):
    """Are Situation, Behaviour, Impact and the intent question labelled text areas, with a check button?"""
    sbi = make(tmp_path)
    assert [a.description for a in sbi.areas.values()] == ["Situation", "Behaviour", "Impact",
                                                           "Then ask about intent"]
    assert all(isinstance(a, w.Textarea) for a in sbi.areas.values())
    assert sbi.button.description == "Check my feedback"
    assert any("Jerome presented the project as his own work" in c.value for c in sbi.children if isinstance(c, w.HTML))


def test_typing_autosaves_the_draft(tmp_path):
    """Is the text saved as the learner types, before any check?"""
    sbi = make(tmp_path)
    sbi.write(situation="In Monday's review")
    assert stored(tmp_path)["draft"]["situation"] == "In Monday's review"
    assert "attempts" not in stored(tmp_path) and "Saved at" in sbi.status_line.value


def test_check_shows_findings_in_words_and_keeps_the_attempt(tmp_path):
    """Does the button list findings with words (Revise, Fine) and keep the attempt with its findings?"""
    sbi = make(tmp_path)
    sbi.write(**{**GOOD, "behaviour": "You were glory-seeking when you presented the results"})
    sbi.button.click()
    html = sbi.findings_box.value
    assert "role='status'" in html and "✘ Revise" in html and "glory-seeking" in html and "✔ Fine" in html
    [attempt] = stored(tmp_path)["attempts"]
    assert attempt["behaviour"].startswith("You were glory-seeking")
    assert {"part": "behaviour", "kind": "judgement", "word": "glory-seeking"}.items() <= attempt["findings"][1].items()


def test_lesson_words_are_added_to_the_defaults(tmp_path):
    """Are both a built-in word (lazy) and a word from the lesson data (credit grabber) flagged?"""
    sbi = make(tmp_path)
    sbi.write(**{**GOOD, "behaviour": "You were lazy and a credit grabber in the review"})
    words = [f.word for f in sbi.check() if f.kind == "judgement"]
    assert words == ["lazy", "credit grabber"]


def test_good_feedback_passes_with_intent(tmp_path):
    """Does well-formed feedback with an open intent question get only Fine findings?"""
    sbi = make(tmp_path)
    sbi.write(**GOOD)
    findings = sbi.check()
    assert all(f.ok for f in findings) and [f.part for f in findings][-1] == "intent"
    assert "No problems found" in sbi.findings_box.value


def test_every_attempt_is_kept(tmp_path):
    """After two checks, are both attempts kept in order?"""
    sbi = make(tmp_path)
    sbi.write(**{**GOOD, "impact": ""})
    sbi.check()
    sbi.write(impact=GOOD["impact"])
    sbi.check()
    attempts = stored(tmp_path)["attempts"]
    assert [a["impact"] for a in attempts] == ["", GOOD["impact"]]
    assert "Check 2:" in sbi.findings_box.value


def test_checking_nothing_asks_for_text(tmp_path):
    """Does checking an empty composer ask for text and record no attempt?"""
    sbi = make(tmp_path)
    assert sbi.check() == []
    assert "Write your feedback first" in sbi.findings_box.value and stored(tmp_path) is None


def test_rerun_restores_text_and_last_check(tmp_path):
    """After a restart, are the parts and the last check's findings back, noting later edits?"""
    first = make(tmp_path)
    first.write(**{**GOOD, "behaviour": "You always present alone in the review"})
    first.check()
    again = make(tmp_path)
    assert again.areas["behaviour"].value == "You always present alone in the review"
    assert "Your last check" in again.findings_box.value and "always" in again.findings_box.value
    assert "changed your text since" not in again.findings_box.value
    again.write(behaviour="You presented alone")
    third = make(tmp_path)
    assert "changed your text since" in third.findings_box.value


def test_read_only_html(tmp_path):
    """Does to_html show each part, escaped, and the last check?"""
    sbi = make(tmp_path)
    sbi.write(**{**GOOD, "behaviour": "You said <b>my</b> project, never ours"})
    sbi.check()
    html = sbi.to_html()
    assert "&lt;b&gt;my&lt;/b&gt;" in html and "never" in html and "checks: 1" in html
