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

from ..content.datafile import DataFile, read_text
from ..content.errors import CourseDataError, Problem
from .twee_map import StoryImport
from .twee_syntax import Passage, parse_header, read_passages, slugify, split_link

__all__ = ["parse_twee", "import_twee_file", "dump_yaml", "slugify", "parse_header", "split_link",
           "read_passages", "Passage"]


def parse_twee(text: str, path: str = "<twee>", default_id: str | None = None,
               warnings: list[Problem] | None = None) -> dict:
    """Scenario data from Twee 3 *text*; raises CourseDataError naming every problem and its line.

    *default_id* is the scenario id when the CoachLab passage sets none (else the title as an id);
    warnings (things left out, such as links to web addresses) are added to *warnings* if given.
    """
    importer = StoryImport(text, path, default_id)
    data = importer.build()
    if warnings is not None:
        warnings += importer.warnings
    if importer.problems:
        raise CourseDataError(sorted(importer.problems, key=lambda q: q.line or 0))
    return data


class _Dumper(yaml.SafeDumper):
    """Block style; long text folded, text with line breaks kept literally; a part used twice is
    written out twice (course files refuse anchors and aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, s: str) -> yaml.Node:
    style = "|" if "\n" in s else ">" if len(s) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict) -> str:
    """Readable YAML for scenario data, in the given key order; checked to load back unchanged."""
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
    if _reads_back(text) != data:
        text = yaml.dump(data, Dumper=_Dumper, default_style='"', sort_keys=False, allow_unicode=True, width=92)
    return text


def _reads_back(text: str):
    try:
        return DataFile.parse(text).data
    except CourseDataError:
        return None


def import_twee_file(src: Path, out: Path | None = None, warnings: list[Problem] | None = None) -> Path:
    """Convert the Twee file *src* into a checked scenario YAML; return where it was written.

    *out* defaults to ``<id>.yaml`` beside *src*; given, its name (without .yaml) is the id unless the
    CoachLab passage sets one. The source is never overwritten. Every problem, file-system ones
    included, is raised as a CourseDataError naming the path.
    """
    src = Path(src)
    text = read_text(src)
    if out is not None:
        out = Path(out)
        if out.is_dir():
            raise CourseDataError(Problem(str(out), None, "is a folder", f"name the file to write, e.g. "
                                          f"{out / (src.stem + '.yaml')}"))
        if not out.parent.is_dir():
            raise CourseDataError(Problem(str(out), None, f"the folder {str(out.parent)!r} does not exist",
                                          "create it first, or write somewhere else with -o"))
    data = parse_twee(text, str(src), default_id=slugify(out.stem) if out is not None else None, warnings=warnings)
    if out is None:
        out = src.parent / f"{data['id'] if isinstance(data.get('id'), str) and data['id'] else src.stem}.yaml"
    if _same_file(src, out):
        raise CourseDataError(Problem(str(out), None, "this would overwrite the Twee source",
                                      f"write the scenario to another file with -o, e.g. {src.with_suffix('.yaml')}"))
    note = f"# Made by `coachlab import-twee` from {src.name}: edit that file and import again.\n"
    try:
        out.write_text(note + dump_yaml(data), encoding="utf-8")
    except OSError as e:
        raise CourseDataError(Problem(str(out), None, f"cannot write the file ({e.strerror or e})",
                                      "check the folder exists and that you may write there")) from None
    from .validate import check_file
    problems = check_file(out)
    if problems:
        raise CourseDataError(problems)
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False
