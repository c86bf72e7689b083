"""Anonymous learner codes: stable across runs and assignments, and not guessable from a learner id.

A code is ``L-`` and the start of an HMAC of the learner id under a secret salt kept in the course
folder (``.coachlab/debrief-salt``, created on first use, readable by its owner only). The same
learner gets the same code in every report of the cohort; without the salt, nobody can check a
guessed id against a code. Only the facilitator, running with ``--names``, sees who is who.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from ..content.errors import CourseDataError, Problem

SALT_FILE = Path(".coachlab") / "debrief-salt"
MIN_SALT = 16  # bytes
ALPHABET_LEN = 6  # base32 characters: 30 bits, lengthened where two learners would collide


def course_salt(course_dir: str | Path) -> tuple[bytes, str | None]:
    """The cohort's salt, created on first use; (salt, note) where note says if it could not be kept.

    An existing salt file that is too short or unreadable is an error, never replaced: replacing it
    would silently change every learner's code between two reports of the same cohort.
    """
    path = Path(course_dir) / SALT_FILE
    try:
        salt = path.read_bytes().strip()
    except FileNotFoundError:
        return _new_salt(path)
    except OSError as e:
        raise CourseDataError(Problem(str(path), None, f"the anonymous-code salt cannot be read ({e.strerror})",
                                      "make it readable by you (chmod 600) and run again")) from None
    if len(salt) < MIN_SALT:
        raise CourseDataError(Problem(str(path), None,
                                      f"the anonymous-code salt is {len(salt)} bytes, shorter than {MIN_SALT}",
                                      "restore it from a backup to keep the cohort's codes, or delete it to start "
                                      "new codes (earlier reports will then use other codes)"))
    return salt, None


def _new_salt(path: Path) -> tuple[bytes, str | None]:
    salt = secrets.token_hex(32).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(salt)
        return salt, None
    except FileExistsError:  # another run created it meanwhile: use theirs
        return course_salt(path.parent.parent)
    except OSError as e:
        return salt, (f"the anonymous codes could not be kept in {path} ({e.strerror}); "
                      "they differ from one report to the next")


def codes(learners: Iterable[str], salt: bytes) -> dict[str, str]:
    """A distinct code for every learner id."""
    def digest(learner: str) -> str:
        mac = hmac.new(salt, learner.encode("utf-8"), hashlib.sha256).digest()
        return base64.b32encode(mac).decode().rstrip("=")

    full = {learner: digest(learner) for learner in sorted(set(learners))}
    length = ALPHABET_LEN
    while True:
        short = {learner: d[:length] for learner, d in full.items()}
        if len(set(short.values())) == len(short) or length >= 52:
            return {learner: f"L-{s}" for learner, s in short.items()}
        length += 2
