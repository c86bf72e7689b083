"""Small static SVG charts: they show in widgets, in HTML exports and in printed reports alike.

Every value is written as a number beside its bar, so nothing depends on colour.
"""
from __future__ import annotations

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
        x = lambda v: label_w + pad + (v - low) / span * plot_w  # noqa: E731
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
            f"viewBox='0 0 {width} {height}' font-family='system-ui, sans-serif' fill='#111'>"
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
            f"<text x='{pad}' y='{pad + 12}' font-size='14' font-weight='bold'>{escape(title)}</text>"
            f"{''.join(rows)}</svg>")


def _num(v: float) -> str:
    return f"{v:+g}" if v else "0"
