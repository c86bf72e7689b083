"""System accounts for the people of a roster: one Unix user each, home 0700, in the learners' or the
facilitators' group. The hub's PAM login then uses these accounts; servers run as them.

Adding is all or nothing at the roster level (``roster.read_roster`` refuses any bad line first);
people already in the cohort are left as they are, so adding the same roster twice changes nothing.
"""
from __future__ import annotations

import grp
import os
import pwd
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..content.errors import CourseDataError, Problem
from .roster import Person, read_roster
from .settings import HubSettings

PEOPLE_UID_MIN = 1000  # useradd's UID_MIN: accounts below are the system's
FACILITATOR_NBGRADER = '''"""nbgrader settings of a Coaching Lab facilitator: formgrader works on the cohort."""
c = get_config()  # noqa: F821
c.CourseDirectory.root = {cohort!r}
'''


@dataclass(frozen=True)
class Added:
    """One person after ``add_people``: their new password, or None if they were already there."""

    person: Person
    password: str | None


def group_members(name: str) -> set[str]:
    """The members of a Unix group (empty if it does not exist)."""
    try:
        return set(grp.getgrnam(name).gr_mem)
    except KeyError:
        return set()


def in_cohort(username: str, settings: HubSettings) -> bool:
    """Whether *username* is one of this hub's people: a person's account (not a system account such as
    the debrief service's) in its learners' or facilitators' group."""
    try:
        if pwd.getpwnam(username).pw_uid < PEOPLE_UID_MIN:
            return False
    except KeyError:
        return False
    return username in group_members(settings.learners_group) | group_members(settings.facilitators_group)


def account_exists(username: str) -> bool:
    try:
        pwd.getpwnam(username)
        return True
    except KeyError:
        return False


def ensure_group(name: str) -> None:
    """Create the Unix group *name* unless it exists."""
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True)


def check_roster(path: str | Path, settings: HubSettings) -> list[Person]:
    """The roster's people, refusing any existing system account that is not already in the cohort."""
    return read_roster(path, account_is_foreign=lambda n: account_exists(n) and not in_cohort(n, settings))


def add_people(people: list[Person], settings: HubSettings) -> list[Added]:
    """Create the accounts of *people* not yet in the cohort, each with a new random password."""
    ensure_group(settings.learners_group)
    ensure_group(settings.facilitators_group)
    added = []
    for p in people:
        if in_cohort(p.username, settings):
            added.append(Added(p, None))
            continue
        group = settings.facilitators_group if p.role == "facilitator" else settings.learners_group
        subprocess.run(["useradd", "--create-home", "-K", "HOME_MODE=0700", "--shell", "/bin/bash",
                        "--groups", group, "--comment", p.name or p.username, p.username], check=True)
        os.chmod(pwd.getpwnam(p.username).pw_dir, 0o700)  # whatever useradd's defaults were
        password = secrets.token_urlsafe(12)
        subprocess.run(["chpasswd"], input=f"{p.username}:{password}\n", text=True, check=True)
        if p.role == "facilitator":
            write_facilitator_config(p.username, settings)
        added.append(Added(p, password))
    return added


def write_facilitator_config(username: str, settings: HubSettings) -> None:
    """The facilitator's ``~/.jupyter/nbgrader_config.py``: formgrader and nbgrader work on the cohort."""
    user = pwd.getpwnam(username)
    folder = Path(user.pw_dir) / ".jupyter"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "nbgrader_config.py"
    path.write_text(FACILITATOR_NBGRADER.format(cohort=str(settings.cohort)), encoding="utf-8")
    for p in (folder, path):
        os.chown(p, user.pw_uid, user.pw_gid)


def remove_people(people: list[Person], settings: HubSettings) -> list[str]:
    """Delete the accounts and homes of those of *people* who are in the cohort; returns their names."""
    removed = []
    for p in people:
        if in_cohort(p.username, settings):
            subprocess.run(["pkill", "-KILL", "-u", p.username], check=False)
            subprocess.run(["userdel", "--remove", p.username], check=True, stderr=subprocess.DEVNULL)
            removed.append(p.username)
    return removed


def write_passwords(added: list[Added], path: Path) -> int:
    """Write ``username,password`` of the new accounts to *path* (root only, 0600); returns how many."""
    new = [a for a in added if a.password]
    if not new:
        return 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise CourseDataError(Problem(str(path), None, "the passwords file already exists",
                                      "hand it out and delete it, or pass --passwords with another file")) from e
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("username,role,password\n")
        f.writelines(f"{a.person.username},{a.person.role},{a.password}\n" for a in new)
    return len(new)
