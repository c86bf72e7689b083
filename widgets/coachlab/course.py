"""What a notebook cell calls: ``lesson("00_welcome").reflection("first-look")`` and friends.

A lesson's prompts and questions come from ``data/<name>.yaml`` beside the notebook; its answers
go to the learner's data folder. An exercise (a graded nbgrader assignment) keeps its answers
beside its notebook instead, so that submitting carries them.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .content.errors import CourseDataError
from .content.lessondata import LessonData, load_lesson_data
from .store import AnswerStore


class Lesson:
    """The widgets of one lesson or exercise, built from its data file and bound to its store."""

    def __init__(self, name: str, store: AnswerStore, folder: str | Path = "."):
        self.name, self.store, self.folder = name, store, Path(folder)

    @cached_property
    def data(self) -> LessonData:
        """The lesson's prompts and questions (checked when first used)."""
        return load_lesson_data(self.folder / "data" / f"{self.name}.yaml")

    def reflection(self, reflection_id: str):
        """The Reflection widget for *reflection_id*."""
        from .widgets.reflection import Reflection
        return Reflection(self._pick(self.data.reflections, reflection_id, "reflection"), self.store).under_heading()

    def check(self, check_id: str):
        """The KnowledgeCheck widget for *check_id*."""
        from .widgets.knowledge_check import KnowledgeCheck
        return KnowledgeCheck(self._pick(self.data.checks, check_id, "check"), self.store).under_heading()

    def self_assessment(self, assessment_id: str, compare_with: tuple[str, str] | None = None):
        """The SelfAssessment widget for *assessment_id*; with ``compare_with=(lesson, assessment_id)``
        it also charts the ratings saved in that earlier lesson against the ratings now."""
        from .content.practicedata import module_label
        from .widgets.self_assessment import Earlier, SelfAssessment
        earlier = None
        if compare_with:
            other, other_id = compare_with
            store = self.store if other == self.name else AnswerStore.for_lesson(other)
            earlier = Earlier(store, f"self_assessment/{other_id}", module_label(other))
        spec = self._pick(self.data.self_assessments, assessment_id, "self-assessment")
        return SelfAssessment(spec, self.store, earlier=earlier).under_heading()

    def rewrite(self, rewrite_id: str):
        """The Rewrite widget (telling statements to turn into coaching questions) for *rewrite_id*."""
        from .widgets.rewrite import Rewrite
        return Rewrite(self._pick(self.data.rewrites, rewrite_id, "rewrite"), self.store).under_heading()

    def sbi(self, sbi_id: str):
        """The SBIComposer widget (Situation, Behaviour, Impact feedback) for *sbi_id*."""
        from .widgets.sbi_composer import SBIComposer
        return SBIComposer(self._pick(self.data.sbi, sbi_id, "sbi exercise"), self.store).under_heading()

    def grow_plan(self, plan_id: str):
        """The GrowPlan widget for *plan_id*, showing the earlier answers its data names in draw_from."""
        from .widgets.grow_plan import GrowPlan
        return GrowPlan(self._pick(self.data.grow_plans, plan_id, "GROW plan"), self.store,
                        open_store=lambda name: self.store if name == self.name else AnswerStore.for_lesson(name),
                        labels=self._part_labels).under_heading()

    def _part_labels(self, source) -> dict[str, str]:
        """The labels of an earlier answer's parts, from the data file of the lesson it was saved in."""
        try:
            other = self.data if source.lesson == self.name else load_lesson_data(
                self.folder / "data" / f"{source.lesson}.yaml")
        except CourseDataError:
            return {}
        return other.part_labels(source.key)

    def stakeholder_map(self, map_id: str):
        """The StakeholderMap widget (Mendelow's power × interest grid) for *map_id*."""
        from .widgets.stakeholder_map import StakeholderMap
        return StakeholderMap(self._pick(self.data.stakeholder_maps, map_id, "stakeholder map"), self.store).under_heading()

    def roleplay(self, scenario_id: str, role: str | None = None):
        """The RolePlay widget for ``data/scenarios/<scenario_id>.yaml``, optionally in *role*."""
        from .widgets.roleplay import RolePlay
        return RolePlay(self.scenario(scenario_id), self.store, role=role).under_heading()

    def scenario(self, scenario_id: str):
        """The scenario ``data/scenarios/<scenario_id>.yaml``, validated."""
        from .scenario import load_scenario
        return load_scenario(self.folder / "data" / "scenarios" / f"{scenario_id}.yaml")

    def saved_roleplay(self, scenario_id: str):
        """The learner's saved plays of a scenario as plain HTML, with the last debrief and path map."""
        from IPython.display import HTML

        from .views.roleplay_html import saved_plays_html
        return HTML(saved_plays_html(self.scenario(scenario_id), self.store.get(f"roleplay/{scenario_id}") or {}))

    def saved_reflection(self, reflection_id: str):
        """The saved answers of a reflection as plain HTML (shows in exports and nbgrader)."""
        from IPython.display import HTML

        from .views.render import reflection_html
        spec = self._pick(self.data.reflections, reflection_id, "reflection")
        record = self.store.record(f"reflection/{spec.id}")
        answers = (record or {}).get("value", {}).get("answers", {})
        return HTML(reflection_html(spec, answers, record["saved_at"] if record else None))

    def _pick(self, table: dict, key: str, what: str):
        if key not in table:
            known = ", ".join(sorted(table)) or "none"
            raise KeyError(f"{self.data.path} has no {what} {key!r}; it has: {known}")
        return table[key]


def lesson(name: str, folder: str | Path = ".") -> Lesson:
    """A course lesson: answers kept in the learner's own data folder."""
    return Lesson(name, AnswerStore.for_lesson(name), folder)
