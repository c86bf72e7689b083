"""A learner's typing survives the browser: an immediate reload, a second tab, a dead kernel."""
import json
import re
import time

from browsertools import WIDGET, open_module

MODULE = "00_welcome.ipynb"
KEY = "reflection/first-look"


def saved_answers(site):
    path = site.data / "00_welcome.json"
    try:
        records = json.loads(path.read_text())["records"]
    except (FileNotFoundError, json.JSONDecodeError):
        records = {}
    saved_answers.last = records.get(KEY, {}).get("value", {}).get("answers", {})
    return saved_answers.last


def wait_until(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out; on disk: {json.dumps(saved_answers.last)[:300]}"
        time.sleep(0.1)


def type_into(tab, label, text):
    field = tab.get_by_label(label)
    field.click()
    field.press("Control+a")
    tab.keyboard.type(text, delay=2)


def test_typing_then_reloading_at_once_keeps_the_text(tab, site):
    """Type, reload immediately (answering the page's "leave?" question), and find every character kept."""
    tab.on("dialog", lambda dialog: dialog.accept())
    open_module(tab, site, MODULE)
    text = f"Reloaded at once {time.time():.0f}: every last character counts"
    type_into(tab, "Evaluation", text)
    tab.reload()
    tab.wait_for_selector(WIDGET, state="visible")
    wait_until(lambda: saved_answers(site).get("evaluation") == text)
    tab.reload()
    tab.wait_for_selector(WIDGET, state="visible")
    assert tab.get_by_label("Evaluation").input_value() == text
    # the kernel acknowledged the text (same signature in Python and in the page): no draft is left behind
    tab.wait_for_function("!Object.keys(sessionStorage).some(k => k.startsWith('cl-draft:'))")


def test_two_tabs_keep_both_answers_and_show_each_other_the_newer_text(tab, site):
    """Two tabs (two kernels) edit two prompts: is each kept, and does each tab come to show the other's text?"""
    second = tab.context.new_page()
    second.set_default_timeout(60_000)
    open_module(tab, site, MODULE)
    open_module(second, site, MODULE)
    mine, theirs = f"Tab one {time.time():.0f}", f"Tab two {time.time():.0f}"
    type_into(tab, "Feelings", mine)
    type_into(second, "Evaluation", theirs)
    wait_until(lambda: saved_answers(site).get("feelings") == mine and saved_answers(site).get("evaluation") == theirs)
    wait_until(lambda: tab.get_by_label("Evaluation").input_value() == theirs)  # tab one re-reads the file
    assert tab.locator(".coachlab-reflection .coachlab-notice").get_by_text("another tab").count() == 1
    wait_until(lambda: second.get_by_label("Feelings").input_value() == mine)
    second.close()


def test_a_dead_kernel_is_visible_and_nothing_claims_saved(tab, site):
    """Kill the page's kernel: does the page say the connection was lost, offer a reload, never say Saved,
    and does the reload bring back (and save) what was typed meanwhile?"""
    sockets = []
    tab.on("websocket", lambda ws: sockets.append(ws.url))
    open_module(tab, site, MODULE)
    kernel = next(m.group(1) for url in sockets if (m := re.search(r"/api/kernels/([0-9a-f-]{36})/channels", url)))
    site.kernel_processes()[kernel].kill()
    notice = tab.get_by_role("alert").filter(has_text="connection to the course server was lost")
    notice.wait_for()
    lost_text = "typed after the kernel died"
    type_into(tab, "Feelings", lost_text)
    status = tab.locator(".coachlab-reflection .coachlab-status")
    assert "Not saved" in status.inner_text() and "Saved " not in status.inner_text()
    assert notice.get_by_role("button", name="Reload the page").is_visible()
    assert saved_answers(site).get("feelings") != lost_text
    notice.get_by_role("button", name="Reload the page").click()  # the text typed meanwhile comes back, and saves
    wait_until(lambda: saved_answers(site).get("feelings") == lost_text)
    assert tab.get_by_label("Feelings").input_value() == lost_text
