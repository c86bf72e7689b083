"""The learner answer store: one JSON file of records, written atomically, under a portable lock, merged per field.

Lesson answers live in a per-learner data folder outside the git checkout (``$COACHLAB_DATA``,
else the platform's user data folder: ``~/.local/share/coachlab`` on Linux); answers to a graded
exercise live beside its notebook, so that nbgrader's submit and collect carry them.

Guarantees, each proved by a test in ``tests/store/``:

* a write is atomic: a temporary file in the same folder is flushed, fsynced and renamed over the
  old one, so a crash leaves either the old or the new file, never half of one (and the next save
  removes a temporary file a crash left behind);
* two kernels or tabs writing at once lose no update: every change is a read-modify-write under an
  exclusive lock on a sibling ``.lock`` file (``filelock``: fcntl on Unix, msvcrt on Windows), and a
  widget writes only the fields the learner changed (:meth:`AnswerStore.set_fields`);
* reading never locks or writes, so a read-only folder can still be read;
* a damaged file is moved aside once (``NAME.corrupt-TIMESTAMP``), never silently overwritten, and
  named in :attr:`AnswerStore.notices` by every store that later opens that file; a record of
  unexpected shape is skipped and named, and kept as ``KEY#set-aside-TIMESTAMP`` before it is rewritten.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import platformdirs
from filelock import FileLock

from .atomic import write_atomically
from .answers_format import (ANSWERS_FILE, ASIDE_MARK, CORRUPT_SUFFIX, SCHEMA_VERSION, AnswersFile, aside_files,
                             clean_value, field_name, read_file)

DATA_ENV = "COACHLAB_DATA"
LOCK_TIMEOUT = 30  # seconds; a save that waits longer says "Not saved" rather than hang the page
log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # a library logs; the application (server, kernel) decides where to
_FIRST_READ: dict[str, tuple[int, int, int] | None] = {}


def file_version(path: str | Path) -> tuple[int, int, int] | None:
    """A token that changes with every save of the answers file at *path* (None if absent).

    Every save replaces the file by a new one, so the inode changes even when two saves fall in
    the same tick of the file system's clock."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def files_read() -> dict[str, tuple[int, int, int] | None]:
    """Every answers file this process has read, by absolute path, with its version just before the
    first read. The site runs module pages ahead of time and hands one out only while all of these
    are unchanged, so that a learner never gets back answers older than those on disk."""
    return dict(_FIRST_READ)


def data_folder() -> Path:
    """The learner's own data folder: ``$COACHLAB_DATA``, else the platform's user data folder."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return Path(platformdirs.user_data_dir("coachlab", appauthor=False))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Saved:
    """What :meth:`AnswerStore.set_fields` wrote: the record (value cleaned) and the fields another
    writer had changed since the revisions the caller said it had seen."""

    record: dict
    overtaken: tuple[tuple[str, ...], ...] = ()


class AnswerStore:
    """Records (JSON values with a schema version, a timestamp and per-field revisions) under string keys."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.moved_aside: list[Path] = []
        self._why: dict[Path, str] = {}
        self._skipped: dict[str, list[str]] = {}
        self._lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=LOCK_TIMEOUT)
        self.unreadable: str | None = None  # why the file can be neither read nor set aside

    @classmethod
    def for_lesson(cls, lesson: str) -> AnswerStore:
        """The store of a lesson, in the learner's data folder."""
        return cls(data_folder() / f"{lesson}.json")

    @classmethod
    def for_exercise(cls, folder: str | Path = ".") -> AnswerStore:
        """The store of a graded exercise, beside its notebook in *folder*."""
        return cls(Path(folder) / ANSWERS_FILE)

    # reading -------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """The value saved under *key* (only the parts of the expected shape), or *default*."""
        record = self.record(key)
        return default if record is None else record["value"]

    def record(self, key: str) -> dict | None:
        """The record under *key* with its value cleaned (see :func:`answers_format.clean_value`), or None."""
        return self._cleaned(key, self.records().get(key))

    def records(self) -> dict[str, dict]:
        """Every well-formed record, by key (values as saved). Never locks or writes, unless the
        file is damaged: then it is set aside (once) and named in :attr:`notices`."""
        return self._read().records

    def version(self) -> tuple[int, int, int] | None:
        """A token that changes with every save (None if absent): a cheap way to see another tab's save."""
        return file_version(self.path)

    def writable(self) -> bool:
        """Can answers be saved here? False for a read-only folder (or a damaged file that could not be set aside)."""
        if self.unreadable:
            return False
        folder = self.path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return os.access(folder, os.W_OK)

    @property
    def notices(self) -> list[str]:
        """What the learner should know about this file: copies set aside, records skipped, a file unreadable."""
        found = []
        if self.unreadable:
            found.append(f"Your saved answers in {self.path} could not be read because {self.unreadable}, and the "
                         "file could not be moved aside, so nothing will be saved to it. Your facilitator can help.")
        for aside in aside_files(self.path):
            why = f" ({self._why[aside]})" if aside in self._why else ""
            found.append(f"An earlier answers file of this module could not be read{why}, so it was kept, unchanged, "
                         f"as {aside}; answers are saved afresh. Your facilitator can help recover it.")
        for key, problems in self._skipped.items():
            found.append(f"Part of your saved answer {key} in {self.path} could not be used ({'; '.join(problems)}); "
                         "it was skipped. The rest of the page works.")
        return found

    # writing -------------------------------------------------------------

    def set_fields(self, key: str, fields: dict[tuple[str, ...], Any],
                   seen: dict[str, int] | None = None) -> Saved:
        """Save each field (a path inside the record's value) and bump its revision; other fields,
        written by another tab or kernel, are kept as they are on disk.

        *seen* gives the revisions the caller last saw; a field whose revision on disk is newer was
        overtaken (written elsewhere since) and is listed in the result: this write still wins.
        """
        seen = seen or {}
        with self._locked():
            records = self._read(locked=True).records
            old = records.get(key)
            value = self._value_for_write(records, key)
            if not isinstance(value, dict):
                value = {}
            revs = dict(old.get("revs", {})) if old else {}
            overtaken = []
            for path, new in fields.items():
                name = field_name(path)
                if revs.get(name, 0) > seen.get(name, 0):
                    overtaken.append(path)
                _set_path(value, path, new)
                revs[name] = revs.get(name, 0) + 1
            records[key] = {"schema": SCHEMA_VERSION, "saved_at": _now(), "value": value, "revs": revs}
            self._write(records)
            return Saved(self._cleaned(key, records[key]) or records[key], tuple(overtaken))

    def update(self, key: str, change: Callable[[Any], Any]) -> dict:
        """Save ``change(old_value)`` under *key*, atomically with respect to other writers.

        *change* receives the cleaned value (or None), so it can rely on the shape of its kind.
        """
        with self._locked():
            records = self._read(locked=True).records
            old = records.get(key)
            value = self._value_for_write(records, key) if old else None
            new = {"schema": SCHEMA_VERSION, "saved_at": _now(), "value": change(value)}
            if old and old.get("revs"):
                new["revs"] = old["revs"]
            records[key] = new
            self._write(records)
            return self._cleaned(key, new) or new

    def put(self, key: str, value: Any) -> dict:
        """Save *value* under *key*, replacing the whole record; returns the record written."""
        return self.update(key, lambda _old: value)

    def delete(self, key: str) -> None:
        """Forget *key* (no error if absent)."""
        with self._locked():
            records = self._read(locked=True).records
            if records.pop(key, None) is not None:
                self._write(records)

    # internals -----------------------------------------------------------

    def _cleaned(self, key: str, record: dict | None) -> dict | None:
        if record is None:
            return None
        value, problems = clean_value(key, record["value"])
        if problems:
            self._skipped[key] = problems
        else:
            self._skipped.pop(key, None)
        return None if value is None else {"saved_at": None, "revs": {}, **record, "value": value}

    def _value_for_write(self, records: dict[str, dict], key: str) -> Any:
        """The cleaned value to change (None if it was unusable); a record with parts of unexpected shape is
        first kept aside."""
        old = records.get(key)
        if old is None:
            return None
        value, problems = clean_value(key, old["value"])
        if problems:
            records[f"{key}{ASIDE_MARK}{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}"] = old
            log.warning("record %s of %s kept aside before rewriting: %s", key, self.path, "; ".join(problems))
        return value

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    def _read(self, locked: bool = False) -> AnswersFile:
        _FIRST_READ.setdefault(os.path.abspath(self.path), self.version())
        found = read_file(self.path)
        if found.usable:
            self.unreadable = None
            return found
        if not locked:  # set aside under the lock, after checking nobody has done so meanwhile
            try:
                with self._locked():
                    return self._read(locked=True)
            except OSError as e:
                self.unreadable = f"{found.problem} (and it could not be moved aside: {e.strerror or e})"
                log.warning("answers file %s: %s", self.path, self.unreadable)
                return AnswersFile(self.path, True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        aside = self.path.with_name(f"{self.path.name}{CORRUPT_SUFFIX}{stamp}")
        os.replace(self.path, aside)
        self.moved_aside.append(aside)
        self._why[aside] = found.problem or ""
        log.warning("answers file %s set aside as %s: %s", self.path, aside, found.problem)
        return AnswersFile(self.path)

    def _write(self, records: dict[str, dict]) -> None:
        document = {"schema": SCHEMA_VERSION, "records": records}
        payload = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            data = payload.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: kept, written as a JSON escape
            data = json.dumps(document, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")
        for orphan in self.path.parent.glob(f".{self.path.name}.*.tmp"):  # left by a crash; we hold the lock
            with contextlib.suppress(OSError):
                orphan.unlink()
        write_atomically(self.path, data)


def _set_path(value: dict, path: tuple[str, ...], new: Any) -> None:
    for part in path[:-1]:
        if not isinstance(value.get(part), dict):
            value[part] = {}
        value = value[part]
    value[path[-1]] = new

