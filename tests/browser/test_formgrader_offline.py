"""Formgrader with no internet: every request off this machine is blocked, and marking by keyboard still works.

nbgrader's formgrader takes MathJax from a CDN and waits for its start-up before it focuses the box
to mark, so offline its "same box, next submission" key did nothing. The course's settings serve
MathJax from the Jupyter server itself (jupyter-server-mathjax).
"""
from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

ASSIGNMENT, CELL = "jerome_case", "rubric-peer-lens"
MATHJAX_DONE = "() => window.MathJax !== undefined && MathJax.loaded === true"


def test_formgrader_marks_and_moves_to_the_same_box_of_the_next_submission_offline(chromium, graded_cohort, tmp_path):
    """With every non-loopback request blocked, does formgrader load, save a mark and comment typed
    by keyboard, and move to the same cell of the next submission with Ctrl+.?"""
    from markingtools import free_port, running
    from nbgrader.api import Gradebook

    course = shutil.copytree(graded_cohort, tmp_path / "course")
    port, token = free_port(), secrets.token_hex(16)
    argv = [str(Path(sys.executable).with_name("jupyter")), "server", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            *(["--allow-root"] if os.geteuid() == 0 else [])]
    blocked: list[str] = []

    def only_this_machine(route):
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with running(argv, r"Jupyter Server \S+ is running at", cwd=course):
        context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                       extra_http_headers={"Authorization": f"token {token}"})
        context.route("**/*", only_this_machine)
        page = context.new_page()
        page.set_default_timeout(60_000)
        base = f"http://127.0.0.1:{port}"
        page.goto(f"{base}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
        submissions = page.request.get(f"{base}/formgrader/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}").json()
        ids = sorted(s["id"] for s in submissions)  # formgrader's "next" order
        student = {s["id"]: s["student"] for s in submissions}

        page.goto(f"{base}/formgrader/submissions/{ids[0]}/")
        page.wait_for_function(MATHJAX_DONE)
        box = page.evaluate("cell => [...document.querySelectorAll('.tabbable')]"
                            ".indexOf(document.getElementById(cell))", CELL)
        page.goto(f"{base}/formgrader/submissions/{ids[0]}/?index={box}")
        page.wait_for_function(MATHJAX_DONE)
        expect(page.locator(f"#{CELL}")).to_be_focused()  # formgrader focuses it once MathJax has started
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT"):
            page.keyboard.type("3")
            page.keyboard.press("Escape")  # leaves the box and saves
        page.keyboard.press("Enter")  # back into the score box
        page.keyboard.press("Tab")  # extra credit
        page.keyboard.press("Tab")  # the comment
        expect(page.locator(f"#{CELL}-comment")).to_be_focused()
        with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT"):
            page.keyboard.type("Marked offline.")
            page.keyboard.press("Escape")
        page.keyboard.press("Enter")
        page.keyboard.press("Control+Period")  # same box, next submission
        page.wait_for_url(f"**/formgrader/submissions/{ids[1]}/**")
        page.wait_for_function(MATHJAX_DONE)
        expect(page.locator(f"#{CELL}")).to_be_focused()  # formgrader keeps the cell: its score box
        context.close()

    assert blocked == []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "coachlab") as gb:
        assert gb.find_grade(CELL, ASSIGNMENT, ASSIGNMENT, student[ids[0]]).manual_score == 3
        assert gb.find_comment(CELL, ASSIGNMENT, ASSIGNMENT, student[ids[0]]).manual_comment == "Marked offline."
