"""The report's bar charts as inline SVG: a few rectangles and labels, no plotting library.

matplotlib drew the six charts as PNG images: 0.6 s to import, 27 MB of memory and about
40 ms a chart in every run that writes the report. A bar chart needs none of it. Every label
and value comes from the data, so each is escaped text (or a quoted attribute), never markup;
the SVG is part of the page, so the page's policy needs no image source for it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from decimal import Decimal

WIDTH, HEIGHT = 700, 320
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 12, 16, 44
VALUE_AXIS = 64  # room left of a vertical chart for its value labels and axis title
CHAR = 6.5  # width of a label's character at the charts' 11 px font, near enough
MAX_LABELS = 260  # the most a horizontal chart gives its category labels
COLOUR = "#1f77b4"

Number = int | float | Decimal


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    axis: str,
    *,
    horizontal: bool = False,
) -> str:
    """One bar per label, as long as its value; `axis` names the values. Bars of a
    horizontal chart run top to bottom in the given order."""
    scale = ticks(max((float(v) for v in values), default=0.0))
    top = scale[-1] or 1.0
    if horizontal:
        body = _horizontal(labels, [float(v) for v in values], scale, top, axis)
    else:
        body = _vertical(labels, [float(v) for v in values], scale, top, axis)
    return (
        f"<svg class='chart' role='img' aria-label='{_text(title)}' viewBox='0 0 {WIDTH} {HEIGHT}'"
        f" width='{WIDTH}' height='{HEIGHT}' xmlns='http://www.w3.org/2000/svg'>"
        f"<title>{_text(title)}</title>{body}</svg>"
    )


def ticks(top: float, count: int = 5) -> list[float]:
    """Round axis values from 0 to the first at or past `top`: about `count` steps of 1, 2
    or 5 times a power of ten."""
    if top <= 0:
        return [0.0]
    rough = top / count
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _vertical(
    labels: Sequence[str], values: list[float], scale: list[float], top: float, axis: str
) -> str:
    left, bottom = VALUE_AXIS, HEIGHT - MARGIN_BOTTOM
    height, slot = bottom - MARGIN_TOP, (WIDTH - MARGIN_RIGHT - left) / max(len(values), 1)
    parts = []
    for tick in scale:
        y = bottom - height * tick / top
        parts.append(_grid(left, y, WIDTH - MARGIN_RIGHT, y))
        parts.append(_label(left - 6, y + 4, _number(tick), "end"))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = height * value / top
        x = left + slot * index + slot * 0.1
        parts.append(_bar(x, bottom - bar, slot * 0.8, bar, label, value))
        parts.append(_label(x + slot * 0.4, bottom + 16, _fit(label, slot), "middle"))
    middle = MARGIN_TOP + height / 2
    parts.append(
        f"<text x='14' y='{middle:.1f}' text-anchor='middle'"
        f" transform='rotate(-90 14 {middle:.1f})'>{_text(axis)}</text>"
    )
    return "".join(parts)


def _horizontal(
    labels: Sequence[str], values: list[float], scale: list[float], top: float, axis: str
) -> str:
    widest = max((len(label) for label in labels), default=0)
    left = min(MAX_LABELS, max(VALUE_AXIS, 12 + CHAR * widest))
    bottom = HEIGHT - MARGIN_BOTTOM
    width, slot = WIDTH - MARGIN_RIGHT - left, (bottom - MARGIN_TOP) / max(len(values), 1)
    parts = []
    for tick in scale:
        x = left + width * tick / top
        parts.append(_grid(x, MARGIN_TOP, x, bottom))
        parts.append(_label(x, bottom + 16, _number(tick), "middle"))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = MARGIN_TOP + slot * index + slot * 0.1
        parts.append(_bar(left, y, width * value / top, slot * 0.8, label, value))
        parts.append(_label(left - 6, y + slot * 0.4 + 4, _fit(label, left - 12), "end"))
    parts.append(_label(left + width / 2, HEIGHT - 8, axis, "middle"))
    return "".join(parts)


def _bar(x: float, y: float, width: float, height: float, label: str, value: float) -> str:
    return (
        f"<rect x='{x:.1f}' y='{y:.1f}' width='{width:.1f}' height='{height:.1f}'"
        f" fill='{COLOUR}'><title>{_text(label)}: {_number(value)}</title></rect>"
    )


def _grid(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='#ddd'/>"


def _label(x: float, y: float, text: str, anchor: str) -> str:
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}'>{_text(text)}</text>"


def _fit(label: str, room: float) -> str:
    """The label, cut with an ellipsis where it would not fit in `room` pixels (the bar's
    title keeps it whole)."""
    most = max(1, int(room / CHAR))
    return label if len(label) <= most else label[: most - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _text(value: str) -> str:
    return html.escape(value)
