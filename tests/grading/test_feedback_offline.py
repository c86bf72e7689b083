"""Does a learner's feedback page load nothing from the internet (no MathJax or anything else from a CDN)?"""
from __future__ import annotations

import re
from html.parser import HTMLParser

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+(?:url\()?['\"]?([^'\")\s;]+)", re.I)


class References(HTMLParser):
    """Every URL a page names outside its text: attribute values (not XML namespaces) and CSS."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if value and not name.startswith("xmlns"):
                self.urls += [value] if name != "style" else css_urls(value)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "(inline)")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(CSS_COMMENT.sub("", css)) if not (a or b).startswith("data:")]


def test_feedback_loads_nothing_from_the_internet(cohort):
    """Does every feedback page name no external URL in a tag or its CSS, and carry no script at all?"""
    pages = sorted((cohort.course / "feedback").rglob("*.html"))
    assert pages
    for page in pages:
        found = References()
        found.feed(page.read_text(encoding="utf-8"))
        assert [u for u in found.urls if EXTERNAL.match(u)] == [], page
        assert found.scripts == [], page
        assert found.urls, page  # the parser did see the page's links and styles


def test_the_check_sees_what_nbgraders_own_template_would_load():
    """Does the check catch the CDN MathJax script of nbconvert's macro, and CSS imports from the web?"""
    found = References()
    cdn = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js"
    found.feed(f'<script src="{cdn}"></script><style>/* http://getbootstrap.com */ @import "//fonts.example/x.css"; '
               'a {background: url(data:x)}</style><svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert [u for u in found.urls if EXTERNAL.match(u)] == [cdn, "//fonts.example/x.css"]
