"""Dates, times and numbers as a French reader expects them, with Babel.

« mardi 18 mars 2025 », « 1er avril 2025 », « 14 h 15 », « 1 250 », « 58 % ».
Every space inside a date, a time or a number is non-breaking, so that a line
never ends between 58 and %, or between 14 and h. Shared by the documents
(render) and the reports (attendance_report); it imports nothing but Babel.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"
_NARROW_NBSP = "\u202f"


def _nbsp(text: str) -> str:
    # Babel separates thousands with a narrow no-break space, which some
    # office fonts lack: use the ordinary no-break space everywhere.
    return text.replace(_NARROW_NBSP, NBSP)


@dataclass(frozen=True)
class French:
    """The filters of the templates, for one locale (fr_FR by default)."""

    locale: str = "fr_FR"

    def _pattern(self, day: dt.date, with_weekday: bool) -> str:
        # Babel's patterns give "1 mars"; French writes "1er mars".
        first = day.day == 1 and self.locale.startswith("fr")
        day_part = "d'er'" if first else "d"
        return ("EEEE " if with_weekday else "") + f"{day_part} MMMM y"

    def date_long(self, day: dt.date) -> str:
        """mardi 18 mars 2025 ; samedi 1er mars 2025"""
        return _nbsp(format_date(day, self._pattern(day, True), locale=self.locale))

    def date(self, day: dt.date) -> str:
        """18 mars 2025 ; 1er mars 2025"""
        return _nbsp(format_date(day, self._pattern(day, False), locale=self.locale))

    def date_numeric(self, day: dt.date) -> str:
        """18/03/2025"""
        return format_date(day, "dd/MM/y", locale=self.locale)

    def time(self, moment: dt.time) -> str:
        """14 h ; 17 h 15 ; 9 h 05"""
        if moment.minute == 0:
            return f"{moment.hour}{NBSP}h"
        return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"

    def number(self, value: float) -> str:
        """1 250 ; 2,5"""
        return _nbsp(format_decimal(value, "#,##0.##", locale=self.locale))

    def percent(self, value: float, total: float | None = None) -> str:
        """A share in percent: `58 | percent` or `attended | percent(expected)` → 58 %."""
        if total is not None:
            value = 0 if not total else value * 100 / total
        # Half up, as people round (Python's round() would give 68 for 68.5).
        return _nbsp(format_decimal(math.floor(value + 0.5), "#,##0", locale=self.locale)) + NBSP + "%"

    def hours(self, value: float) -> str:
        """1 heure ; 1,5 heure ; 3 heures"""
        return f"{self.number(value)}{NBSP}heure{'s' if value >= 2 else ''}"
