"""Walk the course as a learner: every module page, one after another by its "next" link, each
interactive, free of serious accessibility violations and of requests to other machines."""
from browsertools import ARTIFACTS, WIDGET, axe_scan, code_lines, modules, off_machine, slug


def test_walk_every_module_by_its_next_link(tab, site, axe_source, requests_seen):
    visited = []
    tab.locator("li.cl-module a").first.click()
    for _ in range(len(modules()) + 1):  # bounded: one step per module, then back home
        tab.wait_for_load_state()
        path = tab.url.removeprefix(site.base)
        if path == "/":
            break
        visited.append(path.rsplit("/", 1)[-1])
        tab.wait_for_selector(WIDGET, state="visible")
        name = visited[-1].removesuffix(".ipynb")
        assert tab.title().endswith("· Coaching Lab")
        shown = tab.locator("#rendered_cells").inner_text()
        assert not [line for line in code_lines(visited[-1]) if line in shown]  # no code on screen
        tab.screenshot(path=str(ARTIFACTS / f"module-{slug(name)}.png"))
        assert axe_scan(tab, axe_source, f"module-{slug(name)}") == [], name
        tab.locator("a[rel=next]").click()
    assert visited == modules()
    assert tab.url == f"{site.base}/"
    assert not off_machine(requests_seen)
