"""The answers format: which records exist, how their keys are named, and the one reader with its checks.

An answers file is JSON: ``{"schema": 1, "records": {KEY: RECORD}}``. A key is ``<kind>/<id>``,
where the kind names the exercise type (``reflection/first-look``, ``check/how-it-works``) and
the id is the exercise's id in the lesson data file. A record is
``{"schema": 1, "saved_at": ISO-UTC, "value": {...}, "revs": {FIELD: N}}``: ``revs`` counts the
saves of each field (a path such as ``answers/description``), so that a tab can tell that another
tab changed a field since it last looked.

Everything that reads answers (the store, progress, grading, debrief) reads them here. The reader
never moves, locks or writes a file; it says what is wrong, and :func:`clean_value` keeps the
parts of a record that have the expected shape and names the parts it skipped, so that a record
edited by hand or saved by another version never crashes a page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
ANSWERS_FILE = "coachlab_answers.json"  # a graded exercise's answers, beside its notebook
CORRUPT_SUFFIX = ".corrupt-"  # a damaged file is kept as NAME.corrupt-TIMESTAMP
ASIDE_MARK = "#set-aside-"  # a record of unexpected shape is kept as KEY#set-aside-TIMESTAMP before a rewrite

# The largest answer a learner can save in one text field. A reflection prompt of 20,000
# characters is some 3,000 words, ten times the longest guidance in the course; the limit keeps
# every save (and every websocket message) small.
MAX_TEXT_CHARS = 20_000
# A whole course's answers take well under a megabyte; a file far larger is not one the course wrote,
# and is reported rather than read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Lesson data file section -> record kind (the key prefix of its exercises' records).
KINDS: dict[str, str] = {
    "reflections": "reflection",
    "checks": "check",
    "self_assessments": "self_assessment",
    "rewrites": "rewrite",
    "sbi": "sbi",
    "grow_plans": "grow",
    "stakeholder_maps": "stakeholders",
    "roleplays": "roleplay",
}
SECTIONS: dict[str, str] = {kind: section for section, kind in KINDS.items()}


def record_key(kind: str, ident: str) -> str:
    """The key an exercise of *kind* (e.g. "reflection") with id *ident* saves under."""
    if kind not in SECTIONS:
        raise ValueError(f"unknown record kind {kind!r}; known: {', '.join(SECTIONS)}")
    return f"{kind}/{ident}"


def kind_of(key: str) -> str | None:
    """The record kind of *key* ("reflection" for "reflection/x"), or None for an unknown kind."""
    kind = key.partition("/")[0]
    return kind if kind in SECTIONS else None


def field_name(path: tuple[str, ...]) -> str:
    """The name of a field in a record's ``revs``: its path joined by "/" (ids never hold one)."""
    return "/".join(path)


def safe_text(text: str) -> str:
    """*text* with any lone surrogate (which UTF-8 cannot hold) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# record shapes -------------------------------------------------------------------------------

class Shape:
    """What a part of a record must look like; :meth:`clean` keeps what fits and names the rest."""

    def clean(self, value: Any, where: str, problems: list[str]) -> tuple[bool, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Scalar(Shape):
    """A string, a whole number, a number or a yes/no (never a bool where a number is wanted)."""

    kind: str  # "text" | "int" | "number" | "bool"
    optional: bool = False  # None allowed

    def clean(self, value, where, problems):
        if value is None and self.optional:
            return True, None
        ok = {"text": isinstance(value, str),
              "int": isinstance(value, int) and not isinstance(value, bool),
              "number": isinstance(value, (int, float)) and not isinstance(value, bool),
              "bool": isinstance(value, bool)}[self.kind]
        if not ok:
            problems.append(f"{where} should be {_WORDS[self.kind]}, not {_describe(value)}")
        return ok, value


_WORDS = {"text": "text", "int": "a whole number", "number": "a number", "bool": "true or false"}


@dataclass(frozen=True)
class ListOf(Shape):
    """A list; items that do not fit are left out."""

    item: Shape

    def clean(self, value, where, problems):
        if not isinstance(value, list):
            problems.append(f"{where} should be a list, not {_describe(value)}")
            return False, None
        kept = []
        for i, v in enumerate(value):
            ok, v = self.item.clean(v, f"{where}[{i}]", problems)
            if ok:
                kept.append(v)
        return True, kept


@dataclass(frozen=True)
class MapOf(Shape):
    """A table keyed by ids; entries that do not fit are left out."""

    item: Shape

    def clean(self, value, where, problems):
        if not isinstance(value, dict):
            problems.append(f"{where} should be a table, not {_describe(value)}")
            return False, None
        kept = {}
        for k, v in value.items():
            ok, v = self.item.clean(v, f"{where}/{k}", problems)
            if ok:
                kept[k] = v
        return True, kept


@dataclass(frozen=True)
class Fields(Shape):
    """A table with named fields: a missing required field drops the whole table, a bad optional one
    only itself; fields this version does not know are kept as they are."""

    required: dict[str, Shape] = field(default_factory=dict)
    optional: dict[str, Shape] = field(default_factory=dict)

    def clean(self, value, where, problems):
        if not isinstance(value, dict):
            problems.append(f"{where} should be a table, not {_describe(value)}")
            return False, None
        kept = dict(value)
        for name, shape in self.required.items():
            if name not in value:
                problems.append(f"{where} has no {name}")
                return False, None
            ok, kept[name] = shape.clean(value[name], f"{where}/{name}", problems)
            if not ok:
                return False, None
        for name, shape in self.optional.items():
            if name in value:
                ok, v = shape.clean(value[name], f"{where}/{name}", problems)
                if ok:
                    kept[name] = v
                else:
                    del kept[name]
        return True, kept


TEXT, INT, NUMBER, BOOL = Scalar("text"), Scalar("int"), Scalar("number"), Scalar("bool")
IDS = ListOf(TEXT)
_ATTEMPT = Fields(required={"chosen": IDS}, optional={"correct": Scalar("bool", True), "at": TEXT})
_PLAY = Fields(required={"role": TEXT, "path": IDS},
               optional={"ending": TEXT, "ending_title": TEXT, "scores": MapOf(NUMBER), "at": TEXT})
_FINDING = Fields(required={"part": TEXT, "kind": TEXT, "message": TEXT}, optional={"word": TEXT})

# Record kind -> the shape of its value. The widgets write these; progress, grading and the
# debrief read them.
SHAPES: dict[str, Fields] = {
    "reflection": Fields(optional={"answers": MapOf(TEXT)}),
    "check": Fields(optional={"questions": MapOf(Fields(optional={
        "chosen": IDS, "correct": Scalar("bool", True), "attempts": ListOf(_ATTEMPT)}))}),
    "self_assessment": Fields(optional={"ratings": MapOf(INT)}),
    "rewrite": Fields(optional={"items": MapOf(Fields(optional={
        "draft": TEXT, "committed": TEXT, "committed_at": TEXT,
        "history": ListOf(Fields(required={"text": TEXT}, optional={"at": TEXT, "kind": TEXT}))}))}),
    "sbi": Fields(optional={"draft": MapOf(TEXT), "attempts": ListOf(Fields(
        required={"at": TEXT},
        optional={"situation": TEXT, "behaviour": TEXT, "impact": TEXT, "intent": TEXT,
                  "findings": ListOf(_FINDING)}))}),
    "grow": Fields(optional={"stages": MapOf(TEXT)}),
    "stakeholders": Fields(optional={"stakeholders": MapOf(Fields(optional={
        "power": Scalar("int", True), "interest": Scalar("int", True), "perception": TEXT}))}),
    "roleplay": Fields(optional={"role": TEXT, "roles": MapOf(Fields(required={"path": IDS}, optional={"node": TEXT})),
                                 "plays": ListOf(_PLAY)}),
}


def clean_value(key: str, value: Any) -> tuple[Any, list[str]]:
    """The parts of a record's *value* that have the shape its kind expects, and what was left out.

    A value that is not a table at all gives None (the record is skipped). Values of an unknown
    kind are returned as they are.
    """
    shape = SHAPES.get(kind_of(key) or "")
    if shape is None:
        return value, []
    problems: list[str] = []
    ok, kept = shape.clean(value, "the answer", problems)
    return (kept if ok else None), problems


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return f"{type(value).__name__} {text[:40]}{'…' if len(text) > 40 else ''}"


# the reader ------------------------------------------------------------------------------------

@dataclass
class AnswersFile:
    """One answers file as read: its well-formed records, or why the whole file cannot be used.

    ``records`` holds every record that is a table with a value (values not yet cleaned: see
    :func:`clean_value`); ``skipped`` names each record left out and why.
    """

    path: Path
    exists: bool = False
    records: dict[str, dict] = field(default_factory=dict)
    problem: str | None = None
    skipped: list[str] = field(default_factory=list)
    mtime_ns: int | None = None

    @property
    def usable(self) -> bool:
        """True when the file is absent (nothing saved yet) or could be read."""
        return self.problem is None


def read_file(path: str | Path) -> AnswersFile:
    """Read an answers file without changing, moving or locking it.

    Writers replace the file atomically, so a plain read sees one whole version of it.
    """
    path = Path(path)
    try:
        st = path.stat()
        mtime = st.st_mtime_ns
        if st.st_size > MAX_FILE_BYTES:
            return AnswersFile(path, True, mtime_ns=mtime, problem=f"it is {st.st_size // 2**20} MiB, far larger than "
                               f"an answers file can be ({MAX_FILE_BYTES // 2**20} MiB at most)")
        raw = path.read_bytes()
    except FileNotFoundError:
        return AnswersFile(path)
    except OSError as e:
        return AnswersFile(path, True, problem=f"it cannot be read ({e.strerror or e})")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        return AnswersFile(path, True, problem=f"it cannot be read as text ({e.reason} at byte {e.start})", mtime_ns=mtime)
    except json.JSONDecodeError as e:
        return AnswersFile(path, True, problem=f"it is not valid JSON ({e.msg} at line {e.lineno})", mtime_ns=mtime)
    except RecursionError:
        return AnswersFile(path, True, problem="it is nested too deeply to be an answers file", mtime_ns=mtime)
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        return AnswersFile(path, True, problem="it does not hold a 'records' table", mtime_ns=mtime)
    if data.get("schema") != SCHEMA_VERSION:
        return AnswersFile(path, True, mtime_ns=mtime, problem=f"it has schema version {data.get('schema')!r}, "
                           f"and this course reads version {SCHEMA_VERSION}")
    found = AnswersFile(path, True, mtime_ns=mtime)
    for key, record in data["records"].items():
        if not isinstance(record, dict) or "value" not in record:
            found.skipped.append(f"{key}: it is not a record with a value")
            continue
        if "revs" in record:
            revs = record["revs"] if isinstance(record["revs"], dict) else {}
            record = dict(record, revs={k: v for k, v in revs.items() if isinstance(v, int) and not isinstance(v, bool)})
        if "saved_at" in record and not isinstance(record["saved_at"], str):
            record = dict(record, saved_at=None)
        found.records[key] = record
    return found


def aside_files(path: str | Path) -> list[Path]:
    """Damaged copies of the answers file *path* that were set aside (``NAME.corrupt-*``), oldest first."""
    path = Path(path)
    try:
        return sorted(path.parent.glob(f"{path.name}{CORRUPT_SUFFIX}*"))
    except OSError:
        return []
