"""The RolePlay widget: a branching conversation played by buttons, saved step by step.

The scenario engine decides what happens; this module only shows it and keeps the learner's
path in the answer store, so a play survives restarts and can be reported on.
"""
from __future__ import annotations

from datetime import datetime, UTC
from html import escape

import ipywidgets as w
from traitlets import List, Unicode

from ..views.roleplay_html import compare_plays_html, debrief_html, node_html, play_label, step_html
from ..scenario import Engine, IllegalMove, PlayState, Scenario
from ..store import AnswerStore, record_key
from .autosave import Autosaving
from .common import status_html

class ChoiceButtons(w.VBox):
    """The choices on offer now, one full-width button each, numbered.

    Buttons are reused from turn to turn (only their text changes), so that keyboard focus can be put
    on the first choice of the new scene: a freshly made button may not be on the page yet when the
    focus request arrives, and a removed one leaves focus on the page's body.
    """

    def __init__(self, on_pick):
        self._on_pick = on_pick
        self._buttons: list[w.Button] = []
        self._ids: list[str] = []
        self._prompt = w.HTML("<p><strong>What do you say or do?</strong></p>")
        super().__init__(layout=w.Layout(width="100%"))

    def show(self, choices) -> None:
        """Show one button per choice (none at an ending)."""
        while len(self._buttons) < len(choices):
            index = len(self._buttons)
            b = w.Button(layout=w.Layout(width="100%", height="auto"))
            b.add_class("coachlab-choice")
            b.on_click(lambda _b, i=index: self._on_pick(self._ids[i]))
            self._buttons.append(b)
        self._ids = [c.id for c in choices]
        for n, (b, choice) in enumerate(zip(self._buttons, choices), 1):
            b.description, b.tooltip = f"{n}. {choice.text}", choice.text
            b.layout.display = None
        for b in self._buttons[len(choices):]:
            b.layout.display = "none"
        children: list[w.Widget] = ([self._prompt, *self._buttons]) if choices else []
        if list(self.children) != children:  # type: ignore[has-type]  # traitlets, untyped
            self.children = children

    def focus_first(self) -> bool:
        """Put keyboard focus on the first choice; False at an ending (no choice to focus)."""
        if not self._ids:
            return False
        self._buttons[0].focus()
        return True


class RolePlay(Autosaving):
    """A role-play of one scenario: pick a role, choose at each turn, read the debrief."""

    role = Unicode()
    path = List(Unicode())

    def __init__(self, scenario: Scenario, store: AnswerStore, key: str | None = None, role: str | None = None):
        self.scenario, self.engine = scenario, Engine(scenario)
        record = self._open(store, key or record_key("roleplay", scenario.id))
        saved = (record or {}).get("value") or {}
        roles = saved.get("roles", {})
        self._saved_paths = {r: v["path"] for r, v in roles.items() if r in scenario.roles}
        unknown = sorted(r for r in [*roles, saved.get("role")] if r and r not in scenario.roles)
        first_role: str = next((r for r in (role, saved.get("role")) if isinstance(r, str) and r in scenario.roles),
                               next(iter(scenario.roles)))

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
        self._plays = self._known_plays(saved)
        self.show_play = w.Dropdown(description="Show", style={"description_width": "initial"})
        self.beside_play = w.Dropdown(description="Beside it", style={"description_width": "initial"})
        self.compared = w.HTML()
        self.my_plays = w.VBox([w.HTML("<h4>My finished plays</h4><p>Every play you finish is kept with its debrief. "
                                       "Choose one to read it again, and another to see the two side by side.</p>"),
                                w.HBox([self.show_play, self.beside_play], layout=w.Layout(flex_flow="row wrap")),
                                self.compared])
        self._frame(f"Role-play: {scenario.title}", scenario.summary,
                    [self.role_picker, self.role_about, self.notice, self.progress, self.transcript, self.current,
                     self.feedback, self.choices, self.debrief, w.HBox([self.back_button, self.restart_button]),
                     self.my_plays],
                    "coachlab-roleplay")
        self.show_play.observe(lambda _c: self._show_compared(), "value")
        self.beside_play.observe(lambda _c: self._show_compared(), "value")
        self._list_plays()
        if unknown:
            self._note("roles", f"Your saved play names a role this role-play no longer has ({', '.join(unknown)}); "
                       "it is kept in your answers file but not shown.")
        self.role_picker.observe(lambda c: self._picked(c["new"]), "value")
        self._switch(first_role)
        self._restored(record, "Your choices are saved as you make them.")

    # learner actions -------------------------------------------------------

    def choose(self, choice_id: str) -> None:
        """Take the choice *choice_id* (what a click on its button does)."""
        state = self.engine.choose(self.state, choice_id)
        self._go(state)
        step = self.engine.steps(state)[-1]
        self.feedback.value = status_html(f"You chose: {step.choice.text}") + step_html(step, feedback_only=True)
        if not self.choices.focus_first():  # an ending: the debrief, then Start again
            self.restart_button.focus()

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

    def compare(self, first: int, second: int | None = None) -> str:
        """Show finished play *first* (1-based), and *second* beside it; returns the HTML shown."""
        self.show_play.value = first
        self.beside_play.value = second
        return self.compared.value

    # internals ---------------------------------------------------------------

    def _picked(self, role: str) -> None:
        """Play as *role*, and keep the choice so a reload opens the same role."""
        self._switch(role)
        if self._save(lambda old: {**(old or {}), "role": role}) is None:
            self.notice.value = status_html(f"Not saved: {self.save_error}.")

    def _known_plays(self, value: dict) -> list[dict]:
        """The finished plays saved in *value* whose role this scenario still has."""
        return [p for p in value.get("plays", []) if isinstance(p, dict) and p.get("role") in self.scenario.roles]

    def _saved_elsewhere(self, record: dict) -> None:
        """Plays finished in another tab or window join My plays (the play under way here is left as it is)."""
        plays = self._known_plays(record.get("value") or {})
        if len(plays) > len(self._plays):
            self._plays = plays
            self._list_plays()
            self._note("other-tab", "A play you finished in another tab or window is now in My finished plays.")

    def _list_plays(self) -> None:
        options = [("(choose a play)", None)] + [(play_label(self.scenario, n, p), n)
                                                 for n, p in enumerate(self._plays, 1)]
        for picker in (self.show_play, self.beside_play):
            keep = picker.value
            picker.options = options
            picker.value = keep if any(v == keep for _, v in options) else None
        self.my_plays.layout.display = None if self._plays else "none"

    def _show_compared(self) -> None:
        chosen = [n for n in dict.fromkeys((self.show_play.value, self.beside_play.value)) if n]
        plays = [(play_label(self.scenario, n, self._plays[n - 1]), self._plays[n - 1]) for n in chosen]
        self.compared.value = compare_plays_html(self.scenario, self.engine, plays) if plays else ""


    def _switch(self, role: str) -> None:
        self.role = role
        self.role_about.value = f"<p><em>{escape(self.scenario.roles[role].description)}</em></p>"
        self.notice.value = ""
        try:
            state = self.engine.replay(role, self._saved_paths.get(role, []))
        except (IllegalMove, KeyError, ValueError):
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
            self._save_play(state, over)

    def _save_play(self, state: PlayState, over: bool) -> None:
        self._saved_paths[state.role] = list(state.path)
        play = None
        if over:
            ending = self.engine.ending(state)
            play = {"role": state.role, "path": list(state.path), "ending": state.node_id,
                    "ending_title": ending.title if ending else "", "scores": self.engine.scores(state),
                    "at": datetime.now(UTC).isoformat(timespec="seconds")}

        def change(old):
            value = old or {}
            value["role"] = state.role
            value.setdefault("roles", {})[state.role] = {"path": list(state.path), "node": state.node_id}
            if play:
                value.setdefault("plays", []).append(play)
            return value

        record = self._save(change)
        if record is None:
            self.notice.value = status_html(f"Not saved: {self.save_error}. Your play continues; try again later.")
        elif play:
            self._plays = self._known_plays(record["value"])  # with any finished in another tab meanwhile
            self._list_plays()
