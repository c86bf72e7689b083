"""Small pieces the widgets share: status messages and the corrupt-store notice."""
from __future__ import annotations

from html import escape

import ipywidgets as w

from ..store import AnswerStore


def status_html(text: str) -> str:
    """A polite live region, so screen readers announce the status; words, never colour alone."""
    return f"<div role='status' aria-live='polite' class='coachlab-status'><small>{escape(text)}</small></div>"


def store_notice(store: AnswerStore) -> w.HTML | None:
    """A visible notice when the store had to move a damaged answers file aside."""
    if not store.moved_aside:
        return None
    kept = ", ".join(str(p) for p in store.moved_aside)
    return w.HTML(f"<div role='alert' class='coachlab-notice'><strong>Note:</strong> your earlier answers file "
                  f"could not be read, so it was kept unchanged as <code>{escape(kept)}</code> and new answers "
                  "are saved in a fresh file. Your facilitator can help recover it.</div>")
