"""French numbers, dates and durations, through Babel.

"58 %" with a non-breaking space, a decimal comma, "1er mars 2025",
"mardi 18 mars 2025", "3 h 15", "+4 points".
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_decimal, format_percent

from collegekit.french import NBSP, French

LOCALE = "fr_FR"
MISSING = "—"


def whole_percent(rate: float) -> int:
    """A rate as a whole percentage, halves rounded up (58,5 % -> 59 %)."""
    return int(Decimal(str(round(rate * 100, 9))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(rate: float | None, locale: str = LOCALE) -> str:
    if rate is None:
        return MISSING
    return _percent(whole_percent(rate), locale)


@lru_cache(maxsize=512)
def _percent(whole: int, locale: str) -> str:
    return format_percent(Decimal(whole) / 100, locale=locale)


def points(change: float | None, locale: str = LOCALE) -> str:
    """A change of rate in percentage points: "+4 pts", "−3 pts", "0 pt"."""
    if change is None:
        return MISSING
    rounded = int(Decimal(str(round(change, 9))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    unit = "pts" if abs(rounded) > 1 else "pt"
    return f"{sign}{format_decimal(abs(rounded), locale=locale)}{NBSP}{unit}"


@lru_cache(maxsize=4096)
def number(value: int | float, locale: str = LOCALE) -> str:
    return format_decimal(value, locale=locale)


def date(day: dt.date, weekday: bool = False, locale: str = LOCALE) -> str:
    """ "18 mars 2025", "1er mars 2025"; with the weekday, "mardi 18 mars 2025"."""
    french = French(locale)
    return french.date_long(day) if weekday else french.date(day)


def short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def duration(minutes: int) -> str:
    """ "3 h 15", "3 h", "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 séance", "3 séances" (French: 0 and 1 take the singular)."""
    word = singular if count < 2 else plural_form or singular + "s"
    return f"{number(count)} {word}"
