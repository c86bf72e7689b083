"""``coachlab hub``: add or remove the people of a roster, and the debrief service the hub starts."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..content.errors import CourseDataError, Problem
from .settings import HubSettings

USAGE = {
    "add-users": "create a system account for each person of ROSTER.csv (username,role,name); "
                 "passwords go to a root-only file",
    "remove-users": "delete the accounts and homes of the roster's people (at the end of a workshop)",
    "debrief-service": "serve the debrief dashboard as the hub's 'debrief' service (the hub runs this)",
}


def run(action: str, roster: str | None, passwords: str | None = None) -> int:
    """Run one ``coachlab hub`` action; returns the exit status."""
    settings = HubSettings.from_env()
    if action == "debrief-service":
        from .service import run_dashboard

        return run_dashboard(settings)
    if not roster:
        raise CourseDataError(Problem("coachlab hub", None, f"{action} needs a roster file",
                                      f"coachlab hub {action} ROSTER.csv"))
    if os.geteuid() != 0:
        raise CourseDataError(Problem("coachlab hub", None, "creating and removing accounts needs root",
                                      f"sudo coachlab hub {action} {roster}"))
    from .accounts import add_people, check_roster, remove_people, write_passwords
    from .roster import read_roster

    if action == "remove-users":
        names = remove_people(read_roster(roster), settings)
        print(f"removed {len(names)} account{'s' * (len(names) != 1)}: {', '.join(names) or 'none'}")
        return 0
    out = Path(passwords) if passwords else Path(roster).with_name(Path(roster).stem + "-passwords.csv")
    people = check_roster(roster, settings)  # every line checked before anyone is created
    if out.exists():
        raise CourseDataError(Problem(str(out), None, "the passwords file already exists",
                                      "hand it out and delete it, or pass --passwords with another file"))
    added = add_people(people, settings)
    new = write_passwords(added, out)
    for a in added:
        print(f"{a.person.username} ({a.person.role}): {'created' if a.password else 'already there'}")
    if new:
        print(f"{new} new account{'s' * (new != 1)}; their passwords are in {out} (readable by root only): "
              f"hand each person theirs, then delete the file.")
    print(f"People log in at {settings.url}hub/login", file=sys.stdout)
    return 0
