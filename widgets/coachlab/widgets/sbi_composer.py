"""The SBIComposer widget: write Situation–Behaviour–Impact feedback, then check it for judgement words.

Drafts save as the learner types; each press of "Check my feedback" is kept as an attempt with
its findings (:func:`coachlab.coaching.sbi.check_sbi`), shown as a list of words, never colour alone.
"""
from __future__ import annotations

from datetime import datetime, UTC
from html import escape

import ipywidgets as w
from traitlets import Dict

from ..content.practicedata import SBISpec
from ..coaching.sbi import Finding, check_intent, check_sbi
from ..views.sbi_html import findings_html, sbi_html
from ..store import AnswerStore, record_key
from ..views.render import local_time
from .autosave import Autosaving

FIELDS = {
    "situation": ("Situation", "When and where did it happen?", "In Tuesday's project review…"),
    "behaviour": ("Behaviour", "What did the person say or do — what a camera would have recorded?",
                  "You presented the results and…"),
    "impact": ("Impact", "What effect did it have on you, the team or the work?", "I felt… / It meant the team…"),
    "intent": ("Then ask about intent", "Optional: an open question that invites their side of the story.",
               "What were you hoping for when…?"),
}


class SBIComposer(Autosaving):
    """SBI feedback in three labelled parts plus an intent question, checked on request, attempts kept."""

    draft = Dict()

    def __init__(self, spec: SBISpec, store: AnswerStore, key: str | None = None):
        self.spec = spec
        record = self._open(store, key or record_key("sbi", spec.id))
        value = (record or {}).get("value") or {}
        saved = value.get("draft", {})
        self.areas = {part: w.Textarea(value=saved.get(part, ""), description=label, placeholder=placeholder,
                                       layout=w.Layout(width="100%", min_height="4.5em"),
                                       style={"description_width": "11em"})
                      for part, (label, _q, placeholder) in FIELDS.items()}
        blocks = []
        for part, (_label, question, _p) in FIELDS.items():
            blocks += [w.HTML(f"<p class='coachlab-question'><strong>{escape(question)}</strong></p>"), self.areas[part]]
        self.button = w.Button(description="Check my feedback", tooltip="Check your SBI feedback for missing parts "
                               "and judgement words", button_style="primary", layout=w.Layout(width="auto", min_height="2.2em"))
        self.button.on_click(lambda _: self.check())
        self.findings_box = w.HTML()
        context = w.HTML(f"<p><strong>The situation:</strong> {escape(spec.context)}</p>")
        self._frame(spec.title, spec.intro, [context, *blocks, self.button, self.findings_box], "coachlab-sbi")
        self._collect()
        self.findings: list[Finding] = []
        attempts = value.get("attempts", [])
        if attempts:
            last = attempts[-1]
            self.findings = [Finding(f["part"], f["kind"], f["message"], f.get("word", ""))
                             for f in last.get("findings", [])]
            changed = any(last.get(p, "") != self.draft.get(p, "") for p in FIELDS)
            self._show(f"Your last check, {local_time(last['at'])}"
                       f"{' (you have changed your text since)' if changed else ''}:")
        for part, area in self.areas.items():
            self._bind(("draft", part), area, FIELDS[part][0])
            area.observe(self._collect, "value")
        self._restored(record, "Your text saves as you type. Press Check my feedback when you are ready.")

    def _collect(self, _change=None) -> None:
        self.draft = {part: a.value for part, a in self.areas.items()}

    def check(self) -> list[Finding]:
        """Check the current text, keep it as an attempt and show the findings (what the button does)."""
        d = self.draft
        if not any(d[p].strip() for p in ("situation", "behaviour", "impact")):
            self.findings_box.value = _status_block("Write your feedback first, then check it.")
            return []
        self.findings = (check_sbi(d["situation"], d["behaviour"], d["impact"], self.spec.judgement_words)
                         + check_intent(d["intent"]))
        attempt = {**d, "findings": [f.to_dict() for f in self.findings],
                   "at": datetime.now(UTC).isoformat(timespec="seconds")}
        self.flush()

        def add(old):
            value = old or {}
            value.setdefault("attempts", []).append(attempt)
            return value

        record = self._save(add)
        n = len(record["value"]["attempts"]) if record else None
        self._show(f"Check {n}:" if n else "Checked, but not saved (see below):")
        return self.findings

    def _show(self, head: str) -> None:
        self.findings_box.value = (f"<div role='status' aria-live='polite' class='coachlab-feedback'>"
                                   f"<p>{escape(head)}</p>{findings_html(self.findings)}"
                                   "<p><small>A second pair of eyes based on word lists, not a grade.</small></p></div>")

    def write(self, **parts: str) -> None:
        """Type into the parts by name (situation, behaviour, impact, intent), as a learner would."""
        for part, text in parts.items():
            self.areas[part].value = text

    def to_html(self) -> str:
        """The feedback written and its last check, as read-only HTML."""
        return sbi_html(self.spec, self.store.get(self.key) or {})


def _status_block(text: str) -> str:
    return f"<div role='status' aria-live='polite' class='coachlab-feedback'><p>{escape(text)}</p></div>"
