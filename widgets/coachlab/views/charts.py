"""Small static SVG charts: they show in widgets, in HTML exports and in printed reports alike.

Every value is written as a number beside its bar, so nothing depends on colour.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    """One labelled value on a scale from *low* to *high*."""

    label: str
    value: float
    low: float
    high: float


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 560) -> str:
    """Horizontal bars on a shared-zero scale, each with its value written out."""
    label_w, row_h, pad = 170, 34, 12
    plot_w = width - label_w - 2 * pad - 44
    height = pad * 2 + 24 + row_h * len(bars)
    rows = []
    for i, bar in enumerate(bars):
        low, high = min(bar.low, 0, bar.value), max(bar.high, 0, bar.value)
        span = (high - low) or 1
        x = lambda v, low=low, span=span: label_w + pad + (v - low) / span * plot_w  # noqa: E731
        y = pad + 24 + i * row_h
        left, right = sorted((x(0), x(bar.value)))
        rows.append(
            f"<text x='{label_w}' y='{y + 17}' text-anchor='end' font-size='13'>{escape(bar.label)}</text>"
            f"<rect x='{x(low):.1f}' y='{y + 6}' width='{plot_w:.1f}' height='16' fill='#f1f1f1' stroke='#767676'"
            f" stroke-width='0.5'/>"
            f"<rect x='{left:.1f}' y='{y + 6}' width='{max(right - left, 1.5):.1f}' height='16' fill='#1d4f91'/>"
            f"<line x1='{x(0):.1f}' x2='{x(0):.1f}' y1='{y + 2}' y2='{y + 26}' stroke='#222' stroke-width='1'/>"
            f"<text x='{x(high) + 6:.1f}' y='{y + 19}' font-size='13' font-weight='bold'>{_num(bar.value)}</text>"
            f"<text x='{x(low):.1f}' y='{y + 32}' font-size='10' fill='#444'>{_num(low)}</text>"
            f"<text x='{x(high):.1f}' y='{y + 32}' font-size='10' fill='#444' text-anchor='end'>{_num(high)}</text>")
    desc = "; ".join(f"{b.label}: {_num(b.value)} (range {_num(b.low)} to {_num(b.high)})" for b in bars)
    return (f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' style='max-width:100%;height:auto' font-family='system-ui, sans-serif' fill='#111'>"
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
            f"<text x='{pad}' y='{pad + 12}' font-size='14' font-weight='bold'>{escape(title)}</text>"
            f"{''.join(rows)}</svg>")


def _num(v: float) -> str:
    return f"{v:+g}" if v else "0"


@dataclass(frozen=True)
class PairedBar:
    """Two values of one item on a scale from *low* to *high*: before and after (None: not given)."""

    label: str
    before: float | None
    after: float | None
    low: float
    high: float


def paired_bar_chart_svg(pairs: list[PairedBar], *, title: str, before_label: str = "Before",
                         after_label: str = "After", width: int = 560) -> str:
    """Before/after bars per item: before hatched and outlined, after solid, each with its label and value
    written beside it, so neither colour nor pattern is the only signal."""
    label_w, row_h, pad, bar_h = 170, 50, 12, 14
    plot_w = width - label_w - 2 * pad - 150
    height = pad * 2 + 48 + row_h * len(pairs)
    pid = f"coachlab-hatch-{zlib.crc32(title.encode()):08x}"
    rows = []
    for i, p in enumerate(pairs):
        low, high = min(p.low, 0), max(p.high, 0)
        span = (high - low) or 1
        x = lambda v, low=low, span=span: label_w + pad + (v - low) / span * plot_w  # noqa: E731
        y = pad + 48 + i * row_h
        rows.append(f"<text x='{label_w}' y='{y + 20}' text-anchor='end' font-size='13'>{_wrapped(p.label, label_w)}</text>"
                    f"<line x1='{x(low):.1f}' x2='{x(low):.1f}' y1='{y}' y2='{y + 2 * bar_h + 6}' stroke='#222'/>")
        for j, (tag, value, fill) in enumerate(((before_label, p.before, f"url(#{pid})"),
                                                (after_label, p.after, "#1d4f91"))):
            top = y + j * (bar_h + 4)
            if value is None:
                rows.append(f"<text x='{x(low) + 6:.1f}' y='{top + 11}' font-size='12' font-style='italic'>"
                            f"{escape(tag)}: not rated</text>")
                continue
            end = x(min(max(value, low), high))
            weight, change = (" font-weight='bold'", _change(p)) if j else ("", "")
            rows.append(f"<rect x='{x(low):.1f}' y='{top}' width='{max(end - x(low), 1.5):.1f}' height='{bar_h}' "
                        f"fill='{fill}' stroke='#1d4f91' stroke-width='1'/>"
                        f"<text x='{end + 6:.1f}' y='{top + 11}' font-size='12'{weight}>"
                        f"{escape(tag)}: {value:g}{change}</text>")
    legend = (f"<rect x='{pad}' y='{pad + 22}' width='18' height='12' fill='url(#{pid})' stroke='#1d4f91'/>"
              f"<text x='{pad + 24}' y='{pad + 32}' font-size='12'>{escape(before_label)} (hatched)</text>"
              f"<rect x='{pad + 200}' y='{pad + 22}' width='18' height='12' fill='#1d4f91' stroke='#1d4f91'/>"
              f"<text x='{pad + 224}' y='{pad + 32}' font-size='12'>{escape(after_label)} (solid)</text>")
    desc = "; ".join(f"{p.label}: {before_label} {_val(p.before)}, {after_label} {_val(p.after)}"
                     f"{_change(p)} (scale {p.low:g} to {p.high:g})" for p in pairs)
    return (f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' style='max-width:100%;height:auto' font-family='system-ui, sans-serif' fill='#111'>"
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
            f"<defs><pattern id='{pid}' patternUnits='userSpaceOnUse' width='6' height='6' "
            f"patternTransform='rotate(45)'><rect width='6' height='6' fill='#fff'/>"
            f"<line x1='0' y1='0' x2='0' y2='6' stroke='#1d4f91' stroke-width='2.5'/></pattern></defs>"
            f"<text x='{pad}' y='{pad + 12}' font-size='14' font-weight='bold'>{escape(title)}</text>"
            f"{legend}{''.join(rows)}</svg>")


def _val(v: float | None) -> str:
    return "not rated" if v is None else f"{v:g}"


def _change(p: PairedBar) -> str:
    if p.before is None or p.after is None:
        return ""
    d = p.after - p.before
    return " (no change)" if d == 0 else f" ({'up' if d > 0 else 'down'} {abs(d):g})"


def _wrapped(text: str, x: float, max_chars: int = 24) -> str:
    """*text* as up to two centred lines of SVG tspans (a long item label would run off the left edge)."""
    words, lines = text.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > max_chars and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) == 1:
        return escape(text)
    return "".join(f"<tspan x='{x}' dy='{'-0.5em' if i == 0 else '1.1em'}'>{escape(line)}</tspan>"
                   for i, line in enumerate(lines))
