"""Import a Twine story written in Twee 3 into a Coaching Lab scenario (see docs/authoring-twine.md).

How a story maps onto the scenario format:

- ``:: StoryTitle`` gives ``title``; ``:: StoryData`` (JSON) may name the ``start`` passage,
  otherwise the passage named ``Start`` is the start.
- ``:: CoachLab`` holds the scenario-level fields as YAML: ``id`` (default: the title as a slug),
  ``summary``, ``source``, ``objectives``, ``dimensions``, ``characters``, ``roles`` (a role's
  ``start`` is a passage name; default: one role ``learner`` at the start passage) and, for
  authors who use the Twine editor, ``passages: {Passage name: <passage metadata>}``.
- Every other passage is a node, except ``script``/``stylesheet`` passages and story-format
  special passages. Node id: the name lower-cased, accents dropped, each run of characters
  other than ``a-z 0-9 _ -`` turned into ``-``. The node ``title`` is the passage name.
- A line ``@character_id: text`` becomes one of the node's ``lines``. Other text is the
  ``narration``: a line holding only links is dropped, a link inside a sentence leaves its text.
- Each link becomes a choice, in order: ``text`` is the link text, ``target`` the target's
  node id, ``id`` is ``<node id>-<n>`` unless set. ``id``, ``feedback``, ``principle``,
  ``effects`` and ``when`` come from the passage metadata ``{"choices": {KEY: {...}}}``, KEY
  being the link text or else the target passage name.
- A passage tagged ``ending`` is an ending: text below a ``---`` line (or all its text) is the
  debrief, text above it the narration; metadata ``{"ending": {"title", "principles"}}``.
- Twee notation and the four link forms are read as described in ``twee_syntax``; the mapping
  itself is in ``twee_map``.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..content.errors import CourseDataError, Problem
from .twee_map import StoryImport
from .twee_syntax import Passage, parse_header, read_passages, slugify, split_link

__all__ = ["parse_twee", "import_twee_file", "dump_yaml", "slugify", "parse_header", "split_link",
           "read_passages", "Passage"]


def parse_twee(text: str, path: str = "<twee>") -> dict:
    """Scenario data from Twee 3 *text*; raises CourseDataError naming every problem and its line."""
    importer = StoryImport(text, path)
    data = importer.build()
    if importer.problems:
        raise CourseDataError(sorted(importer.problems, key=lambda q: q.line or 0))
    return data


class _Dumper(yaml.SafeDumper):
    """Block style; long text folded, text with line breaks kept literally."""


def _str(dumper: yaml.SafeDumper, s: str) -> yaml.Node:
    style = "|" if "\n" in s else ">" if len(s) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict) -> str:
    """Readable YAML for scenario data, in the given key order; checked to load back unchanged."""
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
    if yaml.safe_load(text) != data:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=92)
    return text


def import_twee_file(src: Path, out: Path | None = None) -> Path:
    """Convert the Twee file *src* into a checked scenario YAML at *out* (default: beside it)."""
    src = Path(src)
    out = Path(out) if out is not None else src.with_suffix(".yaml")
    try:
        text = src.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseDataError(Problem(str(src), None, "file not found", "check the path")) from None
    except UnicodeDecodeError as e:
        raise CourseDataError(Problem(str(src), None, f"not UTF-8 text ({e.reason})", "save it as UTF-8")) from None
    data = parse_twee(text, str(src))
    note = f"# Made by `coachlab import-twee` from {src.name}: edit that file and import again.\n"
    out.write_text(note + dump_yaml(data), encoding="utf-8")
    from .validate import check_file
    problems = check_file(out)
    if problems:
        raise CourseDataError(problems)
    return out
