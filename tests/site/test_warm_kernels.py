"""Pages without a ready page get a kernel from the warm pool, and still show the answers saved the moment before."""
import time

import pytest
from sitetools import COURSE, KernelChannel

from siteprocess import SiteProcess, kernel_id_of
from coachlab.store import AnswerStore


@pytest.fixture(scope="module")
def warm_only_site(tmp_path_factory):
    """The course with warm kernels but no module run ahead of time (``--ready-pages 0``)."""
    data = tmp_path_factory.mktemp("answers-warm")
    with SiteProcess(COURSE, data, extra=["--ready-pages", "0"]) as site:
        site.data = data
        yield site


def test_a_page_gets_a_kernel_warmed_before_it_was_asked_for(warm_only_site):
    waiting = warm_only_site.wait_for_warm_kernel()
    _, _, body = warm_only_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) in waiting
    assert not warm_only_site.ready_pages()


def test_answers_saved_after_the_kernel_was_warmed_show_on_the_page(warm_only_site, monkeypatch):
    """A warm kernel only started and imported: the page's widgets read the answers saved when it was asked for."""
    waiting = warm_only_site.wait_for_warm_kernel()  # warmed before the answer below exists
    text = f"Jerome offered to help at {time.time()}"
    monkeypatch.setenv("COACHLAB_DATA", str(warm_only_site.data))
    AnswerStore.for_lesson("00_welcome").put("reflection/first-look", {"answers": {"description": text}})
    _, _, body = warm_only_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) in waiting
    with KernelChannel(warm_only_site, kernel_id_of(body.decode())) as kernel:
        values = [s.get("value") for s in kernel.widget_states() if s.get("_model_name") == "TextareaModel"]
    assert text in values
