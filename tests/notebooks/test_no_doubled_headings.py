"""A module page names each exercise once: the section heading, not a second heading from the widget."""
import re
from pathlib import Path

import nbformat
import pytest

from coachlab import lesson

COURSE = Path(__file__).parents[2] / "course"
CALL = re.compile(r"(\w+)\.(reflection|check|self_assessment|rewrite|sbi|grow_plan|stakeholder_map|roleplay)\("
                  r"\s*\"([\w-]+)\"")
LESSONS = sorted(p.stem for p in COURSE.glob("0*.ipynb"))


@pytest.mark.parametrize("name", LESSONS)
def test_each_exercise_sits_under_a_heading_and_shows_no_title_of_its_own(name):
    """Is every widget of the module under a section heading, and does the widget then leave its own
    title out (the intro stays, with its instructions), so no heading is read twice?"""
    heading, shown = "", lesson(name, folder=COURSE)
    for cell in nbformat.read(COURSE / f"{name}.ipynb", as_version=4).cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in reversed(cell.source.splitlines()) if line.startswith("## ")), heading)
            continue
        for _var, kind, ident in CALL.findall(cell.source):
            assert heading, f"{kind}({ident!r}) has no section heading above it"
            widget = getattr(shown, kind)(ident)
            assert "<h3>" not in widget._head.value, (kind, ident)
            assert widget.to_html()  # exports still carry what they always did
