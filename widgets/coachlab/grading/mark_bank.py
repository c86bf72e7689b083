"""The comment bank of an assignment: comments a facilitator writes once and reuses by a short key.

Kept in the course folder (``.coachlab/comment-bank-ASSIGNMENT.json``), so it lasts from one
marking session to the next and travels with the cohort. Every change re-reads the file under a lock
and replaces it atomically, so two marking tabs never lose each other's comments. A damaged file is
set aside under a new name (which `notice` gives) and never overwritten.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, UTC
from pathlib import Path

from filelock import FileLock

from ..store.atomic import write_atomically

SCHEMA = 1
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
MAX_TEXT = 4000
MAX_COMMENTS = 500


class BankError(ValueError):
    """A comment that cannot be kept as asked (the message says why and what to do)."""


@dataclass(frozen=True)
class Comment:
    """A reusable comment: *key* to find it, *text* to insert."""

    key: str
    text: str


def bank_path(course_dir: str | Path, assignment: str) -> Path:
    """Where the comment bank of *assignment* lives in the course folder."""
    return Path(course_dir) / ".coachlab" / f"comment-bank-{assignment}.json"


class CommentBank:
    """The comment bank in the file *path* (created on the first comment)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.notice: str | None = None  # set when a damaged file was set aside

    def comments(self) -> list[Comment]:
        """The saved comments, in the order they were added."""
        with self._locked():
            return self._read()

    def put(self, key: str, text: str, replaces: str | None = None) -> list[Comment]:
        """Add a comment under *key*, or edit the one under *replaces* (its key may change)."""
        key, text = (key or "").strip(), (text or "").strip()
        if not KEY.fullmatch(key):
            raise BankError(f"the key {key!r} is not usable: use 1 to 40 letters, digits, '-', '_' or '.', "
                            "starting with a letter or digit (e.g. both-views)")
        if not text:
            raise BankError("the comment is empty: write the comment first, then save it to the bank")
        if len(text) > MAX_TEXT:
            raise BankError(f"the comment has {len(text)} characters; the bank keeps comments of up to {MAX_TEXT}")
        with self._locked():
            comments = self._read()
            keys = [c.key for c in comments]
            if replaces is not None and replaces not in keys:
                raise BankError(f"there is no comment {replaces!r} to edit (another tab may have deleted it)")
            if key in keys and key != replaces:
                raise BankError(f"a comment with the key {key!r} exists already: choose another key, or edit it")
            if replaces is None and len(comments) >= MAX_COMMENTS:
                raise BankError(f"the bank holds {MAX_COMMENTS} comments already: delete some first")
            if replaces is None:
                comments.append(Comment(key, text))
            else:
                comments[keys.index(replaces)] = Comment(key, text)
            self._write(comments)
            return comments

    def delete(self, key: str) -> list[Comment]:
        """Remove the comment under *key* (nothing happens if there is none)."""
        with self._locked():
            comments = [c for c in self._read() if c.key != key]
            self._write(comments)
            return comments

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path.with_name(self.path.name + ".lock"))):  # portable: no fcntl on Windows
            yield

    def _read(self) -> list[Comment]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            items = data["comments"] if isinstance(data, dict) and data.get("schema") == SCHEMA else None
            if not isinstance(items, list):
                raise ValueError("no list of comments with schema 1")
            return [Comment(str(c["key"]), str(c["text"])) for c in items]
        except FileNotFoundError:
            return []
        except OSError as e:
            raise BankError(f"the comment bank {self.path} cannot be read ({e.strerror}): check its permissions") from e
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            os.replace(self.path, aside)
            self.notice = (f"The comment bank {self.path} could not be read ({type(e).__name__}); it was set aside as "
                           f"{aside.name} and a new bank started. Copy comments back from it by hand if you need them.")
            return []

    def _write(self, comments: list[Comment]) -> None:
        data = {"schema": SCHEMA, "comments": [asdict(c) for c in comments]}
        write_atomically(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
