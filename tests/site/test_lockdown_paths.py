"""Nothing outside course/, nor its data, code or hidden files, can be fetched: traversal in every
spelling, absolute paths and symlinks get 403 or 404, on every route that reads files."""
import pytest
from sitetools import SECRET

TARGETS = {  # what an attacker wants: a solutions notebook, an image outside, an answer key inside
    "nb": "solutions/ps1/ps1.ipynb", "png": "solutions/ps1/key.png", "outside": "outside.png",
}
PREFIXES = ["/voila/render/", "/voila/files/", "/voila/static/", "/voila/templates/coachlab/static/",
            "/voila/labextensions/", "/voila/api/themes/", "/voila/tree/", "/voila/api/contents/"]


def spellings(rel: str, root: str) -> list[str]:
    """The ways to climb out of course/ to *rel* (a path relative to the repository root)."""
    up = "../"
    return [
        up + rel,
        "%2e%2e/" + rel,
        "..%2f" + rel.replace("/", "%2f"),
        "%2e%2e%2f" + rel.replace("/", "%2f"),
        "%252e%252e%252f" + rel.replace("/", "%252f"),          # double-encoded
        "..%5c" + rel.replace("/", "%5c"),                       # backslashes
        "images/../../" + rel,
        "....//" + rel,
        root + "/" + rel,                                        # absolute, as a path
        "%2f" + (root + "/" + rel).lstrip("/").replace("/", "%2f"),  # absolute, encoded
        "/" + root.lstrip("/") + "/" + rel,                      # leading double slash
    ]


def cases(root):
    for prefix in PREFIXES:
        for target in TARGETS.values():
            for s in spellings(target, root):
                yield prefix + s


def test_traversal_in_every_spelling_on_every_route_is_refused(planted_site):
    root = str(planted_site.root)
    refused, leaks = [], []
    for path in cases(root):
        status, headers, body = planted_site.get(path)
        if status not in (403, 404) and not (status == 302 and headers.get("location") == "/"):
            refused.append((path, status))
        if SECRET.encode() in body or b"BEGIN SOLUTION" in body:
            leaks.append(path)
    assert not leaks
    assert not refused


@pytest.mark.parametrize("path", [
    "/voila/files/key.png",                          # symlink to solutions/
    "/voila/files/solutions_link/ps1/key.png",       # symlinked folder
    "/voila/files/.hidden.png",                      # hidden file
    "/voila/files/data/answer_key.yaml",             # data file (not an image)
    "/voila/files/data/00_welcome.yaml",             # the lesson's prompts and check answers
    "/voila/files/00_welcome.ipynb",                 # a raw notebook, with its code
    "/voila/render/key.png",                         # a symlink reached through the page route
    "/voila/render/solutions_link/ps1/ps1.ipynb",
    "/voila/render/98_leak.ipynb",                   # a notebook symlinked from solutions/
    "/voila/render/data/answer_key.yaml",
])
def test_planted_files_inside_course_are_refused(planted_site, path):
    status, _, body = planted_site.get(path)
    assert status in (403, 404), (path, status)
    assert SECRET.encode() not in body and b"cell_type" not in body


def test_a_course_image_is_still_served(planted_site):
    """The refusals above are not a dead route: a plain course image comes through."""
    status, _, body = planted_site.get("/voila/files/images/public.png")
    assert status == 200 and body.startswith(b"\x89PNG public")
    status, headers, _ = planted_site.get("/voila/render/images/public.png")
    assert status == 302 and headers["location"] == "/voila/files/images/public.png"
