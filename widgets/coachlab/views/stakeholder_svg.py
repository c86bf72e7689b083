"""Mendelow's power × interest grid as static SVG, with a text list that says the same in words.

Pure Python (no ipywidgets): the StakeholderMap widget, exports and grading use it; the rules
(quadrants, placement in words) are ``coachlab.coaching.mendelow``.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from ..coaching.mendelow import HIGH, LOW, MIDDLE, placement, quadrant


def _ratings(state: dict, sid: str) -> tuple[int | None, int | None, str]:
    entry = state.get("stakeholders", {}).get(sid, {})
    return entry.get("power") or None, entry.get("interest") or None, entry.get("perception", "")


def stakeholder_map_svg(spec, state: dict, width: int = 560) -> str:
    """The 2×2 grid with the quadrant names, labelled axes and a numbered, named marker per stakeholder."""
    x0, y0, size = 80, 46, 360
    step = size / (HIGH - LOW + 1)  # each point at the centre of its band, clear of the frame and the names
    x = lambda v: x0 + (v - LOW + 0.5) * step  # noqa: E731
    y = lambda v: y0 + (HIGH - v + 0.5) * step  # noqa: E731
    height = y0 + size + 60
    mid_x, mid_y = x(MIDDLE), y(MIDDLE)
    parts = [f"<rect x='{x0}' y='{y0}' width='{size}' height='{size}' fill='#fff' stroke='#222' stroke-width='1.5'/>",
             f"<line x1='{mid_x}' x2='{mid_x}' y1='{y0}' y2='{y0 + size}' stroke='#444' stroke-dasharray='6 4'/>",
             f"<line x1='{x0}' x2='{x0 + size}' y1='{mid_y}' y2='{mid_y}' stroke='#444' stroke-dasharray='6 4'/>"]
    corners = {"Keep satisfied": (x0 + 8, y0 + 16, "start"), "Manage closely": (x0 + size - 8, y0 + 16, "end"),
               "Monitor": (x0 + 8, y0 + size - 7, "start"), "Keep informed": (x0 + size - 8, y0 + size - 7, "end")}
    for name, (cx, cy, anchor) in corners.items():
        parts.append(f"<text x='{cx}' y='{cy}' text-anchor='{anchor}' font-size='13' font-style='italic' "
                     f"fill='#444'>{name}</text>")
    for v in range(LOW, HIGH + 1):
        parts.append(f"<text x='{x(v)}' y='{y0 + size + 16}' text-anchor='middle' font-size='11'>{v}</text>"
                     f"<text x='{x0 - 8}' y='{y(v) + 4}' text-anchor='end' font-size='11'>{v}</text>")
    parts.append(f"<text x='{x0 + size / 2}' y='{y0 + size + 36}' text-anchor='middle' font-size='13' "
                 f"font-weight='bold'>Interest (1 low to 5 high) →</text>"
                 f"<text transform='translate({x0 - 34} {y0 + size / 2}) rotate(-90)' text-anchor='middle' "
                 f"font-size='13' font-weight='bold'>Power (1 low to 5 high) →</text>")
    groups: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for n, s in enumerate(spec.stakeholders, 1):
        power, interest, _ = _ratings(state, s.id)
        if power and interest:
            groups[(power, interest)].append((n, s.name))
    desc = []
    for (power, interest), members in groups.items():
        cx, cy = x(interest), y(power)
        for k, (n, name) in enumerate(members):  # markers side by side, names stacked: nothing hides
            mx = cx + (k - (len(members) - 1) / 2) * 22
            parts.append(f"<circle cx='{mx:.1f}' cy='{cy:.1f}' r='10' fill='#1d4f91' stroke='#fff' stroke-width='1.5'/>"
                         f"<text x='{mx:.1f}' y='{cy + 4:.1f}' text-anchor='middle' font-size='11' font-weight='bold' "
                         f"fill='#fff'>{n}</text>")
            lx = cx + (len(members) - 1) * 11 + 14
            ly = cy + 4 + (k - (len(members) - 1) / 2) * 14
            parts.append(f"<text x='{lx:.1f}' y='{ly:.1f}' font-size='12' paint-order='stroke' stroke='#fff' "
                         f"stroke-width='3'>{n} {escape(name)}</text>")
            desc.append(f"{n} {name}: power {power}, interest {interest}, {quadrant(power, interest)}")
    title = escape(spec.title)
    return (f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' style='max-width:100%;height:auto' font-family='system-ui, sans-serif' fill='#111'>"
            f"<title>{title}</title><desc>{escape('; '.join(desc) or 'No stakeholder placed yet')}</desc>"
            f"<text x='{x0}' y='24' font-size='14' font-weight='bold'>Power × interest (Mendelow)</text>"
            f"{''.join(parts)}</svg>")


def stakeholder_list_html(spec, state: dict) -> str:
    """Each stakeholder's ratings, quadrant and perception in words (the grid never needs to be seen)."""
    rows = []
    for n, s in enumerate(spec.stakeholders, 1):
        power, interest, perception = _ratings(state, s.id)
        rated = f" — power {power}, interest {interest}" if power and interest else ""
        seen = f"<br><small>How they might see it: {escape(perception)}</small>" if perception.strip() else ""
        rows.append(f"<li><strong>{n} {escape(s.name)}</strong>{rated}: {escape(placement(power, interest))}{seen}</li>")
    return f"<ul class='coachlab-stakeholder-list'>{''.join(rows)}</ul>"


def stakeholder_map_html(spec, state: dict) -> str:
    """The whole map, read-only: the grid and the list."""
    return (f"<section class='coachlab-stakeholders' aria-label='{escape(spec.title, quote=True)}'>"
            f"<h3>{escape(spec.title)}</h3>{stakeholder_map_svg(spec, state)}"
            f"{stakeholder_list_html(spec, state)}</section>")
