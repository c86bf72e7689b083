"""What the cells of a graded notebook call: ``case = assignment("jerome_case")`` and friends.

For the learner, `Assignment` is an exercise (`coachlab.course.exercise`): live widgets whose
answers are saved beside the notebook. When nbgrader runs the notebook (``NBGRADER_EXECUTION``
is set, by autograde or validate), the same cells show the saved answers as plain HTML instead:
no widgets start (they would not render in feedback or formgrader, and cost time), and the
answers file is only read, never changed.

Autograder test cells call `Assignment.progress` (visible to learners) and, in their hidden part,
`Assignment.mark` with the key; role-plays are marked for completion by `Assignment.completed`.
"""
from __future__ import annotations

import os
import warnings
from html import escape
from pathlib import Path

from ..course import Lesson
from ..views.render import check_html, reflection_html
from ..store import AnswerStore
from .answers import SavedAnswers, read_answers
from .marking import answered, endings_reached, mark_check


def _html(text: str):
    from IPython.display import HTML
    return HTML(text)


def _show(text: str) -> None:
    from IPython.display import display
    display(_html(text))


def _status(text: str) -> str:
    return f"<div role='status' class='coachlab-status'><p>{escape(text)}</p></div>"


class Assignment(Lesson):
    """The widgets of a graded assignment, and the calls its marked cells make."""

    def __init__(self, name: str, folder: str | Path = "."):
        super().__init__(name, AnswerStore.for_exercise(folder), folder)

    @property
    def under_nbgrader(self) -> bool:
        """Is nbgrader running this notebook (autograde or validate)?"""
        return bool(os.environ.get("NBGRADER_EXECUTION"))

    def scenario(self, scenario_id: str):
        """The scenario ``data/scenarios/<scenario_id>.yaml``, validated once per notebook run."""
        cache = self.__dict__.setdefault("_scenarios", {})
        if scenario_id not in cache:
            cache[scenario_id] = super().scenario(scenario_id)
        return cache[scenario_id]

    def saved(self) -> SavedAnswers:
        """The answers file beside the notebook, read without changing it."""
        return read_answers(self.folder)

    # the widgets: live for the learner, plain HTML under nbgrader ------------------------------

    def reflection(self, reflection_id: str):
        """The Reflection widget; under nbgrader, a pointer to the marked cell that shows the text."""
        if not self.under_nbgrader:
            return super().reflection(reflection_id)
        spec = self._spec(self.data.reflections, reflection_id, "reflection")
        return _html(f"<p><em>{escape(spec.title)}: the saved answers are shown below, as the facilitator "
                     "reads them.</em></p>")

    def check(self, check_id: str):
        """The KnowledgeCheck widget; under nbgrader, the saved choices (no verdicts: keys are hidden)."""
        if not self.under_nbgrader:
            return super().check(check_id)
        spec = self._spec(self.data.checks, check_id, "check")
        return _html(check_html(spec, _choices_only(self.saved().value(f"check/{check_id}"))))

    def roleplay(self, scenario_id: str, role: str | None = None):
        """The RolePlay widget; under nbgrader, a pointer to the marked cell that lists the endings."""
        if not self.under_nbgrader:
            return super().roleplay(scenario_id, role)
        return _html(f"<p><em>Role-play {escape(self.scenario(scenario_id).title)}: the endings reached are "
                     "listed below.</em></p>")

    # what the marked cells show and score ------------------------------------------------------

    def saved_reflection(self, reflection_id: str):
        """The saved reflection as plain HTML: what the facilitator reads and marks."""
        spec = self._spec(self.data.reflections, reflection_id, "reflection")
        saved = self.saved()
        value = saved.value(f"reflection/{spec.id}")
        answers = value.get("answers") if isinstance(value, dict) else None
        answers = {k: v for k, v in answers.items() if isinstance(v, str)} if isinstance(answers, dict) else {}
        note = _status(f"The answers file could not be read: {saved.problem}.") if saved.problem else ""
        return _html(note + reflection_html(spec, answers, saved.saved_at(f"reflection/{spec.id}")))

    def progress(self, check_id: str) -> None:
        """Show how many questions of a check have a saved answer (the visible part of its test cell)."""
        spec = self._spec(self.data.checks, check_id, "check")
        saved = self.saved()
        done = answered(saved.value(f"check/{check_id}"), [q.id for q in spec.questions])
        total = len(spec.questions)
        text = f"{spec.title}: {done} of {total} question{'s' * (total != 1)} answered."
        if saved.problem:
            text += f" The answers file could not be read: {saved.problem}."
        elif not self.under_nbgrader:
            text += " Your saved answers are marked after you submit."
        _show(_status(text))

    def mark(self, check_id: str, key: dict[str, list[str]]) -> float:
        """Points for a check: one per question whose saved choice is exactly its key.

        Called only in the hidden part of a test cell. It prints nothing and raises nothing about the
        learner's data, so neither its output nor a traceback can show the key.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return mark_check(self.saved().value(f"check/{check_id}"), key)

    def completed(self, scenario_id: str, points: float = 1.0) -> float | None:
        """Show the endings reached in a role-play; under nbgrader, return *points* if any was reached.

        Any ending counts: a role-play is marked for being played through, never for a "right" path.
        """
        from ..views.roleplay_html import saved_plays_html

        scenario = self.scenario(scenario_id)
        plays = endings_reached(scenario, self.saved().value(f"roleplay/{scenario_id}"))
        if self.under_nbgrader:  # for the facilitator and the feedback: every ending, the last debrief
            _show(saved_plays_html(scenario, {"plays": plays}))
            return float(points) if plays else 0.0
        titles = ", ".join(dict.fromkeys(p.get("ending_title", "") for p in plays))
        _show(_status(f"Ending reached ({titles}): this part is complete." if plays else
                      "No ending reached yet: play the role-play above through to any ending."))
        return None

    def _spec(self, table: dict, key: str, what: str):
        if key not in table:
            raise KeyError(f"{self.data.path} has no {what} {key!r}; it has: {', '.join(sorted(table)) or 'none'}")
        return table[key]


def _choices_only(state) -> dict:
    """A check's saved state with only the choices: a hand-written ``correct`` flag is never shown."""
    questions = state.get("questions") if isinstance(state, dict) else None
    if not isinstance(questions, dict):
        return {"questions": {}}
    clean = {}
    for qid, entry in questions.items():
        if isinstance(entry, dict) and isinstance(entry.get("chosen"), list):
            attempts = entry.get("attempts") if isinstance(entry.get("attempts"), list) else []
            clean[qid] = {"chosen": [c for c in entry["chosen"] if isinstance(c, str)], "correct": None,
                          "attempts": attempts}
    return {"questions": clean}


def assignment(name: str, folder: str | Path = ".") -> Assignment:
    """A graded assignment: data from ``data/<name>.yaml``, answers kept beside the notebook."""
    return Assignment(name, folder)
