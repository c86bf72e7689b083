"""On a hub, grading finds the course through COACHLAB_COURSE_ROOT and never through the package's
own folder: a learner's server has the package installed, not a checkout beside it."""
from coachlab.grading.coursefolder import find_repo


def test_the_installed_course_is_found_through_the_setting(tmp_path, monkeypatch):
    for part in ("solutions", "exercises"):
        (tmp_path / part).mkdir()
    monkeypatch.setenv("COACHLAB_COURSE_ROOT", str(tmp_path))
    assert find_repo() == tmp_path


def test_with_the_setting_the_checkout_is_never_looked_at(tmp_path, monkeypatch):
    monkeypatch.setenv("COACHLAB_COURSE_ROOT", str(tmp_path))  # no solutions/ there
    assert find_repo() is None
