"""The clean folder a submission is autograded in: only what was released, and the learner's answers as data.

nbgrader runs a notebook's kernel in the submission's own folder, first on ``sys.path``, so any
file a learner ships beside the notebook (a ``coachlab/`` package, a ``json.py``, a
``sitecustomize.py``) would be imported by the autograder. Instead, each submission is *staged*:
a fresh folder holding the released notebook(s), nbgrader's ``timestamp.txt`` and
``submission_secret.txt``, and an answers file that
grading writes itself from the records it could read (known parts only, over-long reflections
cut to `REFLECTION_LIMIT`). nbgrader autogrades that folder; the submission itself is never
executed, imported, copied into ``autograded/`` or feedback, or changed. Nothing in a submission
is followed if it is a symbolic link.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from ..store import ANSWERS_FILE, SCHEMA_VERSION
from .answers import CHECKED_DATA, NOTE_KEY, PLAYS_LIMIT, REFLECTION_LIMIT, SavedAnswers
from .settings import IGNORE

TIMESTAMP = "timestamp.txt"
SECRET = "submission_secret.txt"  # written by nbgrader submit; release_feedback needs it beside the feedback
STAGED_DIR = ".coachlab/staged"  # relative to the course folder (nbgrader needs it so)


@dataclass
class Contents:
    """What a submitted folder holds, looked at without following any link."""

    files: list[str] = field(default_factory=list)  # regular files, relative paths
    links: list[tuple[str, str]] = field(default_factory=list)  # (relative path, where it points)
    odd: list[str] = field(default_factory=list)  # neither file, folder nor link (fifo, device, socket)


def scan(folder: Path) -> Contents:
    """Every entry under *folder*, by kind; symbolic links are listed, never followed."""
    found = Contents()
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(top) / name
            rel = str(path.relative_to(folder))
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                found.links.append((rel, os.readlink(path)))
            elif stat.S_ISREG(mode):
                found.files.append(rel)
            elif not stat.S_ISDIR(mode):
                found.odd.append(rel)
        dirs[:] = [d for d in dirs if not (Path(top) / d).is_symlink()]
    found.files.sort()
    return found


def ignored(name: str) -> bool:
    """Is *name* one of the files nbgrader never copies (checkpoints, caches, the store's lock)?"""
    return any(fnmatch(name, pattern) for pattern in IGNORE)


def extras(contents: Contents, released: Path) -> list[str]:
    """The files of a submission that were not released: never graded, never copied, reported."""
    expected = {str(p.relative_to(released)) for p in released.rglob("*") if p.is_file()}
    expected |= {ANSWERS_FILE, TIMESTAMP, SECRET}
    return [f for f in contents.files
            if f not in expected and not fnmatch(Path(f).name, f"{ANSWERS_FILE}.corrupt-*")
            and not any(ignored(part) for part in Path(f).parts)]


def canonical_answers(saved: SavedAnswers, known: set[str]) -> dict:
    """The answers file grading writes for the autograder: the readable records of the assignment's
    parts only, reflections cut to `REFLECTION_LIMIT` (with their full length noted), and a note on
    a damaged file."""
    records = {}
    for key in sorted(known & set(saved.records)):
        record = saved.records[key]
        value = record.get("value")
        if key.startswith("reflection/") and isinstance(value, dict) and isinstance(value.get("answers"), dict):
            answers, cut = {}, {}
            for pid, text in value["answers"].items():
                if isinstance(text, str) and len(text) > REFLECTION_LIMIT:
                    answers[pid], cut[pid] = text[:REFLECTION_LIMIT], len(text)
                else:
                    answers[pid] = text
            value = {**value, "answers": answers} | ({"cut": cut} if cut else {})
        if key.startswith("roleplay/") and isinstance(value, dict) and isinstance(value.get("plays"), list):
            value = {**value, "plays": value["plays"][-PLAYS_LIMIT:]}
        saved_at = record.get("saved_at")
        records[key] = {"schema": SCHEMA_VERSION, "saved_at": saved_at if isinstance(saved_at, str) else None,
                        "value": value}
    data: dict = {"schema": SCHEMA_VERSION, "records": records}
    if saved.problem:
        data[NOTE_KEY] = saved.problem
    return data


def reflection_prints(saved: SavedAnswers) -> dict[str, str]:
    """A hash of each saved reflection's whole text, to tell whether it changed since it was marked."""
    prints = {}
    for key in saved.records:
        if key.startswith("reflection/"):
            value = saved.value(key)
            answers = value.get("answers") if isinstance(value, dict) else None
            blob = json.dumps(answers if isinstance(answers, dict) else None, sort_keys=True, ensure_ascii=False)
            prints[key.removeprefix("reflection/")] = hashlib.sha256(blob.encode("utf-8", "replace")).hexdigest()
    return prints


def checked_data(source: Path, scenario_ids) -> str:
    """The assignment's lesson data and scenarios in *source* as read (call once they have been checked),
    as JSON for the autograder's kernels (`notebook.Assignment` reads it instead of checking again)."""
    from ..content.datafile import DataFile

    data = {"lesson": DataFile.load(source / "data" / f"{source.name}.yaml").data,
            "scenarios": {sid: DataFile.load(source / "data" / "scenarios" / f"{sid}.yaml").data
                          for sid in sorted(scenario_ids)}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def stage(dest: Path, released: Path, submitted: Path, answers: dict | None, checked: str | None = None) -> None:
    """Build the autograder's folder *dest*: the released notebooks, the submission's timestamp (if a
    plain file), *answers* (None: no answers file) and the *checked* data of the assignment."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for notebook in sorted(released.glob("*.ipynb")):
        shutil.copyfile(notebook, dest / notebook.name)
    for name in (TIMESTAMP, SECRET):  # small text files nbgrader itself reads, copied only if plain and small
        path = submitted / name
        if path.is_file() and not path.is_symlink() and path.lstat().st_size < 4096:
            shutil.copyfile(path, dest / name, follow_symlinks=False)
    if answers is not None:
        (dest / ANSWERS_FILE).write_text(json.dumps(answers, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if checked is not None:
        (dest / CHECKED_DATA).write_text(checked, encoding="utf-8")


def folder_print(folder: Path) -> str:
    """A hash of every regular file in *folder* (names and contents), links not followed."""
    digest = hashlib.sha256()
    for rel in scan(folder).files:
        digest.update(rel.encode() + b"\0" + (folder / rel).read_bytes() + b"\0")
    return digest.hexdigest()
