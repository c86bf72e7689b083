"""Turning saved answers into points: pure functions, no widgets, no nbgrader.

Only what the learner chose counts. A ``correct`` flag in the answers file is ignored (graded
questions never set one, so a flag there was written by hand), and a role-play ending counts only
if replaying the saved path through the scenario really reaches it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..scenario import Engine, IllegalMove, Scenario


def chosen(state: Any, question_id: str) -> set[str] | None:
    """The option ids last saved for a question of a knowledge check's state, or None."""
    questions = state.get("questions") if isinstance(state, dict) else None
    entry = questions.get(question_id) if isinstance(questions, dict) else None
    picked = entry.get("chosen") if isinstance(entry, dict) else None
    if not isinstance(picked, list) or not picked or not all(isinstance(x, str) for x in picked):
        return None
    return set(picked)


def mark_check(state: Any, key: Mapping[str, Iterable[str]]) -> float:
    """One point per question of *key* whose saved choice is exactly the keyed option ids."""
    return float(sum(chosen(state, qid) == set(right) for qid, right in key.items()))


def answered(state: Any, question_ids: Iterable[str]) -> int:
    """How many of *question_ids* have a saved answer."""
    return sum(chosen(state, qid) is not None for qid in question_ids)


def endings_reached(scenario: Scenario, saved: Any) -> list[dict]:
    """The saved plays of *scenario* that really end where they say (checked by replaying them)."""
    plays = saved.get("plays") if isinstance(saved, dict) else None
    if not isinstance(plays, list):
        return []
    engine, valid = Engine(scenario), []
    for play in plays:
        if not isinstance(play, dict):
            continue
        role, path = play.get("role"), play.get("path")
        if not isinstance(role, str) or not isinstance(path, list) or not all(isinstance(c, str) for c in path):
            continue
        try:
            state = engine.replay(role, path)
        except (IllegalMove, ValueError, KeyError):
            continue
        if engine.is_over(state) and state.node_id == play.get("ending"):
            valid.append(play)
    return valid
