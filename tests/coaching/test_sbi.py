"""Tests of check_sbi: missing parts, judgement words, generalisations and the soft hints."""
import pytest

from coachlab.coaching.sbi import Finding, check_intent, check_sbi, find_words
from coachlab.views.sbi_html import findings_html

GOOD = dict(situation="In Tuesday's project review with the other leads",
            behaviour="You presented the results and named only yourself on the slides",
            impact="I noticed two leads went quiet, and the team felt their work was not seen")


def kinds(findings, part=None):
    return [f.kind for f in findings if part is None or f.part == part]


def test_good_feedback_is_ok_in_every_part():
    """Does well-formed SBI feedback get one ok finding per part and nothing else?"""
    findings = check_sbi(**GOOD)
    assert [(f.part, f.kind) for f in findings] == [("situation", "ok"), ("behaviour", "ok"), ("impact", "ok")]


@pytest.mark.parametrize("part", ["situation", "behaviour", "impact"])
def test_missing_part(part):
    """Is an empty or blank part reported as missing, with what to write?"""
    findings = check_sbi(**{**GOOD, part: "  \n"})
    [missing] = [f for f in findings if f.part == part]
    assert missing.kind == "missing" and part.capitalize() in missing.message
    assert all(f.ok for f in findings if f.part != part)


def test_too_short_part_is_vague():
    """Is a part of fewer than four words flagged as very short?"""
    findings = check_sbi(**{**GOOD, "behaviour": "You bragged."})
    assert "vague" in kinds(findings, "behaviour")
    assert any("very short" in f.message for f in findings if f.part == "behaviour")


def test_judgement_words_are_found_with_word_and_part():
    """Are judgement words reported in the part they appear in, naming the word, whatever their case?"""
    findings = check_sbi(**{**GOOD, "behaviour": "You were POLITICAL and arrogant when you presented the results"})
    judged = [(f.part, f.word) for f in findings if f.kind == "judgement"]
    assert judged == [("behaviour", "political"), ("behaviour", "arrogant")]
    assert "“political”" in findings[1].message


def test_judgement_in_impact_too():
    """Is a judgement hidden in the impact ("I felt you were lazy") reported there?"""
    findings = check_sbi(**{**GOOD, "impact": "I felt you were lazy and the team lost a day"})
    assert [(f.part, f.word) for f in findings if f.kind == "judgement"] == [("impact", "lazy")]


@pytest.mark.parametrize("text", [
    "The geopolitical news came up before you presented the results",  # geopolitical is not political
    "Nevertheless you presented the results to the leads",  # never inside nevertheless
    "You walked down the hallways and presented the results",  # always inside hallways
    "You were prudent and presented the results on time",  # rude inside prudent
])
def test_whole_words_only(text):
    """Does matching take whole words only, so look-alike words raise no false alarm?"""
    assert kinds(check_sbi(**{**GOOD, "behaviour": text}), "behaviour") == ["ok"]


def test_politically_is_its_own_entry():
    """Whole-word matching does not find "political" in "politically"; is "politically" on the list itself?"""
    assert find_words("You acted politically", ["political"]) == []
    findings = check_sbi(**{**GOOD, "behaviour": "You acted politically when you presented the results"})
    assert [f.word for f in findings if f.kind == "judgement"] == ["politically"]


def test_extra_words_from_the_lesson_and_phrases():
    """Are the lesson's extra words (and multi-word phrases across line breaks) flagged too?"""
    text = "You were glory-seeking and a credit\ngrabber in the review"
    assert kinds(check_sbi(**{**GOOD, "behaviour": text}), "behaviour") == ["ok"]
    findings = check_sbi(**{**GOOD, "behaviour": text}, extra_words=["Glory-seeking", "credit grabber", " "])
    assert [f.word for f in findings if f.kind == "judgement"] == ["glory-seeking", "credit grabber"]


def test_hyphenated_words_are_whole_words():
    """Is "show-off" found as written, but not inside "show-offs"?"""
    assert find_words("such a show-off!", ["show-off"]) == ["show-off"]
    assert find_words("the show-offs", ["show-off"]) == []


def test_generalisations():
    """Are always / never / every time reported as generalisations, not judgement?"""
    findings = check_sbi(**{**GOOD, "behaviour": "You always present alone and every time you skip the others"})
    gens = [(f.kind, f.word) for f in findings if f.part == "behaviour"]
    assert gens == [("generalisation", "always"), ("generalisation", "every time")]


def test_a_generalisation_listed_as_extra_word_is_not_reported_twice():
    """If a lesson lists "always" among its judgement words, is it still reported once, as a generalisation?"""
    findings = check_sbi(**{**GOOD, "behaviour": "You always present the results alone"}, extra_words=["always"])
    assert kinds(findings, "behaviour") == ["generalisation"]


def test_guessing_intent_in_the_behaviour():
    """Is a guess at intent ("wanted to") in the behaviour reported as judgement, with a pointer to ask instead?"""
    findings = check_sbi(**{**GOOD, "behaviour": "You wanted to look good in front of the director"})
    [f] = [f for f in findings if f.part == "behaviour"]
    assert f.kind == "judgement" and f.word == "wanted to" and "ask about their intent" in f.message


def test_situation_without_time_or_place_gets_a_hint():
    """Is a situation with no when or where anchor given a soft hint, and an anchored one not?"""
    findings = check_sbi(**{**GOOD, "situation": "Regarding the project results you shared"})
    [f] = [f for f in findings if f.part == "situation"]
    assert f.kind == "vague" and "time or place" in f.message
    for anchored in ("Yesterday, about the project results", "At 10:30 about the project results",
                     "In the kitchen, about the project results"):
        assert kinds(check_sbi(**{**GOOD, "situation": anchored}), "situation") == ["ok"]


def test_impact_without_an_effect_gets_a_hint():
    """Is an impact that names no effect on anyone given a soft hint?"""
    findings = check_sbi(**{**GOOD, "impact": "It was not great for the project"})
    [f] = [f for f in findings if f.part == "impact"]
    assert f.kind == "vague" and "effect" in f.message
    assert kinds(check_sbi(**{**GOOD, "impact": "It meant two leads stopped sharing their data"}), "impact") == ["ok"]


def test_intent_question():
    """Is an open intent question fine, a closed one hinted, and an empty one not mentioned?"""
    assert check_intent("") == []
    assert check_intent("What were you hoping for?")[0].ok
    [hint] = check_intent("Did you mean to leave them out?")
    assert hint.kind == "vague" and "closed" in hint.message


def test_findings_html_uses_words_not_colour():
    """Does the list say Fine / Revise / Hint in words, with a count?"""
    html = findings_html([Finding("situation", "ok", "fine"), Finding("behaviour", "judgement", "uses <lazy>"),
                          Finding("impact", "vague", "say the effect")])
    assert "✔ Fine:</strong> fine" in html and "✘ Revise:</strong> uses &lt;lazy&gt;" in html
    assert "Hint:</strong> say the effect" in html and "1 thing to revise, 1 hint" in html


@pytest.mark.parametrize("behaviour, guess", [
    ("Jerome presented the results alone to look good in front of the CEO.", "to look good"),
    ("She sent the summary to the whole board to take credit for it.", "to take credit"),
    ("He interrupted twice in order to steer the decision.", "in order to"),
    ("He kept talking, trying to impress the director.", "trying to"),
])
def test_a_motive_in_the_behaviour_is_a_guess_at_intent(behaviour, guess):
    """Is a motive ("to look good") flagged as a guess at intent, so the learner asks instead of assuming?"""
    findings = check_sbi("In Tuesday's review meeting.", behaviour, "I felt the team was left out of it.")
    assert any(f.part == "behaviour" and f.kind == "judgement" and f.word == guess for f in findings)


def test_an_observable_purpose_word_is_not_flagged():
    """Is an instruction someone gave ("asked me to send") left alone: it was said, not guessed?"""
    findings = check_sbi("In Tuesday's review meeting.", "He asked me to send the slides to the team by noon.",
                         "I had the slides ready and the team could prepare.")
    assert not [f for f in findings if f.part == "behaviour" and f.kind == "judgement"]
