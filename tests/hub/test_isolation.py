"""A kernel in learner A's server cannot read learner B's answers, solutions/, the gradebook or the
debrief; homes, the hub's state and the course are installed with the modes that make it so."""
import json
import stat

from workshop import ASSIGNMENT, answers_file, ensure_running, mode

PROBE = """
import json, os
seen = {{}}
for path in {paths!r}:
    try:
        (os.listdir if os.path.isdir(path) else lambda p: open(p).read())(path)
        seen[path] = "read"
    except PermissionError:
        seen[path] = "denied"
    except FileNotFoundError:
        seen[path] = "missing"
print(json.dumps(seen))
"""


def test_a_learners_kernel_cannot_read_what_is_not_theirs(workshop, hub):
    a, b = hub.learners[2], hub.learners[1]  # learners[0] is back in the site-only profile after test_culling
    secrets = [answers_file(hub, b), hub.home(b) / ASSIGNMENT / "coachlab_answers.json", hub.home(b),
               hub.course_root / "solutions", hub.course_root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
               hub.cohort, hub.cohort / "gradebook.db", hub.srv / "debrief", hub.srv / "state",
               hub.home(hub.facilitator)]
    for path in secrets:
        assert path.exists(), path  # as root: each exists, so "denied" below is the mode at work
    user = workshop["users"][a]
    ensure_running(user)
    with user.kernel(user.new_kernel()) as k:
        seen = json.loads(k.run(PROBE.format(paths=[str(p) for p in secrets])))
        own = json.loads(k.run(PROBE.format(paths=[str(answers_file(hub, a)), str(hub.course_root / "course")])))
    assert seen == {str(p): "denied" for p in secrets}
    assert set(own.values()) == {"read"}


def test_modes_on_disk(workshop, hub):
    for name in [*hub.learners, hub.facilitator]:
        assert mode(hub.home(name)) == "0o700", name
    assert mode(hub.srv / "state") == "0o700"
    assert mode(hub.srv / "state" / "jupyterhub.sqlite")[-2:] == "00" or mode(hub.srv / "state") == "0o700"
    solutions = (hub.course_root / "solutions").stat()
    assert solutions.st_uid == 0 and stat.S_IMODE(solutions.st_mode) == 0o750
    course = hub.course_root / "course"
    assert all(not p.stat().st_mode & 0o022 for p in [course, *course.rglob("*")])  # read-only for all
    assert (hub.cohort / "gradebook.db").stat().st_mode & 0o007 == 0
