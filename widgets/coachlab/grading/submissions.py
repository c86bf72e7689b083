"""Submissions as the facilitator receives them: checked, imported from a folder, collected.

Every check names the learner and the file, and none changes a submission: a broken part is
reported, the rest of the submission (and of the cohort) is graded.
"""
from __future__ import annotations

import filecmp
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path

import nbformat

from ..store import ANSWERS_FILE
from .answers import read_answers
from .settings import IGNORE

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
TIMESTAMP_FIX = ("fix the date (for example: 2025-03-14 17:05:00 UTC) or delete the file, "
                 "then run `coachlab grade` again")


@dataclass
class Inspection:
    """What is wrong with one submission: a reason it cannot be graded now, and broken parts."""

    learner: str
    folder: Path
    fatal: str | None = None
    problems: list[str] = field(default_factory=list)
    timestamp: datetime | None = None


def bad_timestamp(folder: Path) -> str | None:
    """Why ``timestamp.txt`` in *folder* is unusable (naming the file), or None if fine or absent."""
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    if not text:
        return None  # nbgrader treats an empty file as "no time recorded"
    try:
        parse_utc(text)
    except (ValueError, OverflowError, TypeError):
        return f"{path}: {text[:40]!r} is not a date and time, so nbgrader cannot tell when it was submitted; {TIMESTAMP_FIX}"
    return None


def inspect(learner: str, folder: Path, released: list[Path]) -> Inspection:
    """Check one submitted folder against the released notebooks *released*."""
    from nbgrader.utils import parse_utc

    from .nbgrader_ext import cell_changes

    found = Inspection(learner, folder)
    found.fatal = bad_timestamp(folder)
    if found.fatal is None and (folder / "timestamp.txt").is_file():
        text = (folder / "timestamp.txt").read_text(encoding="utf-8", errors="replace").strip()
        found.timestamp = parse_utc(text) if text else None
    for release in released:
        path = folder / release.name
        if not path.is_file():
            found.fatal = found.fatal or (f"{path}: the notebook is missing from the submission, so nbgrader cannot "
                                          f"grade it; copy {release} there if the learner's answers file is all "
                                          "there is, then run `coachlab grade` again")
            continue
        try:
            submitted = nbformat.read(str(path), as_version=4)
        except Exception as e:  # any parse or decode failure
            found.problems.append(f"{path.name} cannot be read ({type(e).__name__}); graded from the answers file "
                                  "against the released notebook")
            continue
        changes = cell_changes(submitted, nbformat.read(str(release), as_version=4))
        if changes:
            found.problems.append(f"{path.name}: {changes}; the released cells were graded instead")
    for release in sorted(p for p in (released[0].parent.rglob("*") if released else []) if p.is_file()):
        if release.suffix == ".ipynb":
            continue
        copy = folder / release.relative_to(released[0].parent)
        if not copy.is_file() or copy.read_bytes() != release.read_bytes():
            found.problems.append(f"{copy.relative_to(folder)} {'is missing' if not copy.is_file() else 'was changed'}; "
                                  "the course's own copy was used")
    answers = read_answers(folder)
    if not answers.exists:
        found.problems.append(f"no {ANSWERS_FILE}: nothing was saved, so the automatic parts score 0")
    elif answers.problem:
        found.problems.append(f"{ANSWERS_FILE}: {answers.problem}, so the automatic parts score 0 and the "
                              f"reflections show blank; the file is kept unchanged in {folder}")
    for aside in sorted(folder.glob(f"{ANSWERS_FILE}.corrupt-*")):
        found.problems.append(f"{aside.name}: an answers file damaged on the learner's machine and set aside; "
                              "only the answers saved after it are graded")
    return found


def fingerprint(folder: Path) -> str:
    """A hash of every file in *folder* (names and contents), to tell whether a submission changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _ignored(p.name)):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _ignored(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in IGNORE)


def import_folder(source: Path, submitted: Path, assignment: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Copy each learner's folder from *source* into ``submitted/<learner>/<assignment>/``.

    *source* holds one folder per learner, with the assignment's files in it or in an
    ``<assignment>/`` sub-folder. A copy is replaced only when the files differ. Returns the
    learners imported and the (learner, problem) pairs of folders that could not be.
    """
    imported, problems = [], []
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        learner = entry.name
        if not LEARNER_ID.match(learner):
            problems.append((learner, f"{entry}: a learner id may hold letters, digits and . _ @ - only "
                                      "(nbgrader uses '+' and spaces as separators); rename the folder"))
            continue
        files = entry / assignment if (entry / assignment).is_dir() else entry
        if not any(files.glob("*.ipynb")) and not (files / ANSWERS_FILE).exists():
            problems.append((learner, f"{files}: no notebook and no {ANSWERS_FILE}; is this a submission of {assignment}?"))
            continue
        dest = submitted / learner / assignment
        if dest.is_dir() and _same_tree(files, dest):
            imported.append(learner)
            continue
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(files, dest, ignore=lambda _d, names: [n for n in names if _ignored(n)])
        imported.append(learner)
    return imported, problems


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and not _ignored(p.name))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and not _ignored(p.name))
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def inbound_learners(inbound: Path, assignment: str) -> list[str]:
    """The learners with a submission of *assignment* waiting in an exchange inbound folder."""
    if not inbound.is_dir():
        return []
    names = {p.name.rsplit("+", 3)[0] for p in inbound.glob(f"*+{assignment}+*")}
    return sorted(names)
