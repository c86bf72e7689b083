"""The charts are real PNG images whose text alternative carries the numbers drawn."""
from collections import Counter

from coachlab.debrief import charts, stats


def is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_rubric_histogram(cohort):
    """Is the rubric histogram a PNG, and does its alt text give the learners per score?"""
    name, points, counts, pending = stats.rubric(cohort)[0]
    chart = charts.rubric_histogram(name, points, counts, pending)
    assert is_png(chart.png)
    assert "0 points: 1, 1 points: 1, 2 points: 1, 3 points: 1, 4 points: 1" in chart.alt
    assert "(2 not graded yet)" in chart.title


def test_item_analysis_chart(cohort):
    """Does the item chart's alt text name the share right and the most-chosen wrong option?"""
    items = [i for i in stats.items(cohort) if i.check == "reading-the-case"]
    chart = charts.item_analysis("Check 1", items)
    assert is_png(chart.png)
    assert "same-pattern: 2 of 5 (40%) right; most-chosen wrong: She lacks networking ability (2)" in chart.alt


def test_dimension_chart_counts(cohort):
    """Does the dimensions chart describe each dimension's scores with their learner counts?"""
    scenario = cohort.data.scenarios["jerome_backlash"]
    dist = stats.dimension_scores(cohort, "jerome_backlash")
    chart = charts.dimensions(scenario, dist)
    assert is_png(chart.png)
    assert sum(dist["trust"].values()) == 4
    trust = ", ".join(f"score {v}: {dist['trust'][v]}" for v in sorted(dist["trust"]))
    assert f"Trust: {trust}" in chart.alt


def test_empty_inputs_draw_without_error():
    """Do the charts cope with nobody graded and no answers (zero counts, no division by zero)?"""
    assert is_png(charts.rubric_histogram("r", 4, Counter(), 3).png)
    assert "a: 0 of 0" in charts.hbars("t", ["a"], [0], 0, "x").alt
