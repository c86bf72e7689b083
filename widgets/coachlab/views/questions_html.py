"""Read-only HTML of question reviews and Rewrite exercises."""
from __future__ import annotations

from html import escape

from ..coaching.questions import Review, review_question
from .render import local_time


def review_html(review: Review) -> str:
    """A review as an HTML list, words first (the ✔ or ✘ is never the only signal)."""
    items = "".join(f"<li>{escape(n)}</li>" for n in review.notes)
    return f"<ul class='coachlab-review'>{items}</ul>"


def rewrite_html(spec, state: dict) -> str:
    """A Rewrite exercise with the learner's committed questions and the sample answers, read-only."""
    rows = []
    items = state.get("items", {})
    for n, item in enumerate(spec.items, 1):
        saved = items.get(item.id, {})
        committed = saved.get("committed", "")
        if committed:
            tries = len(saved.get("history", []))
            answer = (f"<blockquote class='coachlab-answer'><p>{escape(committed)}</p></blockquote>"
                      f"{review_html(review_question(committed))}"
                      f"<p><small>Committed {escape(local_time(saved.get('committed_at', '')))} (versions: {tries})</small></p>"
                      f"{samples_html(item)}")
        else:
            answer = "<p><em>(not committed yet)</em></p>"
        rows.append(f"<h4>Statement {n}</h4><blockquote><p>{escape(item.statement)}</p></blockquote>{answer}")
    return (f"<section class='coachlab-rewrite' aria-label='{escape(spec.title, quote=True)}'>"
            f"<h3>{escape(spec.title)}</h3>{''.join(rows)}</section>")


def samples_html(item) -> str:
    """The sample coaching questions (and the tip) of a rewrite item."""
    samples = "".join(f"<li>{escape(s)}</li>" for s in item.samples)
    tip = f"<p><strong>Tip:</strong> {escape(item.tip)}</p>" if item.tip else ""
    return f"<p><strong>Some coaching questions others wrote:</strong></p><ul>{samples}</ul>{tip}"
