"""What in a learner's answers the widgets could not have written: signs of a hand-edited file.

The widgets save only what a learner can click, so anything else was written by hand (or by a
damaged file): records the assignment does not have, ``correct`` flags on graded questions
(they never save one), choices that are not options of the question, role-play plays that are not
legal plays of the scenario, over-long reflections. None of it earns a point (scoring reads only
the choices and replays every play); each is reported to the facilitator, by question text, here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..content.lessondata import LessonData
from ..scenario import Engine, IllegalMove, Scenario
from ..store.answers_format import ASIDE_MARK
from .answers import PLAYS_LIMIT, REFLECTION_LIMIT, SavedAnswers
from .text import short


@dataclass
class AssignmentParts:
    """What an assignment asks for: its checks (with keys), role-play scenarios and reflections."""

    lesson: LessonData
    keys: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    scenarios: Mapping[str, Scenario] = field(default_factory=dict)

    def record_keys(self) -> dict[str, str]:
        """The answers-file key of every part, with the part's title."""
        found = {f"check/{cid}": spec.title for cid, spec in self.lesson.checks.items()}
        found |= {f"roleplay/{sid}": f"Role-play: {s.title}" for sid, s in self.scenarios.items()}
        found |= {f"reflection/{rid}": spec.title for rid, spec in self.lesson.reflections.items()}
        return found


def review(saved: SavedAnswers, parts: AssignmentParts) -> list[str]:
    """Every sign of hand editing in *saved*, one sentence each, naming parts by their text."""
    known = parts.record_keys()
    found = []
    aside = sorted(k for k in saved.records if ASIDE_MARK in k)
    unknown = sorted(k for k in saved.records if k not in known and ASIDE_MARK not in k)
    if unknown:
        found.append(f"records the assignment does not have, ignored: {_names(unknown)}")
    if aside:
        found.append(f"records the learner's own notebook set aside as damaged, not graded: {_names(aside)}")
    for cid, spec in parts.lesson.checks.items():
        found += _check(spec, saved.value(f"check/{cid}"), parts.keys.get(cid, {}))
    for sid, scenario in parts.scenarios.items():
        found += _plays(scenario, saved.value(f"roleplay/{sid}"))
    for rid, reflection in parts.lesson.reflections.items():
        found += _reflection(reflection, saved.value(f"reflection/{rid}"))
    if saved.lost:
        lost = [known.get(k, k) for k in saved.lost]
        found.append(f"lost from the damaged file: {_names(lost)}")
    return found


def _names(items: list[str], most: int = 6) -> str:
    shown = ", ".join(short(i, 70) for i in items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _check(spec, state, key) -> list[str]:
    questions = state.get("questions") if isinstance(state, dict) else None
    if state is None:
        return []
    if not isinstance(questions, dict):
        return [f"{spec.title}: the saved answers are not in the widget's form; nothing of them counts"]
    by_id = {q.id: q for q in spec.questions}
    found, flags, disagree, foreign = [], 0, 0, []
    strange = sorted(q for q in questions if q not in by_id)
    if strange:
        found.append(f"{spec.title}: answers to questions it does not have, ignored: {_names(strange)}")
    for qid, entry in questions.items():
        question = by_id.get(qid)
        if question is None or not isinstance(entry, dict):
            continue
        chosen = entry.get("chosen")
        if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
            found.append(f"{spec.title}, question '{short(question.prompt)}': the choice is not a list of options; "
                         "it scores 0")
            continue
        options = {o.id for o in question.options}
        foreign += [f"'{short(question.prompt, 40)}'" for c in chosen if c not in options][:1]
        if question.kind == "single" and len(chosen) > 1:
            found.append(f"{spec.title}, question '{short(question.prompt)}': {len(chosen)} options chosen on a "
                         "single-choice question; it scores 0")
        flagged = [entry.get("correct")] + [a.get("correct") for a in entry.get("attempts") or []
                                            if isinstance(a, dict)]
        if any(f is not None for f in flagged):
            flags += 1
            right = key.get(qid)
            if right is not None and isinstance(entry.get("correct"), bool) \
                    and entry["correct"] != (set(chosen) == set(right)):
                disagree += 1
    if foreign:
        found.append(f"{spec.title}: choices that are not options of the question, in {', '.join(foreign)}; "
                     "they score 0")
    if flags:
        found.append(f"{spec.title}: hand-written 'correct' flags on {flags} question{'s' * (flags != 1)} "
                     f"({disagree} disagreeing with the key); graded questions never save one, and flags never count")
    return found


def _plays(scenario: Scenario, saved) -> list[str]:
    if saved is None:
        return []
    plays = saved.get("plays") if isinstance(saved, dict) else None
    title = f"Role-play: {scenario.title}"
    if not isinstance(plays, list):
        return [f"{title}: the saved plays are not in the widget's form; no ending counts"]
    engine, bad = Engine(scenario), []
    found = []
    if len(plays) > PLAYS_LIMIT:
        found.append(f"{title}: {len(plays):,} saved plays; only the last {PLAYS_LIMIT} "
                     "were graded and shown")
        plays = plays[-PLAYS_LIMIT:]
    for n, play in enumerate(plays, 1):
        why = _illegal(engine, play)
        if why:
            bad.append(f"play {n}: {why}")
    if not bad:
        return found
    return found + [f"{title}: {len(bad)} of {len(plays)} saved play{'s' * (len(plays) != 1)} "
            f"{'are' if len(bad) != 1 else 'is'} not a legal play of the scenario and did not count "
            f"({'; '.join(bad[:3])}{'; …' if len(bad) > 3 else ''})"]


def _illegal(engine: Engine, play) -> str | None:
    if not isinstance(play, dict):
        return "not a play"
    role, path = play.get("role"), play.get("path")
    if not isinstance(role, str) or not isinstance(path, list) or not all(isinstance(c, str) for c in path):
        return "no role or path"
    try:
        state = engine.replay(role, path)
    except (IllegalMove, ValueError, KeyError) as e:
        return short(str(e), 120)
    if not engine.is_over(state):
        claimed = play.get("ending")
        return (f"it claims the ending {short(str(claimed), 40)!r}, but its path stops at {state.node_id!r}, before "
                "any ending") if claimed else None
    if state.node_id != play.get("ending"):
        return f"it claims the ending {short(str(play.get('ending')), 40)!r}, but its path leads to {state.node_id!r}"
    return None


def _reflection(spec, saved) -> list[str]:
    if saved is None:
        return []
    answers = saved.get("answers") if isinstance(saved, dict) else None
    if not isinstance(answers, dict):
        return [f"{spec.title}: the saved answers are not in the widget's form; shown blank"]
    found = []
    prompts = {p.id: p for p in spec.prompts}
    strange = sorted(k for k in answers if k not in prompts)
    if strange:
        found.append(f"{spec.title}: answers to prompts it does not have, ignored: {_names(strange)}")
    for pid, text in answers.items():
        if pid not in prompts:
            continue
        label = prompts[pid].label or pid
        if not isinstance(text, str):
            found.append(f"{spec.title}, '{short(label)}': the answer is not text; shown blank")
        elif len(text) > REFLECTION_LIMIT:
            found.append(f"{spec.title}, '{short(label)}': {len(text):,} characters, over the limit of "
                         f"{REFLECTION_LIMIT:,}; feedback and formgrader show the first {REFLECTION_LIMIT:,} "
                         "(the whole text is in the submitted answers file)")
    return found
