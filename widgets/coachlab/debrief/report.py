"""The debrief report: one self-contained, accessible HTML file for the facilitator.

Self-contained: images are inlined as data URIs, styles are inline, and a Content-Security-Policy
forbids every request, so the file opens offline and prints as it shows. Private by default:
learners appear by anonymous code (names and ids only with ``names=True``, also inside file paths),
and reflection text is never read into the report, only whether prompts were answered.
"""
from __future__ import annotations

import base64
from datetime import datetime
from html import escape
from pathlib import Path, PurePath

from ..scenario import graph
from . import charts, stats
from .charts import Chart, share
from .reader import Cohort, Learner

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:64rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0}img{max-width:100%;height:auto}
.note{background:#f4f4f4;border-left:4px solid #1d4f91;padding:.5rem 1rem}
@media print{h2{break-before:page}figure,table{break-inside:avoid}}
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def label(r: Learner, names: bool) -> str:
    """How a learner is shown: the anonymous code, or with *names* the code, id and name."""
    if not names:
        return r.code
    return f"{r.code} · {r.id}" + (f" ({r.name})" if r.name else "")


def _file(path: str | None, cohort: Cohort, names: bool) -> str:
    if not path or names:
        return path or ""
    codes = {r.id: r.code for r in cohort.learners}
    return str(PurePath(*[codes.get(part, part) for part in PurePath(path).parts]))


def _table(caption: str, head: list[str], rows: list[list], numeric: frozenset[int] | set[int] = frozenset()) -> str:
    th = "".join(f"<th scope='col'>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td{' class=n' if i in numeric else ''}>{escape(str(v))}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _figure(chart: Chart) -> str:
    data = base64.b64encode(chart.png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(chart.alt, quote=True)}'>"
            f"<figcaption>{escape(chart.title)} (the numbers are in the table below)</figcaption></figure>")


def _summary(cohort: Cohort, names: bool) -> str:
    sub = cohort.submitted
    states = {k: sum(r.answers == k for r in sub) for k in ("ok", "partial", "missing", "corrupt")}
    late = sum(bool(r.late) for r in sub)
    who = ("Learners are shown by name, as asked (--names): keep this report private."
           if names else "Learners are shown by anonymous code; run with --names to see who is who.")
    scope = f" Showing only learners who played the role {cohort.role_filter!r}." if cohort.role_filter else ""
    items = [f"{len(cohort.learners)} learners", f"{len(sub)} submitted", f"{len(cohort.missing)} not submitted",
             f"{late} late" + ("" if any(r.late is not None for r in sub) else " (lateness not known)"),
             f"answers files: {states['ok']} complete, {states['partial']} partial, {states['missing']} missing, "
             f"{states['corrupt']} corrupt", f"{len(cohort.problems)} problems found (listed at the end)"]
    return ("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
            f"<p class='note'>{escape(who + scope)} Reflection texts are never shown in this report.</p>")


def _roleplays(cohort: Cohort) -> str:
    out = []
    for sid, scenario in cohort.data.scenarios.items():
        out.append(f"<h3>{escape(scenario.title)}</h3>")
        rows, none = stats.endings(cohort, sid)
        n = len(cohort.submitted)
        rows = [r for r in rows if r[2] or not cohort.role_filter or r[0] in _role_endings(scenario, cohort.role_filter)]
        out.append(_figure(charts.hbars(f"{scenario.title}: endings reached", [t for _, t, _ in rows] + ["no ending reached"],
                                        [c for *_, c in rows] + [none], n, "learners (each counted once per ending)")))
        out.append(_table(f"Endings reached in {scenario.title}, of {n} learners who submitted (a learner may reach several)",
                          ["ending", "learners"],
                          [[t, share(c, n)] for _, t, c in rows] + [["no ending reached", share(none, n)]],
                          {1}))
        for role in scenario.roles:
            if cohort.role_filter and role != cohort.role_filter:
                continue
            branches = stats.branches(cohort, sid, role)
            players = branches[0].reached if branches else 0
            out.append(f"<h4>Playing {escape(scenario.roles[role].label)} ({players} learners)</h4>")
            if not players:
                out.append("<p>Nobody played this role.</p>")
                continue
            out.append(_figure(charts.branch_diagram(scenario, role, branches)))
            out.append(_table(f"Choices as {scenario.roles[role].label}: learners who took each choice, of those who "
                              "reached the scene", ["scene", "choice", "took it"],
                              [[b.title, text, share(k, b.reached)] for b in branches if b.reached
                               for _, text, _, k in b.choices], {2}))
        dist = stats.dimension_scores(cohort, sid)
        if any(dist.values()):
            out.append(_figure(charts.dimensions(scenario, dist)))
            out.append(_table(f"Dimension scores at each learner's first ending in {scenario.title}",
                              ["dimension", "score", "learners"],
                              [[scenario.dimensions[d].label, v, c[v]] for d, c in dist.items() for v in sorted(c)], {1, 2}))
    return "<h2>Role-plays</h2>" + ("".join(out) or "<p>This assignment has no role-play.</p>")


def _role_endings(scenario, role: str) -> set[str]:
    return set(graph.reachable(graph.edges_of(scenario.nodes), [scenario.roles[role].start]))


def _checks(cohort: Cohort) -> str:
    out, all_items = [], stats.items(cohort)
    for cid, spec in cohort.data.checks.items():
        its = [i for i in all_items if i.check == cid]
        out.append(f"<h3>{escape(spec.title)}</h3>")
        out.append(_figure(charts.item_analysis(spec.title, its)))
        rows = []
        for it in its:
            right = share(it.right, it.known) if it.known else "not known"
            wrong = f"{it.top_wrong[1]} ({it.top_wrong[2]})" if it.top_wrong else ""
            chosen = "; ".join(f"{t}: {k}" for _, t, k in it.options)
            rows.append([it.question, it.answered, right, wrong, chosen])
        out.append(_table(f"{spec.title}: answers per question", ["question", "answered", "right", "wrong option chosen most "
                          "(learners)", "learners per option"], rows, {1, 2}))
    return "<h2>Knowledge checks</h2>" + ("".join(out) or "<p>This assignment has no knowledge check.</p>")


def _scores(cohort: Cohort) -> str:
    out = ["<h2>Scores and rubrics</h2>"]
    auto = stats.auto_scores(cohort)
    if auto:
        out.append(_table("Autograded parts (from the gradebook)", ["part", "points", "mean of learners graded", "graded"],
                          [[n, f"{p:g}", "" if m is None else f"{m:.2f}", g] for n, p, m, g in auto], {1, 2, 3}))
    for name, points, counts, pending in stats.rubric(cohort):
        out.append(_figure(charts.rubric_histogram(name, points, counts, pending)))
        out.append(_table(f"Rubric scores of {name}, out of {points:g} ({pending} submitted, not graded yet)",
                          ["points", "learners"], [[v, counts.get(float(v), 0)] for v in range(int(points) + 1)], {0, 1}))
    if len(out) == 1:
        out.append("<p>No scores: the gradebook has none for this assignment yet.</p>")
    return "".join(out)


def _learners(cohort: Cohort, names: bool) -> str:
    cells = [c.name for c in cohort.cells]
    sids = list(cohort.data.scenarios)
    rows = [[label(r, names), "yes" if r.submitted else "no", {True: "yes", False: "no", None: ""}[r.late], r.answers]
            + [len(r.endings(s)) for s in sids] + ["" if r.scores.get(c) is None else f"{r.scores[c]:g}" for c in cells]
            for r in cohort.learners]
    return "<h2>Learners</h2>" + _table("One row per learner", ["learner", "submitted", "late", "answers file"]
                                        + [f"endings in {s}" for s in sids] + cells, rows)


def _missing_and_problems(cohort: Cohort, names: bool) -> str:
    missing = cohort.missing
    out = ["<h2>Not submitted</h2>",
           f"<p>{len(missing)} learner{'s' * (len(missing) != 1)} have not submitted"
           + (": " + ", ".join(escape(label(r, names)) for r in missing) if missing else "") + ".</p>"]
    by_id = {r.id: r for r in cohort.learners}
    rows = [[label(by_id[p.learner], names) if p.learner in by_id else "", p.kind, _file(p.file, cohort, names), p.message]
            for p in cohort.problems]
    out.append("<h2>Problems found</h2>")
    out.append(_table(f"{len(rows)} problems: each was counted and the rest of the cohort read as usual",
                      ["learner", "kind", "file", "what it means"], rows) if rows else "<p>No problems found.</p>")
    if cohort.notes:
        out.append("<h3>Notes</h3><ul>" + "".join(f"<li>{escape(n)}</li>" for n in cohort.notes) + "</ul>")
    return "".join(out)


def body(cohort: Cohort, *, names: bool = False) -> str:
    """The report's content as an HTML fragment (the dashboard shows it too)."""
    return (_summary(cohort, names) + _roleplays(cohort) + _checks(cohort) + _scores(cohort)
            + _learners(cohort, names) + _missing_and_problems(cohort, names))


def render(cohort: Cohort, *, names: bool = False) -> str:
    """The whole report as one HTML document."""
    title = f"Debrief: {cohort.assignment}"
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><main><h1>{escape(title)}</h1>"
            f"<p>Made {stamp} from {escape(str(cohort.course_dir))}.</p>{body(cohort, names=names)}</main></body></html>")


def write_report(cohort: Cohort, out: str | Path, *, names: bool = False) -> Path:
    """Write the report to *out* (written whole, then renamed into place) and return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render(cohort, names=names), encoding="utf-8")
    tmp.replace(out)
    return out
