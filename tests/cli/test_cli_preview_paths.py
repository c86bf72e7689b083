"""Tests of the author tools `coachlab preview` and `coachlab paths`."""
import re
from html.parser import HTMLParser
from pathlib import Path

from coachlab import cli

SCENARIOS = Path(__file__).parents[1] / "fixtures" / "scenarios"
MINIMAL = SCENARIOS / "minimal.yaml"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        for name in ("src", "href"):
            if attrs.get(name, "").startswith(("http", "//")):
                self.external.append(attrs[name])


def test_preview_maps_every_node_and_choice_self_contained(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert cli.main(["preview", str(MINIMAL), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    html = out.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert not page.external and "<script" not in html
    assert {f"node-{n}" for n in ("check-in", "corridor", "explore", "committed", "rescued", "stalled")} <= page.ids
    assert all(link[1:] in page.ids for link in page.links if link.startswith("#"))  # every choice link lands
    assert page.links.count("#node-explore") >= 4  # three choices lead there, and nothing is dropped
    assert "Feedback: An open question lets Sam explore." in html and "li:focus-within>.info" in html
    assert "Shown only if trust is at least 1" in html


def test_preview_marks_faults_in_words_and_escapes_text(tmp_path, capsys):
    text = MINIMAL.read_text().replace("title: Stalled\n", "title: \"<b>Stalled</b>\"\n")
    text = text.replace("target: stalled", "target: committed") + (
        "  orphan:\n    ending: {title: Orphan, debrief: Never seen.}\n")
    src = tmp_path / "minimal.yaml"
    src.write_text(text)
    assert cli.main(["preview", str(src)]) == 0
    assert "cannot be reached" in capsys.readouterr().out
    html = (tmp_path / "minimal.preview.html").read_text()
    assert "&lt;b&gt;Stalled&lt;/b&gt;" in html and "<b>Stalled</b>" not in html
    assert re.search(r"id='node-orphan'.*?UNREACHABLE", html) and re.search(r"id='node-stalled'.*?UNREACHABLE", html)


def test_preview_refuses_a_file_that_breaks_the_format(tmp_path, capsys):
    assert cli.main(["preview", str(SCENARIOS / "broken" / "bad_type.yaml"), "-o", str(tmp_path / "x.html")]) == 1
    assert "should be a whole number" in capsys.readouterr().out and not (tmp_path / "x.html").exists()


def test_paths_lists_each_ending_with_count_and_range(capsys):
    assert cli.main(["paths", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert "Sam owns the next step (committed): 1 path; Trust +1, Ownership +3" in out
    assert "Role \"Sam's colleague\" (peer), starting at 'corridor': 4 paths to an ending" in out
    assert "not reached in this role: rescued" in out and "has loops" in out
