"""Is the marking server closed to everyone without its token, and does it keep learners anonymous?"""
import http.client
import json
import shutil
from http.cookies import SimpleCookie

import pytest
from gradingtools import ANALYSIS, COMPLETE
from markingtools import start_mark

CELL = "rubric-peer-lens"


@pytest.fixture(scope="module")
def course(cohort, tmp_path_factory):
    return shutil.copytree(cohort.course, tmp_path_factory.mktemp("mark-server") / "course", symlinks=True)


@pytest.fixture(scope="module")
def server(course):
    with start_mark(course) as m:
        yield {"port": int(m.group(2)), "token": m.group(3), "url": m.group(1)}


def ask(server, method, path, *, token=True, host=None, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=60)
    hdrs = {"Host": host or f"127.0.0.1:{server['port']}", **(headers or {})}
    if token:
        hdrs["Authorization"] = f"token {server['token']}"
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=hdrs)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def write(server, method, path, body, **kw):
    """A change, with the XSRF cookie (set by the page) and header that the page's script sends."""
    _, headers, _ = ask(server, "GET", "/")
    xsrf = SimpleCookie(headers["set-cookie"])["_xsrf"].value
    return ask(server, method, path, body=body, headers={"Cookie": f"_xsrf={xsrf}", "X-XSRFToken": xsrf}, **kw)


ROUTES = ["/", "/assets/mark.js", f"/api/questions/{CELL}", "/api/bank", "/favicon.ico", "/no/such/page"]


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_needs_the_token(server, path):
    """Is every route, the page's script and unknown paths included, refused without the token?"""
    assert ask(server, "GET", path, token=False)[0] == 403
    assert ask(server, "GET", path, token=False, headers={"Authorization": "token wrong"})[0] == 403


def test_another_host_name_is_refused_even_with_the_token(server):
    """Is a request naming another host (DNS rebinding) refused?"""
    assert ask(server, "GET", f"/api/questions/{CELL}", host=f"evil.example:{server['port']}")[0] == 400
    assert ask(server, "GET", f"/api/questions/{CELL}", host=f"localhost:{server['port']}")[0] == 200


def test_the_token_in_the_address_logs_in_with_a_private_cookie(server):
    """Does /?token= set an HttpOnly, SameSite=Strict cookie and leave the token out of the address?"""
    status, headers, _ = ask(server, "GET", f"/?token={server['token']}", token=False)
    assert status == 302 and headers["location"] == "./"
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    jar = SimpleCookie(cookie)
    login = {"Cookie": f"coachlab_mark={jar['coachlab_mark'].value}"}
    status, headers, page = ask(server, "GET", "/", token=False, headers=login)
    assert status == 200 and b"Marking jerome_case" in page
    assert "script-src 'self'" in headers["content-security-policy"] and "cdn" not in page.decode().lower()
    assert ask(server, "GET", "/?token=wrong", token=False)[0] == 403
    assert ask(server, "GET", "/?token=%C3%A9t%C3%A9", token=False)[0] == 403  # not ASCII: refused, no crash


def test_changes_need_the_xsrf_token(server):
    """Is a change without tornado's XSRF token refused, even with the login?"""
    status, _, _ = ask(server, "POST", "/api/bank", body={"key": "k", "text": "t"})
    assert status == 403


def test_blind_marking_never_sends_a_learner_id(server):
    """Do the learner list and answers carry codes only, never ids or names?"""
    _, _, queue = ask(server, "GET", f"/api/questions/{CELL}")
    codes = [entry["code"] for entry in json.loads(queue)["order"]]
    items = [ask(server, "GET", f"/api/questions/{CELL}/{code}")[2] for code in codes]
    text = (queue + b"".join(items)).decode()
    assert ANALYSIS[COMPLETE] in text
    for learner in ("ana", "ben", "dee", "hal"):
        assert f'"{learner}"' not in text
    assert all("learner" not in json.loads(item) and "name" not in json.loads(item) for item in items)


def test_a_mark_and_the_bank_are_saved_through_the_api(server, course):
    """Does a PUT write the mark into the gradebook, and the bank keep a comment in the course folder?"""
    _, _, queue = ask(server, "GET", f"/api/questions/{CELL}")
    code = json.loads(queue)["order"][0]["code"]
    status, _, body = write(server, "PUT", f"/api/questions/{CELL}/{code}", {"score": 2, "comment": "One view only."})
    assert status == 200 and json.loads(body)["score"] == 2
    assert write(server, "PUT", f"/api/questions/{CELL}/{code}", {"score": 9, "comment": ""})[0] == 400
    assert write(server, "PUT", f"/api/questions/{CELL}/{code}", {"score": "2", "comment": ""})[0] == 400
    status, _, body = write(server, "POST", "/api/bank", {"key": "one-view", "text": "Add a peer's view."})
    assert status == 200 and json.loads(body)["comments"] == [{"key": "one-view", "text": "Add a peer's view."}]
    status, _, body = write(server, "POST", "/api/bank", {"key": "bad key", "text": "x"})
    assert status == 400 and "not usable" in json.loads(body)["error"]
    kept = json.loads((course / ".coachlab" / "comment-bank-jerome_case.json").read_text())
    assert kept["comments"][0]["key"] == "one-view"


def test_names_are_shown_only_when_asked(course):
    """With --names, does each answer say whose it is?"""
    with start_mark(course, "--names") as m:
        server = {"port": int(m.group(2)), "token": m.group(3)}
        _, _, queue = ask(server, "GET", f"/api/questions/{CELL}")
        learners = {json.loads(ask(server, "GET", f"/api/questions/{CELL}/{e['code']}")[2])["learner"]
                    for e in json.loads(queue)["order"]}
    assert COMPLETE in learners


def test_learners_graded_after_the_page_opened_join_the_queue(cohort, tmp_path):
    """`coachlab grade` run again while marking: the next question opened lists the new learner too."""
    from gradingtools import ASSIGNMENT, EXERCISES, keys, work

    from coachlab.grading.mark_queue import MarkingSession
    from coachlab.grading.mark_server import Marking
    from coachlab.grading.pipeline import grade

    course = shutil.copytree(cohort.course, tmp_path / "course", symlinks=True)
    marking = Marking(MarkingSession(course, ASSIGNMENT))
    before = marking.session.order(CELL)
    assert marking.session.order(CELL) == before and marking.session is marking.session  # nothing new: not read again

    late = tmp_path / "inbox" / "kim" / ASSIGNMENT
    shutil.copytree(EXERCISES / ASSIGNMENT, late)
    work(late, ASSIGNMENT, checks=keys(ASSIGNMENT), play="coach",
         reflection={"analysis": "Kim writes late: the peers judged the impact they felt."})
    report = grade(ASSIGNMENT, course, from_folder=tmp_path / "inbox")
    assert report.having("graded")

    after = marking.session.order(CELL)
    assert len(after) == len(before) + 1 and set(before) < set(after)
    assert marking.session.learner(next(iter(set(after) - set(before)))) == "kim"
