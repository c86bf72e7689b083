"""Small pieces the widgets share: the stylesheet, status messages and notices."""
from __future__ import annotations

import json
from html import escape

# One stylesheet for every coachlab widget (each top-level widget carries the class coachlab-widget).
# ipywidgets sets a 28px line height on HTML widgets and cuts button text with an ellipsis;
# prose and whole choice texts need the opposite. Focus stays visible for keyboard users.
STYLE = """<style>
.coachlab-widget .widget-html-content { line-height: 1.5 !important; }
.coachlab-widget textarea { min-height: 6.5em; }
.coachlab-widget .widget-textarea, .coachlab-widget .widget-text { box-sizing: border-box; max-width: calc(100% - 6px); }
.coachlab-widget :focus-visible { outline: 3px solid #1d4f91 !important; outline-offset: 2px; }
.coachlab-widget blockquote { margin: 0.3em 0 0.6em 0; padding-left: 0.8em; border-left: 3px solid #767676; }
.coachlab-choice { white-space: normal !important; height: auto !important; min-height: 2.4em;
  text-align: left !important; line-height: 1.35 !important; padding: 0.45em 0.8em !important; }
.coachlab-scale { flex-wrap: wrap; }
.coachlab-scale > .widget-label { width: 100% !important; max-width: 100% !important; white-space: normal !important; }
.coachlab-scale .widget-radio-box { flex-direction: row; flex-wrap: wrap; gap: 0.2em 1.2em; }
.coachlab-scale .widget-radio-box label { min-height: 24px; align-items: center; }
</style>"""


def status_html(text: str, pending: bool = False, acked: dict[str, str] | None = None) -> str:
    """A polite live region, so screen readers announce the status; words, never colour alone.

    While an edit waits to be saved the region carries ``data-cl-pending``, and ``data-cl-acked``
    the signatures of the texts saved (see the site's ``static/coachlab-answers.js``).
    """
    flag = " data-cl-pending='1'" if pending else ""
    if acked:
        flag += f" data-cl-acked='{escape(json.dumps(acked, sort_keys=True), quote=True)}'"
    return f"<div role='status' aria-live='polite' class='coachlab-status'{flag}><small>{escape(text)}</small></div>"


def notices_html(notices: list[str]) -> str:
    """Notices the learner must read (a damaged file set aside, a change from another tab), or nothing."""
    if not notices:
        return ""
    items = "".join(f"<li>{escape(n)}</li>" for n in notices)
    return (f"<div role='alert' class='coachlab-notice'><strong>Note:</strong>"
            f"<ul class='coachlab-notices'>{items}</ul></div>")
