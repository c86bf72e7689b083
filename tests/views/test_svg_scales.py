"""Every chart and map scales down to a phone's width (390 px) instead of being cut off."""
import re

import pytest

from coachlab.views.charts import Bar, PairedBar, bar_chart_svg, paired_bar_chart_svg


def _svgs():
    from pathlib import Path

    from coachlab.content.lessondata import load_lesson_data
    from coachlab.scenario import Engine, load_scenario
    from coachlab.views.roleplay_html import map_svg
    from coachlab.views.stakeholder_svg import stakeholder_map_svg

    course = Path(__file__).parents[2] / "course" / "data"
    spec = next(iter(load_lesson_data(course / "02_jerome.yaml").stakeholder_maps.values()))
    state = {"stakeholders": {s.id: {"power": 3, "interest": 4} for s in spec.stakeholders}}
    scenario = load_scenario(course / "scenarios" / "career_interview.yaml")
    engine = Engine(scenario)
    play = engine.start("manager")
    return {
        "bar chart": bar_chart_svg([Bar("Openness", 2, -3, 5)], title="Scores"),
        "before/after": paired_bar_chart_svg([PairedBar("Listening", 2, 4, 1, 5)], title="Before and after"),
        "Mendelow grid": stakeholder_map_svg(spec, state),
        "path map": map_svg(scenario, engine, engine.choose(play, engine.options(play)[0].id)),
    }


@pytest.mark.parametrize("name", ["bar chart", "before/after", "Mendelow grid", "path map"])
def test_svg_has_a_viewbox_and_shrinks_to_its_container(name):
    """Does the SVG carry a viewBox and max-width:100%, so a 390 px screen shows all of it, scaled?"""
    svg = _svgs()[name]
    head = svg[:svg.index(">")]
    assert re.search(r"viewBox=['\"]0 0 [\d.]+ [\d.]+['\"]", head), head
    assert re.search(r"style=['\"][^'\"]*max-width:\s*100%[^'\"]*height:\s*auto", head), head
