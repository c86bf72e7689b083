"""Module pages run ahead of time open from the pool, and never with answers older than those on disk."""
import json
import re
import shutil
import time

import pytest
from sitetools import COURSE, KernelChannel, wait_until

from siteprocess import SiteProcess, kernel_id_of
from coachlab.store import AnswerStore

MODULES = sorted(p.name for p in COURSE.glob("[0-9][0-9]_*.ipynb"))


def textarea_values(site, kernel_id: str) -> list[str]:
    with KernelChannel(site, kernel_id) as kernel:
        return [s.get("value") for s in kernel.widget_states() if s.get("_model_name") == "TextareaModel"]


def test_every_module_is_made_ready_and_the_page_comes_from_its_kernel(course_site):
    for module in sorted(MODULES):
        course_site.wait_for_ready_page(module)
    ready = course_site.wait_for_ready_page("01_coaching_leadership.ipynb")
    status, _, body = course_site.get("/voila/render/01_coaching_leadership.ipynb")
    assert status == 200
    assert kernel_id_of(body.decode()) == ready
    course_site.wait_for_log(f"using ready page of 01_coaching_leadership.ipynb (kernel {ready})")
    assert "coachlab-widget" in body.decode()  # the widgets' views, rendered when the module ran
    assert textarea_values(course_site, ready)  # and their models live in that kernel


def test_answers_saved_after_the_page_was_made_show_on_the_page(course_site, monkeypatch):
    """What Voila's preheating gets wrong: a page run before the learner answered must not be handed out."""
    ready = course_site.wait_for_ready_page("00_welcome.ipynb")  # ran before the answer below exists
    text = f"Jerome offered to help at {time.time()}"
    monkeypatch.setenv("COACHLAB_DATA", str(course_site.data))
    AnswerStore.for_lesson("00_welcome").put("reflection/first-look", {"answers": {"description": text}})

    _, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    kernel = kernel_id_of(body.decode())
    assert kernel != ready
    course_site.wait_for_log(f"ready page of 00_welcome.ipynb (kernel {ready}) dropped")
    assert text in textarea_values(course_site, kernel)

    again = course_site.wait_for_ready_page("00_welcome.ipynb", other_than=ready)  # made again, with the answer
    _, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) == again
    assert text in textarea_values(course_site, again)


def test_a_page_that_shows_another_modules_answers_is_dropped_when_those_change(course_site, monkeypatch):
    """Module 5 charts the ratings of the Welcome: a new rating there makes Module 5's ready page stale."""
    ready = course_site.wait_for_ready_page("05_my_plan.ipynb")
    monkeypatch.setenv("COACHLAB_DATA", str(course_site.data))
    AnswerStore.for_lesson("00_welcome").put("self_assessment/baseline", {"ratings": {"icf-2": 2}})

    _, _, body = course_site.get("/voila/render/05_my_plan.ipynb")
    assert kernel_id_of(body.decode()) != ready
    course_site.wait_for_log(f"ready page of 05_my_plan.ipynb (kernel {ready}) dropped")


def test_one_ready_page_per_module_and_the_dropped_ones_stopped(course_site):
    for module in MODULES:
        course_site.wait_for_ready_page(module)
    ready = course_site.ready_pages()
    assert set(ready) == set(MODULES) and len(set(ready.values())) == len(MODULES)
    assert set(ready.values()) <= course_site.kernel_ids()
    dropped = set(re.findall(r"ready page of \S+ \(kernel ([0-9a-f-]{36})\) dropped", course_site.log))
    wait_until(lambda: not dropped & course_site.kernel_ids(), 30, "the dropped pages' kernels to stop")


@pytest.fixture(scope="module")
def authors_site(tmp_path_factory):
    """A copy of the course an author edits while the site runs, with one page kept ready."""
    root = tmp_path_factory.mktemp("authoring")
    shutil.copytree(COURSE, root / "course")
    with SiteProcess(root / "course", root / "answers", extra=["--ready-pages", "1"]) as site:
        site.course = root / "course"
        yield site


def test_only_the_next_module_is_kept_ready_when_asked_for_one(authors_site):
    authors_site.wait_for_ready_page("00_welcome.ipynb")  # a new learner's next module: the first
    authors_site.wait_for_warm_kernel()
    assert list(authors_site.ready_pages()) == ["00_welcome.ipynb"]


def test_an_edited_notebook_or_data_file_is_not_served_from_a_page_made_before(authors_site):
    notebook = authors_site.course / "00_welcome.ipynb"
    ready = authors_site.wait_for_ready_page("00_welcome.ipynb")
    nb = json.loads(notebook.read_text())
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nAn author added this sentence."
    notebook.write_text(json.dumps(nb))
    _, _, body = authors_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) != ready
    assert "An author added this sentence." in body.decode()

    again = authors_site.wait_for_ready_page("00_welcome.ipynb", other_than=ready)
    data = authors_site.course / "data" / "00_welcome.yaml"
    data.write_text(data.read_text().replace("Five of the eight ICF core competencies", "Five ICF competencies"))
    _, _, body = authors_site.get("/voila/render/00_welcome.ipynb")
    kernel = kernel_id_of(body.decode())
    assert kernel != again
    with KernelChannel(authors_site, kernel) as channel:
        shown = " ".join(str(s.get("value")) for s in channel.widget_states())
    assert "Five ICF competencies" in shown and "Five of the eight" not in shown
