"""The learner answer store: one JSON file of records, written atomically and under a lock.

Lesson answers live in a per-learner data folder outside the git checkout
(``$COACHLAB_DATA``, default ``~/.local/share/coachlab``); answers to a graded exercise live
beside its notebook, so that nbgrader's submit and collect carry them with the submission.

Guarantees, each proved by a test in ``tests/test_store.py``:

* a write is atomic: a temporary file in the same folder is flushed, fsynced and renamed over
  the old one, so a crash leaves either the old or the new file, never half of one;
* two kernels or tabs writing at once lose no update: every change is a read-modify-write
  under an exclusive lock on a sibling ``.lock`` file;
* a corrupt or unreadable file is moved aside (``NAME.corrupt-TIMESTAMP``) with a warning,
  never silently overwritten;
* every record carries the schema version and the time it was saved.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

SCHEMA_VERSION = 1
DATA_ENV = "COACHLAB_DATA"
ANSWERS_FILE = "coachlab_answers.json"


class CorruptStoreWarning(UserWarning):
    """A store file could not be read and was moved aside; its content is kept there."""


def data_folder() -> Path:
    """The learner's own data folder: ``$COACHLAB_DATA`` or the XDG data home."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(xdg) / "coachlab"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class AnswerStore:
    """Records (JSON values with a schema version and timestamp) kept under string keys in one file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.moved_aside: list[Path] = []

    @classmethod
    def for_lesson(cls, lesson: str) -> "AnswerStore":
        """The store of a lesson, in the learner's data folder."""
        return cls(data_folder() / f"{lesson}.json")

    @classmethod
    def for_exercise(cls, folder: str | Path = ".") -> "AnswerStore":
        """The store of a graded exercise, beside its notebook in *folder*."""
        return cls(Path(folder) / ANSWERS_FILE)

    # reading -------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """The value saved under *key*, or *default*."""
        record = self.record(key)
        return default if record is None else record["value"]

    def record(self, key: str) -> dict | None:
        """The whole record under *key* (value, schema, saved_at), or None."""
        return self.records().get(key)

    def records(self) -> dict[str, dict]:
        """Every record, by key."""
        with self._locked():
            return self._read()

    # writing -------------------------------------------------------------

    def put(self, key: str, value: Any) -> dict:
        """Save *value* under *key*; returns the record written."""
        record = {"schema": SCHEMA_VERSION, "saved_at": _now(), "value": value}
        with self._locked():
            records = self._read()
            records[key] = record
            self._write(records)
        return record

    def update(self, key: str, change) -> dict:
        """Save ``change(old_value)`` under *key*, atomically with respect to other writers."""
        with self._locked():
            records = self._read()
            old = records.get(key, {}).get("value")
            records[key] = {"schema": SCHEMA_VERSION, "saved_at": _now(), "value": change(old)}
            self._write(records)
            return records[key]

    def delete(self, key: str) -> None:
        """Forget *key* (no error if absent)."""
        with self._locked():
            records = self._read()
            if records.pop(key, None) is not None:
                self._write(records)

    # internals -----------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, dict]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as e:
            return self._set_aside(f"it could not be read ({e})")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            return self._set_aside(f"it is not valid JSON ({e})")
        problem = _shape_problem(data)
        if problem:
            return self._set_aside(problem)
        return data["records"]

    def _set_aside(self, why: str) -> dict:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.replace(self.path, aside)
        self.moved_aside.append(aside)
        warnings.warn(
            f"Your saved answers in {self.path} could not be used because {why}. "
            f"The file was kept, unchanged, as {aside}; answers are saved afresh from now on. "
            "Ask your facilitator if you need what was in it.",
            CorruptStoreWarning, stacklevel=4)
        return {}

    def _write(self, records: dict[str, dict]) -> None:
        payload = json.dumps({"schema": SCHEMA_VERSION, "records": records},
                             ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_folder(self.path.parent)


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        return "it does not hold a 'records' table"
    if data.get("schema") != SCHEMA_VERSION:
        return f"it has schema version {data.get('schema')!r}, and this course reads version {SCHEMA_VERSION}"
    for key, record in data["records"].items():
        if not isinstance(record, dict) or "value" not in record:
            return f"its record {key!r} has no value"
    return None


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
