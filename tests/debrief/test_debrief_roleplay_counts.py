"""The role-play section of the report: choices at each branch and endings, as counted for the known cohort."""
from debrieftools import table


def test_share_of_cohort_on_each_first_choice(report):
    """Does the report say 3 of the 5 Jerome players went to the CEO, and 2 of 5 kept their heads down?"""
    rows = table(report, "Choices as Jerome")
    first = {choice.split(",")[0].split(":")[0]: took for scene, choice, took in rows if scene == "Word gets back"}
    assert first["Go to the CEO"] == "3 of 5 (60%)"
    assert first["Say nothing. Keep your head down"] == "2 of 5 (40%)"
    assert first["Raise it openly at Monday's department meeting"] == "0 of 5 (0%)"


def test_share_is_of_those_who_reached_the_scene(report):
    """Is a later choice counted among the learners who reached its scene (3 in the CEO's office)?"""
    rows = table(report, "Choices as Jerome")
    office = [took for scene, _, took in rows if scene == "In the CEO's office"]
    assert "3 of 3 (100%)" in office


def test_ending_distribution(report):
    """Are the endings counted once per learner, with the learners who reached none?"""
    rows = dict(table(report, "Endings reached in"))
    assert rows["An open door, a slower start"] == "2 of 7 (29%)"
    assert rows["Winning alone, again"] == "1 of 7 (14%)"
    assert rows["Good advice, borrowed plan"] == "1 of 7 (14%)"
    assert rows["no ending reached"] == "3 of 7 (43%)"


def test_dimension_scores_counted_once_per_learner(report, cohort):
    """Do the dimension tables count each of the four learners with an ending exactly once per dimension?"""
    rows = table(report, "Dimension scores at each learner's first ending")
    per_dim = {}
    for dim, _, n in rows:
        per_dim[dim] = per_dim.get(dim, 0) + int(n)
    assert per_dim == {"Trust": 4, "Awareness": 4, "Ownership": 4, "Peer relationships": 4}


def test_role_filter_narrows_the_counts(cohort):
    """With the role filter on 'coach', is only dee's play counted?"""
    from coachlab.debrief.report import render

    page = render(cohort.only_role("coach"))
    rows = table(page, "Choices as The executive coach")
    assert ("First minutes of the first session", "1 of 1 (100%)") in [(s, t) for s, _, t in rows]
    assert "Choices as Jerome" not in page
