"""No route lists folders or hands out notebooks, terminals or Jupyter's APIs."""
import pytest

CLOSED = ["/api/contents", "/api/contents/00_welcome.ipynb", "/voila/api/contents", "/voila/api/contents/data",
          "/api/kernels", "/api/sessions", "/api/terminals", "/terminals/1", "/api/kernelspecs", "/tree", "/lab",
          "/notebooks/00_welcome.ipynb", "/files/00_welcome.ipynb", "/nbconvert/html/00_welcome.ipynb",
          "/api/config/notebook", "/api/nbconvert", "/voila/render/", "/voila/render"]


@pytest.mark.parametrize("path", CLOSED)
def test_closed(course_site, path):
    status, _, body = course_site.get(path)
    assert status == 404, (path, status)
    assert b"00_welcome" not in body and b"data/" not in body


@pytest.mark.parametrize("path", ["/voila/tree", "/voila/tree/", "/voila/tree/data"])
def test_voilas_file_tree_is_replaced_by_the_landing_page(course_site, path):
    status, headers, body = course_site.get(path)
    assert status == 302 and headers["location"] == "/" and b"00_welcome" not in body


def test_a_terminal_cannot_be_opened(course_site):
    status, _, _ = course_site.get("/api/terminals", method="POST", headers={"Content-Length": "0"})
    assert status in (403, 404, 405)
