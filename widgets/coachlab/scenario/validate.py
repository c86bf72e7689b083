"""Check a scenario file and report every problem at once, each with file, line and a fix.

First the YAML and the schema (with plain-language messages for the usual slips), then the
references between parts (targets, starts, speakers, dimensions, conditions) and the shape of
the graph (unreachable nodes, dead ends, loops with no way to an ending). The checks after the
schema read the data defensively, so a broken file gives Problems, never a traceback.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections import deque
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, cast

from ..content import datafile
from ..content.datafile import DataFile, load_schema, read_text, value_at
from ..content.errors import CourseDataError, Problem
from . import graph
from .model import Scenario

__all__ = ["check_file", "load_scenario"]

MAX_PROBLEMS = 1000  # a broken generated file could give one per node: the first thousand say enough
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
NODE_KEYS = {"title", "narration", "lines", "choices", "ending"}
_KIND = {"nodes": "node", "roles": "role", "characters": "character", "dimensions": "dimension"}
_HINTS = {
    "feedback": "write `feedback:` saying what this choice does and why it helps or hurts, naming the "
                "coaching principle behind it, e.g. 'An open question lets Sam explore (ICF 7)'",
    "principle": "write `principle:` naming the principle the feedback explains, e.g. "
                 "'ICF 7 Evokes awareness', 'GROW: Reality' or 'SBI'",
    "debrief": "write `debrief:` saying what this ending shows and which principles were used or missed",
    "target": "add `target:` with the id of the node this choice leads to",
    "start": "add `start:` with the id of the node where this role begins",
}


def check_file(path: str | Path) -> list[Problem]:
    """Every problem in the scenario file at *path*, sorted by line; empty if it is fine."""
    return _check(path)[1]


def load_scenario(path: str | Path) -> Scenario:
    """The checked scenario at *path*; CourseDataError listing every problem if it has any.

    A notebook loads its scenario on every run, so the whole-graph checks run once per content:
    a file whose exact text (with its name, under this version of the checker) passed before is
    only parsed. The record of passed files is a stamp per content hash in the user's cache folder
    (``COACHLAB_CACHE_DIR`` to move it); in one process the built scenario itself is kept.
    """
    text = read_text(path)
    digest = hashlib.sha256(f"{_checker_version()}\0{Path(path).name}\0{text}".encode()).hexdigest()
    key = (str(path), digest)
    if key in _LOADED:
        return _LOADED[key]
    stamp = _stamp(digest)
    if stamp is not None and stamp.exists():
        doc = DataFile.parse(text, path)
    else:
        checked, problems = _check(path, text)
        if problems:
            raise CourseDataError(problems)
        assert checked is not None  # _check returns no document only with problems
        doc = checked
        _write_stamp(stamp)
    scenario = Scenario.from_data(doc.data, source_path=str(path))
    if len(_LOADED) >= 32:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[key] = scenario
    return scenario


_LOADED: dict[tuple[str, str], Scenario] = {}


@cache
def _checker_version() -> str:
    """A hash of the code and schema that decide whether a scenario passes: a change to them re-checks."""
    here = Path(__file__).parent
    parts = [here / "validate.py", here / "graph.py", here / "model.py", Path(datafile.__file__)]
    digest = hashlib.sha256(json.dumps(load_schema("scenario"), sort_keys=True).encode())
    for part in parts:
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(str(part).encode())
    return digest.hexdigest()


def _stamp(digest: str) -> Path | None:
    folder = os.environ.get("COACHLAB_CACHE_DIR")
    if not folder:
        try:
            import platformdirs
        except ImportError:
            return None
        folder = platformdirs.user_cache_dir("coachlab", appauthor=False)
    return Path(folder) / "checked-scenarios" / digest


def _write_stamp(stamp: Path | None) -> None:
    if stamp is None:
        return
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass  # no cache folder: the next load checks again, which is only slower


def analyse(path: str | Path) -> tuple[Scenario, list[Problem], dict]:
    """For author tools that show a draft with its faults: the scenario, every problem, and the graph
    findings (``reached``, ``stuck_after``, ``never_end``). CourseDataError if the file cannot be
    read or breaks the schema (nothing to show then)."""
    doc, problems = _check(path)
    if doc is None or doc.schema_problems("scenario") or doc.duplicate_keys:
        raise CourseDataError(problems)
    refs = _Refs(doc)
    refs.problems()
    if any(c.get("target") not in refs.nodes for _, c in refs.choices):
        raise CourseDataError([p for p in problems if "unknown node" in p.message] or problems)
    findings = {"reached": refs.reached, "stuck_after": refs.stuck_after, "never_end": refs.never_end}
    return Scenario.from_data(doc.data, source_path=str(path)), problems, findings


def _check(path: str | Path, text: str | None = None) -> tuple[DataFile | None, list[Problem]]:
    try:
        doc = DataFile.load(path) if text is None else DataFile.parse(text, path)
    except CourseDataError as e:
        return None, e.problems
    except OSError as e:
        return None, [Problem(str(path), None, f"cannot read the file ({e.strerror or e})",
                              "check the path and that the file is readable")]
    except Exception as e:  # odd YAML (e.g. a list as a key) must not become a traceback
        return None, [Problem(str(path), None, f"cannot read the YAML ({type(e).__name__}: {e})",
                              "use plain keys, lists and text as in the scenario examples")]
    problems = list(doc.duplicate_keys)
    try:
        schema = doc.schema_problems("scenario", explain=lambda error: _explain(doc, error))
        problems += schema + _id_problems(doc, Path(path))
        problems += _Refs(doc).problems(schema_ok=not schema)
    except Exception as e:  # last resort: a checker bug must still end in a report
        problems.append(Problem(doc.path, None, f"the checker failed on this file ({type(e).__name__}: {e})",
                                "fix the problems above first; if this stays, report it as a coachlab bug"))
    return doc, sorted(problems, key=lambda p: p.line or 0)


def _id_problems(doc: DataFile, path: Path) -> list[Problem]:
    """The scenario's id must be its file name: the course, progress and saved plays find it by that."""
    sid = _dict(doc.data).get("id")
    if not isinstance(sid, str) or path.suffix not in (".yaml", ".yml") or sid == path.stem:
        return []
    return [doc.problem(("id",), f"the scenario id {sid!r} differs from the file name {path.name!r}",
                        f"rename the file to {sid}{path.suffix}, or write id: {path.stem}; the course finds a "
                        "scenario, its progress and saved plays by the file name")]


# ---- schema errors in plain words ------------------------------------------------------------

def _explain(doc: DataFile, error) -> list[Problem] | None:
    at, v, inst = tuple(error.absolute_path), error.validator, error.instance
    where = _where(doc.data, at)
    if "propertyNames" in error.relative_schema_path:
        kind = _KIND.get(at[-1], "key") if at else "key"
        return [doc.problem(at + (inst,), f"{kind} id {inst!r} is not a valid id", _slug_hint(inst))]
    if v == "required":
        match = re.match(r"'(.*)' is a required property", error.message)
        if not match:
            return None
        key = match.group(1)
        if at == ():
            return [doc.problem(at, f"the scenario has no {key!r}", f"add `{key}:` at the top level")]
        hint = _HINTS.get(key) or f"add `{key}:`"
        return [doc.problem(at, f"{where} has no {key}", hint)]
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(error.schema.get("properties", {}))
        return [doc.problem(at + (k,), f"unknown key {k!r} in {where}", _did_you_mean(k, allowed)
                            or f"remove it; allowed keys here: {', '.join(allowed)}")
                for k in inst if k not in allowed]
    if v == "type":
        if at == () and inst is None:
            return [doc.problem(at, "the file is empty", "write a scenario: schema_version, id, title, "
                                "summary, objectives, dimensions, characters, roles and nodes")]
        return [doc.problem(at, f"{where} should be {_a(error.validator_value)}, not "
                                f"{type(inst).__name__} {inst!r:.60}", f"write {_a(error.validator_value)} here")]
    if (v == "pattern" and error.validator_value == r"\S") or v == "minLength":
        return [doc.problem(at, f"{where} is blank", _HINTS.get(at[-1] if at else "", "write some text here"))]
    if v == "pattern":
        return [doc.problem(at, f"{where} is not a valid id: {inst!r}", _slug_hint(inst))]
    if v in ("minimum", "maximum"):
        return [doc.problem(at, f"{where} is {inst}, outside -5 to 5", "use a whole number from -5 to 5")]
    if v in ("minItems", "minProperties"):
        return [doc.problem(at, f"{where} is empty", error.schema.get("description") or "add at least one entry")]
    if v == "const":
        return [doc.problem(at, f"{where} is {inst!r}, not {error.validator_value!r}",
                            error.schema.get("description", "use the value the schema asks for"))]
    return None


def _a(kind) -> str:
    if isinstance(kind, list):
        return " or ".join(map(_a, kind))
    kind = {"object": "mapping (key: value lines)", "array": "list (lines starting with '- ')",
            "string": "text", "integer": "whole number"}.get(kind, str(kind))
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _slug_hint(value) -> str:
    example = re.sub(r"[^a-z0-9_-]+", "-", str(value).lower()).strip("-_") or "ask-open"
    return f"use lower-case letters, digits, '-' and '_' only, e.g. {example!r}"


def _name(data, at: tuple) -> str | None:
    """A plain name for the part at *at*, if it is one an author thinks of (node, choice, ...)."""
    if at == ():
        return "the scenario"
    if len(at) == 2 and at[0] in _KIND:
        return f"{_KIND[at[0]]} {at[1]!r}"
    if len(at) == 3 and at[0] == "nodes" and at[2] == "ending":
        return f"the ending of node {at[1]!r}"
    if len(at) == 4 and at[0] == "nodes" and at[2] in ("choices", "lines") and isinstance(at[3], int):
        item = value_at(data, at)
        if at[2] == "choices" and isinstance(item, dict) and SLUG.match(str(item.get("id"))):
            return f"choice {item['id']!r}"
        return f"{at[2][:-1]} {at[3] + 1} of node {at[1]!r}"
    return None


def _where(data, at: tuple) -> str:
    for k in range(len(at), -1, -1):
        name = _name(data, at[:k])
        if name:
            rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in at[k:]).lstrip(".")
            return f"`{rest}` of {name}" if rest else name
    return "/".join(map(str, at))


def _did_you_mean(name: str, known) -> str:
    if len(known) > 2000:  # difflib is linear in *known*: in a huge file, many slips would cost n²
        return ""
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _dict(x) -> dict:
    return x if isinstance(x, dict) else {}


def _list(x) -> list:
    return x if isinstance(x, list) else []


def _str(x) -> str | None:
    return x if isinstance(x, str) else None


def _holds(when, chosen: frozenset, scores: tuple, index: dict[str, int]) -> bool:
    """Does the condition *when* (data) hold in a search state? Parts the search does not track hold."""
    when = _dict(when)
    return (all(c in chosen for c in _list(when.get("chose")))
            and not any(c in chosen for c in _list(when.get("not_chose")))
            and all(not isinstance(v, int) or scores[index[d]] >= v for d, v in _dict(when.get("min")).items())
            and all(not isinstance(v, int) or scores[index[d]] <= v for d, v in _dict(when.get("max")).items()))


# ---- references and graph --------------------------------------------------------------------

class _Refs:
    """The cross-references and graph checks, on whatever parts of the data are well formed."""

    def __init__(self, doc: DataFile):
        self.doc, data = doc, _dict(doc.data)
        self.nodes = {k: v for k, v in _dict(data.get("nodes")).items() if isinstance(k, str)}
        self.dims = data.get("dimensions") if isinstance(data.get("dimensions"), dict) else None
        self.chars = data.get("characters") if isinstance(data.get("characters"), dict) else None
        self.roles = _dict(data.get("roles"))
        self.choices = [(("nodes", n, "choices", i), c) for n, node in self.nodes.items()
                        for i, c in enumerate(_list(_dict(node).get("choices"))) if isinstance(c, dict)]
        self.found: list[Problem] = []
        self.conditions: list[tuple[tuple, dict, str]] = []
        self.guesses = 0
        self.reached: set[str] = set()
        self.stuck_after: dict[str, list[str]] = {}  # a stuck node: the choices that lead there stuck
        self.never_end: set[str] = set()  # nodes in a loop that no ending can be reached from
        self.some_nodes = ", ".join(islice(self.nodes, 8))

    def guess(self, name, known) -> str:
        """A did-you-mean for the first 50 slips only: each costs a pass over *known*."""
        self.guesses += 1
        return _did_you_mean(name, known) if self.guesses <= 50 else ""

    def add(self, at: tuple, message: str, hint: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(self.doc.problem(at, message, hint))
        elif len(self.found) == MAX_PROBLEMS:
            self.found.append(Problem(self.doc.path, None,
                                      f"more than {MAX_PROBLEMS} problems; the rest are not listed",
                                      "fix these and check again"))

    def problems(self, schema_ok: bool = True) -> list[Problem]:
        self.choice_ids()
        self.targets_and_starts()
        self.speakers_effects_conditions()
        self.graph()
        self.contradictions()
        if schema_ok and not self.found:
            self.stuck()
        return self.found

    def choice_ids(self) -> None:
        seen: dict[str, int | None] = {}
        for at, c in self.choices:
            cid = c.get("id")
            if not isinstance(cid, str):
                continue
            if cid in seen:
                self.add(at + ("id",), f"duplicate choice id {cid!r} (first used on line {seen[cid]})",
                         f"give each choice an id of its own in the whole scenario, e.g. '{cid}-2'")
            else:
                seen[cid] = self.doc.line(at + ("id",))
        self.ids = set(seen)

    def _unknown_node(self, at: tuple, ref, message: str, hint_end: str) -> None:
        if isinstance(ref, str) and SLUG.match(ref) and ref not in self.nodes:
            guess = self.guess(ref, self.nodes)
            hint = f"{guess} Otherwise {hint_end}" if guess else \
                f"use one of the node ids ({self.some_nodes}), or {hint_end}"
            self.add(at, message, hint)

    def targets_and_starts(self) -> None:
        for at, c in self.choices:
            name = c["id"] if isinstance(c.get("id"), str) else f"{at[3] + 1} of node {at[1]!r}"
            target = c.get("target")
            self._unknown_node(at + ("target",), target, f"choice {name!r} leads to unknown node {target!r}",
                               f"add a node {target!r} under nodes")
        for rid, role in self.roles.items():
            start = _dict(role).get("start")
            self._unknown_node(("roles", rid, "start"), start, f"role {rid!r} starts at unknown node {start!r}",
                               f"add a node {start!r} under nodes")

    def _dimension(self, at: tuple, dim, what: str) -> None:
        if self.dims is not None and isinstance(dim, str) and dim not in self.dims:
            guess = self.guess(dim, self.dims)
            self.add(at, f"{what} uses undeclared dimension {dim!r}",
                     f"{guess + ' ' if guess else ''}declared dimensions: {', '.join(map(str, self.dims))}; "
                     f"fix the name or declare {dim!r} under dimensions")

    def _condition(self, at: tuple, when, what: str) -> None:
        when = _dict(when)
        if when:
            self.conditions.append((at, when, what))
        for key in ("chose", "not_chose"):
            for i, cid in enumerate(_list(when.get(key))):
                if isinstance(cid, str) and SLUG.match(cid) and cid not in self.ids:
                    guess = self.guess(cid, self.ids)
                    self.add(at + ("when", key, i), f"the condition of {what} names unknown choice {cid!r}",
                             f"{guess + ' ' if guess else ''}use the id of a choice defined in this scenario")
        for key in ("min", "max"):
            for dim in _dict(when.get(key)):
                self._dimension(at + ("when", key, dim), dim, f"the condition of {what}")

    def speakers_effects_conditions(self) -> None:
        for nid, node in self.nodes.items():
            for i, line in enumerate(_list(_dict(node).get("lines"))):
                at, line = ("nodes", nid, "lines", i), _dict(line)
                speaker, what = line.get("speaker"), f"line {i + 1} of node {nid!r}"
                if self.chars is not None and isinstance(speaker, str) and SLUG.match(speaker) \
                        and speaker not in self.chars:
                    guess = self.guess(speaker, self.chars)
                    self.add(at + ("speaker",), f"{what} is spoken by unknown character {speaker!r}",
                             f"{guess + ' ' if guess else ''}declared characters: "
                             f"{', '.join(map(str, self.chars))}; fix the id or declare {speaker!r} under characters")
                self._condition(at, line.get("when"), what)
        for at, c in self.choices:
            what = f"choice {c.get('id')!r}"
            for dim in _dict(c.get("effects")):
                self._dimension(at + ("effects", dim), dim, what)
            self._condition(at, c.get("when"), what)

    def graph(self) -> None:
        edges = graph.edges_of(self.nodes)
        role_starts = [_str(_dict(r).get("start")) for r in self.roles.values()]
        starts = [x for x in role_starts if x is not None and x in self.nodes]
        self.reached = set(graph.reachable(edges, starts))
        # Nodes whose fault is reported elsewhere count as "finishing", so only root causes show.
        done = set()
        for nid, node in self.nodes.items():
            keys = set(node) if isinstance(node, dict) else set()
            if starts and nid not in self.reached:
                self.add(("nodes", nid), f"node {nid!r} cannot be reached from any role's start",
                         "make a choice lead to it (its `target`), start a role there, or delete it")
            if not isinstance(node, dict) or keys - NODE_KEYS or "ending" in keys:
                done.add(nid)
            if isinstance(node, dict) and not keys - NODE_KEYS:
                if "choices" in keys and "ending" in keys:
                    self.add(("nodes", nid), f"node {nid!r} has both choices and an ending",
                             "a node either offers choices or ends the play: move the ending to a node of its own")
                elif not keys & {"choices", "ending"}:
                    done.add(nid)
                    self.add(("nodes", nid), f"node {nid!r} is a dead end: it has neither choices nor an ending",
                             "add `choices:` that lead on, or an `ending:` with a title and a debrief")
            choices = _list(_dict(node).get("choices"))
            if any(not isinstance(c, dict) or _str(c.get("target")) not in self.nodes for c in choices):
                done.add(nid)
        finishing = graph.reaching(edges, done)
        trapped = {n: [t for t in edges[n] if t not in finishing] for n in self.nodes if n not in finishing}
        order = {n: i for i, n in enumerate(self.nodes)}
        for loop in sorted(graph.closed_loops(trapped), key=lambda part: min(map(order.__getitem__, part))):
            names = sorted(loop, key=order.__getitem__)
            self.never_end |= loop
            message = (f"no ending can be reached from node {names[0]!r}: its choices lead only back to it"
                       if len(names) == 1 else
                       f"no ending can be reached from nodes {', '.join(map(repr, names[:12]))}"
                       f"{f' and {len(names) - 12} more' if len(names) > 12 else ''}: "
                       "their choices only lead round between them")
            self.add(("nodes", names[0]), message,
                     "add a choice that leads towards an ending, or make one of these nodes an ending")
        for rid, role in self.roles.items():
            start = _dict(role).get("start")
            if isinstance(start, str) and "ending" in _dict(self.nodes.get(start)):
                self.add(("roles", rid, "start"), f"role {rid!r} starts at node {start!r}, which is an ending",
                         "start the role at a node with choices: the play would be over before it began")

    def contradictions(self) -> None:
        """Conditions that can never hold: a score at least more than it is at most, a choice both
        taken and not taken."""
        for at, when, what in self.conditions:
            lo, hi = _dict(when.get("min")), _dict(when.get("max"))
            for dim in lo.keys() & hi.keys():
                a, b = lo[dim], hi[dim]
                if isinstance(a, int) and isinstance(b, int) and a > b:
                    self.add(at + ("when", "min", dim), f"the condition of {what} can never hold: "
                             f"{dim} at least {a} and at most {b}",
                             "min and max are both inclusive: make min no more than max, or swap them")
            both = [c for c in _list(when.get("chose")) if c in _list(when.get("not_chose"))]
            for cid in both:
                self.add(at + ("when",), f"the condition of {what} can never hold: {cid!r} is in both "
                         "chose and not_chose", f"keep {cid!r} in one of the two lists")

    def stuck(self, limit: int = 20_000) -> None:
        """Reachable nodes where every choice can be hidden: a bounded search over the states a play
        can reach (node, the choices taken that conditions name, the scores they test)."""
        nodes = {n: _dict(v) for n, v in self.nodes.items()}
        guarded = [n for n in self.reached if nodes[n].get("choices")
                   and all(isinstance(c, dict) and c.get("when") for c in _list(nodes[n]["choices"]))]
        if not guarded:
            return
        named: set[str] = set()
        dims: list[str] = []
        for _, c in self.choices:
            when = _dict(c.get("when"))
            named.update(x for x in _list(when.get("chose")) + _list(when.get("not_chose")) if isinstance(x, str))
            dims += [d for d in list(_dict(when.get("min"))) + list(_dict(when.get("max"))) if d not in dims]
        index = {d: i for i, d in enumerate(dims)}
        zero = (0,) * len(dims)
        # A loop can raise a score without end; beyond every threshold of a dimension by more than two
        # choices' worth (10), a score counts as that far, so the search ends (and stays small).
        thresholds: dict[str, list[int]] = {d: [] for d in dims}
        for _, c in self.choices:
            when = _dict(c.get("when"))
            for d, v in list(_dict(when.get("min")).items()) + list(_dict(when.get("max")).items()):
                if isinstance(v, int) and d in thresholds:
                    thresholds[d].append(v)
        limits = [(min(ts or [0]) - 10, max(ts or [0]) + 10) for ts in thresholds.values()]
        work = 0  # choices looked at: the search stops at a budget, however the scenario is shaped
        # the & with the node ids leaves out None
        starts = cast("set[str]", {_str(_dict(r).get("start")) for r in self.roles.values()} & self.nodes.keys())
        # state -> (the state before, the choice taken), None at a start
        seen: dict[tuple[str, frozenset, tuple[int, ...]], Any] = {(s, frozenset(), zero): None for s in sorted(starts)}
        queue = deque(seen)
        reported: set[str] = set()
        while queue and len(seen) < limit and work < 10 * limit:
            state = queue.popleft()
            nid, chosen, scores = state
            options = [c for c in _list(nodes[nid].get("choices")) if isinstance(c, dict)]
            work += len(options) + 1
            shown = [c for c in options if _holds(c.get("when"), chosen, scores, index)]
            if options and not shown and nid not in reported:
                reported.add(nid)
                path, back = [], state
                while seen[back] is not None:
                    back, cid = seen[back]
                    path.append(cid)
                path.reverse()
                self.stuck_after[nid] = path
                after = f"after the choices {', '.join(map(repr, path))}" if path else "at the start"
                self.add(("nodes", nid), f"node {nid!r} can leave the learner stuck: {after}, none of its "
                         "choices shows", "add a choice without `when`, or conditions that cover every case "
                         "(e.g. one with min: {trust: 1} and one with max: {trust: 0}; min and max are inclusive)")
            for c in shown:
                target = c.get("target")
                if target not in nodes or "ending" in nodes[target]:
                    continue
                cid = c.get("id")
                after_scores = list(scores)
                for d, v in _dict(c.get("effects")).items():
                    if d in index and isinstance(v, int):
                        k = index[d]
                        after_scores[k] = min(max(after_scores[k] + v, limits[k][0]), limits[k][1])
                nxt = (target, chosen | {cid} if cid in named else chosen, tuple(after_scores))
                if nxt not in seen:
                    seen[nxt] = (state, cid)
                    queue.append(nxt)
