"""A workshop roster (CSV: ``username,role[,name]``), checked line by line before anyone is created.

Every problem is reported with the roster's file and line; one problem refuses the whole roster, so
a half-created cohort never exists. A user name must be safe as a Unix account, a URL part and a
file name: lower-case letters, digits, ``-`` and ``_``, starting with a letter, at most 32
characters, never a reserved or existing system account.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..content.errors import CourseDataError, Problem

ROLES = ("learner", "facilitator")
NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# Accounts and words that must never be a participant, even if the machine has no such account.
RESERVED = frozenset({"root", "admin", "administrator", "daemon", "bin", "sys", "sync", "games", "man", "lp",
                      "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "nobody", "nogroup",
                      "systemd-network", "messagebus", "sshd", "postgres", "jupyterhub", "hub", "user",
                      "services", "api", "facilitators", "learners", "coachlab-debrief"})
NAME_FIX = "use lower-case letters, digits, '-' or '_', starting with a letter (at most 32), e.g. 'ana-lopez'"


@dataclass(frozen=True)
class Person:
    """One participant: their account name, role, and display name (may be empty)."""

    username: str
    role: str
    name: str = ""
    line: int = 0


def read_roster(path: str | Path, *, account_is_foreign: Callable[[str], bool] = lambda _: False) -> list[Person]:
    """The people of the roster at *path*, or a CourseDataError listing every bad line.

    *account_is_foreign(name)* says whether a system account of that name already exists and is not
    one of the cohort's (those are refused: adding them would hand an existing account to the hub).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CourseDataError(Problem(str(path), None, f"cannot read the roster ({e})",
                                      "save it as UTF-8 CSV with the header username,role,name")) from e
    rows = list(csv.reader(text.splitlines()))
    problems: list[Problem] = []
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["username", "role"]:
        raise CourseDataError(Problem(str(path), 1, "the first line must be the header 'username,role,name'",
                                      "add the header line; role is 'learner' or 'facilitator'"))
    people: list[Person] = []
    first_line: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank lines are allowed
        def bad(message: str, hint: str, _n: int = number) -> None:
            problems.append(Problem(str(path), _n, message, hint))
        username = row[0].strip() if row else ""
        role = row[1].strip().lower() if len(row) > 1 else ""
        name = row[2].strip() if len(row) > 2 else ""
        if len(row) > 3:
            bad(f"{len(row)} columns, expected at most 3", "quote a name that contains a comma: \"Lopez, Ana\"")
        if not username:
            bad("the user name is empty", NAME_FIX)
        elif not NAME.fullmatch(username):
            bad(f"unsafe user name {username!r}", NAME_FIX)
        elif username in RESERVED:
            bad(f"{username!r} is reserved for the system", "choose another user name")
        elif username in first_line:
            bad(f"{username!r} is already on line {first_line[username]}", "give each person one line and one name")
        elif account_is_foreign(username):
            bad(f"a system account {username!r} already exists and is not part of the cohort",
                "choose another user name (the roster never takes over an existing account)")
        if role not in ROLES:
            bad(f"unknown role {role!r}", "write 'learner' or 'facilitator'")
        if any(ch in name for ch in "\n\r:\x00"):
            bad("the display name holds a line break or ':'", "remove it")
        if username and username not in first_line:
            first_line[username] = number
        people.append(Person(username, role, name, number))
    if problems:
        raise CourseDataError(problems)
    if not people:
        raise CourseDataError(Problem(str(path), None, "the roster names nobody", "add one line per person"))
    return people
