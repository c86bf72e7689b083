"""Walks over a scenario's graph, each linear in its size: the one helper for the validator, the
Twine importer, the path map, the debrief and the author tools.

A graph is a mapping from a node id to the targets of its choices, in order (a target that is not
a node is ignored; two choices to one target are two edges). Loops are allowed in a scenario; the
walks that need an order set aside the *back edges* (the choices that lead back up a loop, found
depth-first from the start), so score bounds and path counts cover the paths that do not go round
a loop, and never hang on one.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["Edges", "reachable", "reaching", "depth_first", "layers", "loops", "closed_loops",
           "score_bounds", "forward_bounds", "count_paths", "edges_of"]

Edges = Mapping[str, Sequence[str]]


def edges_of(nodes: Mapping) -> dict[str, list[str]]:
    """The graph of a Scenario's nodes (``Node`` objects) or of scenario data (dicts), read defensively."""
    out: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        choices = node.get("choices") if isinstance(node, dict) else getattr(node, "choices", ())
        targets = []
        for c in choices if isinstance(choices, (list, tuple)) else ():
            target = c.get("target") if isinstance(c, dict) else getattr(c, "target", None)
            if isinstance(target, str):
                targets.append(target)
        out[nid] = targets
    return out


def reachable(edges: Edges, starts: Iterable[str]) -> list[str]:
    """The nodes reachable from *starts*, breadth-first: the order in which a play meets them."""
    seen = dict.fromkeys(s for s in starts if s in edges)
    queue = deque(seen)
    while queue:
        for t in edges[queue.popleft()]:
            if t in edges and t not in seen:
                seen[t] = None
                queue.append(t)
    return list(seen)


def reaching(edges: Edges, goals: Iterable[str]) -> set[str]:
    """The nodes from which some node of *goals* can be reached (the goals included)."""
    back: dict[str, list[str]] = {}
    for n, targets in edges.items():
        for t in targets:
            back.setdefault(t, []).append(n)
    seen = {g for g in goals if g in edges}
    todo = list(seen)
    while todo:
        for n in back.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def depth_first(edges: Edges, start: str) -> tuple[list[str], set[tuple[str, str]]]:
    """(a topological order of the nodes reachable from *start*, the back edges set aside for it)."""
    if start not in edges:
        return [], set()
    state, back, finished = {start: 1}, set(), []
    stack = [(start, iter(edges[start]))]
    while stack:
        node, rest = stack[-1]
        nxt = next(rest, None)
        if nxt is None:
            state[node] = 2
            finished.append(node)
            stack.pop()
        elif nxt not in edges:
            continue
        elif state.get(nxt) == 1:
            back.add((node, nxt))
        elif nxt not in state:
            state[nxt] = 1
            stack.append((nxt, iter(edges[nxt])))
    finished.reverse()
    return finished, back


def layers(edges: Edges, start: str) -> dict[str, int]:
    """Each node reachable from *start* with its layer: the longest path to it once back edges are set aside."""
    order, back = depth_first(edges, start)
    layer = dict.fromkeys(order, 0)
    for n in order:
        for t in edges[n]:
            if t in layer and (n, t) not in back:
                layer[t] = max(layer[t], layer[n] + 1)
    return layer


def loops(edges: Edges) -> list[list[str]]:
    """The strongly connected parts of the graph that hold a loop (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, rest = work[-1]
            nxt = next(rest, None)
            if nxt is not None:
                if nxt not in edges:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    part.append(m)
                    if m == node:
                        break
                if len(part) > 1 or node in edges[node]:
                    found.append(part)
    return found


def closed_loops(edges: Edges) -> list[set[str]]:
    """The loops that no choice leaves: strongly connected parts with every edge inside them."""
    out = []
    for part in loops(edges):
        members = set(part)
        if all(t in members for n in part for t in edges[n] if t in edges):
            out.append(members)
    return out


def score_bounds(choices: Mapping[str, Sequence[tuple[str, Mapping[str, int]]]], start: str,
                 endings: Iterable[str], dims: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per dimension, the lowest and highest total from *start* to any ending, conditions ignored.

    *choices* maps each node to its choices as (target, effects). Memoised over the graph in one
    pass in reverse topological order (back edges set aside); (0, 0) if no ending can be reached.
    """
    edges = {n: [t for t, _ in cs] for n, cs in choices.items()}
    order, back = depth_first(edges, start)
    ends = set(endings)
    low: dict[str, dict[str, int]] = {}
    high: dict[str, dict[str, int]] = {}
    for n in reversed(order):
        if n in ends:
            low[n] = dict.fromkeys(dims, 0)
            high[n] = dict.fromkeys(dims, 0)
            continue
        lo: dict[str, int] | None = None
        hi: dict[str, int] | None = None
        for t, effects in choices[n]:
            if t not in low or (n, t) in back:
                continue
            a = {d: low[t][d] + effects.get(d, 0) for d in dims}
            b = {d: high[t][d] + effects.get(d, 0) for d in dims}
            lo = a if lo is None else {d: min(lo[d], a[d]) for d in dims}
            hi = b if hi is None else {d: max(hi[d], b[d]) for d in dims}
        if lo is not None and hi is not None:
            low[n], high[n] = lo, hi
    if start not in low:
        return {d: (0, 0) for d in dims}
    return {d: (low[start][d], high[start][d]) for d in dims}


def forward_bounds(choices: Mapping[str, Sequence[tuple[str, Mapping[str, int]]]], start: str,
                   dims: Sequence[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """For each node reachable from *start*, per dimension, the lowest and highest total on arriving
    there (back edges set aside): the score range of each ending. One pass in topological order."""
    edges = {n: [t for t, _ in cs] for n, cs in choices.items()}
    order, back = depth_first(edges, start)
    if not order:
        return {}
    bounds: dict[str, dict[str, tuple[int, int]]] = {start: {d: (0, 0) for d in dims}}
    for n in order:
        here = bounds.get(n)
        if here is None:
            continue
        for t, effects in choices[n]:
            if t not in edges or (n, t) in back:
                continue
            step = {d: (here[d][0] + effects.get(d, 0), here[d][1] + effects.get(d, 0)) for d in dims}
            old = bounds.get(t)
            bounds[t] = step if old is None else {d: (min(old[d][0], step[d][0]), max(old[d][1], step[d][1]))
                                                  for d in dims}
    return bounds


def count_paths(edges: Edges, start: str, endings: Iterable[str]) -> tuple[dict[str, int], bool]:
    """(the number of paths from *start* to each ending, whether loops were set aside to count them).

    Each choice is a step of its own, so two choices to one scene are two paths. Counted forwards
    over a topological order: linear in the graph, exact for any number of paths.
    """
    order, back = depth_first(edges, start)
    ways = dict.fromkeys(order, 0)
    if order:
        ways[start] = 1
    ends = set(endings)
    for n in order:
        if n in ends:
            continue
        for t in edges[n]:
            if t in ways and (n, t) not in back:
                ways[t] += ways[n]
    return {n: ways[n] for n in order if n in ends}, bool(back)
