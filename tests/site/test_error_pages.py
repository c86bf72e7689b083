"""A refused or missing page is answered in the course's look, in words a learner can act on, and
logged in one line with its reason; never a blank page or a traceback."""
from sitetools import Page, wait_until


def lines_about(site, path):
    return [line for line in site.lines if path in line]


def test_a_missing_page_says_so_in_the_course_look_and_logs_one_line(course_site):
    path = "/voila/render/no_such_module.ipynb"
    status, headers, body = course_site.get(path)
    page = Page(body.decode())
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert "There is no such page in the course" in page.plain
    assert ("/", "Go to all modules") in page.links
    wait_until(lambda: lines_about(course_site, path), 10, "the log line")
    [line] = lines_about(course_site, path)
    assert "404 GET" in line


def test_a_refused_request_gives_its_reason_in_one_line_and_no_traceback(course_site):
    path = "/voila/files/data/00_welcome.yaml"  # a data file: not an image, refused
    status, _, body = course_site.get(path)
    assert status == 403 and "This page cannot be opened here" in Page(body.decode()).plain
    wait_until(lambda: lines_about(course_site, path), 10, "the log line")
    [line] = lines_about(course_site, path)
    assert "403 GET" in line and "allowlisted" in line
    assert "Traceback" not in course_site.log and "Uncaught exception" not in course_site.log


def test_api_routes_answer_in_json(course_site):
    status, headers, body = course_site.get("/api/kernels/00000000-0000-0000-0000-000000000000")
    assert status == 404 and headers["content-type"].startswith("application/json") and b"Not Found" in body
