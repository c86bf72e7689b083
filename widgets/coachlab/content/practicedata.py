"""The practice sections of a lesson data file: self-assessments, rewrites, SBI, GROW plans, stakeholder maps.

``lessondata`` loads these beside the reflections and checks; this module holds their models,
the rules the JSON Schema cannot say (each problem with file, line and fix) and the builders.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .datafile import DataFile
from .errors import CourseDataError, Problem
from ..coaching.questions import classify_question
from ..store.answers_format import SECTIONS

GROW_STAGES = ("goal", "reality", "options", "will")
DEFAULT_SCALE_LABELS = {1: "Rarely", 2: "Sometimes", 3: "Often", 4: "Usually", 5: "Consistently"}
MAX_SCALE_POINTS = 10


@dataclass(frozen=True)
class Scale:
    """The rating scale of a self-assessment: whole numbers from *min* to *max*, some with words."""

    min: int = 1
    max: int = 5
    labels: dict = field(default_factory=lambda: dict(DEFAULT_SCALE_LABELS))

    @property
    def values(self) -> range:
        """Every point of the scale, lowest first."""
        return range(self.min, self.max + 1)

    def text(self, value: int) -> str:
        """A point with its words, e.g. "4 Usually" (just "4" when it has none)."""
        words = self.labels.get(value, "")
        return f"{value} {words}" if words else str(value)


@dataclass(frozen=True)
class AssessItem:
    """One behaviour the learner rates, e.g. label "Listens actively (ICF 6)"."""

    id: str
    label: str
    statement: str


@dataclass(frozen=True)
class SelfAssessmentSpec:
    """A self-assessment: items rated on one scale."""

    id: str
    title: str
    items: tuple[AssessItem, ...]
    intro: str = ""
    scale: Scale = field(default_factory=Scale)


@dataclass(frozen=True)
class RewriteItem:
    """A telling statement to rewrite as a coaching question, with sample questions shown after commit."""

    id: str
    statement: str
    samples: tuple[str, ...]
    tip: str = ""


@dataclass(frozen=True)
class RewriteSpec:
    """A rewrite exercise: several telling statements."""

    id: str
    title: str
    items: tuple[RewriteItem, ...]
    intro: str = ""


@dataclass(frozen=True)
class SBISpec:
    """An SBI feedback exercise about one situation, with the lesson's extra judgement words."""

    id: str
    title: str
    context: str
    intro: str = ""
    judgement_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class GrowStage:
    """One GROW stage: its key (goal, reality, options, will) and the question asked."""

    key: str
    question: str
    placeholder: str = ""

    @property
    def label(self) -> str:
        """The stage's name as shown, e.g. "Goal"."""
        return self.key.capitalize()


@dataclass(frozen=True)
class DrawFrom:
    """An earlier saved answer a GROW plan shows, e.g. ``02_jerome`` / ``reflection/jerome-gibbs``."""

    lesson: str
    key: str
    label: str
    module: str = ""

    @property
    def where(self) -> str:
        """Where the learner answers it: *module* if given, else "Module N" from the lesson name."""
        return self.module or module_label(self.lesson)


@dataclass(frozen=True)
class GrowSpec:
    """A GROW plan (Whitmore): four stages for a subject, building on earlier answers."""

    id: str
    title: str
    stages: tuple[GrowStage, ...]
    intro: str = ""
    subject: str = "you"
    draw_from: tuple[DrawFrom, ...] = ()


@dataclass(frozen=True)
class Stakeholder:
    """Someone with a stake in the situation."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class StakeholderMapSpec:
    """A Mendelow power × interest map of the stakeholders."""

    id: str
    title: str
    stakeholders: tuple[Stakeholder, ...]
    intro: str = ""


def module_label(lesson: str) -> str:
    """ "02_jerome" -> "Module 2"; "00_welcome" -> "the Welcome"; "intro" (no number) -> "lesson intro"."""
    m = re.match(r"(\d+)", lesson)
    if not m:
        return f"lesson {lesson}"
    return f"Module {int(m.group(1))}" if int(m.group(1)) else "the Welcome"


# checks ---------------------------------------------------------------------------------------

def practice_problems(doc: DataFile) -> list[Problem]:
    """Problems in the practice sections of a schema-valid lesson file."""
    problems: list[Problem] = []
    data = doc.data
    for sid, spec in data.get("self_assessments", {}).items():
        at = ("self_assessments", sid)
        problems += _scale_problems(doc, at + ("scale",), spec.get("scale", {}))
        problems += duplicate_problems(doc, at + ("items",), spec["items"], "item", "id")
    for rid, spec in data.get("rewrites", {}).items():
        problems += duplicate_problems(doc, ("rewrites", rid, "items"), spec["items"], "item", "id")
        for i, item in enumerate(spec["items"]):
            for j, sample in enumerate(item["samples"]):
                kind = classify_question(sample)
                if kind != "open":
                    what = "is not a question" if kind == "not a question" else f"reads as a {kind} question"
                    problems.append(doc.problem(("rewrites", rid, "items", i, "samples", j),
                                                f"sample {sample!r:.60} of item {item['id']!r} {what}",
                                                "samples model coaching questions: make it open (What…? How…?) "
                                                "and keep your own answer out of it"))
    for gid, spec in data.get("grow_plans", {}).items():
        order = [k for k in spec["stages"] if k in GROW_STAGES]
        if order != [k for k in GROW_STAGES if k in order]:
            problems.append(doc.problem(("grow_plans", gid, "stages"), f"stages are not in GROW order "
                                        f"(found {', '.join(order)})",
                                        "write them in the order goal, reality, options, will (Whitmore's GROW)"))
        for i, source in enumerate(spec.get("draw_from", [])):
            problems += _source_problems(doc, ("grow_plans", gid, "draw_from", i), source)
    for i, scenario in enumerate(data.get("roleplays", [])):
        if not (Path(doc.path).parent / "scenarios" / f"{scenario}.yaml").is_file():
            problems.append(doc.problem(("roleplays", i), f"role-play {scenario!r} has no scenario file "
                                        f"scenarios/{scenario}.yaml beside this file",
                                        "check the scenario id, or add the scenario file"))
    for mid, spec in data.get("stakeholder_maps", {}).items():
        at = ("stakeholder_maps", mid, "stakeholders")
        problems += duplicate_problems(doc, at, spec["stakeholders"], "stakeholder", "id")
        problems += duplicate_problems(doc, at, spec["stakeholders"], "stakeholder", "name")
    return problems


def duplicate_problems(doc: DataFile, at: tuple, items: list[dict], what: str, key: str = "id") -> list[Problem]:
    """A problem for each item whose *key* repeats an earlier one's (names compared without case)."""
    seen: set[str] = set()
    problems = []
    for i, item in enumerate(items):
        value = item[key].strip().lower() if key == "name" else item[key]
        if value in seen:
            problems.append(doc.problem(at + (i, key), f"duplicate {what} {key} {item[key]!r}",
                                        f"give each {what} its own {key}"))
        seen.add(value)
    return problems


def _scale_problems(doc: DataFile, at: tuple, scale: dict) -> list[Problem]:
    low, high = scale.get("min", 1), scale.get("max", 5)
    if low >= high:
        return [doc.problem(at, f"scale min ({low}) is not below max ({high})", "write e.g. {min: 1, max: 5}")]
    problems = []
    if high - low + 1 > MAX_SCALE_POINTS:
        problems.append(doc.problem(at, f"a scale of {high - low + 1} points is too many to choose between",
                                    f"use at most {MAX_SCALE_POINTS} points, e.g. 1 to 5"))
    for key in scale.get("labels", {}):
        try:
            value = int(str(key))
        except ValueError:
            problems.append(doc.problem(at + ("labels", str(key)), f"scale label key {key!r} is not a whole number",
                                        "key each label by its point, a whole number, e.g. 1: Rarely"))
            continue
        if not low <= value <= high:
            problems.append(doc.problem(at + ("labels", str(key)), f"scale label {value} is outside the scale {low}–{high}",
                                        "remove it, or widen min or max"))
    return problems


def _source_problems(doc: DataFile, at: tuple, source: dict) -> list[Problem]:
    kind, item_id = source["key"].split("/", 1)
    section = SECTIONS.get(kind)  # the answers format says which section holds each record kind
    if section is None or kind == "roleplay":  # roleplay/<scenario>: scenarios are checked on their own
        return []
    if source["lesson"] == doc.data["lesson"]:
        other, name = doc.data, Path(doc.path).name
    else:
        path = Path(doc.path).with_name(f"{source['lesson']}.yaml")
        name = path.name
        try:
            other = DataFile.load(path).data
        except CourseDataError:
            if path.exists():
                return []  # broken: its own check reports it
            return [doc.problem(at + ("lesson",), f"draw_from names lesson {source['lesson']!r}, but there is no {name} "
                                "beside this file", "check the lesson name; lesson data files live side by side")]
    known = other.get(section, {}) if isinstance(other, dict) else {}
    if not isinstance(known, dict) or item_id not in known:
        ids = ", ".join(sorted(known)) if isinstance(known, dict) else ""
        return [doc.problem(at + ("key",), f"draw_from key {source['key']!r}: {name} has no {kind} {item_id!r}",
                            f"use one of its {section}: {ids}" if ids else f"check the key: it has no {section} at all")]
    return []


# building -------------------------------------------------------------------------------------

def _scale(spec: dict | None) -> Scale:
    if not spec:
        return Scale()
    low, high = spec.get("min", 1), spec.get("max", 5)
    if "labels" in spec:
        labels = {int(str(k)): str(v) for k, v in spec["labels"].items()}
    else:
        labels = dict(DEFAULT_SCALE_LABELS) if (low, high) == (1, 5) else {}
    return Scale(low, high, labels)


def build_practice(data: dict) -> dict:
    """The practice sections of checked lesson *data*, as keyword arguments of LessonData."""
    return {
        "roleplays": tuple(data.get("roleplays", ())),
        "self_assessments": {
            sid: SelfAssessmentSpec(sid, s["title"], tuple(AssessItem(i["id"], i["label"], i["statement"])
                                                           for i in s["items"]),
                                    s.get("intro", ""), _scale(s.get("scale")))
            for sid, s in data.get("self_assessments", {}).items()},
        "rewrites": {
            rid: RewriteSpec(rid, r["title"], tuple(RewriteItem(i["id"], i["statement"], tuple(i["samples"]),
                                                                i.get("tip", "")) for i in r["items"]),
                             r.get("intro", ""))
            for rid, r in data.get("rewrites", {}).items()},
        "sbi": {
            bid: SBISpec(bid, b["title"], b["context"], b.get("intro", ""), tuple(b.get("judgement_words", ())))
            for bid, b in data.get("sbi", {}).items()},
        "grow_plans": {
            gid: GrowSpec(gid, g["title"],
                          tuple(GrowStage(k, g["stages"][k]["question"], g["stages"][k].get("placeholder", ""))
                                for k in GROW_STAGES),
                          g.get("intro", ""), g.get("subject", "you"),
                          tuple(DrawFrom(d["lesson"], d["key"], d["label"], d.get("module", ""))
                                for d in g.get("draw_from", ())))
            for gid, g in data.get("grow_plans", {}).items()},
        "stakeholder_maps": {
            mid: StakeholderMapSpec(mid, m["title"], tuple(Stakeholder(s["id"], s["name"], s.get("description", ""))
                                                          for s in m["stakeholders"]), m.get("intro", ""))
            for mid, m in data.get("stakeholder_maps", {}).items()},
    }
