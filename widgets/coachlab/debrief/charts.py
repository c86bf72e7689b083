"""The debrief's charts: static PNG images drawn with matplotlib (Agg), so they print and export.

Every bar and arrow carries its number in writing ("3 of 5, 60%"); colour never carries meaning on
its own. Each chart comes with an alt text; the report puts the same numbers in a table beside it.
Charts use matplotlib's object API (no pyplot): no global state, no window, no display needed.
"""
from __future__ import annotations

import io
import textwrap
from collections import Counter
from dataclasses import dataclass

from matplotlib.ticker import MaxNLocator

from ..scenario import Scenario
from ..views.pathmap import layout
from .stats import Branch, Item

INK, BAR, PALE, EDGE = "#1a1a1a", "#1d4f91", "#e6eef8", "#555555"
DPI = 96


@dataclass(frozen=True)
class Chart:
    """One image: its title, PNG bytes and a text alternative."""

    title: str
    png: bytes
    alt: str


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


def share(n: int, of: int) -> str:
    """'3 of 5 (60%)', as written on charts and in tables."""
    return f"{n} of {of} ({round(100 * n / of)}%)" if of else f"{n} of 0"


def _wrap(text: str, width: int, lines: int = 2) -> str:
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


def hbars(title: str, labels: list[str], counts: list[int], total: int, xlabel: str) -> Chart:
    """Horizontal bars, each labelled with its count and share of *total*."""
    fig = _figure(8, 0.9 + 0.45 * max(len(labels), 1))
    ax = fig.add_subplot()
    y = list(range(len(labels)))[::-1]
    ax.barh(y, counts, color=BAR, height=0.6)
    for yi, n in zip(y, counts):
        ax.text(n + max(total, 1) * 0.01, yi, share(n, total), va="center", fontsize=9, color=INK)
    ax.set_yticks(y, [_wrap(t, 38) for t in labels], fontsize=9)
    ax.set_xlim(0, max(total, 1) * 1.3)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    alt = f"{title}: " + "; ".join(f"{t}: {share(n, total)}" for t, n in zip(labels, counts))
    return Chart(title, _png(fig), alt)


def branch_diagram(scenario: Scenario, role: str, branches: list[Branch]) -> Chart:
    """The scenes of *role* as boxes and its choices as arrows, each arrow labelled with how many of
    the learners who reached the scene took it (arrow width follows the share)."""
    graph = {nid: [c.target for c in n.choices] for nid, n in scenario.nodes.items()}
    where = layout(graph, scenario.roles[role].start)
    width = max(pos for _, pos in where.values()) + 1
    depth = max(layer for layer, _ in where.values()) + 1
    rows = Counter(layer for layer, _ in where.values())
    fig = _figure(max(7.0, 2.3 * width), max(3.0, 1.5 * depth))
    ax = fig.add_subplot()
    ax.set_axis_off()

    def xy(node: str) -> tuple[float, float]:
        layer, pos = where[node]
        return (pos + 0.5) * width / rows[layer], -layer * 1.5

    taken = {b.node: b for b in branches}
    parts = []
    for node, branch in taken.items():
        if node not in where:
            continue
        for _cid, text, target, n in branch.choices:
            if target not in where:
                continue
            (x1, y1), (x2, y2) = xy(node), xy(target)
            frac = n / branch.reached if branch.reached else 0
            ax.annotate("", xy=(x2, y2 + 0.3), xytext=(x1, y1 - 0.3),
                        arrowprops={"arrowstyle": "-|>", "color": BAR if n else EDGE, "lw": 0.6 + 5 * frac,
                                    "linestyle": "-" if n else ":", "shrinkA": 0, "shrinkB": 0})
            label = f"{n}/{branch.reached}" + (f" ({round(100 * frac)}%)" if branch.reached else "")
            ax.text(x1 + (x2 - x1) * 0.45, y1 - 0.3 + (y2 - y1 + 0.6) * 0.45, label, fontsize=8, ha="center",
                    va="center", color=INK, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
            if branch.reached:
                parts.append(f"{scenario.nodes[node].title or node} → {_wrap(text, 60, 1)}: {share(n, branch.reached)}")
    for node in where:
        x, y = xy(node)
        spec = scenario.nodes[node]
        ending = spec.is_ending
        title = spec.ending.title if spec.ending else (spec.title or node)
        ax.text(x, y, _wrap(title, 18, 3) + ("\n(ending)" if ending else ""), ha="center", va="center", fontsize=8,
                color=INK, bbox={"boxstyle": "round,pad=0.4", "fc": "white" if ending else PALE, "ec": INK,
                                 "lw": 2.0 if ending else 0.8, "linestyle": "--" if ending else "-"})
    ax.set_xlim(-0.1, width + 0.1)
    ax.set_ylim(-(depth - 1) * 1.5 - 0.7, 0.7)
    title = f"{scenario.title}: choices as {scenario.roles[role].label}"
    ax.set_title(title, fontsize=11, loc="left")
    return Chart(title, _png(fig), f"{title}. " + "; ".join(parts))


def dimensions(scenario: Scenario, dist: dict[str, Counter]) -> Chart:
    """One small bar chart per dimension: learners per final score of their first finished play."""
    dims = list(dist)
    fig = _figure(8, 2.1 * ((len(dims) + 1) // 2) + 0.4)
    parts = []
    for i, dim in enumerate(dims, 1):
        ax = fig.add_subplot((len(dims) + 1) // 2, 2, i)
        values = sorted(dist[dim])
        span = list(range(min(values), max(values) + 1)) if values else []
        counts = [dist[dim][v] for v in span]
        ax.bar(span, counts, color=BAR)
        for x, n in zip(span, counts):
            ax.text(x, n, str(n), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(span)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(scenario.dimensions[dim].label, fontsize=10, loc="left")
        ax.set_xlabel("score at the ending", fontsize=8)
        ax.set_ylim(0, max(counts or [1]) * 1.25)
        ax.spines[["top", "right"]].set_visible(False)
        parts.append(f"{scenario.dimensions[dim].label}: " + ", ".join(f"score {v}: {dist[dim][v]}" for v in values))
    fig.subplots_adjust(hspace=0.8)
    title = f"{scenario.title}: dimension scores at the first ending"
    fig.suptitle(title, fontsize=11, x=0.02, ha="left")
    return Chart(title, _png(fig), f"{title}. " + "; ".join(parts))


def item_analysis(check_title: str, items: list[Item]) -> Chart:
    """Share of right answers per question, with the wrong option chosen most written beside it."""
    labels, counts, notes = [], [], []
    for it in items:
        labels.append(_wrap(it.question, 30, 1))
        counts.append(it.right)
        wrong = f"; most-chosen wrong: {_wrap(it.top_wrong[1], 40, 1)} ({it.top_wrong[2]})" if it.top_wrong else ""
        notes.append(f"{it.question}: {share(it.right, it.known)} right{wrong}")
    fig = _figure(8, 0.9 + 0.55 * max(len(items), 1))
    ax = fig.add_subplot()
    y = list(range(len(items)))[::-1]
    shares = [it.right / it.known if it.known else 0 for it in items]
    ax.barh(y, shares, color=BAR, height=0.6)
    for yi, it, s in zip(y, items, shares):
        text = f"{share(it.right, it.known)} right" if it.known else "right/wrong not known"
        if it.top_wrong:
            text += f" · wrong, most chosen: {_wrap(it.top_wrong[1], 28, 1)} ({it.top_wrong[2]})"
        ax.text(s + 0.01, yi, text, va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 2.2)
    ax.set_xticks([0, 0.5, 1], ["0%", "50%", "100%"])
    ax.set_xlabel("share of answers that were right")
    ax.spines[["top", "right"]].set_visible(False)
    title = f"{check_title}: right answers per question"
    ax.set_title(title, fontsize=11, loc="left")
    return Chart(title, _png(fig), f"{title}. " + "; ".join(notes))


def rubric_histogram(name: str, points: float, counts: Counter, pending: int) -> Chart:
    """Learners per rubric score, 0 to *points*, with the number not graded yet."""
    values = list(range(int(points) + 1))
    fig = _figure(6, 2.8)
    ax = fig.add_subplot()
    n = [counts.get(float(v), 0) for v in values]
    ax.bar([str(v) for v in values], n, color=BAR)
    for xi, k in enumerate(n):
        ax.text(xi, k, str(k), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel("points")
    ax.set_ylabel("learners")
    ax.set_ylim(0, max(n + [1]) * 1.25)
    ax.spines[["top", "right"]].set_visible(False)
    title = f"Rubric scores: {name}" + (f" ({pending} not graded yet)" if pending else "")
    ax.set_title(title, fontsize=11, loc="left")
    return Chart(title, _png(fig), f"{title}. " + ", ".join(f"{v} points: {k}" for v, k in zip(values, n)))
