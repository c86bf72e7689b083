"""Is the committed exercises/ exactly what nbgrader generates from solutions/ now?"""
import warnings

from gradingtools import ASSIGNMENTS, EXERCISES, REPO, SOLUTIONS

from coachlab.grading.settings import assignments


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def regenerate(release):
    """Run nbgrader's generate_assignment with the repository's settings, into *release*."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    c = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    c.CourseDirectory.release_directory = str(release)
    api = NbGraderAPI(coursedir=CourseDirectory(config=c), config=c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in ASSIGNMENTS:
            result = api.generate_assignment(name, force=True)
            assert result["success"], result.get("error")


def test_every_assignment_has_a_release():
    """Do solutions/ and exercises/ hold the same assignments (and are there two)?"""
    assert assignments(SOLUTIONS) == assignments(EXERCISES) == ASSIGNMENTS


def test_committed_release_matches_a_fresh_generation(tmp_path):
    """Does a fresh `nbgrader generate_assignment --force` reproduce exercises/ byte for byte?"""
    regenerate(tmp_path)
    fresh, committed = files(tmp_path), files(EXERCISES)
    stale = sorted(name for name in set(fresh) | set(committed) if fresh.get(name) != committed.get(name))
    assert not stale, (f"exercises/ is stale: {stale}. Regenerate it at the repository root with "
                       "`nbgrader generate_assignment NAME --force` for each assignment, and commit it")


def test_repository_config_writes_no_gradebook(tmp_path):
    """Does generating the release leave no gradebook in the repository?"""
    regenerate(tmp_path)
    assert not (REPO / "gradebook.db").exists()
