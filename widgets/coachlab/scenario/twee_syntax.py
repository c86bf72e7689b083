"""Twee 3 notation: passage headers, passage content and Twine links, with line numbers.

Follows the Twee 3 specification (iftechfoundation/twine-specs): a header is
``:: Name [tags] {"json": "metadata"}``, with ``[ ] { }`` and backslash escaped by a backslash
in names and tags (Twee 2's position block ``<x,y>`` after the tags is accepted and ignored);
content runs to the next header, trailing blank lines dropped; only LF and CRLF break lines. Links follow
Twine 2: ``[[Text->Target]]`` splits at the last ``->``, else ``[[Target<-Text]]`` at the first
``<-``, else ``[[Text|Target]]`` at the last ``|``, else ``[[Target]]``; a setter part ``][...``
is dropped; text and target are trimmed.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from ..content.errors import Problem

# A link's inside holds no '[[' or ']]': that keeps the search linear on a line full of brackets.
LINK = re.compile(r"\[\[((?:(?!\[\[|\]\]).)*)\]\]")
TWEE2_POSITION = re.compile(r"<\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*>")
TWEE2_POSITION_AT_END = re.compile(TWEE2_POSITION.pattern + r"$")
EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
"""A link target that is a web address (``scheme://...``), not a passage."""


@dataclass
class Passage:
    """One passage of a Twee file: header parts, content lines and where it starts."""

    name: str
    tags: list[str]
    meta: dict
    line: int
    body: list[str] = field(default_factory=list)
    broken: bool = False  # the header had errors, so its tags or metadata may be missing


def slugify(name: str) -> str:
    """An id for *name*: lower case, accents dropped, other runs of characters turned into '-'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9_-]+", "-", plain).strip("-").lstrip("_-")


def parse_header(line: str) -> tuple[str, list[str], dict, list[tuple[str, str]]]:
    """Split ``:: Name [tags] {json}`` into name, tags, metadata and a list of (error, hint)."""
    s, i, errors = line[2:], 0, []

    def read(stops: str, i: int) -> tuple[str, int]:
        out = []
        while i < len(s) and s[i] not in stops:
            escaped = s[i] == "\\" and i + 1 < len(s)
            out.append(s[i + 1] if escaped else s[i])
            i += 2 if escaped else 1
        return "".join(out), i

    name, i = read("[]{}", 0)
    while i < len(s) and s[i] in "]}":
        errors.append((f"unescaped {s[i]!r} in the passage name",
                       f"write \\{s[i]} for a {s[i]!r} that belongs to the name"))
        more, j = read("[]{}", i + 1)
        name, i = name + s[i] + more, j
    name, tags, meta = name.strip(), [], {}
    trailing = TWEE2_POSITION_AT_END.search(name)
    if trailing and trailing.start():  # `:: Name <x,y>`: a Twee 2 position with no tags
        name = name[:trailing.start()].rstrip()
    if not name:
        errors.append(("passage header has no name", "write the passage name after '::'"))
    if i < len(s) and s[i] == "[":
        tag_text, i = read("]", i + 1)
        if i >= len(s):
            errors.append(("tag block '[' is not closed with ']'",
                           "close the tags like [tag1 tag2], or write \\[ for a '[' in the name"))
        tags, i = tag_text.split(), i + 1
    while i < len(s) and s[i] in " \t":
        i += 1
    position = TWEE2_POSITION.match(s, i)
    if position:  # Twee 2's passage position, `<x,y>`: the editor's layout, nothing to import
        i = position.end()
        while i < len(s) and s[i] in " \t":
            i += 1
    if i < len(s) and s[i] == "{":
        text = s[i:].rstrip()
        try:
            meta = json.loads(text)
        except RecursionError:
            errors.append(("passage metadata is nested too deeply", "write flat JSON as in the guide"))
            meta = {}
        except json.JSONDecodeError as e:
            column = 3 + i + e.pos
            what = "ends before it is closed" if e.pos >= len(text) else f"is not valid JSON: {e.msg}"
            errors.append((f"passage metadata {what} (column {column})",
                           'write one line of JSON with double quotes, e.g. {"choices": {"Ask": {...}}}'))
        if not isinstance(meta, dict):
            errors.append(("passage metadata must be a JSON object {...}", "wrap it in { }"))
            meta = {}
    elif i < len(s):
        errors.append((f"unexpected text {s[i:].strip()!r} in the passage header",
                       "a header is ':: Name [tags] {json}' in that order; escape [ ] { } in names"))
    return name, tags, meta, errors


def split_link(inner: str) -> tuple[str, str]:
    """The (text, target) of a link's inside, e.g. ``'Ask->Ask open'`` -> ``('Ask', 'Ask open')``."""
    inner = inner.split("][", 1)[0]
    if "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    elif "|" in inner:
        text, target = inner.rsplit("|", 1)
    else:
        text = target = inner
    return text.strip(), target.strip()


def read_passages(text: str, path: str) -> tuple[list[Passage], list[Problem]]:
    """The passages of a Twee file, with the problems found in their headers."""
    passages: list[Passage] = []
    problems: list[Problem] = []
    # Only LF and CRLF end a line (str.splitlines would also split at U+2028, form feeds, ...).
    for n, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        raw = raw.removesuffix("\r")
        if raw.startswith("::"):
            name, tags, meta, errors = parse_header(raw)
            problems += [Problem(path, n, message, hint) for message, hint in errors]
            passages.append(Passage(name, tags, meta, n, broken=bool(errors)))
        elif passages:
            passages[-1].body.append(raw.rstrip())
        elif raw.strip():
            problems.append(Problem(path, n, "text before the first passage header",
                                    "start each passage with a line ':: Passage name'"))
    for p in passages:
        while p.body and not p.body[-1]:
            p.body.pop()
    return passages, problems

