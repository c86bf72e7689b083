"""Privacy: reflection text never appears; ids and names appear only when the facilitator asks."""
from debrieftools import ANA, NAMES, REFLECTION, table

IDS = list(NAMES)
SURNAMES = [last for _, last in NAMES.values()]


def test_no_reflection_text_in_any_report(report, named_report):
    """Is no planted reflection marker in the report, with or without names?"""
    for page in (report, named_report):
        assert "REFLECTION-MARK" not in page
        assert "peers felt overtaken" not in page


def test_no_ids_or_names_by_default(report):
    """Is no learner id or surname anywhere in the default report (file paths included)?"""
    for word in IDS + SURNAMES:
        assert word not in report, word


def test_names_with_names_option(named_report, cohort):
    """With names asked for, does each learner appear with code, id and full name?"""
    rows = table(named_report, "One row per learner")
    learners = [r[0] for r in rows]
    code = {r.id: r.code for r in cohort.learners}
    assert f"{code[ANA]} · {ANA} (Ana Kowzelmann)" in learners
    assert all(i in named_report for i in IDS)


def test_reflection_exists_in_the_data_read(course):
    """(Guard) Were the markers really saved, so their absence from the report means something?"""
    text = (course / "submitted" / ANA / "jerome_case" / "coachlab_answers.json").read_text()
    assert f"REFLECTION-MARK-{ANA}-analysis" in text and f"reflection/{REFLECTION}" in text
