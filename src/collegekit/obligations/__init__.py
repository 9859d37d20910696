"""The college's obligations as a registry, like the checks: each obligation
a named function of an `ObligationContext`, declared with the record kinds it
reads and the lint checks about the same duty (`checks`). An obligation and
its checks read the same fact (facts.py, stats.py), so that `compliance` and
`lint` cannot disagree; tests/test_obligations.py holds them to it over random
colleges.

Adding an obligation: a function in obligations/duties.py (the state and
wording come from collegekit.compliance's Obligation and Item), listed in
`all_obligations`; compliance, its document and its JSON follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collegekit.compliance import Obligation, _Attendance
    from collegekit.names import Names
    from collegekit.records import College


@dataclass(frozen=True)
class ObligationContext:
    """What an obligation is judged on: the records, the year, the day, and
    how members are named (their codes with --pseudonymize)."""

    college: College
    year: int
    today: dt.date
    names: Names = field(repr=False)

    @cached_property
    def attendance(self) -> _Attendance:
        """The year's participation figures, counted once for every obligation that reads them."""
        from collegekit.compliance import _attendance

        return _attendance(self.college, self.year)


ObligationFunction = Callable[[ObligationContext], "Obligation"]


@dataclass(frozen=True)
class Duty:
    key: str
    reads: frozenset[str]  # record kinds: "college" and the folders of records.RECORD_KINDS
    checks: tuple[str, ...]  # lint's codes about the same duty, reading the same fact
    function: ObligationFunction = field(repr=False)


def obligation(key: str, *, reads: Iterable[str], checks: Iterable[str] = ()) -> Callable[[ObligationFunction], Duty]:
    """Declare an obligation: its key (as compliance's JSON names it), the
    record kinds it reads, and the lint checks about the same duty."""

    def register(function: ObligationFunction) -> Duty:
        return Duty(key, frozenset(reads), tuple(checks), function)

    return register


def all_obligations() -> tuple[Duty, ...]:
    """Every obligation, in the order of the report."""
    from collegekit.obligations import duties

    return duties.DUTIES
