"""`coachlab hub add-users` on the real machine: a roster with one bad line creates nobody; the same
roster twice changes nothing; `./run.sh hub` a second time leaves a working hub alone."""
import pwd
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"


def exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def test_a_bad_roster_creates_nobody(hub):
    new = [f"n{hub.suffix}-{i}" for i in range(3)]
    bad = hub.root / "bad.csv"
    bad.write_text("username,role,name\n" + "".join(f"{n},learner,\n" for n in new)
                   + "root,learner,\n../x,learner,\n" + f"{new[0]},facilitator,\n" + "a;rm -rf /,learner,\n"
                   + "coachlab-debrief,learner,\n,learner,\n")
    done = hub.coachlab("hub", "add-users", str(bad), check=False)
    assert done.returncode == 1
    for line in (5, 6, 7, 8, 9, 10):
        assert f"bad.csv:{line}:" in done.stdout, done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not any(exists(n) for n in new)
    assert not (hub.root / "bad-passwords.csv").exists()


def test_adding_the_same_roster_again_changes_nothing(hub):
    shadow = Path("/etc/shadow").read_text()
    done = hub.coachlab("hub", "add-users", str(hub.roster), "--passwords", str(hub.root / "again.csv"))
    assert done.stdout.count("already there") == len(hub.learners) + 1
    assert Path("/etc/shadow").read_text() == shadow  # no password changed
    assert not (hub.root / "again.csv").exists()


def test_a_second_run_of_the_hub_changes_nothing_that_works(hub):
    def snapshot():
        installed = [hub.prefix / "venv" / "bin" / "python", hub.prefix / "venv" / ".coachlab-stamp",
                     hub.prefix / "node_modules" / "configurable-http-proxy" / "package.json",
                     hub.course_root / ".stamp", hub.course_root / "course" / "00_welcome.ipynb"]
        folders = [hub.course_root, hub.course_root / "solutions", hub.srv / "state", hub.srv / "exchange",
                   hub.cohort, hub.srv / "debrief", hub.srv / "state" / "jupyterhub.sqlite"]
        return ({str(p): p.stat().st_mtime_ns for p in installed},
                {str(p): (p.stat().st_mode, p.stat().st_uid, p.stat().st_gid) for p in folders})
    before = snapshot()
    again = subprocess.run([str(DEPLOY / "install.sh")], env=hub.env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Installing" not in again.stdout
    rerun = subprocess.run([str(DEPLOY / "run-hub.sh")], env=hub.env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0 and "already running" in rerun.stdout
    assert snapshot() == before
    assert hub.process.poll() is None
