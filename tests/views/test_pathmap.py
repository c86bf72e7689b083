"""Tests of the path map: layered layout and the accessible SVG it draws."""
import re
import xml.etree.ElementTree as ET

import pytest

from coachlab.views import pathmap
from coachlab.views.pathmap import describe_path, layout, path_map_svg

SVG = "{http://www.w3.org/2000/svg}"

STORY = {"start": ["ask", "tell"], "ask": ["listen", "tell"], "tell": ["end-bad"],
         "listen": ["end-good", "ask"], "end-good": [], "end-bad": [], "orphan": ["end-bad"]}
TITLES = {"start": "Start", "ask": "Ask an open question", "tell": "Tell & advise <now>",
          "listen": "Listen", "end-good": "Sam owns the plan", "end-bad": "Sam goes quiet",
          "orphan": "Never reached"}
ENDINGS = {"end-good", "end-bad"}


def draw(taken, nodes=STORY, **kw):
    return ET.fromstring(path_map_svg(nodes, TITLES, ENDINGS, "start", taken, **kw))


def edges(root, kind):
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == f"edge {kind}"]


# --- layout ---------------------------------------------------------------------------------

def test_layout_layers_follow_the_longest_path_and_skip_unreachable_nodes():
    """Is each node one layer below its deepest parent, and is an unreachable node left out?"""
    where = layout(STORY, "start")
    assert "orphan" not in where and where["start"] == (0, 0)
    layers = {n: d for n, (d, _) in where.items()}
    assert layers == {"start": 0, "ask": 1, "tell": 2, "listen": 2, "end-bad": 3, "end-good": 3}


def test_only_edges_that_close_a_cycle_point_back_up():
    """Apart from the one edge closing the listen -> ask loop, does every edge point down?"""
    where = layout(STORY, "start")
    upward = [(a, b) for a in where for b in STORY[a] if where[b][0] <= where[a][0]]
    assert upward == [("listen", "ask")]


def test_positions_in_a_layer_are_distinct_and_keep_choice_order():
    """Are positions 0..k-1 within each layer, with earlier choices further left?"""
    where = layout({"s": ["zeta", "alpha", "mid"], "zeta": [], "alpha": [], "mid": []}, "s")
    assert [where[n] for n in ("zeta", "alpha", "mid")] == [(1, 0), (1, 1), (1, 2)]
    for depth in {d for d, _ in layout(STORY, "start").values()}:
        row = sorted(p for d, p in layout(STORY, "start").values() if d == depth)
        assert row == list(range(len(row)))


def test_layout_of_an_unknown_start_is_empty():
    """Does a start that is not a node give an empty layout rather than an error?"""
    assert layout(STORY, "nowhere") == {}


# --- the SVG --------------------------------------------------------------------------------

def test_svg_is_accessible_xml_with_title_and_desc():
    """Does the SVG parse, carry role=img, and point aria-labelledby at its <title> and <desc>?"""
    root = draw(["start", "ask", "listen", "end-good"], title="Your path")
    assert root.get("role") == "img"
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    title_id, desc_id = root.get("aria-labelledby").split()
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == "Your path"
    assert "1. Start; 2. Ask an open question; 3. Listen; 4. Sam owns the plan (ending)" in ids[desc_id].text
    assert "system-ui" in root.get("font-family")


def test_taken_edges_are_numbered_steps_and_other_edges_are_dashed():
    """Is there one solid taken edge per step, step badges 1..n, and are all others dashed?"""
    taken = ["start", "ask", "listen", "end-good"]
    root = draw(taken)
    solid, dashed = edges(root, "taken"), edges(root, "other")
    assert len(solid) == len(taken) - 1
    assert all(p.get("stroke-dasharray") is None and float(p.get("stroke-width")) >= 3 for p in solid)
    assert dashed and all(p.get("stroke-dasharray") and float(p.get("stroke-width")) < 2 for p in dashed)
    badges = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "step" for t in g.iter(f"{SVG}text")]
    assert sorted(badges) == ["1", "2", "3", "4"]
    drawn = {(p.get("data-step")) for p in solid}
    assert drawn == {"1", "2", "3"}


def test_a_loop_shows_every_visit():
    """When the path goes round a loop, does each step keep its own edge and number?"""
    taken = ["start", "ask", "listen", "ask", "listen", "end-good"]
    root = draw(taken)
    assert len(edges(root, "taken")) == 5
    node = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "ask")
    assert "2,4" in [t.text for t in node.iter(f"{SVG}text")]
    assert [p.get("data-step") for p in edges(root, "taken")] == ["1", "2", "3", "4", "5"]


def test_endings_have_a_double_border_and_titles_are_escaped():
    """Do ending boxes draw two rectangles, and do '&' and '<' in titles survive as text?"""
    root = draw(["start"])
    groups = {g.get("data-node"): g for g in root.iter(f"{SVG}g") if g.get("data-node")}
    assert len(list(groups["end-good"].iter(f"{SVG}rect"))) == 2
    assert len(list(groups["ask"].iter(f"{SVG}rect"))) == 1
    assert groups["tell"].find(f"{SVG}title").text == "Tell & advise <now>"
    assert "orphan" not in groups


def test_no_steps_yet_is_said_in_words():
    """Before any step, does the description say so and draw no taken edge?"""
    root = draw([])
    assert not edges(root, "taken") and "No steps taken yet." in root.find(f"{SVG}desc").text
    assert describe_path(["start"], TITLES, ENDINGS) == "Your path, 1 step: 1. Start."


def test_a_thirty_node_graph_stays_within_900_pixels():
    """Does a wide 30-node graph wrap its layers so the SVG is at most 900 px wide?"""
    nodes = {"s": [f"n{i}" for i in range(29)], **{f"n{i}": [] for i in range(29)}}
    svg = path_map_svg(nodes, {}, set(nodes) - {"s"}, "s", ["s", "n3"])
    root = ET.fromstring(svg)
    assert float(root.get("width")) <= 900
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    xs = [float(r.get("x")) for r in root.iter(f"{SVG}rect") if r.get("width") == str(pathmap.BOX_W)]
    assert len(xs) == 30 and max(xs) + pathmap.BOX_W <= float(root.get("width"))


def test_svg_is_self_contained():
    """Does the SVG load nothing from outside: no links, images, fonts or scripts?"""
    svg = path_map_svg(STORY, TITLES, ENDINGS, "start", ["start", "tell"])
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]
    assert not re.search(r"<(image|script|style|a)\b|@import|href=", svg)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("fg, bg, needed", [
    (pathmap.INK, "#ffffff", 4.5), (pathmap.INK, pathmap.VISITED, 4.5), ("#ffffff", pathmap.PATH, 4.5),
    (pathmap.OTHER, "#ffffff", 3.0), (pathmap.BORDER, "#ffffff", 3.0), (pathmap.PATH, pathmap.VISITED, 3.0),
])
def test_colours_meet_wcag_contrast(fg, bg, needed):
    """Do text colours reach 4.5:1 and line colours 3:1 against what they are drawn on?"""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= needed


