"""Every coachlab widget, built from the fixture lessons and driven as a learner would: one table the
store, merge, fuzz and failure tests run over, so a new widget is tested by adding it here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from coachlab.content.lessondata import load_lesson_data
from coachlab.scenario import load_scenario
from coachlab.store import AnswerStore
from coachlab.widgets.grow_plan import GrowPlan
from coachlab.widgets.knowledge_check import KnowledgeCheck
from coachlab.widgets.reflection import Reflection
from coachlab.widgets.rewrite import Rewrite
from coachlab.widgets.roleplay import RolePlay
from coachlab.widgets.sbi_composer import SBIComposer
from coachlab.widgets.self_assessment import SelfAssessment
from coachlab.widgets.stakeholder_map import StakeholderMap

FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLE = load_lesson_data(FIXTURES / "lessons" / "sample.yaml")
PRACTICE = load_lesson_data(FIXTURES / "lessons" / "practice.yaml")
SCENARIO = load_scenario(FIXTURES / "scenarios" / "minimal.yaml")


def _sibling_stores(store: AnswerStore) -> Callable[[str], AnswerStore]:
    return lambda name: store if store.path.stem == name else AnswerStore(store.path.with_name(f"{name}.json"))


@dataclass(frozen=True)
class Kind:
    """One widget: its record kind and exercise id, how to build it on a store, and one learner edit per
    field: ``edit(widget, i, n)`` makes the n-th distinct edit of field i, ``shown(widget, i)`` reads it back."""

    kind: str
    ident: str
    make: Callable[[AnswerStore], Any]
    edit: Callable[[Any, int, int], Any]
    shown: Callable[[Any, int], Any]
    fields: int = 2
    text: bool = True  # the fields are free text (size limits, surrogates apply)


def _areas(get_areas):
    def edit(w, i, n):
        get_areas(w)[i].value = f"field {i}, version {n}"
        return get_areas(w)[i].value
    return edit, lambda w, i: get_areas(w)[i].value


def _kind(kind, ident, make, areas, **kw) -> Kind:
    edit, shown = _areas(areas)
    return Kind(kind, ident, make, edit, shown, **kw)


def _rate(w, i, n):
    radio = list(w.fields.values())[i].radio
    radio.value = 1 + n % 5
    return radio.value


def _answer(w, i, n):
    view = list(w.questions.values())[i]
    options = [o.id for o in view.question.options]
    chosen = [options[n % len(options)]]
    view.picker.select(chosen)
    view.check()
    return chosen


def _play(w, i, n):
    role = list(SCENARIO.roles)[i]
    w.role_picker.value = role
    w.restart()
    w.choose(w.engine.options(w.state)[n % len(w.engine.options(w.state))].id)
    return list(w.path)


KINDS = {k.kind: k for k in [
    _kind("reflection", "gibbs", lambda s: Reflection(SAMPLE.reflections["gibbs"], s),
          lambda w: [f.area for f in w.fields.values()]),
    _kind("grow", "jerome-plan", lambda s: GrowPlan(PRACTICE.grow_plans["jerome-plan"], s, open_store=_sibling_stores(s)),
          lambda w: [f.area for f in w.fields.values()]),
    _kind("sbi", "jerome", lambda s: SBIComposer(PRACTICE.sbi["jerome"], s), lambda w: list(w.areas.values())),
    _kind("stakeholders", "jerome-map", lambda s: StakeholderMap(PRACTICE.stakeholder_maps["jerome-map"], s),
          lambda w: [r.perception for r in w.rows.values()]),
    _kind("rewrite", "telling", lambda s: Rewrite(PRACTICE.rewrites["telling"], s),
          lambda w: [v.area for v in w.items.values()]),
    Kind("self_assessment", "habits", lambda s: SelfAssessment(PRACTICE.self_assessments["habits"], s), _rate,
         lambda w, i: list(w.fields.values())[i].radio.value, text=False),
    Kind("check", "basics", lambda s: KnowledgeCheck(SAMPLE.checks["basics"], s), _answer,
         lambda w, i: list(list(w.questions.values())[i].picker.chosen), text=False),
    Kind("roleplay", SCENARIO.id, lambda s: RolePlay(SCENARIO, s), _play,
         lambda w, i: list(w._saved_paths.get(list(SCENARIO.roles)[i], [])), text=False),
]}
TEXT_KINDS = [k for k, v in KINDS.items() if v.text]


def tab(conn, kind: str, path: str) -> None:
    """A learner's tab in a process of its own (a kernel), driven by commands from a pipe:
    ("edit", i, n), ("edits", i, count), ("refresh",), ("shown", i), ("notices",), ("stop",)."""
    k = KINDS[kind]
    w = k.make(AnswerStore(path))
    while True:
        command, *args = conn.recv()
        if command == "edit":
            conn.send(k.edit(w, *args))
        elif command == "edits":
            i, count = args
            conn.send([k.edit(w, i, n) for n in range(count)][-1])
        elif command == "refresh":
            w.refresh()
            conn.send(None)
        elif command == "shown":
            conn.send(k.shown(w, *args))
        elif command == "notices":
            conn.send(w.notice_box.value + w.status_line.value)
        else:
            conn.send(None)
            return
