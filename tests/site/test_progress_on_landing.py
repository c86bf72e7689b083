"""The landing page shows each module's progress from the answer store, read on every visit."""
import re
import json

import pytest
from sitetools import Page

from siteprocess import SiteProcess

MODULES = {
    "01_alpha": ("Alpha", "reflections:\n  r1:\n    prompts:\n      - id: a\n"
                          "checks:\n  c1:\n    title: Quiz\n    questions:\n      - id: q1\n      - id: q2\n"),
    "02_beta": ("Beta", "roleplays:\n  - interview\n"),
    "03_gamma": ("Gamma", None),
    "04_delta": ("Delta", "reflections:\n  r1:\n    prompts:\n      - id: a\n"),
}


def notebook(title: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "id": "a",
                                  "source": [f"# {title}\n\n**Time:** about 10 minutes\n\nA short module."]}],
                       "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                       "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "data").mkdir()
    for name, (title, data) in MODULES.items():
        (course / f"{name}.ipynb").write_text(notebook(title))
        if data:
            (course / "data" / f"{name}.yaml").write_text(f"lesson: {name}\n{data}")
    answers = tmp_path_factory.mktemp("answers")
    with SiteProcess(course, answers, extra=["--pool-size", "0"]) as s:
        s.answers = answers
        yield s


def save(site, lesson, records):
    stamp = "2024-01-01T00:00:00+00:00"
    payload = {"schema": 1, "records": {k: {"schema": 1, "saved_at": stamp, "value": v} for k, v in records.items()}}
    (site.answers / f"{lesson}.json").write_text(json.dumps(payload))


def statuses(site):
    entries = Page(site.get("/")[2].decode()).modules
    return {e["href"].rsplit("/", 1)[-1][:-6]: (e["class"].split("cl-status-")[-1], e["status"].removeprefix("Your progress: "))
            for e in entries}


def test_nothing_saved_yet(site):
    for f in site.answers.iterdir():
        f.unlink()
    assert statuses(site) == {
        "01_alpha": ("not-started", "○ Not started"), "02_beta": ("not-started", "○ Not started"),
        "03_gamma": ("no-exercises", "– Reading only"), "04_delta": ("not-started", "○ Not started")}


def test_statuses_follow_the_store_on_each_visit(site):
    save(site, "01_alpha", {"reflection/r1": {"answers": {"a": "x"}}, "check/c1": {"questions": {"q1": {"chosen": ["o"]}}}})
    save(site, "02_beta", {"roleplay/interview": {"roles": {"manager": {"path": ["a"]}}}})
    seen = statuses(site)
    assert seen["01_alpha"] == ("in-progress", "◐ In progress (1 of 2 done)")
    assert seen["02_beta"] == ("in-progress", "◐ In progress (0 of 1 done)")

    save(site, "01_alpha", {"reflection/r1": {"answers": {"a": "x"}},
                            "check/c1": {"questions": {"q1": {"chosen": ["o"]}, "q2": {"chosen": ["p"]}}}})
    save(site, "02_beta", {"roleplay/interview": {"plays": [{"role": "manager", "path": ["a"], "ending": "good"}]}})
    seen = statuses(site)
    assert seen["01_alpha"] == ("done", "✓ Done") and seen["02_beta"] == ("done", "✓ Done")


def test_the_next_module_to_open_is_offered(site):
    """Is the learner sent back where they left off, with the next exercise named and the time left?"""
    save(site, "01_alpha", {"reflection/r1": {"answers": {"a": "x"}}})
    html = site.get("/")[2].decode()
    page = Page(html)
    assert ("/voila/render/01_alpha.ipynb", "Continue where you left off: Alpha →") in page.links
    assert "Next in this module: Quiz" in " ".join(page.text)
    assert re.search(r"About \d+ minutes left on the core path", " ".join(page.text))


def test_a_damaged_store_is_reported_in_words_and_left_alone(site):
    (site.answers / "04_delta.json").write_text("{ damaged")
    status, words = statuses(site)["04_delta"]
    assert status == "unreadable" and words.startswith("⚠ Saved answers could not be read (04_delta.json: ")
    assert (site.answers / "04_delta.json").read_text() == "{ damaged"
    assert not [f for f in site.answers.iterdir() if ".corrupt-" in f.name]
