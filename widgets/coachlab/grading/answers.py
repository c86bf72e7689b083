"""A learner's saved answers, read for grading: read-only, never moved, locked or rewritten.

`coachlab.store.AnswerStore` is the learner's side: it sets a damaged file aside so the learner
can keep working. Grading must not change a submission, and must get every point a damaged file
still holds, so it reads the file here, with the answers format's names and limits
(`coachlab.store.answers_format`): a damaged file (a bad byte, a cut-off end, a broken record)
keeps every record that can still be read, one by one, and says which were lost; a symbolic link
is never followed; a file over `MAX_ANSWERS_BYTES` is not read at all.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store.answers_format import ANSWERS_FILE, MAX_FILE_BYTES, MAX_TEXT_CHARS, SCHEMA_VERSION

# Limits at grading (documented in the README, "Grading a cohort"): the answers format's own. A
# reflection answer longer than the widget lets a learner save is reported, and shown cut to that
# length in feedback and formgrader; a file far larger than the course writes is not read at all.
REFLECTION_LIMIT = MAX_TEXT_CHARS
PLAYS_LIMIT = 200  # role-play plays graded and shown per scenario: the latest ones
MAX_ANSWERS_BYTES = MAX_FILE_BYTES
# The answers file grading writes for the autograder (`staging`) may carry a note on the learner's
# file (e.g. what was lost from a damaged one); it is shown where the answers are shown.
NOTE_KEY = "grading_note"
# Beside the notebook it autogrades, `coachlab grade` writes the assignment's data as it checked it.
CHECKED_DATA = ".coachlab_checked_data.json"

# A record key as the store writes it, "kind/id", opening a JSON object: where a record may start.
_RECORD_START = re.compile(r'(?<!\\)"([a-z_]+/[^"\\]{1,200})"\s*:\s*(?=\{)')


@dataclass(frozen=True)
class SavedAnswers:
    """The records of one answers file, or why it could not be (wholly) used."""

    path: Path
    records: dict[str, dict] = field(default_factory=dict)
    problem: str | None = None  # None when the file is fine or simply absent
    lost: tuple[str, ...] = ()  # keys of records that were damaged and could not be read
    found: bool | None = None  # was there a file (regular or not)? None: look at the path

    @property
    def exists(self) -> bool:
        """Is there an answers file at all?"""
        return self.found if self.found is not None else self.path.is_file()

    def value(self, key: str, default: Any = None) -> Any:
        """The value saved under *key*, or *default*."""
        record = self.records.get(key)
        return record.get("value", default) if isinstance(record, dict) else default

    def saved_at(self, key: str) -> str | None:
        """When the record under *key* was saved, if it says."""
        record = self.records.get(key)
        stamp = record.get("saved_at") if isinstance(record, dict) else None
        return stamp if isinstance(stamp, str) else None


def read_answers(folder: str | Path) -> SavedAnswers:
    """The answers file of the assignment in *folder*, as much of it as can be read."""
    path = Path(folder) / ANSWERS_FILE
    try:
        info = path.lstat()
    except FileNotFoundError:
        return SavedAnswers(path, found=False)
    except OSError as e:
        return SavedAnswers(path, problem=f"it cannot be read ({e.strerror})", found=True)
    if stat.S_ISLNK(info.st_mode):
        return SavedAnswers(path, problem=f"it is a symbolic link (to {os.readlink(path)}), which grading never "
                                          "follows", found=True)
    if not stat.S_ISREG(info.st_mode):
        return SavedAnswers(path, problem="it is not a file", found=True)
    if info.st_size > MAX_ANSWERS_BYTES:
        return SavedAnswers(path, problem=f"it is {info.st_size // 2**20} MiB, over the "
                                          f"{MAX_ANSWERS_BYTES // 2**20} MiB "
                                          "a course's answers can reach, so it was not read", found=True)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            raw = f.read(MAX_ANSWERS_BYTES + 1)
    except OSError as e:
        return SavedAnswers(path, problem=f"it cannot be read ({e.strerror})", found=True)
    records, problem, lost = parse_answers(raw)
    return SavedAnswers(path, records, problem, tuple(lost), found=True)


def parse_answers(raw: bytes) -> tuple[dict[str, dict], str | None, list[str]]:
    """The records of an answers file's bytes, what is wrong with it, and the keys of records lost."""
    notes = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        text = raw.decode("utf-8", errors="replace")
        notes.append(f"it holds bytes that are not UTF-8 text (the first at byte {e.start}), read as '\ufffd'")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        records, lost = _recover(text)
        what = f"it is not valid JSON ({e.msg} at line {e.lineno})"
        kept = (f"{len(records)} record{'s' * (len(records) != 1)} could still be read and "
                f"{'were' if len(records) != 1 else 'was'} graded" if records else "no record could be read")
        return records, "; ".join(notes + [what, kept]), lost
    except RecursionError:
        return {}, "; ".join(notes + ["it is nested too deeply to be read"]), []
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        return {}, "; ".join(notes + ["it does not hold a 'records' table"]), []
    if data.get("schema") != SCHEMA_VERSION:
        return {}, "; ".join(notes + [f"it has schema version {data.get('schema')!r}, not {SCHEMA_VERSION}"]), []
    records = {k: v for k, v in data["records"].items() if isinstance(v, dict) and "value" in v}
    lost = sorted(set(data["records"]) - set(records))
    if isinstance(data.get(NOTE_KEY), str):
        notes.append(data[NOTE_KEY])
    if lost:
        notes.append(f"record{'s' * (len(lost) != 1)} {', '.join(lost)} hold{'s' * (len(lost) == 1)} no value")
    return records, "; ".join(notes) or None, lost


def _recover(text: str) -> tuple[dict[str, dict], list[str]]:
    """Every record of a damaged file that still reads as a whole JSON object, and the keys that do not."""
    decoder = json.JSONDecoder()
    records: dict[str, dict] = {}
    lost: list[str] = []
    end = 0
    for match in _RECORD_START.finditer(text):
        if match.start() < end:  # inside a record already read (e.g. a quoted key in a reflection)
            continue
        key = match.group(1)
        try:
            value, stop = decoder.raw_decode(text, match.end())
        except (json.JSONDecodeError, RecursionError):
            if key not in records and key not in lost:
                lost.append(key)
            continue
        if isinstance(value, dict) and "value" in value:
            records[key] = value
            end = stop
            if key in lost:
                lost.remove(key)
    return records, lost
