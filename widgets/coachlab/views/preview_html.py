"""`coachlab preview`: one self-contained HTML page mapping every node and choice of a scenario.

For authors reviewing a draft: scenes stand in rows by step (the layer of the graph helper), each
choice is a link to the scene it leads to, with its feedback, principle, effects and condition
shown on hover and on keyboard focus. Faults the checker finds are marked in words, not colour
alone: unreachable scenes, scenes where every choice can be hidden (and after which choices),
loops that never end. No script, no external resource; every text is escaped.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from ..content.errors import CourseDataError, Problem
from ..scenario import graph
from ..scenario.model import Choice, Condition, Node, Scenario
from ..scenario.validate import analyse

CSS = """
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:80rem;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1d3f6e}
.row{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-start}
.node{border:1.5px solid #555;border-radius:6px;padding:.5rem .8rem;width:20rem;background:#fff}
.node:target{outline:4px solid #1d3f6e;outline-offset:2px}
.node.ending{border:4px double #555}.node.fault{border:3px dashed #8a1c1c;background:#fff6f6}
.node h3{font-size:1rem;margin:.2rem 0}.id{font:13px ui-monospace,monospace;color:#444}
.badge{display:inline-block;font-size:.8rem;font-weight:bold;border:1px solid currentColor;border-radius:4px;
padding:0 .3rem;margin:0 .3rem .2rem 0}.badge.bad{color:#8a1c1c}.badge.ok{color:#1d3f6e}
.node p{margin:.3rem 0}.line b{font-weight:600}
ul.choices{padding-left:1.1rem;margin:.4rem 0}ul.choices li{margin:.3rem 0}
a{color:#1d3f6e}a:focus{outline:3px solid #1d3f6e;outline-offset:2px}
.info{display:none;border-left:4px solid #1d3f6e;background:#eef3fa;padding:.3rem .5rem;margin-top:.2rem;
font-size:.9rem}
li:hover>.info,li:focus-within>.info{display:block}
.problems li{margin:.4rem 0}.legend li{margin:.2rem 0}
"""


def write_preview(source: Path, out: Path | None = None) -> tuple[Path, list[Problem]]:
    """Write the preview of the scenario at *source* (default: ``<name>.preview.html`` beside it);
    return where, and the problems the checker found (also listed on the page)."""
    source = Path(source)
    out = Path(out) if out is not None else source.with_name(source.stem + ".preview.html")
    if out.is_dir():
        raise CourseDataError(Problem(str(out), None, "is a folder",
                                      f"name the file to write, e.g. {out / 'preview.html'}"))
    if not out.parent.is_dir():
        raise CourseDataError(Problem(str(out), None, f"the folder {str(out.parent)!r} does not exist",
                                      "create it first, or write somewhere else with -o"))
    if out.exists() and out.resolve() == source.resolve():
        raise CourseDataError(Problem(str(out), None, "this would overwrite the scenario",
                                      "write to another file with -o"))
    scenario, problems, findings = analyse(source)
    out.write_text(preview_html(scenario, problems, findings), encoding="utf-8")
    return out, problems


def preview_html(scenario: Scenario, problems: list[Problem], findings: dict) -> str:
    """The whole page: summary, problems, legend, then every scene row by row."""
    nodes = scenario.nodes
    edges = graph.edges_of(nodes)
    layer: dict[str, int] = {}
    for role in scenario.roles.values():
        for n, depth in graph.layers(edges, role.start).items():
            layer[n] = min(layer.get(n, depth), depth)
    starts: dict[str, list[str]] = {}
    for role in scenario.roles.values():
        starts.setdefault(role.start, []).append(role.label)
    rows: dict[int, list[str]] = {}
    for n in nodes:
        rows.setdefault(layer.get(n, -1), []).append(n)
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
             f"<title>Preview: {escape(scenario.title)}</title><style>{CSS}</style></head><body><main>",
             f"<h1>Preview: {escape(scenario.title)}</h1>",
             f"<p>{escape(scenario.summary)}</p>",
             f"<p>{len(nodes)} scenes, {sum(n.is_ending for n in nodes.values())} endings, "
             f"{sum(len(n.choices) for n in nodes.values())} choices; roles: "
             + ", ".join(f"{escape(r.label)} (starts at <a href='#node-{escape(r.start)}'>{escape(r.start)}</a>)"
                         for r in scenario.roles.values()) + ".</p>",
             _problems(problems), _legend()]
    for depth in sorted(rows, key=lambda d: (d < 0, d)):
        heading = f"Step {depth + 1}" if depth >= 0 else "Not reachable from any role's start"
        parts.append(f"<section aria-labelledby='row-{depth + 1}'><h2 id='row-{depth + 1}'>{heading}</h2>"
                     "<div class='row'>")
        parts += [_node(scenario, nodes[n], findings, starts.get(n, [])) for n in rows[depth]]
        parts.append("</div></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _problems(problems: list[Problem]) -> str:
    if not problems:
        return "<p><strong>coachlab check finds no problem in this scenario.</strong></p>"
    items = "".join(f"<li>{'line ' + str(p.line) + ': ' if p.line else ''}{escape(p.message)}"
                    f"{'<br>Fix: ' + escape(p.hint) if p.hint else ''}</li>" for p in problems[:200])
    more = f"<p>… and {len(problems) - 200} more.</p>" if len(problems) > 200 else ""
    return (f"<section aria-labelledby='problems'><h2 id='problems'>Problems found by coachlab check "
            f"({len(problems)})</h2><ul class='problems'>{items}</ul>{more}</section>")


def _legend() -> str:
    return ("<section aria-labelledby='legend'><h2 id='legend'>How to read this map</h2><ul class='legend'>"
            "<li>Scenes stand in rows by step from the start. Each choice is a link to the scene it leads to: "
            "press Tab to move between choices, Enter to go to the scene.</li>"
            "<li>Hover over a choice, or reach it with Tab, to see its feedback, principle, score effects and "
            "condition.</li>"
            "<li>Marks in words: <span class='badge ok'>START</span> where a role begins, "
            "<span class='badge ok'>ENDING</span> an ending (double border), "
            "<span class='badge bad'>UNREACHABLE</span>, <span class='badge bad'>STUCK</span> (every choice can "
            "be hidden) and <span class='badge bad'>NEVER ENDS</span> (dashed border).</li></ul></section>")


def _node(scenario: Scenario, node: Node, findings: dict, roles: list[str]) -> str:
    n = node.id
    badges, faults = [], []
    badges += [f"<span class='badge ok'>START: {escape(r)}</span>" for r in roles]
    if node.is_ending:
        badges.append("<span class='badge ok'>ENDING</span>")
    if n not in findings["reached"]:
        faults.append("<span class='badge bad'>UNREACHABLE</span>")
    if n in findings["stuck_after"]:
        after = findings["stuck_after"][n]
        faults.append("<span class='badge bad'>STUCK</span>")
        when = f"after {escape(', '.join(after))}" if after else "at the start"
        faults.append(f"<p>Every choice here is hidden {when}.</p>")
    if n in findings["never_end"]:
        faults.append("<span class='badge bad'>NEVER ENDS</span>")
    kind = "node" + (" ending" if node.is_ending else "") + (" fault" if faults else "")
    body = [f"<article class='{kind}' id='node-{escape(n)}' tabindex='-1' aria-labelledby='title-{escape(n)}'>",
            f"<h3 id='title-{escape(n)}'>{escape(node.title or n)} <span class='id'>({escape(n)})</span></h3>",
            "".join(badges), "".join(faults)]
    if node.narration:
        body.append(f"<p>{escape(node.narration)}</p>")
    for line in node.lines:
        who = scenario.characters.get(line.speaker)
        cond = f" <em>(only {escape(_condition(line.when))})</em>" if line.when else ""
        name = who.name if who else line.speaker
        body.append(f"<p class='line'><b>{escape(name)}:</b> {escape(line.text)}{cond}</p>")
    if node.ending:
        body.append(f"<p><strong>{escape(node.ending.title)}</strong></p><p>{escape(node.ending.debrief)}</p>")
        if node.ending.principles:
            body.append(f"<p>Principles: {escape('; '.join(node.ending.principles))}</p>")
    if node.choices:
        body.append(f"<ul class='choices' aria-label='Choices at {escape(node.title or n)}'>")
        body += [_choice(scenario, c) for c in node.choices]
        body.append("</ul>")
    body.append("</article>")
    return "".join(body)


def _choice(scenario: Scenario, c: Choice) -> str:
    target = scenario.nodes.get(c.target)
    effects = ", ".join(f"{scenario.dimensions[d].label if d in scenario.dimensions else d} {v:+d}"
                        for d, v in c.effects.items()) or "none"
    info = [f"Feedback: {escape(c.feedback)}", f"Principle: {escape(c.principle)}", f"Effects: {escape(effects)}"]
    if c.when:
        info.append(f"Shown only {escape(_condition(c.when))}")
    label = f"{escape(c.text)} → {escape(target.title or c.target) if target else escape(c.target)}"
    return (f"<li><a href='#node-{escape(c.target)}' aria-describedby='info-{escape(c.id)}'>{label}</a>"
            f"<div class='info' id='info-{escape(c.id)}'>{'<br>'.join(info)}</div></li>")


def _condition(when: Condition) -> str:
    parts = [f"after choosing {c}" for c in when.chose] + [f"unless {c} was chosen" for c in when.not_chose]
    parts += [f"if {d} is at least {v}" for d, v in when.min.items()]
    parts += [f"if {d} is at most {v}" for d, v in when.max.items()]
    return " and ".join(parts)
