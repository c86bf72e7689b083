"""The KnowledgeCheck widget: questions from a data file, feedback per option, attempts kept."""
from __future__ import annotations

from datetime import datetime, UTC
from html import escape

import ipywidgets as w
from traitlets import Dict, List, Unicode

from ..content.lessondata import CheckSpec, Question
from ..views.render import check_html
from ..store import AnswerStore, record_key
from .autosave import Autosaving
from .common import status_html


class OptionPicker(w.VBox):
    """Radio buttons for a single-choice question, labelled check boxes for a multiple-choice one."""

    chosen = List(Unicode())

    def __init__(self, question: Question, chosen: list[str] | tuple[str, ...] = ()):
        self.question = question
        texts = {o.id: o.text for o in question.options}
        if question.kind == "single":
            self.radio = w.RadioButtons(
                options=[(o.text, o.id) for o in question.options], value=(chosen[0] if chosen else None),
                description="Your answer", layout=w.Layout(width="auto"), style={"description_width": "initial"})
            self.radio.observe(lambda _: self._sync(), "value")
            controls = [self.radio]
        else:
            self.boxes = {o.id: w.Checkbox(value=o.id in chosen, description=texts[o.id], indent=False,
                                           layout=w.Layout(width="auto")) for o in question.options}
            for box in self.boxes.values():
                box.observe(lambda _: self._sync(), "value")
            controls = [w.HTML("<small>Choose all that apply.</small>"), *self.boxes.values()]
        super().__init__(controls)
        self._sync()

    def _sync(self) -> None:
        if self.question.kind == "single":
            self.chosen = [] if self.radio.value is None else [self.radio.value]
        else:
            self.chosen = [oid for oid, box in self.boxes.items() if box.value]

    def select(self, option_ids: list[str]) -> None:
        """Select exactly *option_ids* (as a learner's clicks would)."""
        if self.question.kind == "single":
            self.radio.value = option_ids[0] if option_ids else None
        else:
            for oid, box in self.boxes.items():
                box.value = oid in option_ids


class QuestionView(w.VBox):
    """One question with its picker, a check button and feedback announced as text."""

    feedback = Unicode()

    def __init__(self, question: Question, number: int, saved: dict, on_answer):
        self.question, self._on_answer = question, on_answer
        self.picker = OptionPicker(question, saved.get("chosen", []))
        label = "Save answer" if question.graded else "Check answer"
        self.button = w.Button(description=label, tooltip=f"{label} to question {number}",
                               button_style="primary", layout=w.Layout(width="auto", min_height="2.2em"))
        self.button.on_click(lambda _: self.check())
        self.feedback_box = w.HTML()
        self._shown = saved  # the saved answer this view shows (its choice, verdict and attempts)
        self.observe(lambda c: setattr(self.feedback_box, "value", c["new"]), "feedback")
        super().__init__([w.HTML(f"<p><strong>Question {number}.</strong> {escape(question.prompt)}</p>"),
                          self.picker, self.button, self.feedback_box], layout=w.Layout(margin="0 0 1.2em 0"))
        if saved.get("chosen"):
            self.feedback = self._explain(saved["chosen"], saved.get("correct"), len(saved.get("attempts", [])))

    def check(self) -> None:
        """Record the current answer as an attempt and show the feedback."""
        chosen = list(self.picker.chosen)
        if not chosen:
            self.feedback = status_html("Choose an answer first, then check it.")
            return
        try:
            result = self._on_answer(self.question, chosen)
        except OSError as e:
            self.feedback = status_html(f"Not saved: {e.strerror or e}. Please try again.")
            return
        self._shown = result
        self.feedback = self._explain(chosen, result["correct"], len(result["attempts"]))

    def show_saved(self, entry: dict) -> bool:
        """Show *entry*, the answer as saved now (another tab checked it); False when it is the one shown
        already, or when the learner has picked another answer here and not checked it yet (that pick stays)."""
        if len(entry.get("attempts", [])) == len(self._shown.get("attempts", [])):
            return False
        if list(self.picker.chosen) != list(self._shown.get("chosen", [])):
            return False
        self._shown = entry
        self.picker.select(list(entry.get("chosen", [])))
        self.feedback = (self._explain(entry["chosen"], entry.get("correct"), len(entry.get("attempts", [])))
                         if entry.get("chosen") else "")
        return True

    def _explain(self, chosen: list[str], correct: bool | None, attempts: int) -> str:
        q = self.question
        if correct is None:
            return status_html(f"Answer saved (attempt {attempts}). It is marked when you submit the assignment.")
        verdict = "✔ Correct." if correct else "✘ Not quite — read why below, then try again."
        shown = q.options if correct else [o for o in q.options if o.id in chosen]
        notes = "".join(
            f"<li><strong>{'You chose' if o.id in chosen else 'Not chosen'}:</strong> {escape(o.text)}"
            f"<br>{'Right' if o.correct else 'Not right'} — {escape(o.feedback)}</li>" for o in shown)
        return (f"<div role='status' aria-live='polite' class='coachlab-feedback'><p><strong>{verdict}</strong> "
                f"<small>(attempt {attempts})</small></p><ul>{notes}</ul></div>")


class KnowledgeCheck(Autosaving):
    """A knowledge check whose every attempt is recorded in the learner's store."""

    state = Dict()

    def __init__(self, spec: CheckSpec, store: AnswerStore, key: str | None = None):
        self.spec = spec
        record = self._open(store, key or record_key("check", spec.id))
        self.state = (record or {}).get("value") or {"questions": {}}
        saved = self.state.get("questions", {})
        stale = []
        fitting = {}
        for n, q in enumerate(spec.questions, 1):
            entry, dropped = _fit(q, saved.get(q.id, {}))
            fitting[q.id] = entry
            if dropped:
                stale.append(f"question {n}")
        self.questions = {q.id: QuestionView(q, i, fitting[q.id], self._record)
                          for i, q in enumerate(spec.questions, 1)}
        self._frame(spec.title, spec.intro, list(self.questions.values()), "coachlab-check")
        if stale:
            self._note("stale", f"Your saved answer to {', '.join(stale)} names options this check no longer has "
                       "(it was updated since), so it is not shown. Please answer again.")
        self._restored(record, "Your answers are saved when you check them.")

    def _record(self, question: Question, chosen: list[str]) -> dict:
        correct = question.is_right(chosen)
        attempt = {"chosen": chosen, "correct": correct,
                   "at": datetime.now(UTC).isoformat(timespec="seconds")}

        def add(old):
            state = old or {}
            entry = state.setdefault("questions", {}).setdefault(question.id, {})
            entry.setdefault("attempts", []).append(attempt)
            entry.update(chosen=chosen, correct=correct)
            return state

        record = self._save(add)
        if record is None:
            raise OSError(self.save_error)
        self.state = record["value"]
        return self.state["questions"][question.id]

    def _saved_elsewhere(self, record: dict) -> None:
        self.state = record.get("value") or {"questions": {}}
        saved = self.state.get("questions", {})
        shown = [f"question {n}" for n, (qid, view) in enumerate(self.questions.items(), 1)
                 if view.show_saved(_fit(view.question, saved.get(qid, {}))[0])]
        if shown:
            self._note("other-tab", f"Updated from another tab or window: {', '.join(shown)}. This page now shows "
                       "the answer checked there.")

    def answer(self, question_id: str, option_ids: list[str]) -> str:
        """Pick *option_ids* for a question and press its button; returns the feedback shown."""
        view = self.questions[question_id]
        view.picker.select(option_ids)
        view.check()
        return view.feedback

    def to_html(self) -> str:
        """The learner's answers as read-only HTML."""
        return check_html(self.spec, self.store.get(self.key) or {})


def _fit(question: Question, saved: dict) -> tuple[dict, bool]:
    """The saved answer to *question* if every option it names still exists (and one, for a single
    choice); else nothing, and True: the check was edited since the answer was saved."""
    chosen = saved.get("chosen", [])
    known = {o.id for o in question.options}
    if not chosen:
        return saved, False
    if not set(chosen) <= known or (question.kind == "single" and len(chosen) != 1):
        return {}, True
    return saved, False
