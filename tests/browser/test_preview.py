"""The author's preview page (`coachlab preview`) in Chromium: axe-clean, offline, and each choice's
feedback shown when the keyboard reaches it."""
from pathlib import Path

from browsertools import ARTIFACTS, axe_scan

from coachlab.views.preview_html import write_preview

SCENARIO = Path(__file__).resolve().parents[2] / "course" / "data" / "scenarios" / "jerome_backlash.yaml"


def test_preview_is_accessible_offline_and_keyboard_operable(chromium, axe_source, tmp_path):
    out, _ = write_preview(SCENARIO, tmp_path / "preview.html")
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    tab = context.new_page()
    try:
        tab.goto(out.as_uri())
        assert axe_scan(tab, axe_source, "author-preview") == []
        first = tab.locator("ul.choices a").first
        info = tab.locator("ul.choices .info").first
        assert not info.is_visible()
        tab.keyboard.press("Tab")
        while not tab.evaluate("() => document.activeElement.closest('ul.choices') !== null"):
            tab.keyboard.press("Tab")
        assert info.is_visible() and "Feedback:" in info.inner_text()
        target = first.get_attribute("href")
        tab.keyboard.press("Enter")
        assert tab.evaluate("() => location.hash") == target
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "author-preview.png"))
        assert [u for u in seen if not u.startswith("file:")] == []
    finally:
        context.close()
