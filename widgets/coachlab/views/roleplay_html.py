"""Static HTML for a role-play: the current turn, past steps, and the end-of-path debrief.

Shared by the RolePlay widget and by exports, graders and reports (no ipywidgets here).
"""
from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .charts import Bar, bar_chart_svg
from .render import local_time, paragraphs
from ..scenario import Engine, PlayState, Scenario
from .pathmap import path_map_svg


def _speaker(scenario: Scenario, speaker: str) -> str:
    character = scenario.characters.get(speaker)
    return character.name if character else speaker


def node_html(scenario: Scenario, engine: Engine, state: PlayState) -> str:
    """The narration and lines of the node the play stands at."""
    node = engine.node(state)
    parts = ["<div class='coachlab-node'>"]
    if node.narration:
        parts.append(f"<div class='coachlab-narration'>{paragraphs(node.narration)}</div>")
    for line in engine.lines(state):
        parts.append(f"<p class='coachlab-line'><strong>{escape(_speaker(scenario, line.speaker))}:</strong> "
                     f"{escape(line.text)}</p>")
    parts.append("</div>")
    return "".join(parts)


def step_html(step, feedback_only: bool = False) -> str:
    """One past step: what was said, and the feedback with the principle behind it."""
    feedback = (f"<div class='coachlab-step-feedback'><p><strong>Why it matters:</strong> "
                f"{escape(step.choice.feedback)}</p><p><small>Principle: {escape(step.choice.principle)}</small>"
                f"</p></div>")
    if feedback_only:
        return feedback
    return (f"<details class='coachlab-step'><summary>You: {escape(step.choice.text)}</summary>"
            f"{paragraphs(step.node.narration or '')}{feedback}</details>")


def scores_svg(scenario: Scenario, engine: Engine, state: PlayState) -> str:
    """The dimension scores of a play, each on the range its role can reach."""
    scores, bounds = engine.scores(state), engine.score_bounds(state.role)
    bars = [Bar(d.label, scores[did], *bounds.get(did, (0, 0))) for did, d in scenario.dimensions.items()]
    return bar_chart_svg(bars, title="Your scores on this path")


MAP_ALL_UP_TO = 150
"""A scenario with more nodes is mapped around the path: the scenes visited and the ones their choices lead to."""
MAP_LAST_STEPS = 40
"""In such a scenario, a longer path is mapped over its last steps only."""


def map_svg(scenario: Scenario, engine: Engine, state: PlayState) -> str:
    """The scenario graph from this role's start, with the path taken marked."""
    start = scenario.roles[state.role].start
    shown: Mapping[str, object] = scenario.nodes
    taken = engine.visited_nodes(state)
    label = scenario.roles[state.role].label
    if len(scenario.nodes) > MAP_ALL_UP_TO:
        if len(taken) > MAP_LAST_STEPS:  # a long path: the map of its last steps (the recap lists every step)
            taken = taken[-MAP_LAST_STEPS:]
            start = taken[0]
            label += f", your last {MAP_LAST_STEPS} steps"
        shown = dict.fromkeys(taken + [c.target for n in taken for c in scenario.nodes[n].choices])
    nodes = {nid: [c.target for c in scenario.nodes[nid].choices if c.target in shown] for nid in shown}
    titles = {nid: scenario.nodes[nid].title or nid for nid in shown}
    endings = {nid for nid in shown if scenario.nodes[nid].is_ending}
    return path_map_svg(nodes, titles, endings, start, taken, title=f"Path map: {label}")


def debrief_html(scenario: Scenario, engine: Engine, state: PlayState) -> str:
    """The end-of-path debrief: the ending, principles, scores, path map and each step's feedback."""
    ending = engine.ending(state)
    assert ending is not None, "a debrief is shown only at an ending"
    principles = "".join(f"<li>{escape(p)}</li>" for p in ending.principles)
    recap = "".join(f"<li><strong>{escape(s.choice.text)}</strong><br>{escape(s.choice.feedback)} "
                    f"<em>({escape(s.choice.principle)})</em></li>" for s in engine.steps(state))
    dims = "".join(f"<li><strong>{escape(d.label)}</strong>: {escape(d.description)}</li>"
                   for d in scenario.dimensions.values())
    return (f"<section class='coachlab-debrief' aria-label='Debrief'>"
            f"<h3>Ending: {escape(ending.title)}</h3>{paragraphs(ending.debrief)}"
            + (f"<h4>Principles at work</h4><ul>{principles}</ul>" if principles else "")
            + f"<h4>Your scores</h4>{scores_svg(scenario, engine, state)}<ul>{dims}</ul>"
            f"<h4>Your path and the paths not taken</h4>{map_svg(scenario, engine, state)}"
            f"<h4>Your choices, step by step</h4><ol>{recap}</ol>"
            "<p>Use <strong>Back one step</strong> to try another choice at the last turn, "
            "<strong>Start again</strong> to replay, or <strong>Play as</strong> to take another role.</p>"
            "</section>")


def saved_plays_html(scenario: Scenario, saved: dict) -> str:
    """Every ending the learner reached, and the debrief of the latest, from the stored record."""
    plays = saved.get("plays", [])
    if not plays:
        return f"<p><em>{escape(scenario.title)}: no ending reached yet.</em></p>"
    engine = Engine(scenario)
    rows = "".join(f"<li>{escape(scenario.roles[p['role']].label)}: <strong>{escape(p['ending_title'])}</strong> "
                   f"({len(p['path'])} choices)</li>" for p in plays if p["role"] in scenario.roles)
    last = plays[-1]
    try:
        debrief = debrief_html(scenario, engine, engine.replay(last["role"], last["path"]))
    except (ValueError, KeyError):
        debrief = "<p><em>The latest play no longer fits the updated scenario.</em></p>"
    return f"<section><h3>{escape(scenario.title)}: endings reached</h3><ul>{rows}</ul>{debrief}</section>"


def play_label(scenario: Scenario, number: int, play: dict) -> str:
    """How a finished play is named in the learner's list: number, role, ending and when."""
    role = scenario.roles[play["role"]].label if play.get("role") in scenario.roles else str(play.get("role"))
    when = f", {local_time(play['at'])}" if play.get("at") else ""
    return f"Play {number}: {role}: {play.get('ending_title') or play.get('ending') or 'ending'}{when}"


def play_debrief_html(scenario: Scenario, engine: Engine, play: dict, heading: str) -> str:
    """The debrief of one finished play, replayed from its saved path, under *heading*."""
    try:
        state = engine.replay(play["role"], play["path"])
        body = debrief_html(scenario, engine, state) if engine.is_over(state) else ""
    except (ValueError, KeyError, TypeError):
        body = ""
    body = body or "<p><em>This play no longer fits the updated role-play, so its debrief cannot be shown.</em></p>"
    return f"<section class='coachlab-play' aria-label='{escape(heading, quote=True)}'><h4>{escape(heading)}</h4>{body}</section>"


def compare_plays_html(scenario: Scenario, engine: Engine, plays: list[tuple[str, dict]]) -> str:
    """Finished plays side by side (one column each; stacked on a narrow screen), each with its debrief."""
    columns = "".join(play_debrief_html(scenario, engine, play, label) for label, play in plays)
    return ("<style>.coachlab-compare{display:grid;grid-template-columns:repeat(auto-fit,minmax(18em,1fr));gap:1em}"
            ".coachlab-compare .coachlab-play{border:1px solid #767676;border-radius:4px;padding:0 .8em;min-width:0}"
            "</style>"
            f"<div class='coachlab-compare'>{columns}</div>")
