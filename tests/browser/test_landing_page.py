"""The landing page in a real browser: the modules with progress in words, usable by keyboard,
no serious accessibility problem, nothing fetched from another machine."""
from browsertools import ARTIFACTS, WIDGET, axe_scan, modules, off_machine

STATUS_WORDS = ("Not started", "In progress", "Done", "Reading only")


def test_lists_the_modules_with_their_progress(tab):
    assert tab.get_by_role("heading", level=1).inner_text() == "Coaching Lab"
    items = tab.locator("li.cl-module")
    assert items.count() == len(modules())
    for i, name in enumerate(modules()):
        item = items.nth(i)
        assert item.get_by_role("link").get_attribute("href") == f"/voila/render/{name}"
        status = item.locator(".cl-status").inner_text()
        assert any(word in status for word in STATUS_WORDS), status
        assert item.locator(".cl-icon").get_attribute("aria-hidden") == "true"  # the icon only decorates
    tab.screenshot(path=str(ARTIFACTS / "landing.png"))


def test_no_serious_accessibility_violation(tab, axe_source):
    assert axe_scan(tab, axe_source, "landing") == []


def test_nothing_is_requested_from_another_machine(tab, requests_seen):
    tab.reload()
    assert requests_seen and not off_machine(requests_seen)


def test_a_module_opens_by_keyboard_alone(tab):
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to the modules"
    first = f"/voila/render/{modules()[0]}"
    for _ in range(10):  # skip link, brand, the "start" button...
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('href')") == first:
            break
    assert tab.evaluate("document.activeElement.getAttribute('href')") == first
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**{first}")
    tab.wait_for_selector(WIDGET, state="visible")
