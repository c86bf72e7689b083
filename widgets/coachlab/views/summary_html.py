"""The learner's course summary as one self-contained HTML page: the plan to keep, and print.

Everything is inline (styles, SVG charts), nothing is loaded from elsewhere, so the file opens offline,
can be mailed to oneself, and prints cleanly (print styles drop the page chrome and keep each answer on
one page where it fits).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff;
       max-width: 46em; margin: 0 auto; padding: 1.5em 1em 3em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 2px solid #1d4f91; padding-bottom: .2em; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
h4, h5 { font-size: 1em; margin: 1em 0 .3em; }
blockquote { margin: .3em 0 .8em; padding: .4em .8em; border-left: 4px solid #1d4f91; background: #f4f7fb; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #ccc; }
svg { max-width: 100%; height: auto; }
.coachlab-meta { color: #444; }
.coachlab-empty { color: #444; font-style: italic; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  section, blockquote, table, svg { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass(frozen=True)
class Part:
    """One part of the summary: a heading and its HTML body (already escaped by the view that made it)."""

    heading: str
    body: str


def summary_page(title: str, made_on: str, parts: list[Part], intro: str = "") -> str:
    """A whole HTML document: *title*, the date it was made, an optional *intro* and the *parts*."""
    sections = "".join(f"<section aria-labelledby='part-{n}'><h2 id='part-{n}'>{escape(p.heading)}</h2>{p.body}</section>"
                       for n, p in enumerate(parts, 1))
    lead = f"<p>{escape(intro)}</p>" if intro else ""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><main>"
            f"<h1>{escape(title)}</h1><p class='coachlab-meta'>Made on {escape(made_on)}</p>{lead}{sections}"
            "</main></body></html>")


def empty(text: str) -> str:
    """A note standing in for an answer not given yet."""
    return f"<p class='coachlab-empty'>{escape(text)}</p>"
