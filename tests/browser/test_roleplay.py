"""Play a course role-play to an ending in the browser, reload, and find the ending kept."""
import json

import pytest
from browsertools import ARTIFACTS, WIDGET, axe_scan, modules_with, open_module

WITH_ROLEPLAY = modules_with(".roleplay(")


@pytest.mark.skipif(not WITH_ROLEPLAY, reason="no course module has a role-play yet (modules 02 and 03 will "
                    "add them); the RolePlay widget itself is tested from Python in tests/test_roleplay_widget.py")
def test_play_to_an_ending_and_find_it_after_a_reload(tab, site, axe_source):
    module = WITH_ROLEPLAY[0]
    open_module(tab, site, module)
    play = tab.locator(".coachlab-roleplay").first
    play.scroll_into_view_if_needed()
    for made in range(60):  # bounded: a scenario ends long before
        if "ending reached" in play.inner_text():
            break
        try:
            play.locator("button.coachlab-choice").first.click(timeout=30_000)
            # The progress line is updated last after a choice, so once it counts this choice the
            # buttons, transcript and debrief shown are the new ones (not a half-updated page).
            tab.wait_for_function("([el, n]) => el.innerText.includes(n + ' choice')",
                                  arg=[play.element_handle(), made + 1], timeout=30_000)
        except Exception:
            tab.screenshot(path=str(ARTIFACTS / "roleplay-stuck.png"))
            raise AssertionError(f"the role-play stopped responding; it shows:\n{play.inner_text()[-1500:]}") from None
    assert "ending reached" in play.inner_text()
    ending = play.get_by_text("Ending:").first
    ending.evaluate("el => el.scrollIntoView({block: 'start'})")
    assert ending.is_visible()
    tab.screenshot(path=str(ARTIFACTS / "roleplay-ending.png"))
    assert axe_scan(tab, axe_source, "roleplay-ending") == []

    lesson = module.removesuffix(".ipynb")
    records = json.loads((site.data / f"{lesson}.json").read_text())["records"]
    assert any(r["value"].get("plays") for k, r in records.items() if k.startswith("roleplay/"))

    tab.reload()
    tab.wait_for_selector(WIDGET, state="visible")
    assert "ending reached" in tab.locator(".coachlab-roleplay").first.inner_text()
