"""The StakeholderMap widget: place each stakeholder on Mendelow's power × interest grid.

Per stakeholder: two labelled drop-downs (power and interest, 1 very low to 5 very high; keyboard:
Tab, then the arrow keys) and a text field for how they might see the situation. The grid is
redrawn as the learner chooses, and a list under it says each stakeholder's quadrant in words.
"""
from __future__ import annotations

from html import escape

import ipywidgets as w
from traitlets import Dict

from ..content.practicedata import Stakeholder, StakeholderMapSpec
from ..coaching.mendelow import LEVELS
from ..views.stakeholder_svg import stakeholder_list_html, stakeholder_map_html, stakeholder_map_svg
from ..store import AnswerStore, record_key
from .autosave import Autosaving

NOT_SET = 0
CHOICES = [("not set yet", NOT_SET)] + [(f"{v} – {words}", v) for v, words in LEVELS.items()]


class StakeholderRow(w.VBox):
    """One stakeholder: who they are, power and interest drop-downs, and a perception note."""

    def __init__(self, person: Stakeholder, number: int, saved: dict):
        self.person = person
        style = {"description_width": "initial"}
        power, interest = (saved.get(k) if saved.get(k) in LEVELS else NOT_SET for k in ("power", "interest"))
        self.power = w.Dropdown(options=CHOICES, value=power, description=f"{person.name}: power",
                                style=style, layout=w.Layout(width="auto", margin="0 1.5em 0.3em 0"))
        self.interest = w.Dropdown(options=CHOICES, value=interest,
                                   description=f"{person.name}: interest", style=style, layout=w.Layout(width="auto"))
        self.perception = w.Text(value=saved.get("perception", ""), description=f"{person.name}: how might they see it?",
                                 style=style,
                                 layout=w.Layout(width="100%"))
        about = f" — {escape(person.description)}" if person.description else ""
        super().__init__([w.HTML(f"<p><strong>{number} {escape(person.name)}</strong>{about}</p>"),
                          w.HBox([self.power, self.interest], layout=w.Layout(flex_flow="row wrap")),
                          self.perception], layout=w.Layout(margin="0 0 1em 0"))

    @property
    def value(self) -> dict:
        """The row as saved: power and interest (None when not set) and the perception note."""
        return {"power": self.power.value or None, "interest": self.interest.value or None,
                "perception": self.perception.value}


class StakeholderMap(Autosaving):
    """A live power × interest grid with a text list of quadrants; every change saves."""

    state = Dict()

    def __init__(self, spec: StakeholderMapSpec, store: AnswerStore, key: str | None = None):
        self.spec = spec
        record = self._open(store, key or record_key("stakeholders", spec.id))
        saved = (record or {}).get("value", {}).get("stakeholders", {})
        self.rows = {s.id: StakeholderRow(s, n, saved.get(s.id, {})) for n, s in enumerate(spec.stakeholders, 1)}
        self.picture = w.HTML()
        self.summary = w.HTML()
        guide = w.HTML("<p><small>Power: how much they can affect the outcome. Interest: how much they care about "
                       "it. 3 is the middle line.</small></p>")
        self._frame(spec.title, spec.intro, [guide, *self.rows.values(), self.picture, self.summary],
                    "coachlab-stakeholders")
        self._collect()
        level = dict(to_store=lambda v: v or None, from_store=lambda v: v if v in LEVELS else NOT_SET)
        for sid, row in self.rows.items():
            name = row.person.name
            self._bind(("stakeholders", sid, "power"), row.power, f"{name}: power", **level)
            self._bind(("stakeholders", sid, "interest"), row.interest, f"{name}: interest", **level)
            self._bind(("stakeholders", sid, "perception"), row.perception, f"{name}: how they might see it")
            for control in (row.power, row.interest, row.perception):
                control.observe(self._collect, "value")
        self._restored(record, "Your map saves as you change it.")

    def _collect(self, _change=None) -> None:
        self.state = {"stakeholders": {sid: row.value for sid, row in self.rows.items()}}
        self.picture.value = stakeholder_map_svg(self.spec, self.state)
        self.summary.value = f"<h4>Where each stakeholder sits</h4>{stakeholder_list_html(self.spec, self.state)}"

    def place(self, stakeholder_id: str, power: int | None = None, interest: int | None = None,
              perception: str | None = None) -> None:
        """Set a stakeholder's ratings or note, as a learner's choices would."""
        row = self.rows[stakeholder_id]
        if power is not None:
            row.power.value = power
        if interest is not None:
            row.interest.value = interest
        if perception is not None:
            row.perception.value = perception

    def to_html(self) -> str:
        """The saved map and its text list as read-only HTML."""
        return stakeholder_map_html(self.spec, self.store.get(self.key) or {})
