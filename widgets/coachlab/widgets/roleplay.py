"""The RolePlay widget: a branching conversation played by buttons, saved step by step.

The scenario engine decides what happens; this module only shows it and keeps the learner's
path in the answer store, so a play survives restarts and can be reported on.
"""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape

import ipywidgets as w
from traitlets import List, Unicode

from ..views.render import paragraphs
from ..views.roleplay_html import debrief_html, node_html, step_html
from ..scenario import Engine, IllegalMove, PlayState, Scenario
from ..store import AnswerStore
from .common import STYLE, status_html, store_notice

class ChoiceButtons(w.VBox):
    """The choices on offer now, one full-width button each, numbered."""

    def __init__(self, on_pick):
        self._on_pick = on_pick
        super().__init__(layout=w.Layout(width="100%"))

    def show(self, choices) -> None:
        """Replace the buttons with one per choice."""
        buttons = []
        for n, choice in enumerate(choices, 1):
            b = w.Button(description=f"{n}. {choice.text}", tooltip=choice.text,
                         layout=w.Layout(width="100%", height="auto"))
            b.add_class("coachlab-choice")
            b.on_click(lambda _b, cid=choice.id: self._on_pick(cid))
            buttons.append(b)
        self.children = ([w.HTML("<p><strong>What do you say or do?</strong></p>")] + buttons) if buttons else []


class RolePlay(w.VBox):
    """A role-play of one scenario: pick a role, choose at each turn, read the debrief."""

    role = Unicode()
    path = List(Unicode())

    def __init__(self, scenario: Scenario, store: AnswerStore, key: str | None = None, role: str | None = None):
        self.scenario, self.engine, self.store = scenario, Engine(scenario), store
        self.key = key or f"roleplay/{scenario.id}"
        saved = store.get(self.key) or {}
        self._saved_paths = {r: v.get("path", []) for r, v in saved.get("roles", {}).items()}
        first_role = role or saved.get("role") or next(iter(scenario.roles))

        self.role_picker = w.Dropdown(
            options=[(r.label, rid) for rid, r in scenario.roles.items()], value=first_role,
            description="Play as", style={"description_width": "initial"})
        self.role_about = w.HTML()
        self.progress = w.HTML()
        self.transcript = w.HTML()
        self.current = w.HTML()
        self.feedback = w.HTML()
        self.choices = ChoiceButtons(self.choose)
        self.debrief = w.HTML()
        self.back_button = w.Button(description="Back one step", icon="undo", tooltip="Take back your last choice")
        self.restart_button = w.Button(description="Start again", icon="refresh", tooltip="Play this role from the start")
        self.back_button.on_click(lambda _: self.back())
        self.restart_button.on_click(lambda _: self.restart())
        self.notice = w.HTML()
        notice = store_notice(store)
        header = w.HTML(f"{STYLE}<h3>Role-play: {escape(scenario.title)}</h3>{paragraphs(scenario.summary)}")
        super().__init__([header, *([notice] if notice else []), self.role_picker, self.role_about, self.notice,
                          self.progress, self.transcript, self.current, self.feedback, self.choices, self.debrief,
                          w.HBox([self.back_button, self.restart_button])], layout=w.Layout(max_width="52em"))
        self.add_class("coachlab-widget")
        self.add_class("coachlab-roleplay")
        self.role_picker.observe(lambda c: self._switch(c["new"]), "value")
        self._switch(first_role)

    # learner actions -------------------------------------------------------

    def choose(self, choice_id: str) -> None:
        """Take the choice *choice_id* (what a click on its button does)."""
        state = self.engine.choose(self.state, choice_id)
        self._go(state)
        step = self.engine.steps(state)[-1]
        self.feedback.value = status_html(f"You chose: {step.choice.text}") + step_html(step, feedback_only=True)

    def back(self) -> None:
        """Take back the last choice."""
        self._go(self.engine.undo(self.state))
        self.feedback.value = status_html("Went back one step. Choose again.")

    def restart(self) -> None:
        """Play the current role again from its start."""
        self._go(self.engine.start(self.role))
        self.feedback.value = status_html("Started again from the beginning.")

    def play(self, *choice_ids: str) -> None:
        """Make several choices in a row (for tests and demonstrations)."""
        for cid in choice_ids:
            self.choose(cid)

    @property
    def state(self) -> PlayState:
        """The engine state of the current play."""
        return self._state

    def to_html(self) -> str:
        """The play so far, with the debrief if it ended, as static HTML (shows in exports)."""
        parts = [step_html(s) for s in self.engine.steps(self.state)]
        parts.append(node_html(self.scenario, self.engine, self.state))
        if self.engine.is_over(self.state):
            parts.append(debrief_html(self.scenario, self.engine, self.state))
        return "".join(parts)

    # internals ---------------------------------------------------------------

    def _switch(self, role: str) -> None:
        self.role = role
        self.role_about.value = f"<p><em>{escape(self.scenario.roles[role].description)}</em></p>"
        self.notice.value = ""
        try:
            state = self.engine.replay(role, self._saved_paths.get(role, []))
        except IllegalMove:
            state = self.engine.start(role)
            self.notice.value = status_html(
                "This role-play was updated since you last played it, so your saved path no longer fits. "
                "You start again from the beginning.")
        self.feedback.value = ""
        self._go(state, save=False)

    def _go(self, state: PlayState, save: bool = True) -> None:
        self._state = state
        self.path = list(state.path)
        over = self.engine.is_over(state)
        self.transcript.value = "".join(step_html(s) for s in self.engine.steps(state))
        self.current.value = node_html(self.scenario, self.engine, state)
        self.choices.show([] if over else self.engine.options(state))
        self.debrief.value = debrief_html(self.scenario, self.engine, state) if over else ""
        taken = len(state.path)
        # Updated last: once the page shows the new count, everything above it is the new state.
        self.progress.value = (f"<p><small>Role: {escape(self.scenario.roles[self.role].label)} · "
                               f"{taken} choice{'s' * (taken != 1)} made"
                               f"{' · ending reached' if over else ''}</small></p>")
        self.back_button.disabled = taken == 0
        if save:
            self._save(state, over)

    def _save(self, state: PlayState, over: bool) -> None:
        self._saved_paths[state.role] = list(state.path)
        play = None
        if over:
            ending = self.engine.ending(state)
            play = {"role": state.role, "path": list(state.path), "ending": state.node_id,
                    "ending_title": ending.title, "scores": self.engine.scores(state),
                    "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}

        def change(old):
            value = old or {}
            value["role"] = state.role
            value.setdefault("roles", {})[state.role] = {"path": list(state.path), "node": state.node_id}
            if play:
                value.setdefault("plays", []).append(play)
            return value

        try:
            self.store.update(self.key, change)
        except OSError as e:
            self.notice.value = status_html(f"Not saved: {e.strerror or e}. Your play continues; try again later.")
