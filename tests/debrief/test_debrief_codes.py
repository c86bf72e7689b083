"""Anonymous codes: distinct, stable under one salt, unguessable without it, salt kept privately."""
import pytest
import stat

from coachlab.content.errors import CourseDataError
from coachlab.grading.anon import SALT_FILE, codes, course_salt


def test_codes_distinct_and_stable():
    """Does every learner get a distinct code, the same one each time with the same salt?"""
    ids = [f"learner{i}" for i in range(3000)]
    first, again = codes(ids, b"s" * 32), codes(reversed(ids), b"s" * 32)
    assert first == again and len(set(first.values())) == 3000
    assert all(c.startswith("L-") and "learner" not in c for c in first.values())


def test_codes_depend_on_the_salt():
    """Does another salt give other codes (so a guessed id cannot be checked without the salt)?"""
    assert codes(["ana"], b"a" * 32) != codes(["ana"], b"b" * 32)


def test_salt_created_once_owner_only(tmp_path):
    """Is the salt written on first use, readable by its owner only, and reused afterwards?"""
    salt, note = course_salt(tmp_path)
    assert note is None and course_salt(tmp_path)[0] == salt
    assert stat.S_IMODE((tmp_path / SALT_FILE).stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"", b"short"])
def test_short_salt_is_an_error_not_replaced(tmp_path, content):
    """A truncated salt would change every code silently: is it refused, named, and left as it was?"""
    path = tmp_path / SALT_FILE
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(CourseDataError) as e:
        course_salt(tmp_path)
    assert str(path) in str(e.value) and "delete it" in str(e.value)
    assert path.read_bytes() == content
