"""Load YAML course data with line numbers and check it against a JSON Schema.

Every data file of the course (scenarios, quizzes, prompts) goes through here, so that
every error names the file, the line and a fix.
"""
from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import CourseDataError, Problem

Location = tuple  # a path into the data, e.g. ("nodes", "start", "choices", 0)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and sequence item."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsing with libyaml when PyYAML has it: about ten times faster, which matters in the
    autograder's kernel, where every graded notebook loads its data afresh. Its error messages are
    worded differently, so a file that fails to parse is parsed again by `_LineLoader` to explain."""


def _load_with_lines(text: str) -> tuple[Any, dict[Location, int], list[tuple[Location, int]]]:
    try:
        return _load_with(_FastLineLoader, text)
    except yaml.MarkedYAMLError:
        return _load_with(_LineLoader, text)


def _load_with(loader_class, text: str) -> tuple[Any, dict[Location, int], list[tuple[Location, int]]]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        lines: dict[Location, int] = {}
        duplicates: list[tuple[Location, int]] = []

        def walk(node: yaml.Node, at: Location) -> None:
            lines[at] = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    here = at + (key.value,)
                    if here in lines:
                        duplicates.append((here, key.start_mark.line + 1))
                        # The last value wins: forget the lines of the first, so its parts are
                        # neither reported as duplicates nor used to place problems.
                        for old in [k for k in lines if k[:len(here)] == here]:
                            del lines[old]
                    walk(value, here)
                    lines[here] = key.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    walk(item, at + (i,))

        if root is None:
            return None, {}, []
        walk(root, ())
        return loader.construct_document(root), lines, duplicates
    finally:
        loader.dispose()


class DataFile:
    """A parsed YAML file that can say on which line any part of it stands."""

    def __init__(self, path: str | Path, data: Any, lines: dict[Location, int],
                 duplicates: list[tuple[Location, int]] = ()):
        self.path = str(path)
        self.data = data
        self._lines = lines
        # YAML keeps only the last of two equal keys; an author's duplicate id must not vanish silently.
        self.duplicate_keys = [
            Problem(self.path, line, f"duplicate key {at[-1]!r} at {'/'.join(map(str, at))}",
                    "give each entry its own id; YAML keeps only the last of two equal keys")
            for at, line in duplicates]

    @classmethod
    def load(cls, path: str | Path) -> "DataFile":
        """Parse *path*; a YAML syntax error becomes a CourseDataError with its line."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CourseDataError(Problem(str(path), None, "file not found",
                                          "check the path and the file name")) from None
        except UnicodeDecodeError as e:
            raise CourseDataError(Problem(str(path), None, f"not UTF-8 text ({e.reason})",
                                          "save the file as UTF-8")) from None
        return cls.parse(text, path)

    @classmethod
    def parse(cls, text: str, path: str | Path = "<text>") -> "DataFile":
        """Parse YAML *text*, naming *path* in errors."""
        try:
            data, lines, duplicates = _load_with_lines(text)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            raise CourseDataError(Problem(
                str(path), line, f"YAML syntax error: {e.problem or e.context}",
                "check indentation, and quote text that contains ': ' or starts with a special "
                "character such as '[', '{', '*', '&', '!' or '#'")) from None
        return cls(path, data, lines, duplicates)

    def line(self, at: Location) -> int | None:
        """The line of the item at *at*, or of its nearest parent that has one."""
        at = tuple(at)
        while at not in self._lines and at:
            at = at[:-1]
        return self._lines.get(at)

    def problem(self, at: Location, message: str, hint: str = "") -> Problem:
        """A Problem located at *at* in this file."""
        return Problem(self.path, self.line(at), message, hint)

    def schema_problems(self, schema_name: str, explain=None) -> list[Problem]:
        """Every place where the data breaks the named packaged JSON Schema.

        *explain*, if given, is called with each ``jsonschema.ValidationError`` and may return a
        list of Problems that say it better for authors; ``None`` keeps the generic wording.
        """
        validator = _jsonschema().Draft202012Validator(load_schema(schema_name))
        found = []
        for error in sorted(validator.iter_errors(self.data), key=lambda e: list(map(str, e.absolute_path))):
            better = explain(error) if explain else None
            if better is not None:
                found.extend(better)
                continue
            at = tuple(error.absolute_path)
            found.append(self.problem(at, _describe(error, at), _hint(error)))
        return found


# Optional packages from which jsonschema builds format checkers when it is first imported. The
# course schemas use no `format` keyword and validate without a FormatChecker, so none is needed;
# together they cost about 0.8 s (rfc3987_syntax compiles a grammar), paid by every graded notebook
# in the autograder's kernel.
_FORMAT_CHECKER_PACKAGES = ("rfc3987", "rfc3987_syntax", "rfc3986_validator", "rfc3339_validator", "isoduration",
                            "webcolors", "idna", "uri_template", "fqdn", "jsonpointer")


def _jsonschema():
    """jsonschema, imported on first use and, if this is its first import, without format checkers."""
    if "jsonschema" not in sys.modules:
        hidden = [name for name in _FORMAT_CHECKER_PACKAGES if name not in sys.modules]
        sys.modules.update(dict.fromkeys(hidden))  # None: their import fails, and jsonschema skips them
        try:
            import jsonschema
        finally:
            for name in hidden:
                del sys.modules[name]
    import jsonschema
    return jsonschema


@cache
def load_schema(name: str) -> dict:
    """The packaged JSON Schema `coachlab/schemas/<name>.schema.json`."""
    text = resources.files("coachlab").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def _describe(error, at: Location) -> str:
    where = "/".join(str(p) for p in at) or "top level"
    if error.validator == "required":
        return f"{where}: {error.message}"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}"
    if error.validator == "type":
        return f"{where}: expected {error.validator_value}, found {type(error.instance).__name__} {error.instance!r:.60}"
    if error.validator == "enum":
        return f"{where}: {error.instance!r} is not one of {error.validator_value}"
    return f"{where}: {error.message}"


def _hint(error) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "description" in schema:
        return schema["description"]
    if error.validator == "required":
        return "add the missing key"
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        return f"remove or rename it; allowed keys here: {', '.join(allowed)}" if allowed else "remove it"
    if error.validator == "type":
        return f"write a {error.validator_value} here"
    return "see the schema for this kind of file"
