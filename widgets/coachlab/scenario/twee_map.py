"""Map Twee passages onto the scenario format; the conventions are listed in ``twee``.

``StoryImport`` reads the special passages (StoryTitle, StoryData, CoachLab), turns every other
passage into a node, and collects each problem with its line in the .twee file.
"""
from __future__ import annotations

import difflib
import json
import re
from typing import Any

from ..content.datafile import DataFile
from ..content.errors import CourseDataError, Problem
from . import graph
from .twee_syntax import EXTERNAL, Passage, read_passages, slugify, split_link
from .twee_syntax import LINK as _LINK

# Passages that are not scenes (listed in docs/authoring-twine.md): by tag, Twee 3's own (script,
# stylesheet), Twine's (Twine.private and its media passages), Harlowe's and SugarCube's special tags;
# by name, Twee 3's StoryTitle and StoryData, ours (CoachLab) and SugarCube's and Twine 1's special passages.
_SKIP_TAGS = {"script", "stylesheet", "Twine.private", "Twine.image", "Twine.audio", "Twine.video", "Twine.vtt",
              "widget", "init", "startup", "header", "footer", "debug-startup", "debug-header", "debug-footer"}
_SPECIAL = {"StoryTitle", "StoryData", "CoachLab", "StoryInit", "StoryCaption", "StoryMenu",
            "StoryBanner", "StorySubtitle", "StoryAuthor", "StoryInterface", "StoryShare", "StoryDisplayTitle",
            "StorySettings", "StoryIncludes", "PassageReady", "PassageDone", "PassageHeader", "PassageFooter"}
_COACHLAB_KEYS = ("id", "title", "summary", "source", "objectives", "dimensions", "characters",
                  "roles", "passages")
_CHOICE_KEYS = {"id", "feedback", "principle", "effects", "when"}
_SPEAKER = re.compile(r"^@([^\s:]+):\s*(.*)$")
_EXAMPLES = {"summary": "summary: One or two sentences on the situation.",
             "objectives": "objectives: [Ask open questions that help the coachee think.]",
             "dimensions": "dimensions: {trust: {label: Trust, description: How safe Sam feels.}}",
             "characters": "characters: {sam: {name: Sam Rivera}}"}
_TEMPLATE = "a passage ':: CoachLab' with YAML lines such as " + "; ".join(_EXAMPLES.values())


def _join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class StoryImport:
    """Turns the passages of one Twee file into scenario data, collecting every problem."""

    def __init__(self, text: str, path: str, default_id: str | None = None):
        self.path = path
        self.default_id = default_id
        self.warnings: list[Problem] = []
        self.guesses = 0
        passages, self.problems = read_passages(text, path)
        self.special: dict[str, Passage] = {}
        self.scenes: list[Passage] = []
        seen: dict[str, Passage] = {}
        for p in passages:
            if p.name in seen:
                self.problem(p.line, f"passage name {p.name!r} is used twice (first on line "
                             f"{seen[p.name].line})", "give each passage its own name")
            elif p.name:
                seen[p.name] = p
                if p.name in _SPECIAL or _SKIP_TAGS & set(p.tags):
                    self.special[p.name] = p
                else:
                    self.scenes.append(p)
        self.by_name = {p.name: p for p in self.scenes}
        self.ids: dict[str, str] = {}
        owner: dict[str, Passage] = {}
        for p in self.scenes:
            self.ids[p.name] = slug = slugify(p.name)
            if not slug:
                self.problem(p.line, f"passage name {p.name!r} gives an empty node id",
                             "use some letters or digits in the name")
            elif slug in owner:
                self.problem(p.line, f"passages {owner[slug].name!r} (line {owner[slug].line}) and "
                             f"{p.name!r} both become node id {slug!r}", "rename one of them")
            owner.setdefault(slug, p)
        self.choice_lines: dict[str, int] = {}
        self.characters: dict | None = None
        self.dimensions: dict | None = None

    def problem(self, line: int | None, message: str, hint: str = "") -> None:
        if len(self.problems) < 1000:  # a broken generated story could give one per link: the first thousand say enough
            self.problems.append(Problem(self.path, line, message, hint))

    def warn(self, line: int | None, message: str, hint: str = "") -> None:
        self.warnings.append(Problem(self.path, line, "warning: " + message, hint))

    def did_you_mean(self, name: str) -> str:
        self.guesses += 1
        if len(self.by_name) > 2000 or self.guesses > 50:  # each guess is a pass over the names: keep it to a few
            return "check the spelling: passage names are case-sensitive"
        lower = {n.lower(): n for n in self.by_name}
        close = [lower[n] for n in difflib.get_close_matches(name.lower(), list(lower), n=3)]
        return (f"did you mean {' or '.join(map(repr, close))}?" if close
                else "check the spelling: passage names are case-sensitive")

    def build(self) -> dict:
        """The scenario data; check ``self.problems`` before using it."""
        story, cl = self.story_data(), self.coachlab()
        self.characters = cl.get("characters") if isinstance(cl.get("characters"), dict) else None
        self.dimensions = cl.get("dimensions") if isinstance(cl.get("dimensions"), dict) else None
        title_p = self.special.get("StoryTitle")
        title = cl.get("title") or next((t.strip() for t in (title_p.body if title_p else []) if t.strip()), "")
        if not title:
            self.problem(1, "the story has no title", "add a passage ':: StoryTitle' whose text is the title")
        extra = cl.get("passages") or {}
        if not isinstance(extra, dict):
            self.problem(self.special["CoachLab"].line, "'passages' in CoachLab must map passage names "
                         "to metadata", "write passages: {Passage name: {choices: {...}}}")
            extra = {}
        for name in extra:
            if name not in self.by_name:
                self.problem(self.special["CoachLab"].line, f"CoachLab 'passages' names {name!r}, which "
                             "is not a passage", self.did_you_mean(str(name)))
        nodes = {self.ids[p.name]: self.node(p, self.merged_meta(p, extra.get(p.name))) for p in self.scenes}
        start = self.start(story, "roles" in cl)
        data = {"schema_version": 1, "id": cl.get("id") or self.default_id or slugify(title), "title": title}
        data.update({k: cl[k] for k in ("summary", "source", "objectives", "dimensions", "characters") if k in cl})
        data["roles"] = self.roles(cl, start)
        data["nodes"] = nodes
        self.check_reachable(data["roles"], nodes)
        return data

    def check_reachable(self, roles, nodes: dict) -> None:
        starts: list[Any] = [r.get("start") for r in roles.values() if isinstance(r, dict)] if isinstance(roles, dict) else []
        reached = set(graph.reachable(graph.edges_of(nodes), starts))
        for p in self.scenes if reached else ():
            if self.ids[p.name] not in reached:
                self.problem(p.line, f"passage {p.name!r} cannot be reached from the start",
                             "link to it from another passage, or delete it")

    def merged_meta(self, p: Passage, extra) -> dict:
        extra = extra if isinstance(extra, dict) else {}
        meta = {**extra, **p.meta}
        for key in ("choices", "ending"):
            if isinstance(extra.get(key), dict) and isinstance(p.meta.get(key), dict):
                meta[key] = {**extra[key], **p.meta[key]}
        return meta

    def story_data(self) -> dict:
        p = self.special.get("StoryData")
        if p is None:
            return {}
        try:
            data = json.loads("\n".join(p.body) or "{}")
        except RecursionError:
            self.problem(p.line, "StoryData is nested too deeply",
                         'write a JSON object such as {"ifid": "...", "start": "Start"}')
            return {}
        except json.JSONDecodeError as e:
            self.problem(p.line + e.lineno, f"StoryData is not valid JSON: {e.msg} (column {e.colno})",
                         'write a JSON object such as {"ifid": "...", "start": "Start"}')
            return {}
        if isinstance(data, dict):
            return data
        self.problem(p.line, "StoryData must be a JSON object {...}", 'e.g. {"ifid": "...", "start": "Start"}')
        return {}

    def coachlab(self) -> dict:
        p = self.special.get("CoachLab")
        if p is None:
            self.problem(1, "no CoachLab passage with the scenario's summary, objectives, dimensions "
                         "and characters", f"add {_TEMPLATE}")
            return {}
        try:
            doc = DataFile.parse("\n".join(p.body), self.path, first_line=p.line + 1)
        except CourseDataError as e:
            self.problems += [Problem(q.file, q.line, f"CoachLab passage: {q.message}", q.hint) for q in e.problems]
            return {}
        self.problems += doc.duplicate_keys
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            self.problem(p.line, "the CoachLab passage must hold 'key: value' lines", f"write {_TEMPLATE}")
            return {}
        for key in data:
            if key not in _COACHLAB_KEYS:
                self.problem(doc.line((key,)) or p.line, f"unknown key {key!r} in the CoachLab passage",
                             f"use only: {', '.join(_COACHLAB_KEYS)}")
        self.coachlab_doc = doc
        for key in ("summary", "objectives", "dimensions", "characters"):
            if key not in data:
                self.problem(p.line, f"the CoachLab passage has no {key!r}", f"add a line like {_EXAMPLES[key]}")
        return data

    def start(self, story: dict, roles_given: bool) -> str | None:
        name = story.get("start")
        if name is not None:
            if isinstance(name, str) and name in self.by_name:
                return self.ids[name]
            self.problem(self.special["StoryData"].line, f"StoryData names the start passage {name!r}, "
                         "which does not exist", self.did_you_mean(str(name)))
        elif "Start" in self.by_name:
            return self.ids["Start"]
        elif not roles_given:
            self.problem(1, "no start passage", "name the first passage 'Start', or set \"start\" in StoryData")
        return None

    def roles(self, cl: dict, start: str | None):
        roles = cl.get("roles")
        if roles is None:
            return {"learner": {"label": "Learner", "description": "You lead the conversation and "
                                "choose what to say.", "start": start or "start"}}
        if not isinstance(roles, dict):
            return roles  # the schema check names the problem
        out = {}
        for rid, role in roles.items():
            name = role.get("start") if isinstance(role, dict) else None
            if isinstance(name, str) and name in self.by_name:
                role = {**role, "start": self.ids[name]}
            elif isinstance(name, str) and name not in self.ids.values():
                self.problem(self.special["CoachLab"].line, f"role {rid!r} starts at {name!r}, which is "
                             "not a passage", self.did_you_mean(name))
            out[rid] = role
        return out

    def read_body(self, p: Passage) -> tuple[list[str], list[dict], list[tuple[str, str, int]]]:
        """The prose lines, the speakers' lines and the links (text, target, line) of a passage."""
        prose, lines, links = [], [], []
        for k, raw in enumerate(p.body):
            n = p.line + 1 + k
            found = [split_link(m.group(1)) for m in _LINK.finditer(raw)]
            for text, target in found:
                if EXTERNAL.match(target):
                    self.warn(n, f"the link to the web address {target!r} in passage {p.name!r} is not a choice; "
                              "it is left out", "a choice leads to a passage; give web addresses as plain text")
                else:
                    links.append((text, target, n))
            rest = _LINK.sub("", raw)
            if "[[" in rest:
                self.problem(n, "a link opened with '[[' is not closed with ']]' on the same line",
                             "close it, e.g. [[Ask what she needs->Ask]]")
            shown = _LINK.sub(lambda m: split_link(m.group(1))[0], raw)
            speaker = _SPEAKER.match(shown.strip())
            if speaker:
                sid, said = speaker[1], speaker[2].strip()
                if self.characters is not None and sid not in self.characters:
                    self.problem(n, f"unknown speaker '@{sid}'", "declare it under 'characters' in the "
                                 f"CoachLab passage, or use one of: {', '.join(self.characters)}")
                if said:
                    lines.append({"speaker": sid, "text": said})
                else:
                    self.problem(n, f"the line of '@{sid}' has no text", "write what they say after the colon")
            elif not (found and not rest.strip(" \t*-•")):
                prose.append(shown)
        return prose, lines, links

    def node(self, p: Passage, meta: dict) -> dict:
        prose, lines, links = self.read_body(p)
        node: dict = {"title": p.name}
        is_ending = "ending" in p.tags
        cut = next((k for k, t in enumerate(prose) if t.strip() == "---"), None) if is_ending else None
        narration, debrief = (prose[:cut], prose[cut + 1:]) if cut is not None else ([], prose)
        if not is_ending:
            narration = prose
        if _join(narration):
            node["narration"] = _join(narration)
        if lines:
            node["lines"] = lines
        if is_ending:
            if links:
                self.problem(links[0][2], f"ending passage {p.name!r} has links",
                             "remove the links, or remove the 'ending' tag")
            node["ending"] = self.ending(p, meta, _join(debrief))
        elif links:
            node["choices"] = self.choices(p, meta, links)
            if "ending" in meta:
                self.problem(p.line, f"passage {p.name!r} has ending metadata but no 'ending' tag",
                             "add the tag: :: Name [ending]")
        else:
            self.problem(p.line, f"passage {p.name!r} has no links and is not tagged 'ending'",
                         "add links such as [[Ask what she needs->Ask]], or tag it: :: Name [ending]")
        return node

    def ending(self, p: Passage, meta: dict, debrief: str) -> dict:
        info = meta.get("ending", {})
        if not isinstance(info, dict) or set(info) - {"title", "principles"}:
            self.problem(p.line, f"ending metadata of {p.name!r} must be an object with 'title' and "
                         "'principles' only", '{"ending": {"title": "...", "principles": ["..."]}}')
            info = info if isinstance(info, dict) else {}
        if not debrief:
            self.problem(p.line, f"ending passage {p.name!r} has no debrief text", "write what this ending "
                         "shows and the principles used or missed (below a '---' line if narration is above)")
        out = {"title": info.get("title") or p.name, "debrief": debrief}
        if "principles" in info:
            out["principles"] = info["principles"]
        return out

    def choices(self, p: Passage, meta: dict, links: list[tuple[str, str, int]]) -> list[dict]:
        table = meta.get("choices", {})
        if not isinstance(table, dict):
            self.problem(p.line, "metadata 'choices' must be an object keyed by link text or target",
                         '{"choices": {"Link text": {"feedback": "...", "principle": "..."}}}')
            table = {}
        used: dict = {}
        out: list[dict] = []
        for n, (text, target, line) in enumerate(links, 1):
            key = text if text in table else target if target in table else None
            if key is not None and key in used:
                self.warn(line, f"the metadata {key!r} in passage {p.name!r} applies to two links (also line "
                          f"{used[key]})", "key each choice's metadata by its own link text, or give the links "
                          "different texts")
            used.setdefault(key, line)
            info = table.get(key, {}) if isinstance(table.get(key, {}), dict) else {}
            where = f"choice {text!r} in passage {p.name!r}"
            for extra in sorted(set(info) - _CHOICE_KEYS):
                self.problem(line, f"{where}: unknown metadata key {extra!r}",
                             f"use only: {', '.join(sorted(_CHOICE_KEYS))}")
            if not text or not target:
                self.problem(line, f"link in passage {p.name!r} has an empty text or target",
                             "write [[Text->Passage name]]")
            elif target not in self.by_name:
                self.problem(line, f"link to {target!r}, but there is no such passage", self.did_you_mean(target))
            missing = [k for k in ("feedback", "principle") if not str(info.get(k) or "").strip()]
            if missing and not p.broken:
                self.problem(line, f"{where} has no {' and no '.join(missing)}", 'add it to the passage '
                             f'metadata: {{"choices": {{"{text}": {{"feedback": "...", "principle": "..."}}}}}}')
            for dim in info.get("effects") or {} if self.dimensions is not None else ():
                assert self.dimensions is not None  # the loop runs only when dimensions are declared
                if dim not in self.dimensions:
                    self.problem(line, f"{where}: effect on {dim!r}, which is not a declared dimension",
                                 f"use one of: {', '.join(self.dimensions)}")
            choice = {"id": info.get("id") or slugify(f"{self.ids[p.name]}-{n}"), "text": text,
                      "target": self.ids.get(target) or slugify(target)}
            choice.update({k: info[k] for k in ("effects", "feedback", "principle", "when") if k in info})
            if choice["id"] in self.choice_lines:
                self.problem(line, f"choice id {choice['id']!r} is used twice (also on line "
                             f"{self.choice_lines[choice['id']]})", "give each choice its own 'id'")
            self.choice_lines.setdefault(choice["id"], line)
            out.append(choice)
        for key in sorted(set(table) - set(used), key=str):
            self.problem(p.line, f"metadata for choice {key!r} in passage {p.name!r} matches no link",
                         "key it by the exact link text or target passage name")
        return out
