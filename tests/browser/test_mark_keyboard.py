"""Marking one question across the cohort with ``coachlab mark``, by keyboard alone, offline and axe-clean."""
from __future__ import annotations

import csv
import json
import shutil

from browsertools import axe_scan, off_machine
from playwright.sync_api import expect

ASSIGNMENT, CELL = "jerome_case", "rubric-peer-lens"
# (level key, comment typed, or a bank key to insert), for the five learners in the page's order
PLAN = [("3", "You weigh Jerome's view and the peers'.", None), ("1", None, "next-step"),
        ("4", "Clear links to the unwritten rules.", None), ("2", "One view only; add a peer's.", None),
        ("0", None, "next-step")]
BANKED = "Next time, name one peer you would involve, and when."


def test_five_learners_marked_by_keyboard_alone(chromium, axe_source, graded_cohort, tmp_path):
    """Can a facilitator mark five learners with keys only, blind, and find the marks in the gradebook,
    the feedback and the grades CSV?"""
    from markingtools import REFLECTIONS, start_mark

    from coachlab.debrief.reader import read_cohort
    from coachlab.grading.pipeline import grade

    course = shutil.copytree(graded_cohort, tmp_path / "course")
    (course / ".coachlab").mkdir(exist_ok=True)
    (course / ".coachlab" / f"comment-bank-{ASSIGNMENT}.json").write_text(
        json.dumps({"schema": 1, "comments": [{"key": "next-step", "text": BANKED}]}))
    with start_mark(course) as server:
        # bypass_csp: only so that the test can inject axe-core into the page
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        seen: list[str] = []
        context.on("request", lambda r: seen.append(r.url))
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(server.group(1))
        heading, status = page.locator("#answer-heading"), page.locator("#status")
        expect(heading).to_contain_text("Answer of L-")

        marked, shown = {}, ""
        for i, (key, typed, banked) in enumerate(PLAN):
            expect(page.locator("#progress")).to_contain_text(f"Learner {i + 1} of 5")
            expect(page.locator("#learner-status")).to_contain_text("Mark: not marked yet")  # the answer is in
            code = heading.inner_text().removeprefix("Answer of ").strip()
            assert axe_scan(page, axe_source, f"mark-{i + 1}") == []  # each answer: long, empty, with HTML...
            shown += page.locator("main").inner_text()
            page.keyboard.press(key)
            expect(status).to_contain_text(f"Saved {code}")
            if typed:
                page.keyboard.press("c")
                page.keyboard.type(typed)
            else:
                page.keyboard.press("b")
                page.keyboard.type(banked)
                page.keyboard.press("Enter")  # inserts the comment found and moves into the comment box
            expect(page.locator("#comment")).to_be_focused()
            page.keyboard.press("Control+Enter")  # saves, then the next learner
            expect(status).to_contain_text(f"Saved {code}: {key} point")
            expect(status).to_contain_text("with a comment")
            marked[code] = (float(key), typed or BANKED)
            if i < len(PLAN) - 1:
                expect(heading).not_to_contain_text(code)
        assert len(marked) == 5
        # dana's answer is cut for the page
        assert "Shortened: this answer has 41,999 characters; the first 20,000 are shown" in shown
        assert "<script>alert('x')</script> <b>not bold</b>" in shown  # chidi's HTML shown as text
        assert not [word for word in shown.lower().split() if word in REFLECTIONS]  # blind: no learner id
        expect(page.locator("#progress")).to_contain_text("5 marked · 0 to mark")
        page.keyboard.press("Escape")  # out of the last comment box, so that keys are commands again
        expect(page.locator("#answer-heading")).to_be_focused()
        page.keyboard.press("u")
        expect(status).to_contain_text("Every learner has a mark")
        context.close()
    assert off_machine(seen) == []

    from nbgrader.api import Gradebook

    learners = {row.code: row.id for row in read_cohort(course, ASSIGNMENT).learners}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        for code, (score, comment) in marked.items():
            assert gb.find_grade(CELL, ASSIGNMENT, ASSIGNMENT, learners[code]).manual_score == score
            assert gb.find_comment(CELL, ASSIGNMENT, ASSIGNMENT, learners[code]).manual_comment == comment

    report = grade(ASSIGNMENT, course)
    with open(report.csv_path, encoding="utf-8") as f:
        rows = {row["learner"]: row for row in csv.DictReader(f)}
    title = report.titles.get(CELL, CELL)  # the CSV heads each part by its title
    for code, (score, comment) in marked.items():
        row = rows[learners[code]]
        assert row[f"{title} (/4)"] == f"{score:g}" and row["needs_manual_grading"] == "no"
        assert row[f"{title}: comment"] == comment
        feedback = (course / "feedback" / learners[code] / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        assert comment.replace("'", "&#39;") in feedback or comment in feedback
