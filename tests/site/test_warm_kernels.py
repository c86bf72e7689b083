"""Pages get a kernel from the warm pool, and still show the answers saved the moment before."""
import time

from sitetools import KernelChannel

from siteprocess import kernel_id_of
from coachlab.store import AnswerStore


def test_a_page_gets_a_kernel_warmed_before_it_was_asked_for(course_site):
    waiting = course_site.wait_for_warm_kernel()
    _, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) in waiting


def test_answers_saved_after_the_kernel_was_warmed_show_on_the_page(course_site, monkeypatch):
    """The pool must not run notebooks early (Voila's preheat does): a reload must show the latest answers."""
    waiting = course_site.wait_for_warm_kernel()  # warmed before the answer below exists
    text = f"Jerome offered to help at {time.time()}"
    monkeypatch.setenv("COACHLAB_DATA", str(course_site.data))
    AnswerStore.for_lesson("00_welcome").put("reflection/first-look", {"answers": {"description": text}})
    _, _, body = course_site.get("/voila/render/00_welcome.ipynb")
    assert kernel_id_of(body.decode()) in waiting
    with KernelChannel(course_site, kernel_id_of(body.decode())) as kernel:
        values = [s.get("value") for s in kernel.widget_states() if s.get("_model_name") == "TextareaModel"]
    assert text in values
