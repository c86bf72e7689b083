"""The Rewrite widget: turn a telling statement into a coaching question, then compare with samples.

The learner's draft saves as they type; "Commit my answer" records it (with the time) and only
then shows the sample questions and a rough automatic reading of the question type
(:mod:`coachlab.coaching.questions`). They may edit and commit again: every committed version is kept.
"""
from __future__ import annotations

from datetime import datetime, UTC
from html import escape

import ipywidgets as w
from traitlets import Dict, Unicode

from ..coaching.questions import review_question
from ..views.questions_html import review_html, rewrite_html, samples_html
from ..content.practicedata import RewriteItem, RewriteSpec
from ..store import AnswerStore, record_key
from ..views.render import local_time
from .autosave import Autosaving


class RewriteItemView(w.VBox):
    """One statement: the telling version, a labelled text area, a commit button, then feedback and samples."""

    text = Unicode()
    feedback = Unicode()

    def __init__(self, item: RewriteItem, number: int, saved: dict, on_commit):
        self.item, self._on_commit = item, on_commit
        self.area = w.Textarea(value=saved.get("draft", saved.get("committed", "")), description="Your question",
                               placeholder="Rewrite it as a question that lets them think it through…",
                               layout=w.Layout(width="100%", min_height="4em"), style={"description_width": "9em"})
        self.button = w.Button(description="Commit my answer", tooltip=f"Commit your question for statement {number}",
                               button_style="primary", layout=w.Layout(width="auto", min_height="2.2em"))
        self.button.on_click(lambda _: self.commit())
        self.feedback_box = w.HTML()
        self.samples = w.HTML()
        super().__init__([w.HTML(f"<p><strong>Statement {number}.</strong> Instead of telling:</p>"
                                 f"<blockquote><p>{escape(item.statement)}</p></blockquote>"),
                          self.area, self.button, self.feedback_box, self.samples],
                         layout=w.Layout(margin="0 0 1.2em 0"))
        self.saved: dict = {}
        w.link((self.area, "value"), (self, "text"))
        self.observe(lambda c: setattr(self.feedback_box, "value", c["new"]), "feedback")
        self.observe(self._edited, "text")
        if saved.get("committed"):
            self.show(saved)

    def _edited(self, change) -> None:
        # Re-announce only when the text starts or stops differing from the committed version.
        if self.saved and ((change["old"].strip() == self.saved["committed"])
                           != (change["new"].strip() == self.saved["committed"])):
            self.show(self.saved)

    def commit(self) -> None:
        """Record the current text as committed (what the button does)."""
        if not self.text.strip():
            self.feedback = _status("Write your question first, then commit it.")
            return
        saved = self._on_commit(self.item, self.text.strip())
        if saved is not None:
            self.show(saved)

    def show(self, saved: dict) -> None:
        """Show the feedback on the committed question and reveal the samples."""
        self.saved = saved
        review = review_question(saved["committed"])
        versions = len(saved.get("history", []))
        edited = (" You have edited it since; press Commit my answer to record this version."
                  if self.text.strip() != saved["committed"] else "")
        self.feedback = (f"<div role='status' aria-live='polite' class='coachlab-feedback'>"
                         f"<p><strong>Committed {escape(local_time(saved.get('committed_at') or ''))}</strong> "
                         f"<small>(version {versions})</small>.{escape(edited)}</p>"
                         f"<p>Automatic reading (a rough guide, not a grade):</p>{review_html(review)}</div>")
        self.samples.value = samples_html(self.item)


def _status(text: str) -> str:
    return f"<div role='status' aria-live='polite' class='coachlab-feedback'><p>{escape(text)}</p></div>"


class Rewrite(Autosaving):
    """Several telling statements to rewrite; drafts autosave, commits are kept with their time."""

    state = Dict()

    def __init__(self, spec: RewriteSpec, store: AnswerStore, key: str | None = None):
        self.spec = spec
        record = self._open(store, key or record_key("rewrite", spec.id))
        self.state = (record or {}).get("value") or {"items": {}}
        saved = self.state.get("items", {})
        self.items = {i.id: RewriteItemView(i, n, saved.get(i.id, {}), self._commit)
                      for n, i in enumerate(spec.items, 1)}
        self._frame(spec.title, spec.intro, list(self.items.values()), "coachlab-rewrite")
        for n, view in enumerate(self.items.values(), 1):
            self._bind(("items", view.item.id, "draft"), view.area, f"statement {n}")
        self._restored(record, "Your drafts save as you type; commit each answer to see sample questions.")

    def _saved(self, record: dict) -> None:
        self.state = record["value"]

    def _commit(self, item: RewriteItem, text: str) -> dict | None:
        at = datetime.now(UTC).isoformat(timespec="seconds")

        def commit(old):
            value = old or {}
            entry = value.setdefault("items", {}).setdefault(item.id, {})
            entry.setdefault("history", []).append({"text": text, "at": at, "kind": review_question(text).kind})
            entry.update(draft=text, committed=text, committed_at=at)
            return value

        self.flush()
        record = self._save(commit)
        if record is None:
            self.items[item.id].feedback = _status(f"Not committed: {self.save_error}. Your text is still here.")
            return None
        self.state = record["value"]
        return self.state["items"][item.id]

    def answer(self, item_id: str, text: str) -> str:
        """Type *text* for an item and press Commit my answer; returns the feedback shown."""
        view = self.items[item_id]
        view.area.value = text
        view.button.click()
        return view.feedback

    def to_html(self) -> str:
        """The committed questions, their reading and the samples, as read-only HTML."""
        return rewrite_html(self.spec, self.store.get(self.key) or {})
