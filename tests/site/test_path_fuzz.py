"""No request path makes the server fail: every spelling (NUL bytes, encoded and double-encoded
dots, overlong and broken UTF-8, unicode, backslashes, doubled slashes, very long paths...) on
every route gets an answer below 500, logged without a traceback, with the token and without."""
import socket

import pytest

PREFIXES = ["/", "/voila/render/", "/voila/files/", "/voila/static/", "/voila/templates/",
            "/voila/templates/coachlab/static/", "/voila/labextensions/", "/voila/api/themes/", "/voila/tree/",
            "/voila/api/contents/", "/api/kernels/", "/voila/api/shutdown/", "/login/", "/api/"]
SPELLINGS = [
    "%00", "%00.png", "a%00b.ipynb", "00_welcome.ipynb%00.png", "images/%00/x.png",
    "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "%c0%ae%c0%ae/x.png",
    "%e0%80%ae.png", "%ff.png", "%fe%ff", "%", "%zz", "%2", "x%", "%u002e%u002e/",
    "é.ipynb", "%C3%A9.png", "％２ｅ％２ｅ/x", "．．/．．/etc/passwd", "%E2%80%AE.png", "%F0%9F%98%80.png",
    "e%CC%81.ipynb", "%ED%A0%80.png",  # a lone surrogate, encoded
    "a" * 5000 + ".png", "a/" * 2000, "%2e" * 3000, "x" * 300 + ".ipynb",
    "..\\..\\etc\\passwd", "%5c..%5c..%5cetc%5cpasswd", "images\\public.png",
    "//", "///etc/passwd", "/.//./", "./", ".", "..", "...", "~", "~root/.ssh/id_rsa",
    ";", ";jsessionid=x", "x.png?x=%00", "%23", "%3f", "%20", "%09", "%0a", "%0d%0aSet-Cookie:%20x=1",
    "CON", "nul.png", "00_welcome.ipynb/", "00_welcome.ipynb/..", "00_WELCOME.IPYNB", "00_welcome.ipynb.",
    "00_welcome.ipynb::$DATA", "data/", "data", ".git/config", ".ipynb_checkpoints/", "lab/static/", "lab/static/..",
    "coachlab/static/%2e%2e/conf.json", "coachlab/x/y", "coachlab",
]


def raw_get(site, path: str, token: bool, method: str = "GET") -> tuple[int, bytes]:
    """Send *path* byte for byte (no client-side checks or normalisation); returns status and body."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{site.port}\r\nConnection: close\r\nContent-Length: 0\r\n"
    if token:
        head += f"Authorization: token {site.token}\r\n"
    with socket.create_connection(("127.0.0.1", site.port), timeout=60) as s:
        s.sendall((head + "\r\n").encode("utf-8", "surrogateescape"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("token", [True, False], ids=["with-token", "without-token"])
def test_no_path_spelling_makes_the_server_fail(course_site, token):
    failed = []
    for prefix in PREFIXES:
        for spelling in SPELLINGS:
            status, body = raw_get(course_site, prefix + spelling, token)
            if status >= 500 or (status in (403, 404) and not body.strip()):
                failed.append((prefix + spelling[:40], status))
    assert not failed
    assert "Traceback" not in course_site.log and "Uncaught exception" not in course_site.log


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
def test_other_methods_do_not_make_the_server_fail(course_site, method):
    for path in ["/", "/voila/render/00_welcome.ipynb", "/voila/files/%00", "/voila/static/voila.js",
                 "/api/kernels/00000000-0000-0000-0000-000000000000", "/voila/api/shutdown/%2e%2e", "/login"]:
        status, _ = raw_get(course_site, path, token=True, method=method)
        assert status < 500, (method, path, status)
    assert "Traceback" not in course_site.log
