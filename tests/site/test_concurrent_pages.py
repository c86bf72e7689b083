"""Many module pages requested at once all render, each with a kernel of its own."""
from concurrent.futures import ThreadPoolExecutor

from siteprocess import kernel_id_of

PAGES = 8


def test_pages_requested_together_all_render(course_site):
    with ThreadPoolExecutor(PAGES) as pool:
        results = list(pool.map(lambda _: course_site.get("/voila/render/00_welcome.ipynb", timeout=180), range(PAGES)))
    assert [status for status, _, _ in results] == [200] * PAGES
    bodies = [body.decode() for _, _, body in results]
    assert all(body.rstrip().endswith("</html>") and "voila_finish" in body for body in bodies)
    assert len({kernel_id_of(body) for body in bodies}) == PAGES
    assert "died" not in course_site.log and "Address already in use" not in course_site.log
