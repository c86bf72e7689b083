"""The landing page lists the course's modules, in order, with title, time and description."""
import json

from sitetools import COURSE, Page


def course_notebooks():
    return sorted(p.name for p in COURSE.glob("*.ipynb"))


def test_lists_every_course_notebook_in_file_order(course_site):
    """Does the landing page link every course/*.ipynb, in order, to its module page?"""
    status, _, body = course_site.get("/")
    assert status == 200
    hrefs = [m["href"] for m in Page(body.decode()).modules]
    assert hrefs == [f"/voila/render/{name}" for name in course_notebooks()]


def test_each_entry_shows_title_time_description_and_progress_in_words(course_site):
    """Is the welcome module shown with its heading, its stated time, its first sentence and a status?"""
    nb = json.loads((COURSE / "00_welcome.ipynb").read_text())
    heading = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    [welcome] = [m for m in Page(course_site.get("/")[2].decode()).modules if m["href"].endswith("00_welcome.ipynb")]
    assert heading in welcome["text"]
    assert "About 10 minutes, 5 more to go deeper" in welcome["text"]
    assert "Coaching Lab is a practical course in coaching leadership" in welcome["text"]
    assert "Your progress: ○ Not started" in welcome["text"]  # words, not a colour


def test_page_is_never_cached(course_site):
    """Is the landing page sent with no-store, so progress is current after the back button?"""
    _, headers, _ = course_site.get("/")
    assert "no-store" in headers["cache-control"]
