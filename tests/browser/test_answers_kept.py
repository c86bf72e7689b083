"""Answer a reflection and a knowledge check in the browser, reload, and find both kept, on the
page and in the answers file on disk; the landing page then shows the progress they make."""
import json
import time

from browsertools import ARTIFACTS, COURSE, WIDGET, axe_scan, open_module

from coachlab.progress import lesson_progress

MODULE = "00_welcome.ipynb"


def stored(site):
    path = site.data / "00_welcome.json"
    return json.loads(path.read_text())["records"] if path.exists() else {}


def test_reflection_and_check_survive_a_reload(tab, site, axe_source, monkeypatch):
    open_module(tab, site, MODULE)
    text = f"Jerome offered to rescue a stuck project; his peers felt passed over ({time.time():.0f})."
    description = tab.get_by_label("Description")
    description.click()
    tab.keyboard.type(text, delay=5)
    tab.locator(".coachlab-reflection .coachlab-status", has_text="Saved").wait_for()

    # question 1 by keyboard alone: the options form one group moved through with the arrow keys;
    # Tab goes on to the button and Enter presses it. First a wrong answer, then the right one.
    check = tab.locator(".coachlab-check")
    assert check.get_by_role("radiogroup", name="Your answer").count() == 1
    radios = check.locator("input[type=radio]")
    radios.first.focus()
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Check answer"
    tab.keyboard.press("Enter")
    check.get_by_text("✘ Not quite").first.wait_for()
    tab.keyboard.press("Shift+Tab")  # back into the group, on the chosen option
    assert radios.nth(1).evaluate("el => el === document.activeElement")
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    check.get_by_text("✔ Correct.").first.wait_for()

    # question 2 (choose all that apply) by clicks
    check.get_by_label("Challenges people to find the solution to a problem themselves").check()
    check.get_by_label("Gives feedback on work done to increase people's self-awareness").check()
    check.get_by_role("button", name="Check answer").nth(1).click()
    tab.wait_for_function("document.querySelectorAll('.coachlab-check .coachlab-feedback').length >= 2")
    assert check.get_by_text("✔ Correct.").count() == 2
    assert axe_scan(tab, axe_source, "module-answered") == []
    tab.screenshot(path=str(ARTIFACTS / "answered.png"))

    records = stored(site)
    assert records["reflection/first-look"]["value"]["answers"]["description"] == text
    questions = records["check/how-it-works"]["value"]["questions"]
    assert questions["where-saved"]["chosen"] == ["own-folder"] and questions["where-saved"]["correct"] is True
    assert [a["chosen"] for a in questions["where-saved"]["attempts"]] == [["facilitator"], ["own-folder"]]
    assert sorted(questions["coaching-leader"]["chosen"]) == ["challenge", "feedback"]

    tab.reload()
    tab.wait_for_selector(WIDGET, state="visible")
    assert tab.get_by_label("Description").input_value() == text
    assert tab.locator(".coachlab-reflection").get_by_text("Restored your answer").is_visible()
    assert tab.locator(".coachlab-check input[type=radio]").first.is_checked()
    assert tab.locator(".coachlab-check").get_by_text("✔ Correct.").count() == 2
    tab.screenshot(path=str(ARTIFACTS / "reloaded.png"))

    tab.goto(f"{site.base}/")
    status = tab.locator("li.cl-module", has=tab.locator(f"a[href='/voila/render/{MODULE}']")).locator(".cl-status")
    monkeypatch.setenv("COACHLAB_DATA", str(site.data))
    expected = lesson_progress("00_welcome", COURSE / "data")
    assert expected.done == 1  # the check, answered in full; the reflection is optional (go deeper), so not counted
    assert expected.label in status.inner_text()
