"""Plain-HTML views of self-assessments, GROW plans and earlier answers a plan draws on.

No ipywidgets import: the widgets, exports, grading and debrief all use these.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from .charts import PairedBar, paired_bar_chart_svg
from ..content.practicedata import GROW_STAGES, DrawFrom, GrowSpec, SelfAssessmentSpec
from .render import local_time, paragraphs


def _humanise(key: str) -> str:
    text = key.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# self-assessment ---------------------------------------------------------------------------

def comparison_svg(spec: SelfAssessmentSpec, ratings: dict, earlier: dict, earlier_label: str,
                   now_label: str = "Now") -> str:
    """The paired before/after chart of a self-assessment, items matched by id."""
    low, high = spec.scale.min, spec.scale.max
    pairs = [PairedBar(i.label, earlier.get(i.id), ratings.get(i.id), low, high) for i in spec.items]
    return paired_bar_chart_svg(pairs, title=f"{spec.title}: {earlier_label} and {now_label.lower()}",
                                before_label=earlier_label, after_label=now_label)


def comparison_text(spec: SelfAssessmentSpec, ratings: dict, earlier: dict, earlier_label: str) -> str:
    """The same comparison in words, one line per item."""
    rows = []
    for item in spec.items:
        before, now = earlier.get(item.id), ratings.get(item.id)
        b = spec.scale.text(before) if before is not None else "not rated"
        n = spec.scale.text(now) if now is not None else "not rated yet"
        change = ""
        if before is not None and now is not None:
            change = " — no change" if now == before else f" — {'up' if now > before else 'down'} {abs(now - before)}"
        rows.append(f"<li>{escape(item.label)}: {escape(earlier_label)} {escape(b)}; now {escape(n)}{change}</li>")
    return f"<ul class='coachlab-comparison'>{''.join(rows)}</ul>"


def self_assessment_html(spec: SelfAssessmentSpec, ratings: dict, earlier: dict | None = None,
                         earlier_label: str = "Earlier") -> str:
    """A self-assessment's ratings, read-only, with the before/after comparison when *earlier* is given."""
    rows = "".join(
        f"<tr><th scope='row'>{escape(i.label)}<br><small>{escape(i.statement)}</small></th>"
        f"<td>{escape(spec.scale.text(ratings[i.id])) if ratings.get(i.id) is not None else '<em>not rated</em>'}</td></tr>"
        for i in spec.items)
    compare = ""
    if earlier is not None:
        compare = comparison_svg(spec, ratings, earlier, earlier_label) + comparison_text(spec, ratings, earlier,
                                                                                          earlier_label)
    return (f"<section class='coachlab-self-assessment' aria-label='{escape(spec.title, quote=True)}'>"
            f"<h3>{escape(spec.title)}</h3><table><thead><tr><th scope='col'>Behaviour</th>"
            f"<th scope='col'>Your rating</th></tr></thead><tbody>{rows}</tbody></table>{compare}</section>")


# earlier answers -----------------------------------------------------------------------------

def _in_order(saved: dict, labels: dict[str, str]) -> list[tuple[str, object]]:
    """(label, value) pairs: the parts the lesson names, in its order, then any others it no longer has."""
    known = [(labels[k], saved[k]) for k in labels if k in saved]
    return known + [(_humanise(k), v) for k, v in saved.items() if k not in labels]


def _answer_body(value, labels: dict[str, str] | None = None) -> str:
    """A saved value as HTML by its shape; "" when nothing was written in it."""
    labels = labels or {}
    if isinstance(value, dict) and isinstance(value.get("answers"), dict):  # a reflection
        pairs = _in_order(value["answers"], labels)
    elif isinstance(value, dict) and isinstance(value.get("stages"), dict):  # a GROW plan
        pairs = [(k.capitalize(), value["stages"].get(k, "")) for k in GROW_STAGES]
    elif isinstance(value, dict) and isinstance(value.get("ratings"), dict):  # a self-assessment
        items = "".join(f"<li>{escape(k)}: {escape(str(v))}</li>"
                        for k, v in _in_order(value["ratings"], labels) if v is not None)
        return f"<ul>{items}</ul>" if items else ""
    elif isinstance(value, dict) and isinstance(value.get("draft"), dict):  # SBI feedback
        pairs = [(k.capitalize(), value["draft"].get(k, "")) for k in ("situation", "behaviour", "impact", "intent")]
    elif isinstance(value, dict) and isinstance(value.get("items"), dict):  # rewrites
        pairs = [(k, v.get("committed", "")) for k, v in _in_order(value["items"], labels) if isinstance(v, dict)]
    else:
        if value in (None, "", {}, []):
            return ""
        text = value if isinstance(value, str) else json.dumps(value, indent=1, ensure_ascii=False)
        return f"<pre>{escape(text)}</pre>"
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{paragraphs(str(v))}</dd>" for k, v in pairs if str(v).strip())
    return f"<dl>{rows}</dl>" if rows else ""


def earlier_answer_html(source: DrawFrom, record: dict | None, labels: dict[str, str] | None = None) -> str:
    """One earlier answer under its label (its parts named by *labels*), or a pointer to where it is answered."""
    body = _answer_body(record.get("value"), labels) if record else ""
    if not body or record is None:
        body = f"<p><em>(not answered yet — see {escape(source.where)})</em></p>"
    elif record.get("saved_at"):
        body += f"<p><small>Saved {escape(local_time(record['saved_at']))}</small></p>"
    return f"<div class='coachlab-earlier'><h5>{escape(source.label)}</h5>{body}</div>"


# GROW plan -----------------------------------------------------------------------------------

def grow_plan_html(spec: GrowSpec, stages: dict, earlier: Sequence[tuple[DrawFrom, dict | None]] = (),
                   labels=lambda source: {}) -> str:
    """A GROW plan, read-only: what it builds on, then each stage's question and answer."""
    built_on = ""
    if earlier:
        built_on = ("<section><h4>What you wrote earlier</h4>"
                    + "".join(earlier_answer_html(s, r, labels(s)) for s, r in earlier) + "</section>")
    rows = []
    for stage in spec.stages:
        answer = stages.get(stage.key, "").strip()
        body = paragraphs(answer) if answer else "<p><em>(not written yet)</em></p>"
        rows.append(f"<h4>{stage.label}</h4><p class='coachlab-question'>{escape(stage.question)}</p>"
                    f"<blockquote class='coachlab-answer'>{body}</blockquote>")
    whose = f"<p>A plan for {escape(spec.subject)}.</p>" if spec.subject and spec.subject != "you" else ""
    return (f"<section class='coachlab-grow' aria-label='{escape(spec.title, quote=True)}'>"
            f"<h3>{escape(spec.title)}</h3>{whose}{built_on}{''.join(rows)}</section>")
