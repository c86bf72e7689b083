"""The SelfAssessment widget: rate each coaching behaviour on a scale, optionally against an earlier rating.

Each item is a group of radio buttons (``ipywidgets.RadioButtons``) labelled with the item's name.
Radio buttons are the most accessible choice here: Tab reaches the group, the arrow keys move
between points, screen readers announce the group's label, the point's words ("4 Usually") and
which is selected; nothing is chosen until the learner chooses (a slider would always show a value).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import ipywidgets as w
from traitlets import Dict, Int

from ..views.practice_html import comparison_svg, comparison_text, self_assessment_html
from ..content.practicedata import AssessItem, Scale, SelfAssessmentSpec
from ..store import AnswerStore, record_key
from .autosave import Autosaving


@dataclass(frozen=True)
class Earlier:
    """Where the ratings to compare with are saved: a store, a key and a label such as "Module 1"."""

    store: AnswerStore
    key: str
    label: str


class RatingField(w.VBox):
    """One item: its statement, and a labelled radio group with a word for each point."""

    value = Int(None, allow_none=True)

    def __init__(self, item: AssessItem, scale: Scale, value: int | None = None):
        self.item = item
        self.radio = w.RadioButtons(options=[(scale.text(v), v) for v in scale.values],
                                    value=value if value in scale.values else None, description=item.label,
                                    layout=w.Layout(width="auto"), style={"description_width": "initial"})
        self.radio.add_class("coachlab-scale")
        super().__init__([w.HTML(f"<p class='coachlab-question'>{escape(item.statement)}</p>"), self.radio],
                         layout=w.Layout(margin="0 0 1em 0"))
        self.value = self.radio.value
        w.link((self.radio, "value"), (self, "value"))


class SelfAssessment(Autosaving):
    """A self-assessment whose ratings save as they are chosen; with *earlier*, a live before/after chart."""

    ratings = Dict()

    def __init__(self, spec: SelfAssessmentSpec, store: AnswerStore, key: str | None = None,
                 earlier: Earlier | None = None):
        self.spec, self.earlier = spec, earlier
        record = self._open(store, key or record_key("self_assessment", spec.id))
        saved = (record or {}).get("value", {}).get("ratings", {})
        self.fields = {i.id: RatingField(i, spec.scale, saved.get(i.id)) for i in spec.items}
        self.earlier_ratings: dict = {}
        self.chart = w.HTML()
        body = list(self.fields.values())
        if earlier:
            value = self._also_reads(earlier.store).get(earlier.key) or {}
            self.earlier_ratings = {k: v for k, v in value.get("ratings", {}).items() if v in spec.scale.values}
            if not self.earlier_ratings:
                body.append(w.HTML(f"<p><em>No earlier ratings saved yet (see {escape(earlier.label)}), so the "
                                   "chart shows only your ratings now.</em></p>"))
            body.append(self.chart)
        self._frame(spec.title, spec.intro, body, "coachlab-self-assessment")
        self._rated()
        for iid, field in self.fields.items():
            self._bind(("ratings", iid), field.radio, field.item.label,
                       from_store=lambda v: v if v in spec.scale.values else None)
            field.observe(self._rated, "value")
        self._restored(record, "Your ratings save as soon as you choose them.")

    def _rated(self, _change=None) -> None:
        self.ratings = {iid: f.value for iid, f in self.fields.items() if f.value is not None}
        self._draw()

    def _draw(self) -> None:
        if self.earlier:
            label = self.earlier.label
            self.chart.value = (comparison_svg(self.spec, self.ratings, self.earlier_ratings, label)
                                + comparison_text(self.spec, self.ratings, self.earlier_ratings, label))

    def rate(self, **ratings: int) -> None:
        """Choose ratings by item id (as a learner's clicks would), e.g. ``rate(listens=4)``."""
        for iid, value in ratings.items():
            self.fields[iid].radio.value = value

    def to_html(self) -> str:
        """The saved ratings (and the comparison, if any) as read-only HTML."""
        saved = (self.store.get(self.key) or {}).get("ratings", {})
        if self.earlier:
            return self_assessment_html(self.spec, saved, self.earlier_ratings, self.earlier.label)
        return self_assessment_html(self.spec, saved)
