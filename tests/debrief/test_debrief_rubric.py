"""Rubric scores of the reflections, from the gradebook's manual grades."""
from debrieftools import table


def test_rubric_histogram_counts(report):
    """Does the rubric table give one learner at each of 0 to 4 points, and 2 not graded yet?"""
    rows = table(report, "Rubric scores of rubric-peer-lens, out of 4 (2 submitted, not graded yet)")
    assert rows == [["0", "1"], ["1", "1"], ["2", "1"], ["3", "1"], ["4", "1"]]


def test_autograded_parts_summarised(report):
    """Are the autograded parts listed with their points, mean and number graded?"""
    rows = {r[0]: r[1:] for r in table(report, "Autograded parts")}
    assert rows["mark-debrief"] == ["3", "3.00", "7"]
