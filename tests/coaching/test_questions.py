"""Tests of the question-type heuristics behind the Rewrite widget's automatic feedback."""
from pathlib import Path

import pytest

from coachlab.content.lessondata import load_lesson_data
from coachlab.coaching.questions import classify_question, review_question
from coachlab.views.questions_html import rewrite_html

SPEC = load_lesson_data(Path(__file__).parents[1] / "fixtures" / "lessons" / "practice.yaml").rewrites["telling"]


@pytest.mark.parametrize("text, kind", [
    ("What would help you most right now?", "open"),
    ("How do you see the situation?", "open"),
    ("Which of these matters most to you?", "open"),
    ("Where could you get support?", "open"),
    ("Who else is affected?", "open"),
    ("When would be a good moment to talk to them?", "open"),
    ("Tell me more about the project.", "open"),
    ("Could you tell me what happened?", "open"),
    ("If it worked perfectly, what would you notice?", "open"),
    ("So, what now?", "open"),
    ("what options do you see", "open"),
    ("Did you finish the report?", "closed"),
    ("Is the deadline realistic?", "closed"),
    ("Can you do it by Friday?", "closed"),
    ("Have you spoken to your peers?", "closed"),
    ("Do you know what happened?", "closed"),
    ("You finished it?", "closed"),
    ("Don't you think you should ask the team?", "leading"),
    ("Don\u2019t you think you should ask the team?", "leading"),
    ("Wouldn't it be better to wait?", "leading"),
    ("Shouldn't you share the credit?", "leading"),
    ("Isn't it obvious that they feel left out?", "leading"),
    ("Surely you see why they are upset?", "leading"),
    ("Why don't you ask them first?", "leading"),
    ("Have you considered asking Sam?", "leading"),
    ("You'll send it on Friday, right?", "leading"),
    ("Looking at this week, where do you want to put your time, and why there?", "open"),
    ("Thinking about Friday's review, how did it land for you?", "open"),
    ("Given the deadline, which part matters most?", "open"),
    ("When you met him, did you ask for his view?", "closed"),
    ("Where you sit today, is it working?", "closed"),
    ("When you arrive, call me.", "not a question"),
    ("Before we start: what would make this hour useful?", "open"),
    ("You should ask the team.", "not a question"),
    ("Share the credit with your peers.", "not a question"),
    ("", "not a question"),
    ("   ", "not a question"),
])
def test_classification(text, kind):
    """Is each question sorted into open, closed, leading or not a question as the heuristics say?"""
    assert classify_question(text) == kind


@pytest.mark.parametrize("text, kind", [
    ("What makes you so sure it will work?", "open"),  # "sure" is not "surely"
    ("Is that all right?", "closed"),  # "right?" is a tag only after a comma
    ("How would you know it is right?", "open"),
])
def test_leading_phrases_match_whole_words_only(text, kind):
    """Do leading markers avoid false alarms on look-alike words?"""
    assert classify_question(text) == kind


def test_why_is_open_but_flagged():
    """Is a "why" question open, with a note that it can sound like blame and "what" often serves better?"""
    review = review_question("Why did you do it alone?")
    assert review.kind == "open" and review.good
    assert any("blame" in n and "What" in n for n in review.notes)
    assert not any("blame" in n for n in review_question("What led you to do it alone?").notes)


def test_several_questions_at_once_are_noted():
    """Does the review ask for one question at a time when several are stacked?"""
    notes = review_question("What happened? How did they react?").notes
    assert any("2 questions at once" in n for n in notes)


def test_review_words_say_the_verdict():
    """Does every verdict use words (Open, Closed, Leading, Not a question), not a symbol alone?"""
    assert review_question("Did you?").notes[0].startswith("✘ Closed question")
    assert review_question("What now?").notes[0].startswith("✔ Open question")
    assert review_question("Surely not?").notes[0].startswith("✘ Leading question")
    assert review_question("Do it.").notes[0].startswith("✘ Not a question")
    assert not review_question("Do it.").good


def test_rewrite_html_shows_samples_only_for_committed_items():
    """Does the read-only view show samples under committed answers and nothing for the others?"""
    state = {"items": {"ask-team": {"committed": "Who <b>else</b>?", "committed_at": "2025-01-01T10:00:00+00:00",
                                    "history": [{"text": "Who <b>else</b>?"}]}}}
    html = rewrite_html(SPEC, state)
    assert "Who &lt;b&gt;else&lt;/b&gt;?" in html and "How might the team see this change?" in html
    assert "(not committed yet)" in html
    assert "What part did others play" not in html  # the second item's sample stays hidden
