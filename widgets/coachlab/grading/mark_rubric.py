"""A rubric question as the marker sees it: its title, its levels and the grader's notes, read from its cell.

The course writes each rubric as a markdown cell (an nbgrader task cell) with a table of levels,
``| points | level | description |``, and a ``### BEGIN MARK SCHEME`` section for graders. A cell
without such a table still gets one button per whole point, so any manually graded cell can be marked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ROW = re.compile(r"^\s*\|\s*(\d+(?:\.\d+)?)\s*\|([^|]*)\|(.*?)\|?\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
SCHEME = re.compile(r"###\s*BEGIN MARK SCHEME\s*\n(.*?)###\s*END MARK SCHEME", re.S)


@dataclass(frozen=True)
class Level:
    """One level of a rubric: the points it gives, its name and what it looks like."""

    points: float
    name: str
    description: str = ""


@dataclass(frozen=True)
class Rubric:
    """What the marker needs to mark one question."""

    cell: str
    title: str
    max_score: float
    levels: tuple[Level, ...]
    mark_scheme: str = ""


def _plain(text: str) -> str:
    """Markdown emphasis and escapes dropped: the page shows rubric text as plain, escaped text."""
    return re.sub(r"(\*\*|__|\*|`)", "", text).replace("\\|", "|").strip()


def read_rubric(cell: str, source: str, max_score: float) -> Rubric:
    """The rubric of the cell named *cell* from its markdown *source*, worth *max_score* points."""
    body = SCHEME.sub("", source)
    scheme = SCHEME.search(source)
    title = next((_plain(m.group(1)) for m in map(HEADING.match, body.splitlines()) if m), cell)
    levels = []
    for line in body.splitlines():
        m = ROW.match(line)
        if m and float(m.group(1)) <= max_score:
            levels.append(Level(float(m.group(1)), _plain(m.group(2)), _plain(m.group(3))))
    levels = sorted({lv.points: lv for lv in levels}.values(), key=lambda lv: lv.points)
    if not levels:
        levels = [Level(float(p), f"{p} point{'s' * (p != 1)}") for p in range(int(max_score) + 1)]
    return Rubric(cell, title, float(max_score), tuple(levels), _plain_block(scheme.group(1)) if scheme else "")


def _plain_block(text: str) -> str:
    """Markdown paragraphs and list items, one per line (wrapped lines joined)."""
    out: list[str] = []
    fresh = True
    for line in text.strip().splitlines():
        line = _plain(line)
        if not line:
            fresh = True
        elif fresh or line.startswith(("- ", "+ ")) or re.match(r"\d+\. ", line):
            out.append(line)
            fresh = False
        else:
            out[-1] += " " + line
    return "\n".join(out)
