"""Load YAML course data with line numbers and check it against a JSON Schema.

Every data file of the course (scenarios, lessons, the Twine CoachLab passage, progress) is read
here, so that every error names the file, the line and a fix. libyaml parses (its own error marks,
so lines are right); one pass over its events builds plain data and refuses what a course file
never needs and a hostile one would use: anchors and aliases (the "billion laughs"), tags other
than YAML's plain types (``!!python/...``), a second document, nesting deeper than `MAX_DEPTH`,
files larger than `MAX_BYTES` or holding more than `MAX_VALUES` values. Mapping keys stay text
as written (``yes:`` is the key ``"yes"``, not True).
"""
from __future__ import annotations

import json
import re
import stat
import sys
from array import array
from functools import cache
from importlib import resources
from pathlib import Path
from collections.abc import Sequence
from typing import Any, cast

import yaml

from .errors import CourseDataError, Problem

try:  # libyaml; the pure-Python parser gives the same events where PyYAML was built without it
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _BaseParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _BaseParser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _BaseParser.__init__(self)

Location = tuple  # a path into the data, e.g. ("nodes", "start", "choices", 0)

MAX_BYTES = 32 * 1024 * 1024
"""The largest course file read: 32 MB, about 50,000 scenes of short text (benchmarks/authoring.py)."""
MAX_DEPTH = 40
"""The deepest nesting of mappings and lists (a scenario needs 7)."""
MAX_VALUES = 4_000_000
"""The most keys, values and list items in one file (a 50,000-scene scenario has about 2.5 million)."""

_INVISIBLE_NAMES = {"\x85": "a next-line mark", "\u2028": "a line separator", "\u2029": "a paragraph separator",
                    "\ufeff": "a byte-order mark"}
_INVISIBLE = re.compile("[" + "".join(_INVISIBLE_NAMES) + "]")
_SMALL = 64  # a mapping with more keys keeps its lines in a dict by key, not in an array by position
_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {None, "!", _YAML + "str", _YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null",
               _YAML + "timestamp", _YAML + "map", _YAML + "seq"}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCT = {_YAML + name: getattr(_constructor, f"construct_yaml_{name}")
              for name in ("int", "float", "bool", "null", "timestamp")}
_CAN_BE_OTHER = set("-+.0123456789~nNtTfFyYoO")  # the first characters of YAML 1.1 non-text plain values
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]{0,17})")  # a plain decimal (YAML 1.1 reads 010 as octal)
_WORDS = set("nNtTfFyYoO")  # ...of which these start the only words that are not text:
_YAML11_WORDS = {w for word in ("yes", "no", "true", "false", "on", "off", "null")
                 for w in (word, word.capitalize(), word.upper())}
_SYNTAX_HINT = ("check the indentation (spaces, not tabs), and quote text that contains ': ' or starts with "
                "a special character such as '[', '{', '*', '&', '!', '%', '@' or '#'")


class _Refused(Exception):
    """A construct the course files do not allow, at a line, with a fix."""

    def __init__(self, line: int | None, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


def _refuse_tag(event) -> None:
    if event.tag not in _PLAIN_TAGS:
        raise _Refused(event.start_mark.line + 1, f"the YAML tag {_tag_name(event.tag)!r} is not allowed here",
                       "course files hold only text, numbers, lists and mappings: remove the tag "
                       "(and quote the text if it starts with '!')")


def _scalar(event) -> Any:
    _refuse_tag(event)
    tag, value = event.tag, event.value
    if tag in (None, "!"):
        if event.style or not value or value[0] not in _CAN_BE_OTHER:  # quoted, block, or plainly text
            return value
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _YAML + "merge":
        raise _Refused(event.start_mark.line + 1, "a merge key (<<) is not allowed in course files",
                       "write the keys out in full in this mapping")
    if tag == _YAML + "str" or tag not in _CONSTRUCT and tag not in _PLAIN_TAGS:  # e.g. '=' (!!value)
        return value
    if tag in (_YAML + "map", _YAML + "seq"):
        raise _Refused(event.start_mark.line + 1, f"{_tag_name(tag)} on a single value", "remove the tag")
    try:
        return _CONSTRUCT[tag](yaml.ScalarNode(tag, value, event.start_mark, event.end_mark))
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        raise _Refused(event.start_mark.line + 1, f"{value!r} is not a valid {_tag_name(tag)}",
                       "remove the tag, or write a value of that type") from None


def _load_with_lines(text: str) -> tuple[Any, dict, dict, list[tuple[Location, int]]]:
    """(data, lines, raw, duplicates): *lines* maps id(container) to {key or index: line};
    *raw* maps (id(container), key) to the source text of a plain value YAML read as not text."""
    parser = _Parser(text)
    lines: dict[int, dict] = {}
    raw: dict[tuple[int, Any], str] = {}
    duplicates: list[tuple[Location, int]] = []
    # Each open container: [container, its path, the pending key (mappings), its line map, is a list].
    stack: list[list] = []
    top: list | None = None
    root: Any = None
    documents = values = 0
    no_key = object()
    dropped: list = []
    ScalarEvent, MappingStart, SequenceStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MappingEnd, SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent

    def set_key(top: list, value: Any, line: int, source: str) -> None:
        container = top[0]
        if isinstance(value, (dict, list)):
            raise _Refused(line, "a key here is a list or a mapping", "keys must be plain text, e.g. `trust:`")
        where = top[3]
        if type(where) is array and len(where) >= _SMALL:  # a large mapping: look lines up by key
            where = top[3] = lines[id(container)] = dict(zip(container, where))
        if source in container:
            if len(duplicates) < 1000:
                duplicates.append((top[1] + (source,), line))
            if type(where) is array:
                del where[list(container).index(source)]
            dropped.append(container.pop(source))  # kept alive, so that its id() is not reused
        if type(where) is array:
            where.append(line)
        else:
            where[source] = line
        top[2] = sys.intern(source)  # keys repeat in every node: one string each

    try:
        while True:
            # Any: the stubs give Event | None, which lacks the value, tag, anchor and style of the concrete
            # event classes; the loop dispatches on the exact class (cheaper than isinstance per event).
            event: Any = parser.get_event()
            kind = type(event)
            values += 1
            if values > MAX_VALUES:
                raise _Refused(event.start_mark.line + 1, f"the file holds more than {MAX_VALUES:,} values",
                               "split it into smaller files")
            if kind is ScalarEvent:
                if event.anchor is not None:
                    raise _anchor(event)
                source = event.value
                if event.tag is None and (event.style or not source or source[0] not in _CAN_BE_OTHER
                                          or (source[0] in _WORDS and source not in _YAML11_WORDS)):
                    value, other = source, False  # text: the common case, without the resolver
                elif event.tag is None and _DECIMAL.fullmatch(source):
                    value, other = int(source), len(raw) < 10_000
                else:
                    value = _scalar(event)
                    other = not isinstance(value, str) and value is not None and len(raw) < 10_000
                line = event.start_mark.line + 1
                if top is None:
                    root = value
                    lines[0] = {(): line}
                elif top[4]:
                    container = top[0]
                    top[3].append(line)
                    if other:
                        raw[(id(container), len(container))] = source
                    container.append(value)
                elif top[2] is no_key:
                    set_key(top, value, line, source)
                else:
                    if other:
                        raw[(id(top[0]), top[2])] = source
                    top[0][top[2]] = value
                    top[2] = no_key
            elif kind is MappingStart or kind is SequenceStart:
                if event.anchor is not None:
                    raise _anchor(event)
                _refuse_tag(event)
                line = event.start_mark.line + 1
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"the data is nested more than {MAX_DEPTH} levels deep",
                                   "check the indentation and the brackets: a course file needs only a few levels")
                new: Any = {} if kind is MappingStart else []
                where: Any = array("l")  # lines in order of the keys or items: compact
                lines[id(new)] = where
                if top is None:
                    at: tuple = ()
                    root = new
                    lines[0] = {(): line}
                elif top[4]:
                    at = top[1] + (len(top[0]),)
                    top[3].append(line)
                    top[0].append(new)
                elif top[2] is no_key:
                    raise _Refused(line, "a key here is a list or a mapping", "keys must be plain text, e.g. `trust:`")
                else:
                    at = top[1] + (top[2],)
                    top[0][top[2]] = new
                    top[2] = no_key
                top = [new, at, no_key, where, kind is SequenceStart]
                stack.append(top)
            elif kind is MappingEnd or kind is SequenceEnd:
                stack.pop()
                top = stack[-1] if stack else None
            elif kind is yaml.AliasEvent:
                raise _anchor(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark.line + 1, "a second YAML document starts here",
                                   "a course file holds one document: remove this '---' line and what follows, "
                                   "or move it to a file of its own")
            elif kind is yaml.StreamEndEvent:
                break
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return root, lines, raw, duplicates


def _anchor(event) -> _Refused:
    what = "an alias (*name)" if isinstance(event, yaml.AliasEvent) else f"an anchor (&{event.anchor})"
    return _Refused(event.start_mark.line + 1, f"{what} is not allowed in course files",
                    "write the text out in full where it is needed: anchors and aliases can make a small "
                    "file expand without limit")


class DataFile:
    """A parsed YAML file that can say on which line any part of it stands."""

    def __init__(self, path: str | Path, data: Any, lines: dict | None = None, raw: dict | None = None,
                 duplicates: Sequence[tuple[Location, int]] = ()):
        self.path = str(path)
        self.data = data
        self._lines = lines or {}
        self._raw = raw or {}
        # YAML keeps only the last of two equal keys; an author's duplicate id must not vanish silently.
        self.duplicate_keys = [
            Problem(self.path, line, f"duplicate key {at[-1]!r} at {'/'.join(map(str, at))}",
                    "give each entry its own id; YAML keeps only the last of two equal keys")
            for at, line in duplicates]

    @classmethod
    def load(cls, path: str | Path) -> DataFile:
        """Parse *path*; an unreadable file or a YAML error becomes a CourseDataError with its line."""
        return cls.parse(read_text(path), path)

    @classmethod
    def parse(cls, text: str, path: str | Path = "<text>", first_line: int = 1) -> DataFile:
        """Parse YAML *text*, naming *path* in errors; *first_line* is the file line of the text's first line."""
        shift = first_line - 1
        if len(text) > MAX_BYTES:
            raise CourseDataError(_too_big(path, len(text)))
        text = text.removeprefix("\ufeff")
        odd = _INVISIBLE.search(text)
        if odd:  # YAML reads U+0085/2028/2029 as line breaks that editors do not show: lines would drift
            raise CourseDataError(Problem(str(path), text.count("\n", 0, odd.start()) + first_line,
                                          f"the invisible character U+{ord(odd.group()):04X} "
                                          f"({_INVISIBLE_NAMES[odd.group()]}) is in this line",
                                          "delete it (retype the line if you cannot see it)"))
        try:
            data, lines, raw, duplicates = _load_with_lines(text)
        except _Refused as e:
            raise CourseDataError(Problem(str(path), e.line and e.line + shift, e.message, e.hint)) from None
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            last = max(1, text.count("\n") + (not text.endswith("\n")))
            line = min(mark.line + 1, last) if mark else None  # an error at the end is on the last line
            raise CourseDataError(Problem(str(path), line and line + shift,
                                          f"YAML syntax error: {e.problem or e.context}",
                                          _syntax_hint(text, line, e))) from None
        except yaml.YAMLError as e:  # a reader error: a character YAML does not allow
            line = text.count("\n", 0, getattr(e, "position", 0)) + 1
            char = getattr(e, "character", None)
            what = f"the character U+{ord(char) if isinstance(char, str) else char or 0:04X}"
            raise CourseDataError(Problem(str(path), line + shift, f"{what} is not allowed in a YAML file",
                                          "remove it: save the file as plain UTF-8 text without control "
                                          "characters")) from None
        except RecursionError:
            raise CourseDataError(Problem(str(path), None, "the data is nested too deeply",
                                          "check the indentation and the brackets")) from None
        if shift:
            for where in lines.values():
                for k in (where if isinstance(where, dict) else range(len(where))):
                    where[k] += shift
        return cls(path, data, lines, raw, [(at, line + shift) for at, line in duplicates])

    def line(self, at: Location) -> int | None:
        """The line of the item at *at*, or of its nearest parent that has one."""
        line, node = self._lines.get(0, {}).get((), None), self.data
        for part in tuple(at):
            where = self._lines.get(id(node)) if isinstance(node, (dict, list)) else None
            if where is None:
                break
            if isinstance(where, dict):
                if part not in where:
                    break
                line = where[part]
            elif isinstance(node, dict):  # a small mapping: its lines follow the order of its keys
                if part not in node:
                    break
                line = where[list(node).index(part)]
            elif not isinstance(part, int) or not 0 <= part < len(where):
                break
            else:
                line = where[part]
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return line

    def raw_text(self, at: Location) -> str | None:
        """The source text of the plain value at *at* if YAML read it as something other than text
        (``yes`` as True, ``1.0`` as a number), else None."""
        at = tuple(at)
        if not at:
            return None
        parent = self.data
        for part in at[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return None
        return self._raw.get((id(parent), at[-1]))

    def problem(self, at: Location, message: str, hint: str = "") -> Problem:
        """A Problem located at *at* in this file."""
        return Problem(self.path, self.line(at), message, hint)

    def not_text(self, at: Location, where: str) -> Problem | None:
        """The "quote it" problem if YAML read the value at *at* as a yes/no or a number where text
        was meant, e.g. ``text: no`` or ``label: 1.0``; None otherwise."""
        source = self.raw_text(at)
        if source is None:
            return None
        value = value_at(self.data, at)
        kind = "yes/no value" if isinstance(value, bool) else "empty value" if value is None else \
            "number" if isinstance(value, (int, float)) else type(value).__name__
        key = at[-1] if isinstance(at[-1], str) else "-"
        sep = ": " if isinstance(at[-1], str) else " "
        return self.problem(at, f"{where} is read as a {kind} ({value!r}), not as the text {source!r}",
                            f"quote it: write {key}{sep}\"{source}\"")

    def schema_problems(self, schema_name: str, explain=None, limit: int = 200) -> list[Problem]:
        """Every place where the data breaks the named packaged JSON Schema (at most *limit*).

        *explain*, if given, is called with each ``jsonschema.ValidationError`` and may return a
        list of Problems that say it better for authors; ``None`` keeps the generic wording.
        A compiled validator checks the whole file first, so a clean file costs milliseconds.
        """
        if _fast_validator(schema_name)(self.data):
            return []
        validator = _jsonschema().Draft202012Validator(load_schema(schema_name))
        errors = []
        for error in validator.iter_errors(self.data):
            errors.append(error)
            if len(errors) > limit:
                break
        found = []
        for error in sorted(errors[:limit], key=lambda e: list(map(str, e.absolute_path))):
            at = tuple(error.absolute_path)
            if error.validator == "type" and "string" in _as_list(error.validator_value):
                quoted = self.not_text(at, "/".join(map(str, at)) or "the value")
                if quoted is not None:
                    found.append(quoted)
                    continue
            better = explain(error) if explain else None
            if better is not None:
                found.extend(better)
                continue
            if "propertyNames" in error.relative_schema_path:  # a bad key: point at its own line
                at += (error.instance,)
            found.append(self.problem(at, _describe(error, at), _hint(error)))
        if len(errors) > limit:
            found.append(Problem(self.path, None, f"more than {limit} schema problems; only the first are listed",
                                 "fix these and check again"))
        return found


def read_text(path: str | Path) -> str:
    """The UTF-8 text of the file at *path*; CourseDataError naming the path (and line) if it cannot be read."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise CourseDataError(Problem(name, None, "is a folder, not a file", "name a file, or check a folder "
                                          "with `coachlab check FOLDER`"))
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise CourseDataError(Problem(name, None, "is not a regular file (a pipe, a device or a socket)",
                                          "name a saved .yaml file"))
        if info.st_size > MAX_BYTES:
            raise CourseDataError(_too_big(name, info.st_size))
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # bounded, should the file grow while it is read
        if len(data) > MAX_BYTES:
            raise CourseDataError(_too_big(name, len(data)))
    except FileNotFoundError:
        raise CourseDataError(Problem(name, None, "file not found", "check the path and the file name")) from None
    except PermissionError:
        raise CourseDataError(Problem(name, None, "cannot read the file: permission denied",
                                      "check that you may read it (e.g. chmod u+r)")) from None
    except OSError as e:
        raise CourseDataError(Problem(name, None, f"cannot read the file ({e.strerror or e})",
                                      "check the path: a symbolic link may point to itself or to nothing")) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """*data* as UTF-8 text (a BOM dropped); CourseDataError with the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CourseDataError(Problem(name, 1, "the file is UTF-16, not UTF-8", "save it as UTF-8 text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CourseDataError(Problem(name, line, f"not UTF-8 text (byte 0x{data[e.start]:02x} cannot be read)",
                                      "save the file as UTF-8 text; if it is not a text file, remove it")) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CourseDataError(Problem(name, line, "the file holds a NUL character: it is binary or damaged",
                                      "save it again as plain UTF-8 text")) from None
    return text


def _too_big(path, size: int) -> Problem:
    return Problem(str(path), None, f"the file is {size / 2**20:.1f} MB; coachlab reads course files of up to "
                   f"{MAX_BYTES // 2**20} MB", "split it into smaller files")


def _syntax_hint(text: str, line: int | None, error: yaml.MarkedYAMLError) -> str:
    rows = text.split("\n")
    source = rows[line - 1] if line and line <= len(rows) else ""
    problem = str(error.problem or "")
    if "\t" in source or "'\\t'" in problem:
        return "replace the tab characters on this line with spaces: YAML indents with spaces only"
    if "nesting" in problem:
        return "the data is nested too deeply: check the brackets and the indentation"
    if "control characters" in problem or "special characters" in problem:
        return "remove the control character on this line; save the file as plain UTF-8 text"
    if "expected <document start>" in problem:
        return "a course file holds one mapping; remove or indent the stray text on this line"
    return _SYNTAX_HINT


def value_at(data, at: Location):
    """The value at path *at* inside parsed *data*, or None where the path does not lead."""
    for p in at:
        try:
            data = data[p]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _as_list(x) -> list:
    return x if isinstance(x, list) else [x]


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
        cast("dict[str, Any]", sys.modules).update(dict.fromkeys(hidden))  # None: their import fails, and jsonschema skips them
        try:
            import jsonschema
        finally:
            for name in hidden:
                del sys.modules[name]
    import jsonschema
    return jsonschema


@cache
def _fast_validator(name: str):
    """A compiled check of the named schema: True if the data is valid (fastjsonschema), so that
    only a file with problems pays for jsonschema's full list of errors."""
    import fastjsonschema

    schema = {k: v for k, v in load_schema(name).items() if k != "$schema"}
    check = fastjsonschema.compile(schema)

    def valid(data) -> bool:
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        except Exception:  # odd data: let jsonschema describe it
            return False
        return True
    return valid


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
    return f"{where}: {error.message:.200}"


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
