"""The course's modules as the site lists them: course/*.ipynb in order, each with a title,
a time and a short description read from its first markdown cells."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

# "**Time:** about 15 minutes on the core path, 25 more if you go deeper" (the second part optional)
TIME_RE = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s*min\w*(?:\s+on the core path,\s*(\d+)\s+more)?", re.IGNORECASE)
MAX_DESCRIPTION = 220


@dataclass(frozen=True)
class Module:
    """One module of the course: its notebook file name, title, minutes and description."""

    file: str
    title: str
    minutes: int | None  # the core path
    description: str
    depth: int | None = None  # more minutes, to go deeper

    @property
    def lesson(self) -> str:
        """The lesson name: the notebook's stem, which names its data file and answer store."""
        return Path(self.file).stem


def within(folder: Path, path: Path) -> bool:
    """Whether *path*, with every symlink resolved, lies inside *folder*."""
    root = os.path.realpath(folder)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def discover_modules(course: str | Path) -> list[Module]:
    """The modules in *course*: its own top-level notebooks, by file name, hidden files left out."""
    course = Path(course)
    found = []
    for path in sorted(course.glob("*.ipynb")):
        if path.name.startswith((".", "_")) or not path.is_file() or not within(course, path):
            continue
        found.append(read_module(path))
    return found


def read_module(path: Path) -> Module:
    """Title, time and description of one notebook (its file name stands in for a missing title)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    texts = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
             for c in cells if c.get("cell_type") == "markdown"]
    title, minutes, description = "", None, ""
    depth: int | None = None
    for text in texts[:3]:
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if not title and block.startswith("#"):
                title = plain(block.splitlines()[0].lstrip("#"))
                continue
            if minutes is None and (m := TIME_RE.search(block)):
                minutes, depth = int(m.group(1)), int(m.group(2)) if m.group(2) else None
                continue
            if title and not description and block and not block.startswith(("#", "-", "*", ">", "|", "<")):
                description = first_sentence(plain(" ".join(block.split())))
        if title and minutes is not None and description:
            break
    return Module(path.name, title or path.stem.replace("_", " "), minutes, description, depth)


def plain(markdown: str) -> str:
    """Markdown inline text as plain text: links keep their words, emphasis and code marks go."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """The first sentence of *text*, cut at a word boundary if it is still long."""
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = m.group(1) if m else text
    if len(sentence) > MAX_DESCRIPTION:
        sentence = sentence[:MAX_DESCRIPTION].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence
