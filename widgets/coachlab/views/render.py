"""Plain-HTML views of saved answers, for nbconvert output and nbgrader's graders and feedback.

Widgets do not render outside a live kernel, so every widget also has a static rendering here
(no ipywidgets import: grading and debrief use these too).
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: lesson data modules import this one
    from ..content.lessondata import CheckSpec, ReflectionSpec


def local_time(stamp: str) -> str:
    """A stored UTC timestamp in the reader's local time, e.g. "at 14:05:09 on 03 Mar 2025"."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("at %H:%M:%S on %d %b %Y")
    except (TypeError, ValueError):
        return str(stamp)


def paragraphs(text: str) -> str:
    """Learner or author text as escaped HTML paragraphs (blank lines separate them)."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def word_count(text: str) -> int:
    """Words in *text*, as the length guidance counts them."""
    return len(text.split())


def reflection_html(spec: ReflectionSpec, answers: dict[str, str], saved_at: str | None = None) -> str:
    """The saved answers of a reflection, read-only."""
    rows = []
    for p in spec.prompts:
        answer = answers.get(p.id, "").strip()
        body = paragraphs(answer) if answer else "<p><em>(no answer yet)</em></p>"
        rows.append(f"<h4>{escape(p.label)}</h4><p class='coachlab-question'>{escape(p.question)}</p>"
                    f"<blockquote class='coachlab-answer'>{body}</blockquote>")
    when = f"<p><small>Saved {escape(local_time(saved_at))}</small></p>" if saved_at else ""
    return (f"<section class='coachlab-reflection' aria-label='{escape(spec.title, quote=True)}'>"
            f"<h3>{escape(spec.title)}</h3>{''.join(rows)}{when}</section>")


def check_html(spec: CheckSpec, state: dict) -> str:
    """A knowledge check with the learner's last answer to each question, read-only."""
    rows = []
    for q in spec.questions:
        saved = state.get("questions", {}).get(q.id, {})
        chosen = set(saved.get("chosen", []))
        items = "".join(
            f"<li>{'[x]' if o.id in chosen else '[ ]'} {escape(o.text)}</li>" for o in q.options)
        verdict = {True: "Correct", False: "Not correct", None: "Answer saved"}[saved.get("correct")] \
            if saved else "Not answered yet"
        tries = len(saved.get("attempts", []))
        rows.append(f"<h4>{escape(q.prompt)}</h4><ul>{items}</ul>"
                    f"<p>{verdict}{f' (attempts: {tries})' if tries else ''}</p>")
    return f"<section class='coachlab-check'><h3>{escape(spec.title)}</h3>{''.join(rows)}</section>"
