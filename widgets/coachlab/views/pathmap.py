"""A path map of a branching scenario as an accessible SVG: scenes as boxes, choices as arrows.

Pure Python, and independent of the Scenario model: the functions take a small protocol.
``nodes`` maps a node id to its choices' target ids in order; ``titles`` gives short labels;
``endings`` holds the ending ids; ``start`` is the role's start node; ``taken`` lists the node
ids visited, in order.

Colour is never the only signal: the path taken has thick solid arrows and numbered step
badges, choices not taken are thin dashed grey arrows, endings have a double border.
"""
from __future__ import annotations

import hashlib
import textwrap
from collections import deque
from xml.sax.saxutils import escape, quoteattr

from ..scenario import graph

BOX_W, BOX_H, GAP_X, GAP_Y = 140, 60, 22, 58
MARGIN, SIDE, LEGEND_H, MAX_WIDTH = 16, 36, 40, 900
INK, PATH, OTHER, BORDER, VISITED = "#1a1a1a", "#1d3f6e", "#666666", "#555555", "#e6eef8"
FONT = "system-ui, sans-serif"


def _targets(nodes: dict[str, list[str]], node: str) -> list[str]:
    return list(dict.fromkeys(t for t in nodes.get(node, []) if t in nodes))


def layout(nodes: dict[str, list[str]], start: str) -> dict[str, tuple[int, int]]:
    """(layer, position) of every node reachable from *start*.

    The layer is the longest path from the start once the edges that close a cycle are set
    aside, so every other edge points down; within a layer, nodes sit near their parents.
    """
    if start not in nodes:
        return {}
    order, back = graph.depth_first({n: _targets(nodes, n) for n in nodes}, start)
    layer = {start: 0}
    for node in order:  # a topological order of the edges that are kept
        for t in _targets(nodes, node):
            if (node, t) not in back:
                layer[t] = max(layer.get(t, 0), layer[node] + 1)
    rank, queue = {start: 0}, deque([start])
    while queue:  # breadth-first order: the tie-break that keeps choice order left to right
        for t in _targets(nodes, queue.popleft()):
            if t not in rank:
                rank[t] = len(rank)
                queue.append(t)
    parents: dict[str, list[str]] = {}
    for node in layer:
        for t in _targets(nodes, node):
            if (node, t) not in back:
                parents.setdefault(t, []).append(node)
    where: dict[str, tuple[int, int]] = {}
    by_depth: dict[int, list[str]] = {}
    for n in layer:
        by_depth.setdefault(layer[n], []).append(n)
    sizes = {d: len(row) for d, row in by_depth.items()}
    for depth in range(max(layer.values()) + 1):
        row = by_depth.get(depth, [])

        def centre(n: str, sizes: dict[int, int] = sizes) -> float:
            ps = [(where[p][1] + 0.5) / sizes[where[p][0]] for p in parents.get(n, []) if p in where]
            return sum(ps) / len(ps) if ps else 0.5
        row.sort(key=lambda n: (centre(n), rank[n]))
        where.update({n: (depth, i) for i, n in enumerate(row)})
    return where


def describe_path(taken: list[str], titles: dict[str, str], endings: set[str]) -> str:
    """The taken path in words, e.g. '1. Start; 2. Explore; 3. Sam owns the plan (ending)'."""
    if not taken:
        return "No steps taken yet."
    steps = [f"{i}. {titles.get(n, n)}{' (ending)' if n in endings else ''}" for i, n in enumerate(taken, 1)]
    return f"Your path, {len(taken)} step{'s' if len(taken) != 1 else ''}: " + "; ".join(steps) + "."


def _label(text: str) -> list[str]:
    lines = textwrap.wrap(text, 18, break_long_words=True) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2][:17].rstrip() + "…"
    return lines


def _gap_x(ideal: float, xs: list[float]) -> float:
    """The x nearest *ideal* where a line can pass a row of boxes at *xs* without crossing one."""
    if not any(x - 6 < ideal < x + BOX_W + 6 for x in xs):
        return ideal
    gaps = [xs[0] - 12, xs[-1] + BOX_W + 12] + [x + BOX_W + GAP_X / 2 for x in xs[:-1]]
    return min(gaps, key=lambda g: abs(g - ideal))


def _edge(a: tuple[float, float], b: tuple[float, float], grid: list[tuple[float, list[float]]],
          sides: tuple[float, float]) -> str:
    """SVG path data from box *a* to box *b*: down through the gaps of the rows between, or
    round the nearer side margin (x in *sides*) when the edge goes back up."""
    (ax, ay), (bx, by) = a, b
    if by <= ay:  # back up (or across): leave and enter on the side nearer to the source
        left = ax + BOX_W / 2 < sum(sides) / 2
        out, x1, x2 = (sides[0], ax, bx - 2) if left else (sides[1], ax + BOX_W, bx + BOX_W + 2)
        y1, y2 = ay + BOX_H / 2, by + BOX_H / 2
        return f"M{x1:g},{y1:g} C{out:g},{y1:g} {out:g},{y2:g} {x2:g},{y2:g}"
    x1, y1, x2, y2 = ax + BOX_W / 2, ay + BOX_H, bx + BOX_W / 2, by
    points = [(x1, y1)]
    for top, xs in grid:
        if y1 < top < y2:  # a row in between: pass it vertically through a gap
            x = _gap_x(x1 + (x2 - x1) * (top - y1) / (y2 - y1), xs)
            points += [(x, top - 4), (x, top + BOX_H + 4)]
    points.append((x2, y2))
    d = [f"M{x1:g},{y1:g}"]
    for (px, py), (qx, qy) in zip(points, points[1:]):
        bend = (qy - py) / 2
        d.append(f"C{px:g},{py + bend:g} {qx:g},{qy - bend:g} {qx:g},{qy:g}")
    return " ".join(d)


def _legend() -> list[str]:
    y = MARGIN + 12
    return [
        f'<g class="legend" font-size="12" fill="{INK}">',
        f'<line x1="{MARGIN}" y1="{y}" x2="{MARGIN + 34}" y2="{y}" stroke="{PATH}" stroke-width="3.5"/>',
        f'<text x="{MARGIN + 42}" y="{y + 4}">your path (numbered steps)</text>',
        f'<line x1="{MARGIN + 230}" y1="{y}" x2="{MARGIN + 264}" y2="{y}" stroke="{OTHER}" '
        'stroke-width="1.5" stroke-dasharray="5 4"/>',
        f'<text x="{MARGIN + 272}" y="{y + 4}">choice not taken</text>',
        f'<rect x="{MARGIN + 400}" y="{y - 8}" width="28" height="16" rx="3" fill="#fff" stroke="{BORDER}"/>',
        f'<rect x="{MARGIN + 403}" y="{y - 5}" width="22" height="10" rx="2" fill="none" stroke="{BORDER}"/>',
        f'<text x="{MARGIN + 436}" y="{y + 4}">ending</text></g>']


def path_map_svg(nodes: dict[str, list[str]], titles: dict[str, str], endings: set[str], start: str,
                 taken: list[str], *, title: str = "Path map") -> str:
    """A self-contained, accessible SVG of the scenario's map with the *taken* path marked."""
    where = layout(nodes, start)
    per_row = max(1, (MAX_WIDTH - 2 * (MARGIN + SIDE) + GAP_X) // (BOX_W + GAP_X))
    rows: list[list[str]] = []
    for depth in sorted({d for d, _ in where.values()}):
        layer = sorted((n for n in where if where[n][0] == depth), key=lambda n: where[n][1])
        rows += [layer[i:i + per_row] for i in range(0, len(layer), per_row)]
    widest = max((len(r) for r in rows), default=1)
    content_w = widest * BOX_W + (widest - 1) * GAP_X
    width = max(2 * (MARGIN + SIDE) + content_w, 530)
    height = MARGIN + LEGEND_H + len(rows) * (BOX_H + GAP_Y) - GAP_Y + MARGIN + 10
    box: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        x0 = (width - (len(row) * BOX_W + (len(row) - 1) * GAP_X)) / 2
        for i, n in enumerate(row):
            box[n] = (x0 + i * (BOX_W + GAP_X), MARGIN + LEGEND_H + 10 + r * (BOX_H + GAP_Y))
    grid = [(box[row[0]][1], [box[n][0] for n in row]) for row in rows]
    route = lambda a, b: _edge(box[a], box[b], grid, (MARGIN, width - MARGIN))  # noqa: E731
    p = "pm-" + hashlib.sha1(repr((sorted(nodes.items()), start, taken, title)).encode()).hexdigest()[:8]
    steps = [(a, b) for a, b in zip(taken, taken[1:]) if a in box and b in box]
    summary = (f"{describe_path(taken, titles, endings)} The map shows {len(box)} scenes, "
               f"{len(endings & set(box))} of them endings. Thick solid arrows with numbered steps mark "
               "your path; thin dashed arrows mark choices not taken; endings have a double border.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
           f'height="{height:g}" role="img" aria-labelledby="{p}-title {p}-desc" font-family="{FONT}" '
           'style="max-width:100%;height:auto">',
           f'<title id="{p}-title">{escape(title)}</title>', f'<desc id="{p}-desc">{escape(summary)}</desc>',
           "<defs>"]
    for kind, colour, size in (("taken", PATH, 12), ("other", OTHER, 9)):
        out.append(f'<marker id="{p}-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{size}" '
                   f'markerHeight="{size}" markerUnits="userSpaceOnUse" orient="auto">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out += ["</defs>", f'<rect width="{width:g}" height="{height:g}" fill="#ffffff"/>', *_legend()]
    taken_edges = set(steps)
    edges = dict.fromkeys((a, t) for a in box for t in _targets(nodes, a) if t in box)
    for a, b in edges:
        if (a, b) not in taken_edges:
            out.append(f'<path class="edge other" d="{route(a, b)}" fill="none" stroke="{OTHER}" '
                       f'stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#{p}-other)"/>')
    for i, (a, b) in enumerate(steps, 1):
        # Inside role="img" an aria-label on a plain <path> is prohibited; a <title> child gives the same hover text.
        label = escape(f"step {i} to {i + 1}: {titles.get(a, a)} to {titles.get(b, b)}")
        out.append(f'<path class="edge taken" data-step="{i}" d="{route(a, b)}" '
                   f'fill="none" stroke="{PATH}" stroke-width="3.5" marker-end="url(#{p}-taken)">'
                   f'<title>{label}</title></path>')
    for n, (x, y) in box.items():
        visited = n in taken
        cls = "node" + (" taken" if visited else "") + (" ending" if n in endings else "")
        stroke, sw, fill = (PATH, 3, VISITED) if visited else (BORDER, 1.5, "#ffffff")
        name = titles.get(n, n)
        out.append(f'<g class="{cls}" data-node={quoteattr(n)}><title>{escape(name)}</title>')
        out.append(f'<rect x="{x:g}" y="{y:g}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
                   f'stroke="{stroke}" stroke-width="{sw}"/>')
        if n in endings:
            out.append(f'<rect x="{x + 5:g}" y="{y + 5:g}" width="{BOX_W - 10}" height="{BOX_H - 10}" rx="3" '
                       f'fill="none" stroke="{stroke}" stroke-width="{min(sw, 2)}"/>')
        lines = _label(name)
        first = y + BOX_H / 2 - (len(lines) - 1) * 7.5 + 4.5
        spans = "".join(f'<tspan x="{x + BOX_W / 2:g}" y="{first + k * 15:g}">{escape(t)}</tspan>'
                        for k, t in enumerate(lines))
        out.append(f'<text font-size="13" fill="{INK}" text-anchor="middle">{spans}</text>')
        numbers = ",".join(str(i) for i, m in enumerate(taken, 1) if m == n)
        if numbers:
            w = 12 + 7.5 * len(numbers)
            out.append(f'<g class="step" aria-hidden="true"><rect x="{x - 8:g}" y="{y - 10:g}" width="{w:g}" '
                       f'height="20" rx="10" fill="{PATH}"/><text x="{x - 8 + w / 2:g}" y="{y + 4.5:g}" '
                       f'font-size="12" font-weight="bold" fill="#ffffff" text-anchor="middle">{numbers}</text></g>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
