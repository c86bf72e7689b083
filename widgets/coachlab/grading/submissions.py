"""Submissions as the facilitator receives them: checked, imported from a folder, collected.

Every check names the learner and the file, and none changes a submission: a broken part is
reported, the rest of the submission (and of the cohort) is graded.
"""
from __future__ import annotations

import filecmp
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from ..store import ANSWERS_FILE
from .answers import SavedAnswers, read_answers
from .handedits import AssignmentParts, review
from .text import printable
from .staging import TIMESTAMP, extras, ignored, scan

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
MAX_NOTEBOOK_BYTES = 50_000_000  # a released notebook is a few hundred kB; anything far larger is not read
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
    saved: SavedAnswers | None = None


def bad_timestamp(folder: Path) -> str | None:
    """Why ``timestamp.txt`` in *folder* is unusable (naming the file), or None if fine or absent."""
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if not path.is_file() or path.is_symlink():
        return None
    with open(path, "rb") as f:
        text = f.read(200).decode("utf-8", errors="replace").strip()
    if not text:
        return None  # nbgrader treats an empty file as "no time recorded"
    try:
        parse_utc(text)
    except (ValueError, OverflowError, TypeError):
        return (f"{path}: {printable(text[:40])!r} is not a date and time, so nbgrader cannot tell when it was "
                f"submitted; {TIMESTAMP_FIX}")
    return None


def inspect(learner: str, folder: Path, released: Path, parts: AssignmentParts | None = None) -> Inspection:
    """Check one submitted folder against the release folder *released*; with *parts* (the assignment's
    checks, keys, scenarios, reflections), also what shows a hand-edited answers file."""
    from nbgrader.utils import parse_utc

    from .nbgrader_ext import cell_changes

    found = Inspection(learner, folder)
    contents = scan(folder)
    links = dict(contents.links)
    if links:
        found.problems.append(refused_links(contents.links))
    strange = extras(contents, released) + contents.odd
    if strange:
        found.problems.append(f"extra files: {_listed(strange)} (not released, so never run, imported, graded or "
                              "copied into feedback)")
    found.fatal = bad_timestamp(folder)
    if found.fatal is None and TIMESTAMP in contents.files:
        with open(folder / TIMESTAMP, "rb") as f:
            text = f.read(200).decode("utf-8", errors="replace").strip()
        found.timestamp = parse_utc(text) if text else None
    for release in sorted(released.glob("*.ipynb")):
        path = folder / release.name
        if release.name in links:
            continue
        if release.name not in contents.files:
            found.fatal = found.fatal or (f"{path}: the notebook is missing from the submission, so nbgrader cannot "
                                          f"grade it; copy {release} there if the learner's answers file is all "
                                          "there is, then run `coachlab grade` again")
            continue
        size = path.lstat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            found.problems.append(f"{path.name} is {size / 1e6:.0f} MB, too large to read; the released notebook "
                                  "was graded against the answers file")
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
    for release in sorted(p for p in released.rglob("*") if p.is_file() and p.suffix != ".ipynb"):
        rel = str(release.relative_to(released))
        if rel in links:
            continue
        if rel not in contents.files or (folder / rel).read_bytes() != release.read_bytes():
            found.problems.append(f"{rel} {'is missing' if rel not in contents.files else 'was changed'}; "
                                  "the course's own copy was used")
    found.saved = answers = read_answers(folder)
    if not answers.exists:
        found.problems.append(f"no {ANSWERS_FILE}: nothing was saved, so the automatic parts score 0")
    elif answers.problem and not answers.records:
        found.problems.append(f"{ANSWERS_FILE}: {answers.problem}, so the automatic parts score 0 and the "
                              f"reflections show blank; the file is kept unchanged in {folder}")
    elif answers.problem:
        found.problems.append(f"{ANSWERS_FILE}: {answers.problem}; the file is kept unchanged in {folder}")
    if parts is not None:
        found.problems += [f"{ANSWERS_FILE}: {p}" for p in review(answers, parts)]
    for aside in sorted(folder.glob(f"{ANSWERS_FILE}.corrupt-*")):
        if aside.name in contents.files:
            found.problems.append(f"{aside.name}: an answers file damaged on the learner's machine and set aside; "
                                  "only the answers saved after it are graded")
    return found


def refused_links(links: list[tuple[str, str]]) -> str:
    """The report line for symbolic links found in a submission."""
    return "symbolic links refused (never followed, never graded): " + _listed([f"{a} -> {b}" for a, b in links])


def _listed(items: list[str], most: int = 8) -> str:
    return printable(", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else ""))


def import_folder(source: Path, submitted: Path, assignment: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Copy each learner's folder from *source* into ``submitted/<learner>/<assignment>/``.

    *source* holds one folder per learner, with the assignment's files in it or in an
    ``<assignment>/`` sub-folder. A copy is replaced only when the files differ. A symbolic link
    is never followed nor copied: a linked learner folder is refused, a linked file is left out,
    and both are reported. Returns the learners imported and the (learner, problem) pairs.
    """
    imported, problems = [], []
    for entry in sorted(source.iterdir()):
        if entry.name.startswith("."):
            continue
        learner = entry.name
        if entry.is_symlink():
            problems.append((learner, printable(f"{entry} is a symbolic link (to {os.readlink(entry)}); refused, "
                                                "never followed")))
            continue
        if not entry.is_dir():
            continue
        if not LEARNER_ID.match(learner):
            problems.append((learner, f"{entry}: a learner id may hold letters, digits and . _ @ - only "
                                      "(nbgrader uses '+' and spaces as separators); rename the folder"))
            continue
        files = entry / assignment
        if files.is_symlink():
            problems.append((learner, printable(f"{files} is a symbolic link (to {os.readlink(files)}); refused, "
                                                "never followed")))
            continue
        files = files if files.is_dir() else entry
        contents = scan(files)
        top = {f for f in contents.files if "/" not in f} | {rel for rel, _ in contents.links}
        if not any(f.endswith(".ipynb") for f in top) and ANSWERS_FILE not in top:
            problems.append((learner, f"{files}: no notebook and no {ANSWERS_FILE}; "
                                      f"is this a submission of {assignment}?"))
            continue
        if contents.links:
            problems.append((learner, refused_links(contents.links)))
        dest = submitted / learner / assignment
        if not (dest.is_dir() and _same_tree(files, dest)):
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(files, dest, symlinks=True, ignore=_not_copied)
        imported.append(learner)
    return imported, problems


def _not_copied(folder: str, names: list[str]) -> list[str]:
    """Names copytree leaves out: ignored files, links, and anything neither file nor folder."""
    def plain(name: str) -> bool:
        path = os.path.join(folder, name)
        return not os.path.islink(path) and (os.path.isfile(path) or os.path.isdir(path))
    return [n for n in names if ignored(n) or not plain(n)]


def _same_tree(a: Path, b: Path) -> bool:
    files_a = [f for f in scan(a).files if not any(ignored(p) for p in Path(f).parts)]
    files_b = [f for f in scan(b).files if not any(ignored(p) for p in Path(f).parts)]
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def inbound_learners(inbound: Path, assignment: str) -> list[str]:
    """The learners with a submission of *assignment* waiting in an exchange inbound folder."""
    if not inbound.is_dir():
        return []
    names = {p.name.rsplit("+", 3)[0] for p in inbound.glob(f"*+{assignment}+*")}
    return sorted(names)
