"""At a phone's width (390 px) the forms stay usable: text fields full width, the Mendelow grid whole."""
import pytest

from browsertools import ARTIFACTS, WIDGET

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, site):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(site.url)
    yield page
    context.close()


def _fits(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(selector, """els => els.filter(e => e.offsetParent !== null).map(e => {
        const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; })""")


def test_text_fields_take_the_screen_width(phone, site):
    """Are the welcome's text fields (nearly) as wide as the screen, not squeezed beside their labels?"""
    phone.goto(f"{site.base}/voila/render/00_welcome.ipynb")
    phone.wait_for_selector(WIDGET, state="visible")
    fields = _fits(phone, ".coachlab-widget textarea")
    assert fields and all(f["width"] >= 0.7 * PHONE["width"] and f["right"] <= PHONE["width"] for f in fields), fields
    phone.screenshot(path=str(ARTIFACTS / "phone-welcome.png"), full_page=True)


def test_the_mendelow_grid_is_not_cut_off(phone, site):
    """Does the stakeholder map's grid fit the screen (scaled), rather than running off its right edge?"""
    phone.goto(f"{site.base}/voila/render/02_jerome.ipynb")
    phone.wait_for_selector(".coachlab-widget svg", state="attached")
    grids = _fits(phone, ".coachlab-widget svg")
    assert grids and all(g["right"] <= PHONE["width"] + 1 for g in grids), grids
