"""Text a learner controls (file names, link targets, record keys, question prompts), made safe to print."""
from __future__ import annotations


def printable(text: str) -> str:
    """*text* (a learner's file name, link target, record key…) safe to print in a terminal or a CSV:
    control characters (say, a terminal escape sequence) shown as '?'."""
    return "".join(c if c.isprintable() else "?" for c in str(text))


def short(text: str, width: int = 60) -> str:
    """*text* on one line, printable, cut to *width* characters with an ellipsis."""
    text = printable(" ".join(str(text).split()))
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
