"""A roster is checked line by line: every bad line is named with its fix, and one refuses them all."""
import pytest

from coachlab.content.errors import CourseDataError
from coachlab.hub.roster import read_roster


def problems(tmp_path, text, foreign=()):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(CourseDataError) as e:
        read_roster(path, account_is_foreign=lambda n: n in foreign)
    return {p.line: p.message for p in e.value.problems}


def test_a_good_roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("username,role,name\nana-lopez,learner,\"Lopez, Ana\"\n\nfay,Facilitator,Fay\n")
    people = read_roster(path)
    assert [(p.username, p.role, p.name, p.line) for p in people] == [
        ("ana-lopez", "learner", "Lopez, Ana", 2), ("fay", "facilitator", "Fay", 4)]


def test_every_bad_line_is_named(tmp_path):
    found = problems(tmp_path, "username,role,name\nroot,learner,\n../x,learner,\nok,learner,\nok,facilitator,\n"
                               ",learner,\nmail,learner,\na;b,learner,\n$(reboot),learner,\nAna,learner,\n"
                               "zed,boss,\nbob,learner,\nx" + "y" * 40 + ",learner,\n", foreign={"bob"})
    assert set(found) == {2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    assert "reserved" in found[2] and "unsafe" in found[3] and "line 4" in found[5]
    assert "empty" in found[6] and "reserved" in found[7] and "unsafe" in found[8] and "unsafe" in found[9]
    assert "unsafe" in found[10] and "role" in found[11] and "already exists" in found[12] and "unsafe" in found[13]


def test_the_header_is_required(tmp_path):
    assert problems(tmp_path, "ana,learner\n") == {1: "the first line must be the header 'username,role,name'"}


def test_an_empty_roster_names_nobody(tmp_path):
    assert problems(tmp_path, "username,role,name\n\n") == {None: "the roster names nobody"}
