"""The reader: one row per learner of the known cohort, with what they submitted, chose and scored."""
from debrieftools import ANA, BEN, CY, DEE, EVE, FAY, GUS, HAL, SCENARIO


def by_id(cohort):
    return {r.id: r for r in cohort.learners}


def test_who_is_read_and_who_submitted(cohort):
    """Are the roster's eight learners all read, seven as submitted and hal as not submitted?"""
    rows = by_id(cohort)
    assert set(rows) == {ANA, BEN, CY, DEE, EVE, FAY, GUS, HAL}
    assert {r.id for r in cohort.missing} == {HAL}
    assert rows[BEN].late is True and rows[ANA].late is False


def test_answers_file_state_per_learner(cohort):
    """Is each answers file classified as complete, partial, missing or corrupt?"""
    rows = by_id(cohort)
    assert {k: rows[k].answers for k in (ANA, EVE, FAY, GUS, HAL)} == {
        ANA: "ok", EVE: "partial", FAY: "corrupt", GUS: "missing", HAL: "none"}


def test_plays_replayed_with_endings_and_scores(cohort):
    """Are the saved plays read with their endings, and is an unfinished path kept without one?"""
    rows = by_id(cohort)
    assert rows[DEE].endings(SCENARIO) == ["j-end-playing-small", "c-end-advice-given"]
    assert rows[DEE].roles() == {"jerome", "coach"}
    assert rows[EVE].endings(SCENARIO) == [] and [p.ending for p in rows[EVE].plays[SCENARIO]] == [None]
    assert set(rows[ANA].plays[SCENARIO][0].scores) == {"trust", "awareness", "ownership", "relationships"}


def test_choices_and_correctness_from_the_key(cohort):
    """Is a chosen option read, and marked right or wrong against the key from the hidden tests?"""
    rows = by_id(cohort)
    assert rows[BEN].chosen["reading-the-case"]["same-pattern"] == ("networking",)
    assert rows[BEN].correct["reading-the-case"]["same-pattern"] is False
    assert rows[ANA].correct["reading-the-case"]["same-rules"] is True
    assert "debrief" not in rows[EVE].chosen


def test_tidy_table_has_no_ids_and_one_row_per_learner(cohort):
    """Does the flat table give one row per learner, keyed by code, without ids or names?"""
    table = cohort.table()
    assert len(table) == 8 and len({row["code"] for row in table}) == 8
    assert all(str(v).find("kowzel") < 0 for row in table for v in row.values())
    ana = next(row for row in table if row["code"] == by_id(cohort)[ANA].code)
    assert ana[f"{SCENARIO}: endings"] == "j-end-winning-alone"
    assert ana["rubric: rubric-peer-lens"] == 4.0
