"""Accessible SVG charts from plain data, without Django: horizontal bars and lines.

Every text is escaped here, so the caller may mark the result safe. The SVG is one image with a
title and a description (role="img", aria-labelledby); the numbers themselves are in the data
table the page shows beside it. Colour is never the only cue: each series has its own pattern
(bars) or line style and marker shape (lines), a legend names the series, and values are
written out as text.
"""

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

BAR = "stapel"
LINE = "linje"

# Dark colours, each at least 3:1 against white (WCAG 1.4.11; tested in tests/figures).
COLOURS = ("#0b4f8a", "#8a4b00", "#00594f", "#7a1f00")
TEXT = "#1b1b1b"
AXIS = "#4a4a4a"
GRID = "#c9ced4"  # decorative: every value is also written out
DASHES = ("", "8 4", "3 3", "10 3 3 3")
MARKERS = ("circle", "square", "triangle", "diamond")

WIDTH = 520
PAD = 8
FONT = 14
LINE_HEIGHT = 17
LEGEND_ROW = 24

# Horizontal bars
LABEL_WIDTH = 170
LABEL_CHARS = 22
VALUE_WIDTH = 60
BAR_HEIGHT = 18
BAR_GAP = 3
ROW_GAP = 14

# Lines
PLOT_HEIGHT = 240
Y_LABEL_WIDTH = 64
MAX_X_LABELS = 12

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNSAFE_ID = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class ChartSpec:
    """What to draw: one value per label and series, and how each value is written."""

    uid: str
    title: str
    description: str
    kind: str
    labels: Sequence[str]
    series: Sequence[str]
    values: Sequence[Sequence[Decimal]]
    axis_label: str = ""
    format_value: Callable[[Decimal], str] = str


def escape(text) -> str:
    """Text safe inside SVG/XML elements and attributes; characters XML forbids are dropped."""
    return html.escape(CONTROL_CHARACTERS.sub("", str(text)), quote=True)


def safe_id(uid: str) -> str:
    """An id prefix of a–z, 0–9 and '-', starting with a letter."""
    cleaned = UNSAFE_ID.sub("-", str(uid).lower()).strip("-")
    return f"fig-{cleaned or 'chart'}"


def wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Words in lines of at most `width` characters; a longer rest ends in '…'."""
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            chunk = word[: width - 1]
            lines.append(chunk if chunk.endswith("-") else chunk + "-")
            word = word[width - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return lines or [""]


def nice_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """The axis end and step: round numbers (1, 2, 2.5 or 5 × 10ⁿ) that cover `maximum`."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for multiple in (1, 2, 2.5, 5):
        if multiple * magnitude >= raw:
            step = multiple * magnitude
            break
    return math.ceil(maximum / step - 1e-9) * step, step


def _ticks(top: float, step: float) -> list[Decimal]:
    count = round(top / step)
    return [Decimal(repr(round(i * step, 10))).normalize() for i in range(count + 1)]


def _n(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_svg(spec: ChartSpec) -> str:
    """The chart as an SVG string, every text escaped."""
    if spec.kind == LINE:
        return _line_chart(spec)
    return _bar_chart(spec)


# Shared parts --------------------------------------------------------------------------------


def _open(spec: ChartSpec, uid: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" focusable="false" '
        f'font-size="{FONT}" fill="{TEXT}">',
        f'<title id="{uid}-title">{escape(spec.title)}</title>',
        f'<desc id="{uid}-desc">{escape(spec.description)}</desc>',
    ]


def _patterns(uid: str, count: int) -> list[str]:
    """Fills for bar series 2–4: hatching, dots and cross-hatching in the series colour."""
    shapes = (
        '<rect width="3" height="8" fill="{c}"/>',
        '<circle cx="4" cy="4" r="2" fill="{c}"/>',
        '<path d="M0 4H8M4 0V8" stroke="{c}" stroke-width="2"/>',
    )
    parts = ["<defs>"]
    for index in range(1, count):
        colour = COLOURS[index % len(COLOURS)]
        rotate = ' patternTransform="rotate(45)"' if index != 2 else ""
        parts.append(
            f'<pattern id="{uid}-fill-{index}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse"{rotate}>'
            f'<rect width="8" height="8" fill="#ffffff"/>'
            f"{shapes[(index - 1) % len(shapes)].format(c=colour)}</pattern>"
        )
    parts.append("</defs>")
    return parts


def _fill(uid: str, index: int) -> str:
    return COLOURS[0] if index == 0 else f"url(#{uid}-fill-{index})"


def _marker(index: int, x: float, y: float) -> str:
    colour = COLOURS[index % len(COLOURS)]
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_n(x - 5)}" y="{_n(y - 5)}" width="10" height="10" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{_n(x)},{_n(y - 6)} {_n(x + 6)},{_n(y + 5)} {_n(x - 6)},{_n(y + 5)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{_n(x)},{_n(y - 6)} {_n(x + 6)},{_n(y)} {_n(x)},{_n(y + 6)} {_n(x - 6)},{_n(y)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _legend(spec: ChartSpec, uid: str, y: float) -> tuple[list[str], float]:
    """One row per series (only when there are several): its pattern or line, and its name."""
    if len(spec.series) < 2:
        return [], y
    parts = ['<g class="chart__legend">']
    for index, name in enumerate(spec.series):
        top = y + index * LEGEND_ROW
        if spec.kind == LINE:
            colour = COLOURS[index % len(COLOURS)]
            dash = f' stroke-dasharray="{DASHES[index % len(DASHES)]}"' if index else ""
            parts.append(
                f'<line x1="{PAD}" y1="{_n(top + 8)}" x2="{PAD + 32}" y2="{_n(top + 8)}" '
                f'stroke="{colour}" stroke-width="3"{dash}/>'
            )
            parts.append(_marker(index, PAD + 16, top + 8))
        else:
            parts.append(
                f'<rect x="{PAD}" y="{_n(top)}" width="32" height="16" '
                f'fill="{_fill(uid, index)}" stroke="{COLOURS[index % len(COLOURS)]}" '
                f'stroke-width="1.5"/>'
            )
        parts.append(f'<text x="{PAD + 42}" y="{_n(top + 13)}">{escape(name)}</text>')
    parts.append("</g>")
    return parts, y + len(spec.series) * LEGEND_ROW + PAD


# Horizontal bars -----------------------------------------------------------------------------


def _bar_chart(spec: ChartSpec) -> str:
    uid = safe_id(spec.uid)
    series_count = max(len(spec.series), 1)
    legend, y = _legend(spec, uid, PAD)
    top_value, step = nice_scale(float(max((v for row in spec.values for v in row), default=0)))
    plot_x = LABEL_WIDTH + PAD
    plot_width = WIDTH - plot_x - VALUE_WIDTH
    plot_top = y

    rows: list[str] = []
    bars_height = series_count * BAR_HEIGHT + (series_count - 1) * BAR_GAP
    for label, values in zip(spec.labels, spec.values, strict=True):
        lines = wrap(label, LABEL_CHARS)
        row_height = max(bars_height, len(lines) * LINE_HEIGHT)
        rows.append('<g class="chart__row">')
        first_baseline = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 4
        tspans = "".join(
            f'<tspan x="{LABEL_WIDTH}" y="{_n(first_baseline + i * LINE_HEIGHT)}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        rows.append(f'<text text-anchor="end">{tspans}</text>')
        bar_y = y + (row_height - bars_height) / 2
        for index, value in enumerate(values):
            width = float(value) / top_value * plot_width
            top = bar_y + index * (BAR_HEIGHT + BAR_GAP)
            rows.append(
                f'<rect class="chart__bar" x="{plot_x}" y="{_n(top)}" width="{_n(width)}" '
                f'height="{BAR_HEIGHT}" fill="{_fill(uid, index)}" '
                f'stroke="{COLOURS[index % len(COLOURS)]}" stroke-width="1.5"/>'
            )
            rows.append(
                f'<text class="chart__value" x="{_n(plot_x + width + 6)}" '
                f'y="{_n(top + BAR_HEIGHT - 4)}">{escape(spec.format_value(value))}</text>'
            )
        rows.append("</g>")
        y += row_height + ROW_GAP

    plot_bottom = y - ROW_GAP / 2
    grid = ['<g class="chart__axis">']
    for tick in _ticks(top_value, step):
        x = plot_x + float(tick) / top_value * plot_width
        grid.append(
            f'<line x1="{_n(x)}" y1="{_n(plot_top)}" x2="{_n(x)}" y2="{_n(plot_bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        grid.append(
            f'<text x="{_n(x)}" y="{_n(plot_bottom + 18)}" text-anchor="middle" '
            f'fill="{AXIS}">{escape(spec.format_value(tick))}</text>'
        )
    grid.append(
        f'<line x1="{plot_x}" y1="{_n(plot_top)}" x2="{plot_x}" y2="{_n(plot_bottom)}" '
        f'stroke="{AXIS}" stroke-width="1.5"/>'
    )
    height = plot_bottom + 26
    if spec.axis_label:
        grid.append(
            f'<text x="{_n(plot_x + plot_width / 2)}" y="{_n(plot_bottom + 42)}" '
            f'text-anchor="middle">{escape(spec.axis_label)}</text>'
        )
        height += 22
    grid.append("</g>")
    parts = [
        *_open(spec, uid, height + PAD),
        *_patterns(uid, series_count),
        *legend,
        *grid,
        *rows,
        "</svg>",
    ]
    return "".join(parts)


# Lines ---------------------------------------------------------------------------------------


def _line_chart(spec: ChartSpec) -> str:
    uid = safe_id(spec.uid)
    legend, y = _legend(spec, uid, PAD)
    top_value, step = nice_scale(float(max((v for row in spec.values for v in row), default=0)))
    plot_x = Y_LABEL_WIDTH + PAD
    plot_width = WIDTH - plot_x - PAD * 3
    plot_top = y + (18 if spec.axis_label else 0) + 16
    plot_bottom = plot_top + PLOT_HEIGHT
    count = max(len(spec.labels), 1)
    band = plot_width / count
    every = math.ceil(count / MAX_X_LABELS)
    show_values = count <= MAX_X_LABELS

    def x_of(index: int) -> float:
        return plot_x + (index + 0.5) * band

    def y_of(value) -> float:
        return plot_bottom - float(value) / top_value * PLOT_HEIGHT

    parts = ['<g class="chart__axis">']
    if spec.axis_label:
        parts.append(f'<text x="{PAD}" y="{_n(y + 12)}">{escape(spec.axis_label)}</text>')
    for tick in _ticks(top_value, step):
        tick_y = y_of(tick)
        parts.append(
            f'<line x1="{plot_x}" y1="{_n(tick_y)}" x2="{_n(plot_x + plot_width)}" '
            f'y2="{_n(tick_y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{plot_x - 8}" y="{_n(tick_y + 5)}" text-anchor="end" fill="{AXIS}">'
            f"{escape(spec.format_value(tick))}</text>"
        )
    parts.append(
        f'<line x1="{plot_x}" y1="{_n(plot_bottom)}" x2="{_n(plot_x + plot_width)}" '
        f'y2="{_n(plot_bottom)}" stroke="{AXIS}" stroke-width="1.5"/>'
    )
    label_chars = max(int(band * every / 8), 4)
    label_lines = 1
    for index, label in enumerate(spec.labels):
        if index % every:
            continue
        lines = wrap(label, label_chars, max_lines=2)
        label_lines = max(label_lines, len(lines))
        tspans = "".join(
            f'<tspan x="{_n(x_of(index))}" y="{_n(plot_bottom + 20 + i * LINE_HEIGHT)}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="middle">{tspans}</text>')
    parts.append("</g>")

    for index, _name in enumerate(spec.series):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(
            f"{_n(x_of(i))},{_n(y_of(row[index]))}" for i, row in enumerate(spec.values)
        )
        dash = f' stroke-dasharray="{DASHES[index % len(DASHES)]}"' if index else ""
        parts.append('<g class="chart__series">')
        parts.append(
            f'<polyline class="chart__line" points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        for i, row in enumerate(spec.values):
            parts.append(_marker(index, x_of(i), y_of(row[index])))
            if show_values:
                # Alternate series write their values below the point, so labels overlap less.
                offset = -11 if index % 2 == 0 else 22
                parts.append(
                    f'<text class="chart__value" x="{_n(x_of(i))}" '
                    f'y="{_n(y_of(row[index]) + offset)}" text-anchor="middle">'
                    f"{escape(spec.format_value(row[index]))}</text>"
                )
        parts.append("</g>")

    height = plot_bottom + 20 + label_lines * LINE_HEIGHT + PAD
    return "".join([*_open(spec, uid, height), *legend, *parts, "</svg>"])
