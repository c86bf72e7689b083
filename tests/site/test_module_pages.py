"""A module page: the notebook run by Voila with its code stripped, in our template, with navigation."""
import json
import re

import pytest
import yaml
from sitetools import COURSE, Page

NOTEBOOKS = sorted(p.name for p in COURSE.glob("*.ipynb"))


@pytest.fixture(scope="module")
def pages(course_site):
    out = {}
    for name in NOTEBOOKS:
        status, _, body = course_site.get(f"/voila/render/{name}")
        assert status == 200, name
        out[name] = body.decode()
    return out


def code_lines(name):
    nb = json.loads((COURSE / name).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            yield from (line.strip() for line in "".join(cell["source"]).splitlines() if len(line.strip()) > 8)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_code_reaches_the_page(pages, name):
    """Is every code line of the notebook absent from the page (sources stripped)?"""
    lines = list(code_lines(name))
    assert lines, "a course module without code cells would make this test vacuous"
    leaked = [line for line in lines if line in pages[name]]
    assert not leaked


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_texts_of_the_module_are_there(pages, name):
    nb = json.loads((COURSE / name).read_text())
    first = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    assert first in Page(pages[name]).plain


def test_answer_feedback_stays_in_the_kernel(pages):
    """Are the knowledge check's verdicts and feedback absent from the page until the learner answers?"""
    data = yaml.safe_load((COURSE / "data" / "00_welcome.yaml").read_text())
    feedback = [o["feedback"] for c in data["checks"].values() for q in c["questions"] for o in q["options"]]
    assert feedback and not [f for f in feedback if f[:60] in pages["00_welcome.ipynb"]]


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)))
def test_previous_and_next_links_follow_the_course_order(pages, index):
    """Do "previous" and "next" lead to the neighbouring modules (the landing page at either end)?"""
    html = pages[NOTEBOOKS[index]]
    expected_prev = f"/voila/render/{NOTEBOOKS[index - 1]}" if index else "/"
    expected_next = f"/voila/render/{NOTEBOOKS[index + 1]}" if index + 1 < len(NOTEBOOKS) else "/"
    rel = {rel: href for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', html)}
    assert rel == {"prev": expected_prev, "next": expected_next}
    assert ("/", "All modules") in Page(html).links


def test_the_page_uses_our_template_and_nothing_from_a_cdn(pages):
    html = pages["00_welcome.ipynb"]
    assert "/voila/templates/coachlab/static/coachlab.css" in html
    assert "cdn.jsdelivr.net" not in html and "cdnjs" not in html and "https://" not in html.split("</head>")[0]


def test_query_arguments_cannot_switch_template_or_theme(course_site):
    """Could ?template= or ?theme= render the module differently (e.g. a template showing code)?"""
    _, _, body = course_site.get("/voila/render/00_welcome.ipynb?template=base&theme=dark")
    html = body.decode()
    assert "coachlab.css" in html and 'data-jp-theme-name="JupyterLab Light"' in html


def test_a_notebook_that_is_not_a_module_is_not_rendered(planted_site):
    """Is a notebook reached through a symlink out of course/ refused, though its name is in course/?"""
    assert (planted_site.course / "98_leak.ipynb").is_symlink()
    status, _, body = planted_site.get("/voila/render/98_leak.ipynb")
    assert status == 404 and b"PLANTED" not in body
