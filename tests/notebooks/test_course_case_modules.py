"""Walk the two case modules (02_jerome, 03_career_interview) as a learner would, from Python.

Each widget is built the way its notebook cell builds it, answered through its own controls
(text areas typed into, drop-downs and radio buttons chosen, buttons clicked), and the learner's
store is then read back. The notebooks themselves are checked for what a learner sees: a title,
a time, objectives, one short cell per widget naming ids that exist, and a way to the next module.
"""
import ast
import re
from html import escape
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest

from coachlab import lesson
from coachlab.content.lessondata import load_lesson_data
from coachlab.scenario import Engine
from coachlab.site.modules import read_module
from coachlab.store import AnswerStore

COURSE = Path(__file__).parents[2] / "course"
MODULES = ["02_jerome", "03_career_interview"]
# widget method -> (section of the lesson data file, store key prefix)
WIDGETS = {"reflection": ("reflections", "reflection"), "check": ("checks", "check"),
           "self_assessment": ("self_assessments", "self_assessment"), "rewrite": ("rewrites", "rewrite"),
           "sbi": ("sbi", "sbi"), "grow_plan": ("grow_plans", "grow"),
           "stakeholder_map": ("stakeholder_maps", "stakeholders"), "roleplay": ("roleplays", "roleplay")}


@pytest.fixture(autouse=True)
def learner_folder(tmp_path, monkeypatch):
    """Every test starts as a new learner with an empty data folder of their own."""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "learner"))
    return tmp_path / "learner"


def notebook(name):
    return nbformat.read(COURSE / f"{name}.ipynb", as_version=4)


def widget_calls(name):
    """(method, id) of every widget call in the notebook's code cells, in order."""
    calls = []
    for cell in notebook(name).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WIDGETS):
                [arg] = node.args
                calls.append((node.func.attr, arg.value))
    return calls


def declared(name):
    """(method, id) of every exercise the lesson's data file declares."""
    data = load_lesson_data(COURSE / "data" / f"{name}.yaml")
    found = {("roleplay", rid) for rid in data.roleplays}
    for method, (section, _) in WIDGETS.items():
        if section != "roleplays":
            found |= {(method, key) for key in getattr(data, section)}
    return found


def saved(name, key):
    return AnswerStore.for_lesson(name).get(key)


def type_into(area, text):
    """Type *text* into a text area, as a learner's keystrokes end up."""
    area.value = text


def shown(widget):
    """All the HTML a widget shows, its children's included."""
    own = widget.value if isinstance(widget, w.HTML) else ""
    return own + "".join(shown(c) for c in getattr(widget, "children", ()))


def choice_buttons(rp):
    return [b for b in rp.choices.children if isinstance(b, w.Button) and b.layout.display != "none"]


def play_to_an_ending(rp, pick=0, limit=40):
    """Click one choice button per turn (the first, or the last with pick=-1) until an ending."""
    for _ in range(limit):
        buttons = choice_buttons(rp)
        if not buttons:
            break
        buttons[pick].click()
    assert rp.engine.is_over(rp.state), f"no ending after {limit} clicks as {rp.role}"
    return rp.state.node_id


def answer_check(check):
    """Answer each question wrongly first (where a wrong option exists), then rightly, by its controls."""
    for qid, view in check.questions.items():
        right = [o.id for o in view.question.options if o.correct]
        wrong = [o.id for o in view.question.options if not o.correct][:1]
        for chosen in (wrong, right):
            if view.question.kind == "single":
                view.picker.radio.value = chosen[0]
            else:
                for oid, box in view.picker.boxes.items():
                    box.value = oid in chosen
            view.button.click()
        assert "Correct." in view.feedback, qid


# the notebooks as a learner sees them ---------------------------------------------------------

@pytest.mark.parametrize("name", MODULES)
def test_every_widget_cell_names_an_id_in_the_data_file(name):
    """Does every widget call in the notebook name an id its data file declares, and is every
    exercise the data file declares shown by the notebook?"""
    calls = widget_calls(name)
    assert calls, "no widget cells found"
    assert len(calls) == len(set(calls)), "a widget is shown twice"
    assert set(calls) == declared(name)
    for method, rid in calls:
        if method == "roleplay":
            assert (COURSE / "data" / "scenarios" / f"{rid}.yaml").is_file()


@pytest.mark.parametrize("name", MODULES)
def test_code_cells_are_one_short_line_each(name):
    """Is every code cell either the short loading cell or one call of one widget, so a learner
    never has to read Python?"""
    code = [c.source.strip() for c in notebook(name).cells if c.cell_type == "code"]
    var = re.fullmatch(r'from coachlab import lesson\n\n(\w+) = lesson\("(\w+)"\)', code[0])
    assert var and var.group(2) == name, code[0]
    for source in code[1:]:
        assert re.fullmatch(rf'{var.group(1)}\.\w+\("[a-z0-9_-]+"\)', source), source


@pytest.mark.parametrize("name, after", [("02_jerome", "03_career_interview"), ("03_career_interview", "04_feedback")])
def test_module_page_has_title_time_objectives_monday_and_next(name, after):
    """Does the module open with its title and a core time of 15 to 20 minutes (as the landing page
    reads them), state objectives, end with something to try on Monday and link to the next module?"""
    module = read_module(COURSE / f"{name}.ipynb")
    assert module.title.startswith(f"Module {int(name[:2])}:")
    assert module.minutes is not None and 15 <= module.minutes <= 20
    assert module.description
    text = "\n".join(c.source for c in notebook(name).cells if c.cell_type == "markdown")
    assert "By the end of this module you will be able to" in text
    assert "Try this at work on Monday" in text
    where_next = text.split("## Where next", 1)[1]
    assert re.search(rf"\[Module {int(after[:2])}: [^\]]+\]\({after}\.ipynb\)", where_next)
    assert (COURSE / "data" / f"{after}.yaml").is_file()


# 02_jerome ------------------------------------------------------------------------------------

def test_jerome_stakeholder_map_is_filled_in_and_drawn():
    """When the learner rates the four stakeholders and notes how each sees it, is the map saved,
    drawn with a marker per stakeholder and said in words?"""
    sm = lesson("02_jerome", folder=COURSE).stakeholder_map("jerome-stakeholders")
    assert [r.person.name for r in sm.rows.values()] == ["Jerome's CEO", "Jerome's peers", "Jerome's team",
                                                          "Supplier's team"]
    ratings = {"ceo": (5, 4, "Delighted: the project is back on track"),
               "peers": (4, 5, "A race we never agreed to run"),
               "own-team": (2, 4, "Proud, and a little stretched"),
               "supplier-team": (1, 5, "Relieved, or wary of an outsider taking over")}
    for sid, (power, interest, note) in ratings.items():
        row = sm.rows[sid]
        row.power.value, row.interest.value = power, interest
        type_into(row.perception, note)
    value = saved("02_jerome", "stakeholders/jerome-stakeholders")["stakeholders"]
    assert value == {sid: {"power": p, "interest": i, "perception": n} for sid, (p, i, n) in ratings.items()}
    for n, name in enumerate(["Jerome's CEO", "Jerome's peers", "Jerome's team", "Supplier's team"], 1):
        assert f">{n} {escape(name)}</text>" in sm.picture.value
    assert "power 4, interest 5: Manage closely" in sm.summary.value
    assert "power 1, interest 5: Keep informed" in sm.summary.value


def test_jerome_case_check_is_answered_and_every_attempt_kept():
    """Can the learner answer the Jerome check by its radio buttons and check boxes, see why, and
    is each attempt kept?"""
    check = lesson("02_jerome", folder=COURSE).check("jerome-case")
    assert 4 <= len(check.questions) <= 5
    answer_check(check)
    state = saved("02_jerome", "check/jerome-case")["questions"]
    assert set(state) == set(check.questions)
    for qid, entry in state.items():
        assert entry["correct"] is True and [a["correct"] for a in entry["attempts"]] == [False, True], qid


@pytest.mark.parametrize("role", ["jerome", "coach", "peer"])
@pytest.mark.parametrize("pick", [0, -1])
def test_jerome_roleplay_is_played_to_an_ending_in_each_role(role, pick):
    """Can each role of the Jerome role-play be played to an ending by clicking its choice buttons,
    with a debrief shown and the play recorded?"""
    rp = lesson("02_jerome", folder=COURSE).roleplay("jerome_backlash")
    assert set(rp.scenario.roles) == {"jerome", "coach", "peer"}
    rp.role_picker.value = role  # "Play as"
    ending = play_to_an_ending(rp, pick)
    assert rp.debrief.value and rp.scenario.nodes[ending].ending.title in rp.debrief.value
    [play] = saved("02_jerome", "roleplay/jerome_backlash")["plays"]
    assert (play["role"], play["ending"]) == (role, ending)
    assert play["path"] == list(rp.state.path) and len(play["path"]) >= 2


def test_a_second_role_is_kept_beside_the_first():
    """When the learner plays Jerome and then, as invited, a second role, are both plays kept?"""
    rp = lesson("02_jerome", folder=COURSE).roleplay("jerome_backlash")
    play_to_an_ending(rp)
    rp.role_picker.value = "peer"
    assert choice_buttons(rp), "the second role should start afresh"
    play_to_an_ending(rp)
    value = saved("02_jerome", "roleplay/jerome_backlash")
    assert [p["role"] for p in value["plays"]] == ["jerome", "peer"]
    assert set(value["roles"]) == {"jerome", "peer"}


def test_jerome_plan_builds_on_the_welcome_and_saves_each_stage():
    """Does the GROW plan for Jerome show what the learner wrote in the Welcome, and save the
    questions typed at each stage?"""
    welcome = lesson("00_welcome", folder=COURSE).reflection("first-look")
    type_into(welcome.fields["description"].area, "Jerome rescued the integration; his peers called him political.")
    plan = lesson("02_jerome", folder=COURSE).grow_plan("jerome-plan")
    assert "Jerome rescued the integration" in plan.earlier.value
    assert "<strong>Whose plan:</strong> Jerome" in shown(plan)
    stages = {"goal": "A year from now, what would you like your peers to say about working with you?",
              "reality": "What did your peers actually see of the project, week by week?",
              "options": "What else could you do, with Nadia, with Marc, with the CEO?",
              "will": "Which of these will you do first, and by when?"}
    for key, text in stages.items():
        type_into(plan.fields[key].area, text)
    assert saved("02_jerome", "grow/jerome-plan")["stages"] == stages


def test_jerome_gibbs_reflection_saves_all_six_stages_and_comes_back():
    """Are all six Gibbs stages offered and saved as typed, and are they back after a restart?"""
    spec_ids = ["description", "feelings", "evaluation", "analysis", "conclusion", "action-plan"]
    r = lesson("02_jerome", folder=COURSE).reflection("jerome-gibbs")
    assert list(r.fields) == spec_ids
    answers = {pid: f"My answer for {pid}: I offered help and it read as a grab for credit." for pid in spec_ids}
    for pid, text in answers.items():
        type_into(r.fields[pid].area, text)
    assert saved("02_jerome", "reflection/jerome-gibbs")["answers"] == answers
    again = lesson("02_jerome", folder=COURSE).reflection("jerome-gibbs")
    assert {pid: f.area.value for pid, f in again.fields.items()} == answers


# 03_career_interview --------------------------------------------------------------------------

def test_three_questions_check_is_answered_and_kept():
    """Can the learner answer the career-interview check by its controls, and is each question
    recorded as finally right after a wrong first try?"""
    check = lesson("03_career_interview", folder=COURSE).check("three-questions")
    assert 3 <= len(check.questions) <= 5
    answer_check(check)
    state = saved("03_career_interview", "check/three-questions")["questions"]
    assert set(state) == set(check.questions)
    assert all(e["correct"] and len(e["attempts"]) == 2 for e in state.values())


def test_career_rewrite_reveals_samples_only_after_commit():
    """Are the sample questions hidden until the learner commits, then shown, with the committed
    question kept?"""
    rw = lesson("03_career_interview", folder=COURSE).rewrite("career-questions")
    view = rw.items["not-ready"]
    type_into(view.area, "What would you need to see in yourself to feel ready?")
    assert view.samples.value == ""
    view.button.click()
    assert "What would you need to see in yourself to feel ready to lead?" in view.samples.value
    assert "Open question" in view.feedback
    entry = saved("03_career_interview", "rewrite/career-questions")["items"]["not-ready"]
    assert entry["committed"] == "What would you need to see in yourself to feel ready?"


@pytest.mark.parametrize("role", ["manager", "employee"])
@pytest.mark.parametrize("pick", [0, -1])
def test_career_roleplay_is_played_to_an_ending_in_each_role(role, pick):
    """Can both sides of the career interview (the manager, and the employee who practises saying what
    she wants) be played to an ending by their buttons, and is each play recorded with its scores?"""
    rp = lesson("03_career_interview", folder=COURSE).roleplay("career_interview", role=role)
    assert list(rp.scenario.roles) == ["manager", "employee"]
    ending = play_to_an_ending(rp, pick)
    assert ending.startswith(role[0] + "-end-")
    [play] = saved("03_career_interview", "roleplay/career_interview")["plays"]
    assert (play["role"], play["ending"]) == (role, ending)
    assert set(play["scores"]) == {"trust", "awareness", "ownership", "motivation"}


def test_every_ending_of_both_scenarios_can_be_reached():
    """Can every ending the module introduces be reached from some role's start (so the invitation
    to replay leads somewhere new)?"""
    for name, scenario_id in [("02_jerome", "jerome_backlash"), ("03_career_interview", "career_interview")]:
        scenario = lesson(name, folder=COURSE).scenario(scenario_id)
        engine, reached = Engine(scenario), set()
        frontier = [engine.start(role) for role in scenario.roles]
        while frontier:
            state = frontier.pop()
            if engine.is_over(state):
                reached.add(state.node_id)
                continue
            frontier += [engine.choose(state, c.id) for c in engine.options(state)]
        endings = {nid for nid, node in scenario.nodes.items() if node.ending}
        assert reached == endings, scenario_id


def test_career_reflection_saves_both_sides():
    """Does the closing reflection ask about both sides of the career conversation, and save each
    answer as typed?"""
    r = lesson("03_career_interview", folder=COURSE).reflection("career-interview")
    questions = " ".join(f.prompt.question for f in r.fields.values())
    assert "your own next career conversation" in questions and "whose career conversation you will hold" in questions
    answers = {pid: f"Answer {n}: what does success mean to Lina-like people?" for n, pid in enumerate(r.fields)}
    for pid, text in answers.items():
        type_into(r.fields[pid].area, text)
    assert saved("03_career_interview", "reflection/career-interview")["answers"] == answers


# where later modules use these answers -------------------------------------------------------

@pytest.mark.parametrize("key, lesson_name", [("reflection/jerome-gibbs", "02_jerome"),
                                              ("reflection/career-interview", "03_career_interview")])
def test_later_plans_show_these_answers(key, lesson_name):
    """Does every GROW plan elsewhere in the course that draws on this answer show the learner's
    own words once they are written?"""
    users = []
    for path in sorted((COURSE / "data").glob("*.yaml")):
        data = load_lesson_data(path)
        users += [(data.lesson, pid) for pid, plan in data.grow_plans.items()
                  if any((s.lesson, s.key) == (lesson_name, key) for s in plan.draw_from)]
    assert users, f"no later plan draws on {lesson_name} {key}"
    kind, rid = key.split("/")
    r = lesson(lesson_name, folder=COURSE).reflection(rid)
    first = next(iter(r.fields))
    type_into(r.fields[first].area, "Words only this learner wrote.")
    for user, plan_id in users:
        plan = lesson(user, folder=COURSE).grow_plan(plan_id)
        assert "Words only this learner wrote." in plan.earlier.value, (user, plan_id)
