"""`coachlab paths`: every ending of a scenario, per role, with its score range and how many paths reach it.

For authors balancing a scenario: an ending no path reaches, or one that a thousand paths reach,
shows at a glance. Counts and ranges come from the graph helper (linear in the scenario); with
loops they cover the paths that do not go round a loop, and the report says so.
"""
from __future__ import annotations

from pathlib import Path

from . import graph
from .model import Scenario
from .validate import load_scenario


def paths_report(path: str | Path) -> str:
    """The report for the (checked) scenario at *path*, as plain text lines."""
    return report_of(load_scenario(path))


def report_of(scenario: Scenario) -> str:
    """Per role: each ending with its title, the number of paths to it and the score range on arrival."""
    nodes = scenario.nodes
    edges = graph.edges_of(nodes)
    choices = {n: [(c.target, c.effects) for c in node.choices] for n, node in nodes.items()}
    dims = list(scenario.dimensions)
    endings = [n for n, node in nodes.items() if node.is_ending]
    out = [f"{scenario.title} ({scenario.id}): {len(nodes)} nodes, {len(endings)} endings"]
    looped = False
    for rid, role in scenario.roles.items():
        counts, has_loops = graph.count_paths(edges, role.start, endings)
        looped |= has_loops
        bounds = graph.forward_bounds(choices, role.start, dims)
        total = sum(counts.values())
        out.append(f"\nRole {role.label!r} ({rid}), starting at {role.start!r}: {total:,} path{'s' * (total != 1)} "
                   "to an ending")
        for n in endings:
            if n not in counts:
                continue
            ranges = ", ".join(f"{scenario.dimensions[d].label} {_range(*bounds[n][d])}" for d in dims)
            k = counts[n]
            ending = nodes[n].ending
            assert ending is not None  # endings lists only the nodes with an ending
            out.append(f"  {ending.title} ({n}): {k:,} path{'s' * (k != 1)}; {ranges}")
        missing = [n for n in endings if n not in counts]
        if missing:
            more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
            out.append(f"  not reached in this role: {', '.join(missing[:12])}{more}")
    if looped:
        out.append("\nThis scenario has loops (a choice leads back to an earlier scene): the counts and ranges "
                   "cover the paths that do not go round a loop; a learner who loops can score beyond them.")
    out.append("\nConditions (`when`) are not applied: a path counted here may be closed by a condition.")
    return "\n".join(out)


def _range(low: int, high: int) -> str:
    return f"{low:+d}" if low == high else f"{low:+d} to {high:+d}"
