"""Charts of the site as SVG written from the numbers: horizontal bars, one
per row, each labelled with its name and its value in text (the value is
never told by the bar's length or colour alone).

An SVG is an image with a text alternative (`role="img"`, a `<title>` and a
`<desc>` listing every value); the page puts the data table beside it. The
output depends on the numbers only: no date, no random id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

_WIDTH = 640
_LABEL = 230  # room for the row's name
_VALUE = 70  # room for the value after the bar
_ROW = 28
_BAR = 18
_TOP = 8
_BAR_COLOUR = "#1f4e79"  # 8.8:1 against white
_TRACK_COLOUR = "#e7edf3"
_TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # between 0 and 1; None: nothing to show
    shown: str  # the value as the reader reads it: « 58 % », « — »


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> Markup:
    """An accessible horizontal bar chart of shares (0 to 100 %)."""
    height = _TOP * 2 + _ROW * len(bars)
    room = _WIDTH - _LABEL - _VALUE
    description = " ; ".join(f"{bar.label} : {bar.shown}" for bar in bars) + "."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = _TOP + index * _ROW
        middle = y + _ROW / 2
        share = min(max(bar.share or 0.0, 0.0), 1.0)
        length = round(room * share, 1)
        parts.append(
            f'<text x="{_LABEL - 8}" y="{middle:g}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="13" fill="{_TEXT_COLOUR}">{escape(_shortened(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{_LABEL}" y="{y + (_ROW - _BAR) / 2:g}" width="{room}" height="{_BAR}" fill="{_TRACK_COLOUR}"/>'
        )
        if length:
            parts.append(
                f'<rect x="{_LABEL}" y="{y + (_ROW - _BAR) / 2:g}" width="{length:g}" height="{_BAR}" '
                f'fill="{_BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{_LABEL + room + 6}" y="{middle:g}" dominant-baseline="middle" font-size="13" '
            f'fill="{_TEXT_COLOUR}">{escape(bar.shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _shortened(label: str, length: int = 32) -> str:
    # The full label is in the description and the table beside the chart.
    return label if len(label) <= length else label[: length - 1] + "…"
