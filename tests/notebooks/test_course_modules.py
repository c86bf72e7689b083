"""Walk modules 00, 01, 04 and 05 as a learner would: build every widget their notebooks build, answer it
through its controls, and check what the store keeps and where later modules show it again."""
from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest

from coachlab import lesson
from coachlab.content.lessondata import load_lesson_data
from coachlab.progress import DONE, IN_PROGRESS, lesson_progress
from coachlab.site.modules import read_module
from coachlab.store import AnswerStore

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"
SEEDS = REPO.parent / "shared" / "seeds"
MODULES = ["00_welcome", "01_coaching_leadership", "04_feedback", "05_my_plan"]
COURSE_NOTEBOOKS = {"00_welcome", "01_coaching_leadership", "02_jerome", "03_career_interview", "04_feedback",
                    "05_my_plan"}
NEXT = {"00_welcome": "01_coaching_leadership.ipynb", "01_coaching_leadership": "02_jerome.ipynb",
        "04_feedback": "05_my_plan.ipynb", "05_my_plan": "00_welcome.ipynb"}
MINUTES = {"00_welcome": (10, 10), "01_coaching_leadership": (15, 20), "04_feedback": (15, 20),
           "05_my_plan": (15, 20)}  # the core path, as the landing page reads it
ICF_ITEMS = ["icf-2", "icf-4", "icf-6", "icf-7", "icf-8"]
# method of Lesson -> section of the lesson data holding its id
SECTIONS = {"reflection": "reflections", "check": "checks", "self_assessment": "self_assessments",
            "rewrite": "rewrites", "sbi": "sbi", "grow_plan": "grow_plans", "stakeholder_map": "stakeholder_maps"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A fresh learner: answers go to tmp_path, and nothing depends on the working directory."""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


# reading the notebooks -------------------------------------------------------------------------

def notebook(name: str):
    return nbformat.read(COURSE / f"{name}.ipynb", as_version=4)


def sources(name: str, kind: str) -> list[str]:
    return [c.source for c in notebook(name).cells if c.cell_type == kind]


def markdown(name: str) -> str:
    return "\n\n".join(sources(name, "markdown"))


def widget_calls(name: str) -> list[tuple[str, str, tuple, dict]]:
    """Each widget a notebook builds, as (lesson, method, args, kwargs), read from its code cells.

    The cells may only import, bind ``x = lesson("name")`` and call ``x.method(literal ids...)``:
    anything else is a failure, since learners should never read or edit Python.
    """
    lessons: dict[str, str] = {}
    calls = []
    for src in sources(name, "code"):
        for stmt in ast.parse(src).body:
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "coachlab":
                continue
            if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
                    and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "lesson"):
                lessons[stmt.targets[0].id] = ast.literal_eval(stmt.value.args[0])
                continue
            assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call), ast.unparse(stmt)
            func = stmt.value.func
            assert isinstance(func, ast.Attribute) and func.value.id in lessons, ast.unparse(stmt)
            args = tuple(ast.literal_eval(a) for a in stmt.value.args)
            kwargs = {k.arg: ast.literal_eval(k.value) for k in stmt.value.keywords}
            calls.append((lessons[func.value.id], func.attr, args, kwargs))
    return calls


def build(name: str, method: str, *args, **kwargs):
    """The widget a notebook cell shows, built as the cell builds it (data read from the course folder)."""
    return getattr(lesson(name, folder=COURSE), method)(*args, **kwargs)


def widgets_of(name: str) -> dict[tuple[str, str], object]:
    """Every widget a notebook builds, by (method, id)."""
    return {(method, args[0]): build(lesson_name, method, *args, **kwargs)
            for lesson_name, method, args, kwargs in widget_calls(name)}


def store(name: str) -> AnswerStore:
    return AnswerStore.for_lesson(name)


def type_reflection(reflection, texts: dict[str, str]) -> None:
    """Type into a Reflection's text areas, prompt by prompt."""
    for pid, text in texts.items():
        reflection.fields[pid].area.value = text


def answer_every_question_right(check) -> None:
    for q in check.spec.questions:
        feedback = check.answer(q.id, [o.id for o in q.options if o.correct])
        assert "✔ Correct" in feedback, (q.id, feedback)


# the notebooks and their data agree --------------------------------------------------------------

@pytest.mark.parametrize("name", MODULES)
def test_every_widget_call_names_an_id_in_the_data(name, data):
    """Does every id a notebook's cells ask for exist in the lesson's data file, and build a widget?"""
    calls = widget_calls(name)
    assert calls, f"{name} builds no widget"
    for lesson_name, method, args, kwargs in calls:
        assert lesson_name == name, f"{name}.ipynb loads lesson {lesson_name!r}"
        known = getattr(load_lesson_data(COURSE / "data" / f"{name}.yaml"), SECTIONS[method])
        assert args[0] in known, f"{name}.ipynb asks for {method} {args[0]!r}; the data has {sorted(known)}"
        if "compare_with" in kwargs:
            other, other_id = kwargs["compare_with"]
            assert other_id in load_lesson_data(COURSE / "data" / f"{other}.yaml").self_assessments
        assert isinstance(build(lesson_name, method, *args, **kwargs), w.Widget)


@pytest.mark.parametrize("name", MODULES)
def test_every_exercise_in_the_data_is_shown_by_the_notebook(name):
    """Is every exercise in the data file shown in the notebook (none written and then forgotten)?"""
    shown = {(SECTIONS[m], a[0]) for _, m, a, _ in widget_calls(name)}
    lesson_data = load_lesson_data(COURSE / "data" / f"{name}.yaml")
    in_data = {(section, eid) for section in SECTIONS.values() for eid in getattr(lesson_data, section)}
    assert in_data == shown


@pytest.mark.parametrize("name", MODULES)
def test_code_cells_are_short_and_hold_no_prompts(name):
    """Is each code cell at most three lines, its only strings lesson and exercise ids (prompts live in data)?"""
    for src in sources(name, "code"):
        assert len(src.strip().splitlines()) <= 3, src
        strings = [n.value for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert all(SLUG.match(s) for s in strings), strings


@pytest.mark.parametrize("name", MODULES)
def test_module_page_has_title_time_objectives_monday_and_where_next(name):
    """Does the page open with its title and time (as the landing page reads them), state objectives, and close
    with "Try this at work on Monday" and a "Where next" link to the next notebook?"""
    text = markdown(name)
    first = sources(name, "markdown")[0].splitlines()
    assert first[0].startswith("# ") and (name == "00_welcome" or first[0].startswith(f"# Module {int(name[:2])}:"))
    assert re.search(r"^\*\*Time:\*\* about \d+ minutes on the core path, \d+ more if you go deeper$", text, re.M), \
        "the time is not on a line of its own"
    module = read_module(COURSE / f"{name}.ipynb")
    low, high = MINUTES[name]
    assert module.title == first[0][2:] and low <= module.minutes <= high and module.description
    assert re.search(r"^## By the end of this (module|welcome) you will", text, re.M)
    assert re.search(r"^## Try this at work on Monday$", text, re.M)
    where = text.split("## Where next", 1)
    assert len(where) == 2 and f"]({NEXT[name]})" in where[1]


@pytest.mark.parametrize("name", MODULES)
def test_headings_in_order_and_links_descriptive(name):
    """Is there one h1, does no heading skip a level, and does every link say where it goes?"""
    levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", markdown(name), re.M)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    links = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", markdown(name))
    assert links
    for words, target in links:
        assert len(words.split()) >= 2 and words.lower() not in ("here", "click here", "this link", "link"), words
        assert target.endswith(".ipynb") and target[:-6] in COURSE_NOTEBOOKS, target


@pytest.mark.parametrize("name", MODULES[1:])
def test_quotes_of_real_people_are_verbatim(name):
    """Is every quote the notebook attributes to Peter Ankréus or Madeleine Trinh word for word in the article?"""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed texts are not at {SEEDS}")
    article = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    text = markdown(name)
    quotes = []
    for block in re.findall(r"(?:^>.*\n?)+", text, re.M):  # a blockquote with an attribution line
        lines = [line[1:].strip() for line in block.splitlines()]
        if any(line.startswith("— ") and ("Ankréus" in line or "Trinh" in line) for line in lines):
            quotes.append(" ".join(line for line in lines if line and not line.startswith("— ")))
    quotes += re.findall(r"(?:Ankréus|Trinh)[^“\n]{0,120}“(.+?)”", text)  # "…, says Peter Ankréus: “…”"
    assert quotes, "no attributed quote found"
    for quote in quotes:
        quote = quote.strip().removeprefix("“").removesuffix("”")
        assert quote in article, quote


def test_baseline_and_after_rate_the_same_five_icf_competencies():
    """Do the welcome's baseline and Module 5's after rate exactly ICF 2, 4, 6, 7 and 8 on the same worded scale?"""
    baseline = load_lesson_data(COURSE / "data" / "00_welcome.yaml").self_assessments["baseline"]
    after = load_lesson_data(COURSE / "data" / "05_my_plan.yaml").self_assessments["after"]
    assert [i.id for i in baseline.items] == [i.id for i in after.items] == ICF_ITEMS
    assert [i.label for i in baseline.items] == [i.label for i in after.items]
    assert [i.label.split(" (")[0] for i in baseline.items] == [
        "Embodies a coaching mindset", "Cultivates trust and safety", "Listens actively", "Evokes awareness",
        "Facilitates client growth"]
    assert baseline.scale == after.scale and list(baseline.scale.values) == [1, 2, 3, 4, 5]
    assert all(baseline.scale.labels.get(v) for v in baseline.scale.values)


# walking each module --------------------------------------------------------------------------------

def test_welcome_walk(data):
    """Answering the welcome's reflection, baseline and check: is each kept, and is the module then done?"""
    shown = widgets_of("00_welcome")
    type_reflection(shown["reflection", "first-look"], {"description": "Jerome rescued the integration project.",
                                                       "feelings": "Hurt and confused.", "evaluation": "Talk first."})
    baseline = shown["self_assessment", "baseline"]
    assert all(f.radio.value is None for f in baseline.fields.values())  # nothing chosen for the learner
    for iid, rating in zip(ICF_ITEMS, [2, 3, 4, 1, 5]):
        baseline.fields[iid].radio.value = rating
    check = shown["check", "how-it-works"]
    assert "Not quite" in check.answer("where-saved", ["facilitator"])
    answer_every_question_right(check)

    saved = store("00_welcome")
    assert saved.get("reflection/first-look")["answers"]["feelings"] == "Hurt and confused."
    assert saved.get("self_assessment/baseline") == {"ratings": dict(zip(ICF_ITEMS, [2, 3, 4, 1, 5]))}
    assert [a["correct"] for a in saved.get("check/how-it-works")["questions"]["where-saved"]["attempts"]] == [False, True]
    assert lesson_progress("00_welcome", COURSE / "data").status == DONE


def test_module1_walk(data):
    """In Module 1: are questions sorted with reasons, samples shown only after a commit, and the reflection kept?"""
    shown = widgets_of("01_coaching_leadership")
    check = shown["check", "question-types"]
    assert len(check.spec.questions) == 5  # one of each kind, plus the two subtle ones: no near-copies
    assert all(q.kind == "single" and {o.id for o in q.options} == {"open", "closed", "leading"}
               for q in check.spec.questions)
    assert "blame" in check.answer("why-deadline", ["open"])  # "why" can sound like blame
    assert "Not quite" in check.answer("considered-client", ["closed"])
    answer_every_question_right(check)

    rewrite = shown["rewrite", "telling-to-asking"]
    assert len(rewrite.spec.items) in (5, 6)
    item = rewrite.items["told-me-earlier"]
    item.area.value = "What made it hard to tell me sooner?"
    assert item.samples.value == ""  # a draft is not a commit: samples stay hidden
    item.button.click()
    assert "Open question" in item.feedback and "How would you like us to handle news like this" in item.samples.value
    assert "blame" in rewrite.answer("ill-fix-it", "Why can't you fix it yourself?")

    type_reflection(shown["reflection", "coaching-vs-telling"],
                    {"experience": "I told Noor to resend the invoice.", "next-time": "What options do you see?"})
    saved = store("01_coaching_leadership")
    assert all(q["correct"] for q in saved.get("check/question-types")["questions"].values())
    items = saved.get("rewrite/telling-to-asking")["items"]
    assert items["told-me-earlier"]["committed"] == "What made it hard to tell me sooner?"
    assert items["ill-fix-it"]["history"][0]["kind"] == "open"
    assert saved.get("reflection/coaching-vs-telling")["answers"]["next-time"] == "What options do you see?"
    progress = lesson_progress("01_coaching_leadership", COURSE / "data")  # 2 rewrites of 5 committed
    assert (progress.status, progress.next_key) == (IN_PROGRESS, "rewrite/telling-to-asking")
    for item in rewrite.spec.items:
        rewrite.answer(item.id, "What would help you most here?")
    assert lesson_progress("01_coaching_leadership", COURSE / "data").status == DONE  # the reflection is optional


def test_module4_walk(data):
    """In Module 4: are SBI parts and judgement words checked, the lesson's own judgement words flagged, and
    every check kept?"""
    shown = widgets_of("04_feedback")
    check = shown["check", "sbi-basics"]
    assert "Not quite" in check.answer("judgement-words", ["political", "lazy"])  # "arrogant" left out
    answer_every_question_right(check)

    sbi = shown["sbi", "sbi-practice"]
    assert "Jonas" in sbi.spec.context and "Jerome" not in sbi.spec.context
    sbi.write(situation="Last week", behaviour="You were hiding the failed tests, as always.", impact="Bad.")
    found = {(f.part, f.kind, f.word) for f in sbi.check()}
    assert ("behaviour", "judgement", "hiding") in found  # a word this lesson adds to the built-in list
    assert ("behaviour", "generalisation", "always") in found
    assert "Revise" in sbi.findings_box.value
    sbi.write(situation="In Thursday morning's project update,",
              behaviour="you reported the data migration as on track. On Friday you told me two test runs had failed.",
              impact="I had confirmed Wednesday to the finance director, and now I have to go back to her.",
              intent="What did on track mean to you on Thursday?")
    assert all(f.ok for f in sbi.check())
    assert "No problems found" in sbi.findings_box.value

    type_reflection(shown["reflection", "feedback-habits"], {"action-plan": "SBI to Lise on Friday's demo."})
    saved = store("04_feedback")
    kept = saved.get("sbi/sbi-practice")
    assert len(kept["attempts"]) == 2 and kept["draft"]["intent"] == "What did on track mean to you on Thursday?"
    assert saved.get("reflection/feedback-habits")["answers"]["action-plan"] == "SBI to Lise on Friday's demo."
    assert lesson_progress("04_feedback", COURSE / "data").status == DONE


# the course as one journey: earlier answers reach Module 5 ---------------------------------------------

def answer_reflection(name: str, reflection_id: str, text: str) -> None:
    """Answer a reflection in its own module's widget; if that module has no data file yet, save as it would."""
    path = COURSE / "data" / f"{name}.yaml"
    if path.exists() and reflection_id in load_lesson_data(path).reflections:
        reflection = build(name, "reflection", reflection_id)
        type_reflection(reflection, {next(iter(reflection.fields)): text})
    else:
        store(name).put(f"reflection/{reflection_id}", {"answers": {"description": text}})


def test_plan_draws_on_every_earlier_module(data):
    """After answering in Modules 0 to 4, does Module 5's GROW plan show the learner's own words from each,
    and keep the plan they write?"""
    mine = {
        "00_welcome": "Jerome lit up the project and lost his peers.",
        "01_coaching_leadership": "I told Noor to resend the invoice & <copy> me.",
        "02_jerome": "My intent to help read as grabbing credit.",
        "03_career_interview": "Ask Farid what success means to him.",
    }
    answer_reflection("00_welcome", "first-look", mine["00_welcome"])
    answer_reflection("01_coaching_leadership", "coaching-vs-telling", mine["01_coaching_leadership"])
    answer_reflection("02_jerome", "jerome-gibbs", mine["02_jerome"])
    answer_reflection("03_career_interview", "career-interview", mine["03_career_interview"])
    build("04_feedback", "sbi", "sbi-practice").write(behaviour="You reported the migration as on track.")

    plan = widgets_of("05_my_plan")["grow_plan", "my-plan"]
    shown = plan.to_html()
    for text in [*mine.values(), "You reported the migration as on track."]:
        assert html.escape(text) in shown and html.escape(text) in plan.earlier.value, text
    assert "not answered yet" not in shown
    assert [s.label.split(":")[0] for s in plan.spec.draw_from] == [
        "Welcome", "Module 1", "Module 2", "Module 3", "Module 4"]

    plan.write(goal="Ask before I tell in one-to-ones.", will="Start Monday with Noor; tell Farid.")
    assert store("05_my_plan").get("grow/my-plan")["stages"]["goal"] == "Ask before I tell in one-to-ones."
    assert "Start Monday with Noor; tell Farid." in plan.to_html()


def test_plan_points_to_modules_not_yet_answered(data):
    """For a learner who skipped ahead, does the plan say where each missing earlier answer is written?"""
    shown = widgets_of("05_my_plan")["grow_plan", "my-plan"].to_html()
    for where in ("the welcome", "Module 1", "Module 2", "Module 3", "Module 4"):
        assert f"not answered yet — see {where})" in shown, where


def test_after_chart_shows_the_baseline_and_the_change(data):
    """Are the welcome's baseline ratings drawn in Module 5's chart, beside the new ratings and the change?"""
    baseline = widgets_of("00_welcome")["self_assessment", "baseline"]
    baseline.rate(**dict(zip(ICF_ITEMS, [2, 3, 4, 1, 5])))

    after = widgets_of("05_my_plan")["self_assessment", "after"]
    label = after.earlier.label
    assert after.earlier_ratings == dict(zip(ICF_ITEMS, [2, 3, 4, 1, 5]))
    assert f"{label}: 1" in after.chart.value and "Now: not rated" in after.chart.value
    after.rate(**dict(zip(ICF_ITEMS, [4, 3, 3, 2, 5])))
    chart = after.chart.value
    for text in (f"{label}: 2", "Now: 4 (up 2)", "Now: 3 (no change)", "Now: 3 (down 1)", "Now: 2 (up 1)"):
        assert text in chart, text
    assert "Listens actively (ICF 6): " in chart and "down 1" in chart  # said in words, not only drawn
    assert store("05_my_plan").get("self_assessment/after") == {"ratings": dict(zip(ICF_ITEMS, [4, 3, 3, 2, 5]))}
    assert store("00_welcome").get("self_assessment/baseline")["ratings"]["icf-2"] == 2  # the baseline is untouched
    assert "up 2" in after.to_html()


def test_after_chart_without_a_baseline_says_so(data):
    """If the welcome's baseline was never rated, does Module 5 say so rather than draw an empty comparison?"""
    after = widgets_of("05_my_plan")["self_assessment", "after"]
    assert after.earlier_ratings == {}
    assert any("No earlier ratings saved yet" in c.value for c in after.children if isinstance(c, w.HTML))
