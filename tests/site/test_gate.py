"""Every route, static files included, is behind the Host check and the token; only the login page
answers without the token, and it needs nothing else from the server to show."""
import re

import pytest

ROUTES = [
    "/", "/voila/render/00_welcome.ipynb", "/voila/tree", "/voila/api/contents",
    "/voila/static/voila.js", "/voila/templates/coachlab/static/coachlab.css",
    "/voila/templates/lab/static/index.css",
    "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json",
    "/voila/api/themes/@jupyterlab/theme-light-extension/index.css", "/voila/files/images/missing.png",
    "/api/kernels/00000000-0000-0000-0000-000000000000", "/no/such/route",
]


@pytest.mark.parametrize("path", ROUTES)
def test_without_the_token_every_route_sends_to_the_login_page(course_site, path):
    """(A script's API route is refused outright instead.)"""
    status, headers, body = course_site.get(path, auth=False)
    if path.startswith("/api/"):
        assert status == 403 and b"kernel" not in body
    else:
        assert status == 302 and headers["location"].startswith("/login?next="), (path, status)
        assert body == b""


@pytest.mark.parametrize("path", ROUTES + ["/login"])
def test_another_host_name_is_refused_on_every_route(course_site, path):
    status, _, body = course_site.get(path, headers={"Host": "rebind.example:8866"})
    assert status == 403, (path, status)
    assert (b"Forbidden" if path.startswith("/api/") else b"This page cannot be opened here") in body


def test_posting_without_the_token_is_refused(course_site):
    status, _, _ = course_site.get("/voila/api/shutdown/00000000-0000-0000-0000-000000000000", auth=False,
                                   method="POST")
    assert status == 403


def test_the_routes_answer_once_logged_in(course_site):
    """The refusals above are the gate, not dead routes: with the token, the same files come through."""
    for path in ["/voila/static/voila.js", "/voila/templates/coachlab/static/coachlab.css",
                 "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json"]:
        assert course_site.get(path)[0] == 200, path


def test_the_login_page_shows_without_the_token_and_needs_no_other_file(course_site):
    status, _, body = course_site.get("/login?next=%2F", auth=False)
    html = body.decode()
    assert status == 200 and "Open the course" in html and 'name="_xsrf"' in html
    assert '<label for="password_input">' in html
    assert not re.search(r"<(link|script)[^>]+(href|src)=\"(?!data:)", html)  # stylesheet inline, no script


def test_the_key_typed_on_the_login_page_lets_the_browser_in(course_site):
    import requests

    http = requests.Session()
    http.get(f"{course_site.base}/login?next=%2F")
    response = http.post(f"{course_site.base}/login?next=%2F", allow_redirects=False,
                         data={"password": course_site.token, "_xsrf": http.cookies["_xsrf"]})
    assert response.status_code == 302 and response.headers["location"] == "/"
    assert "Modules" in http.get(f"{course_site.base}/").text
    wrong = requests.Session()
    wrong.get(f"{course_site.base}/login")
    response = wrong.post(f"{course_site.base}/login", data={"password": "guess", "_xsrf": wrong.cookies["_xsrf"]})
    assert "Open the course" in response.text and "Modules" not in wrong.get(f"{course_site.base}/").text


def handshake(site, kernel: str, host: str, token: bool) -> int:
    """The status a websocket handshake to a kernel's channels gets (101: switching protocols)."""
    import socket

    request = (f"GET /api/kernels/{kernel}/channels HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               + (f"Authorization: token {site.token}\r\n" if token else "") + "\r\n")
    with socket.create_connection(("127.0.0.1", site.port), timeout=60) as s:
        s.sendall(request.encode())
        return int(s.recv(4096).split(b"\r\n", 1)[0].split()[1])


def test_a_kernels_websocket_needs_the_token_and_this_machines_name(course_site):
    kernel = next(iter(course_site.wait_for_warm_kernel()))
    here = f"127.0.0.1:{course_site.port}"
    assert handshake(course_site, kernel, here, token=False) == 403
    assert handshake(course_site, kernel, "rebind.example", token=True) == 403
    assert handshake(course_site, kernel, here, token=True) == 101  # the gate, not a dead route
