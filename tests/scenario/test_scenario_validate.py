"""Tests of the scenario checker: every rule has its own file:line message and a fix."""
import re
from pathlib import Path

import pytest

from coachlab.content.errors import CourseDataError, Problem
from coachlab.scenario import Scenario, check_file, load_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scenarios"
BROKEN = FIXTURES / "broken"

# One broken file per rule: (file name, line of the problem, fragment of its message).
RULES = [
    ("yaml_syntax", 27, "YAML syntax error: mapping values are not allowed"),
    ("bad_type", 29, "`effects.trust` of choice 'tell' should be a whole number, not str 'low'"),
    ("effect_out_of_range", 29, "`effects.trust` of choice 'tell' is -9, outside -5 to 5"),
    ("missing_key", 2, "the scenario has no 'summary'"),
    ("unknown_key", 16, "unknown key 'lienes' in node 'start'"),
    ("invalid_id", 26, "`id` of choice 2 of node 'start' is not a valid id: 'Tell Sam'"),
    ("empty", None, "the file is empty"),
    ("duplicate_node_id", 45, "duplicate key 'good-end' at nodes/good-end"),
    ("duplicate_choice_id", 26, "duplicate choice id 'ask-open' (first used on line 20)"),
    ("unknown_target", 34, "choice 'wait' leads to unknown node 'god-end'"),
    ("unknown_start", 12, "role 'manager' starts at unknown node 'begin'"),
    ("undeclared_dimension", 29, "choice 'tell' uses undeclared dimension 'trsut'"),
    ("undeclared_dimension_in_condition", 32, "the condition of choice 'tell' uses undeclared dimension 'rapport'"),
    ("unknown_speaker", 17, "line 1 of node 'start' is spoken by unknown character 'kim'"),
    ("unknown_condition_choice", 19, "the condition of line 1 of node 'start' names unknown choice 'ask-closed'"),
    ("unreachable_node", 45, "node 'orphan' cannot be reached from any role's start"),
    ("dead_end", 45, "node 'limbo' is a dead end: it has neither choices nor an ending"),
    ("both_choices_and_ending", 37, "node 'good-end' has both choices and an ending"),
    ("never_ends_cycle", 45, "no ending can be reached from nodes 'loop-a', 'loop-b'"),
    ("ending_without_debrief", 42, "the ending of node 'bad-end' has no debrief"),
    ("blank_debrief", 44, "`debrief` of the ending of node 'bad-end' is blank"),
    ("choice_without_feedback", 26, "choice 'tell' has no feedback"),
    ("choice_without_principle", 26, "choice 'tell' has no principle"),
]


def write(tmp_path: Path, text: str, name: str | None = None) -> Path:
    """Write *text* to a file named after its id (the checker requires that), unless *name* is given."""
    sid = re.search(r"^id: (\S+)$", text, re.M)
    path = tmp_path / (name or f"{sid.group(1) if sid else 'case'}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_scenario_is_clean():
    """Does the valid fixture pass every check?"""
    assert check_file(FIXTURES / "minimal.yaml") == []


def test_every_broken_fixture_is_in_the_table():
    """Is each broken fixture (except the several-problems one) covered by a rule in the table?"""
    names = {p.stem for p in BROKEN.glob("*.yaml")} - {"several"}
    assert names == {name for name, _, _ in RULES}


@pytest.mark.parametrize("name, line, fragment", RULES, ids=[r[0] for r in RULES])
def test_broken_file_fails_with_exactly_its_rule(name, line, fragment):
    """Does each broken file give exactly one problem: its file, its line, its message and a fix?"""
    problems = check_file(BROKEN / f"{name}.yaml")
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file.endswith(f"{name}.yaml")
    assert problem.line == line
    assert fragment in problem.message
    assert problem.hint


def test_rule_messages_are_distinct():
    """Can an author tell the rules apart by their messages alone?"""
    messages = [check_file(BROKEN / f"{name}.yaml")[0].message for name, _, _ in RULES]
    assert len(set(messages)) == len(messages)


def test_several_problems_are_reported_at_once():
    """Does a file with four problems report all four, in line order?"""
    problems = check_file(BROKEN / "several.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (17, "line 1 of node 'start' is spoken by unknown character 'kim'"),
        (26, "choice 'tell' has no feedback"),
        (29, "choice 'tell' uses undeclared dimension 'trsut'"),
        (33, "choice 'wait' leads to unknown node 'god-end'"),
    ]


@pytest.mark.parametrize("name, fragment", [
    ("unknown_target", "did you mean 'good-end'?"),
    ("unknown_start", "use one of the node ids (start, good-end, bad-end)"),
    ("undeclared_dimension", "declared dimensions: trust"),
    ("unknown_speaker", "declared characters: sam"),
    ("unknown_key", "did you mean 'lines'?"),
    ("invalid_id", "e.g. 'tell-sam'"),
    ("choice_without_feedback", "naming the coaching principle"),
    ("ending_without_debrief", "which principles were used or missed"),
])
def test_hints_suggest_a_concrete_fix(name, fragment):
    """Does the hint say what to write, e.g. the closest existing id?"""
    assert fragment in check_file(BROKEN / f"{name}.yaml")[0].hint


def test_load_scenario_raises_with_every_problem():
    """Does loading a broken file raise one CourseDataError carrying all its problems?"""
    with pytest.raises(CourseDataError) as caught:
        load_scenario(BROKEN / "several.yaml")
    assert len(caught.value.problems) == 4
    assert "several.yaml:33: choice 'wait' leads to unknown node 'god-end'" in str(caught.value)


def test_load_scenario_returns_the_model():
    """Does a clean file load into a Scenario that remembers where it came from?"""
    scenario = load_scenario(FIXTURES / "minimal.yaml")
    assert isinstance(scenario, Scenario)
    assert scenario.source_path == str(FIXTURES / "minimal.yaml")
    assert set(scenario.roles) == {"manager", "peer"}


def test_missing_file_is_a_problem(tmp_path):
    """Is a missing file reported as a problem rather than raised?"""
    problems = check_file(tmp_path / "nope.yaml")
    assert [p.message for p in problems] == ["file not found"]


def test_only_the_closed_loop_is_reported(tmp_path):
    """Is a loop reported once, at its first node, and not the node that merely leads into it?"""
    text = (BROKEN / "never_ends_cycle.yaml").read_text().replace("target: loop-a\n        feedback: Silence",
                                                                   "target: hall\n        feedback: Silence")
    text += "  hall:\n    choices:\n      - {id: enter, text: In, target: loop-a, feedback: In., principle: none}\n"
    problems = check_file(write(tmp_path, text))
    assert [(p.line, p.message) for p in problems] == [
        (45, "no ending can be reached from nodes 'loop-a', 'loop-b': their choices only lead round between them")]


def test_a_node_that_leads_only_to_itself_never_ends(tmp_path):
    """Is a node whose only choice leads back to itself reported as never ending?"""
    text = (FIXTURES / "minimal.yaml").read_text().replace("target: rescued", "target: spin")
    text = text.replace("  rescued:\n    title: Rescued\n",
                        "  spin:\n    choices:\n      - {id: spin-on, text: Again, target: spin, feedback: Round., "
                        "principle: none}\n  rescued:\n    title: Rescued\n")
    problems = [p for p in check_file(write(tmp_path, text)) if "reached from any" not in p.message]
    assert [p.message for p in problems] == [
        "no ending can be reached from node 'spin': its choices lead only back to it"]


def test_conditions_do_not_hide_reachable_nodes(tmp_path):
    """Is a node reached only through a conditional choice still counted as reachable?"""
    # In the minimal scenario 'committed' is reached only via a choice with `when: {min: ...}`.
    assert not [p for p in check_file(FIXTURES / "minimal.yaml") if "reached" in p.message]
    text = (FIXTURES / "minimal.yaml").read_text().replace("target: committed", "target: stalled")
    problems = check_file(write(tmp_path, text))
    assert [p.message for p in problems] == ["node 'committed' cannot be reached from any role's start"]


NASTY = {
    "top_level_list": "- just\n- a list\n",
    "scalar": "hello\n",
    "nodes_as_list": "schema_version: 1\nnodes: [a, b]\nroles: {r: {start: a}}\n",
    "choices_as_mapping": "nodes:\n  a:\n    choices: {x: 1}\nroles: {r: {start: [a]}}\n",
    "weird_targets": "nodes:\n  a:\n    choices:\n      - {target: [x]}\n      - 5\n      - {target: null, when: 3}\n",
    "non_string_keys": "nodes:\n  1: {choices: [{target: 1}]}\n  yes: {ending: 2}\ndimensions: {1: 2}\n",
    "complex_key": "? [a, b]\n: c\n",
    "tab_indent": "nodes:\n\ta: 1\n",
    "not_utf8": b"nodes: \xff\xfe\n",
}


@pytest.mark.parametrize("name", NASTY)
def test_broken_files_give_problems_never_a_traceback(tmp_path, name):
    """Does any malformed file give Problems (naming the file), not an exception?"""
    path = tmp_path / f"{name}.yaml"
    text = NASTY[name]
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    problems = check_file(path)
    assert problems and all(isinstance(p, Problem) and p.file == str(path) for p in problems)
    assert not [p for p in problems if "checker failed" in p.message]


# --- stuck learners, contradictions, starts, ids ----------------------------------------------

MINIMAL_TEXT = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def messages(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in check_file(write(tmp_path, text))]


def test_a_node_whose_choices_can_all_be_hidden_is_an_error(tmp_path):
    """If 'give-deadline' also needs trust >= 1, a peer who advised (trust 0) is stuck at 'explore'."""
    text = MINIMAL_TEXT.replace("        principle: ICF 8 Facilitates client growth\n",
                                "        principle: ICF 8 Facilitates client growth\n        when: {min: {trust: 1}}\n")
    text = text.replace("        when: {not_chose: [ask-again]}\n", "        when: {min: {trust: 1}}\n")
    [problem] = check_file(write(tmp_path, text))
    assert problem.line == text[:text.index("  explore:")].count("\n") + 1
    assert "node 'explore' can leave the learner stuck: after the choices 'peer-advise'" in problem.message
    assert "without `when`" in problem.hint


def test_conditions_that_cover_every_case_are_not_stuck(tmp_path):
    """min 1 / max 0 on one dimension always leaves one choice: no error."""
    text = MINIMAL_TEXT.replace("        principle: ICF 8 Facilitates client growth\n",
                                "        principle: ICF 8 Facilitates client growth\n        when: {max: {trust: 0}}\n")
    text = text.replace("        when: {not_chose: [ask-again]}\n", "        when: {min: {trust: 1}}\n")
    assert check_file(write(tmp_path, text)) == []


def test_contradictory_conditions(tmp_path):
    text = MINIMAL_TEXT.replace("when: {min: {trust: 1}}", "when: {min: {trust: 3}, max: {trust: 1}}")
    text = text.replace("when: {chose: [ask-open]}", "when: {chose: [ask-open], not_chose: [ask-open]}")
    found = [m for _, m in messages(tmp_path, text)]
    assert "the condition of choice 'ask-first-step' can never hold: trust at least 3 and at most 1" in found
    assert ("the condition of line 2 of node 'explore' can never hold: 'ask-open' is in both chose and not_chose"
            in found)


def test_a_role_that_starts_at_an_ending(tmp_path):
    text = MINIMAL_TEXT.replace("    start: corridor", "    start: stalled")
    found = messages(tmp_path, text)
    line = text[:text.index("    start: stalled")].count("\n") + 1
    assert (line, "role 'peer' starts at node 'stalled', which is an ending") in found


def test_the_id_must_be_the_file_name(tmp_path):
    """Progress and saved plays are found by the file name: a different id is an error with both fixes."""
    [problem] = check_file(write(tmp_path, MINIMAL_TEXT, name="stalled.yaml"))
    assert (problem.line, problem.message) == (3, "the scenario id 'minimal' differs from the file name 'stalled.yaml'")
    assert "rename the file to minimal.yaml, or write id: stalled" in problem.hint


def test_yes_in_a_text_field_says_quote_it(tmp_path):
    [problem] = check_file(write(tmp_path, MINIMAL_TEXT.replace("text: The task is stuck.", "text: yes")))
    assert problem.message.endswith("is read as a yes/no value (True), not as the text 'yes'")
    assert problem.hint == 'quote it: write text: "yes"'


def test_a_large_generated_scenario_is_checked_and_a_load_is_remembered(tmp_path, monkeypatch):
    """A scenario of 900 branch-and-rejoin nodes is clean; a second load does not run the checks."""
    import json

    import yaml

    from coachlab.scenario import validate
    nodes = {}
    for i in range(300):
        nxt = f"s{i + 1}" if i < 299 else "end"
        nodes[f"s{i}"] = {"choices": [{"id": f"s{i}-{k}", "text": "Go.", "target": f"{k}{i}", "feedback": "F.",
                                       "principle": "P", "effects": {"trust": 1 if k == "a" else -1}} for k in "ab"]}
        for k in "ab":
            nodes[f"{k}{i}"] = {"choices": [{"id": f"{k}{i}-go", "text": "On.", "target": nxt, "feedback": "F.",
                                             "principle": "P"}]}
    nodes["end"] = {"ending": {"title": "End", "debrief": "Done."}}
    data = yaml.safe_load(MINIMAL_TEXT)
    data.update(id="big", nodes=nodes, roles={"r": {"label": "R", "description": "D.", "start": "s0"}})
    path = tmp_path / "big.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")  # JSON is YAML, and quick to write
    monkeypatch.setenv("COACHLAB_CACHE_DIR", str(tmp_path / "cache"))
    validate._LOADED.clear()
    scenario = load_scenario(path)
    assert len(scenario.nodes) == 901 and list((tmp_path / "cache" / "checked-scenarios").iterdir())
    validate._LOADED.clear()
    monkeypatch.setattr(validate, "_Refs", None)  # the checks would fail now: a stamped file is only parsed
    assert load_scenario(path).nodes.keys() == scenario.nodes.keys()
    path.write_text(path.read_text().replace('"title": "End"', '"title": ""'))
    monkeypatch.undo()
    with pytest.raises(CourseDataError):
        load_scenario(path)
