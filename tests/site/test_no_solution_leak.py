"""Nothing of solutions/, exercises/ or an answer key reaches a learner: every page the site links
to, followed from the landing page, is free of them."""
import html
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from sitetools import REPO, SECRET

MARKERS = [b"BEGIN SOLUTION", b"END SOLUTION", b"BEGIN HIDDEN TESTS", b"BEGIN MARK SCHEME"]
PACKAGE_ASSETS = ("/voila/static/", "/voila/labextensions/")  # JavaScript of Voila and the widget manager


def crawl(site, limit=200):
    """Every same-site page reachable from the landing page (package bundles left out): url -> body."""
    seen, queue = {}, ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        status, headers, body = site.get(path)
        seen[path] = body
        if "html" not in headers.get("content-type", ""):
            continue
        for ref in re.findall(rb'(?:href|src)="([^"#]+)"', body):
            url = urljoin(f"http://127.0.0.1:{site.port}{path}", ref.decode())
            parts = urlsplit(url)
            if parts.netloc == f"127.0.0.1:{site.port}" and not parts.path.startswith(PACKAGE_ASSETS):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def graded_secrets():
    """Distinctive lines inside the solution and hidden-test blocks of the repository's notebooks."""
    found = set()
    for path in [*(REPO / "solutions").rglob("*.ipynb"), *(REPO / "exercises").rglob("*.ipynb")]:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except ValueError:
            continue
        for cell in cells:
            source = "".join(cell.get("source", []))
            for block in re.findall(r"BEGIN (?:SOLUTION|HIDDEN TESTS)(.*?)END (?:SOLUTION|HIDDEN TESTS)", source, re.S):
                found.update(line.strip() for line in block.splitlines())
    return {line for line in found if len(line) >= 12 and not line.startswith("#")}


def test_the_planted_secrets_never_reach_a_page(planted_site):
    pages = crawl(planted_site)
    assert "/voila/render/00_welcome.ipynb" in pages  # the crawl did reach the modules
    assert not [p for p, body in pages.items() if SECRET.encode() in body or any(m in body for m in MARKERS)]
    assert b"98_leak" not in pages["/"]  # a notebook symlinked from solutions/ is not listed


def test_the_repositorys_solutions_and_hidden_tests_never_reach_a_page(course_site):
    secrets = graded_secrets()
    pages = crawl(course_site)
    assert len(pages) >= 3
    texts = {p: body.decode(errors="replace") for p, body in pages.items()}
    leaked = [(p, s) for p, text in texts.items() for s in secrets if s in text or s in html.unescape(text)]
    assert not leaked
    assert not [p for p, body in pages.items() if any(m in body for m in MARKERS)]
    if not secrets:
        pytest.skip("solutions/ and exercises/ hold no solution or hidden-test cells yet; "
                    "the planted test above covers the mechanism")
