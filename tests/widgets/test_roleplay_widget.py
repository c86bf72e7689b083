"""Tests of the RolePlay widget, clicked through as a learner would, with the store asserted."""
from pathlib import Path

import ipywidgets as w
import pytest

from coachlab.scenario import load_scenario
from coachlab.store import AnswerStore
from coachlab.widgets.roleplay import RolePlay

SCENARIO = load_scenario(Path(__file__).parents[1] / "fixtures" / "scenarios" / "minimal.yaml")


def make(tmp_path, **kw):
    return RolePlay(SCENARIO, AnswerStore(tmp_path / "answers.json"), **kw)


def buttons(rp):
    return [b for b in rp.choices.children if isinstance(b, w.Button) and b.layout.display != "none"]


def click(rp, text_fragment):
    [button] = [b for b in buttons(rp) if text_fragment in b.description]
    button.click()


def saved(tmp_path):
    return AnswerStore(tmp_path / "answers.json").get(f"roleplay/{SCENARIO.id}")


def test_start_shows_narration_speakers_and_full_choice_labels(tmp_path):
    """Does the first turn show the narration, the speaker's name and every choice's whole text?"""
    rp = make(tmp_path)
    assert "Sam comes to your one-to-one" in rp.current.value
    assert "<strong>Sam Rivera:</strong> The task is stuck." in rp.current.value
    assert [b.description for b in buttons(rp)] == ["1. What is getting in the way?", "2. Let me take it over."]
    assert all("coachlab-choice" in b._dom_classes for b in buttons(rp))
    assert rp.back_button.disabled


def test_clicking_a_choice_shows_feedback_with_principle_and_saves(tmp_path):
    """After a click, is the feedback and its principle announced as text, and the path saved?"""
    rp = make(tmp_path)
    click(rp, "What is getting in the way?")
    assert "role='status'" in rp.feedback.value and "You chose: What is getting in the way?" in rp.feedback.value
    assert "An open question lets Sam explore." in rp.feedback.value and "ICF 7 Evokes awareness" in rp.feedback.value
    assert saved(tmp_path)["roles"]["manager"]["path"] == ["ask-open"]
    assert "Thanks for asking instead of telling me." in rp.current.value  # a line with a condition


def test_choice_with_unmet_condition_is_not_offered(tmp_path):
    """Is a choice whose condition fails (trust below 1) left out of the buttons?"""
    rp = make(tmp_path, role="peer")
    click(rp, "Just ask the lead")
    labels = " ".join(b.description for b in buttons(rp))
    assert "What will you do first?" not in labels and "Just get it done by Friday." in labels


def test_ending_shows_debrief_chart_and_path_map_and_records_the_play(tmp_path):
    """At an ending, are the debrief, the score chart and the path map shown, and the play recorded?"""
    rp = make(tmp_path)
    rp.play("ask-open", "ask-first-step")
    assert buttons(rp) == []
    assert "Ending: Sam owns the next step" in rp.debrief.value
    assert "Your scores on this path" in rp.debrief.value and "<svg" in rp.debrief.value
    assert "Path map: Sam&#x27;s manager" in rp.debrief.value or "Path map: Sam's manager" in rp.debrief.value
    [play] = saved(tmp_path)["plays"]
    assert play == {**play, "role": "manager", "path": ["ask-open", "ask-first-step"], "ending": "committed",
                    "scores": {"trust": 1, "ownership": 3}}


def test_back_takes_back_the_last_choice(tmp_path):
    """Does 'Back one step' undo the last choice, in the widget and in the store?"""
    rp = make(tmp_path)
    rp.play("ask-open", "give-deadline")
    rp.back_button.click()
    assert rp.path == ["ask-open"] and rp.debrief.value == ""
    assert saved(tmp_path)["roles"]["manager"]["path"] == ["ask-open"]


def test_start_again_returns_to_the_role_start(tmp_path):
    """Does 'Start again' replay the role from its first turn?"""
    rp = make(tmp_path)
    rp.play("take-over")
    rp.restart_button.click()
    assert rp.path == [] and "Sam comes to your one-to-one" in rp.current.value and len(buttons(rp)) == 2


def test_switching_role_keeps_each_roles_path(tmp_path):
    """When the learner plays another role and comes back, is each role's own path kept?"""
    rp = make(tmp_path)
    rp.play("ask-open")
    rp.role_picker.value = "peer"
    assert rp.role == "peer" and rp.path == [] and "Sam looks stuck, you know." in rp.current.value
    rp.play("peer-listen")
    rp.role_picker.value = "manager"
    assert rp.path == ["ask-open"]
    assert saved(tmp_path)["roles"]["peer"]["path"] == ["peer-listen"]


def test_rerun_restores_role_and_path(tmp_path):
    """After a kernel restart, does the widget come back at the same role and turn?"""
    rp = make(tmp_path)
    rp.role_picker.value = "peer"
    rp.play("peer-listen")
    again = make(tmp_path)
    assert again.role == "peer" and again.path == ["peer-listen"]
    assert "Thanks for asking" not in again.current.value


def test_stale_saved_path_starts_again_with_a_notice(tmp_path):
    """If the scenario changed so a saved path no longer fits, does the play restart and say why?"""
    AnswerStore(tmp_path / "answers.json").put(f"roleplay/{SCENARIO.id}",
                                                {"role": "manager", "roles": {"manager": {"path": ["gone"]}}})
    rp = make(tmp_path)
    assert rp.path == [] and "was updated since you last played it" in rp.notice.value


def test_static_html_includes_the_debrief(tmp_path):
    """Does to_html() give the play and the debrief as static HTML for exports?"""
    rp = make(tmp_path)
    rp.play("take-over")
    html = rp.to_html()
    assert "You: Let me take it over." in html and "Ending: You own the task now" in html and "<svg" in html


def test_choosing_after_the_end_is_refused(tmp_path):
    """Once an ending is reached, is a further choice refused by the engine?"""
    rp = make(tmp_path)
    rp.play("take-over")
    with pytest.raises(ValueError):
        rp.choose("ask-open")


def test_finished_plays_are_kept_and_two_shown_side_by_side(tmp_path):
    """Can an earlier play's debrief be read again after Start again, and two plays be compared?"""
    from coachlab.store import AnswerStore as Store

    store = Store(tmp_path / "plays.json")
    rp = RolePlay(SCENARIO, store)
    for _ in range(2):
        while not rp.engine.is_over(rp.state):
            rp.choose(rp.engine.options(rp.state)[-1 if _ else 0].id)
        rp.restart()
    assert len(rp.show_play.options) == 3  # "(choose a play)" and the two finished plays
    html = rp.compare(1, 2)
    endings = [p["ending_title"] for p in store.get(f"roleplay/{SCENARIO.id}")["plays"]]
    assert html.count("class='coachlab-play'") == 2 and all(e in html for e in endings)
    again = RolePlay(SCENARIO, store)  # a reload keeps them
    assert len(again.show_play.options) == 3 and "Play 1:" in again.show_play.options[1][0]


def test_the_role_chosen_is_kept_on_reload(tmp_path):
    """Does a role picked with Play as come back after a reload, before any choice is made in it?"""
    from coachlab.store import AnswerStore as Store

    if len(SCENARIO.roles) < 2:
        pytest.skip("the fixture scenario has one role")
    store = Store(tmp_path / "role.json")
    rp = RolePlay(SCENARIO, store)
    other = list(SCENARIO.roles)[1]
    rp.role_picker.value = other
    assert RolePlay(SCENARIO, store).role == other


def test_focus_moves_to_the_new_scene_after_a_choice(tmp_path):
    """After a choice, is keyboard focus put on the new scene's first choice (or Start again at an
    ending), instead of falling to the page when the clicked button goes away?"""
    from coachlab.store import AnswerStore as Store

    rp = RolePlay(SCENARIO, Store(tmp_path / "focus.json"))
    sent: list[tuple[str, dict]] = []
    for name, widget in [("first", rp.choices._buttons[0]), ("restart", rp.restart_button)]:
        widget.send = lambda msg, *a, name=name, **k: sent.append((name, msg))
    first = rp.choices._buttons[0]
    rp.choose(rp.engine.options(rp.state)[0].id)
    if rp.engine.is_over(rp.state):
        assert sent[-1] == ("restart", {"do": "focus"})
    else:
        assert sent[-1] == ("first", {"do": "focus"}) and rp.choices._buttons[0] is first  # the same button, reused
    while not rp.engine.is_over(rp.state):
        rp.choose(rp.engine.options(rp.state)[0].id)
    assert sent[-1] == ("restart", {"do": "focus"})


def test_a_play_finished_in_another_tab_joins_my_plays_here(tmp_path):
    """Two tabs of one role-play: a play finished in one is listed in the other; the play under way stays."""
    here, there = make(tmp_path), make(tmp_path)
    click(here, "What is getting in the way?")
    there.play("ask-open", "ask-first-step")
    here.refresh()
    assert len(here.show_play.options) == 2 and "Play 1:" in here.show_play.options[1][0]
    assert "another tab" in here.notice_box.value
    assert here.path == ["ask-open"] and buttons(here)  # still mid-play here
    here.play("ask-first-step")
    assert len(saved(tmp_path)["plays"]) == 2 and len(here.show_play.options) == 3


def test_finishing_a_play_here_also_lists_one_finished_in_another_tab_meanwhile(tmp_path):
    here, there = make(tmp_path), make(tmp_path)
    there.play("ask-open", "ask-first-step")
    here.play("ask-open", "ask-first-step")  # no refresh in between
    assert len(here.show_play.options) == 3
