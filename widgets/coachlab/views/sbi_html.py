"""Read-only HTML of SBI findings and SBI exercises."""
from __future__ import annotations

from html import escape

from ..coaching.sbi import PARTS, Finding


def findings_html(findings: list[Finding]) -> str:
    """Findings as a list, each with a word verdict ("✔ Fine" / "✘ Revise" / "Hint") and not colour alone."""
    if not findings:
        return ""
    rows = []
    for f in findings:
        tag = "✔ Fine" if f.ok else ("Hint" if f.kind == "vague" else "✘ Revise")
        rows.append(f"<li><strong>{tag}:</strong> {escape(f.message)}</li>")
    problems = sum(not f.ok and f.kind != "vague" for f in findings)
    hints = sum(f.kind == "vague" for f in findings)
    head = (f"{problems} thing{'s' * (problems != 1)} to revise, {hints} hint{'s' * (hints != 1)}"
            if problems or hints else "No problems found")
    return f"<p><strong>{head}.</strong></p><ul class='coachlab-findings'>{''.join(rows)}</ul>"


def sbi_html(spec, state: dict) -> str:
    """An SBI composition with its last check, read-only."""
    draft = state.get("draft", {})
    rows = []
    for part in (*PARTS, "intent"):
        text = draft.get(part, "").strip()
        label = "Then ask about intent" if part == "intent" else part.capitalize()
        rows.append(f"<dt>{label}</dt><dd>{escape(text) if text else '<em>(empty)</em>'}</dd>")
    attempts = state.get("attempts", [])
    checked = ""
    if attempts:
        last = attempts[-1]
        findings = [Finding(**f) for f in last.get("findings", [])]
        checked = (f"<p><small>Last checked {escape(last.get('at', ''))} (checks: {len(attempts)})</small></p>"
                   f"{findings_html(findings)}")
    return (f"<section class='coachlab-sbi' aria-label='{escape(spec.title, quote=True)}'><h3>{escape(spec.title)}</h3>"
            f"<p>{escape(spec.context)}</p><dl>{''.join(rows)}</dl>{checked}</section>")
