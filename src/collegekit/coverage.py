"""The organisation of medical functions as the fiches de poste describe it on a date.

A matrix: the medical functions of college.yaml (rows) by territory (the
region, then each département: columns), each cell holding the full-time
equivalents (ETP) that the fiches' activities give that function there, and
the people behind them. A cell held by one person only has no continuity
when that person is away; a cell held by nobody has no staff at all: both are
flagged. Totals per function and per territory, and the staff of each
function, answer the agency's long-standing questions.

How the shares of time become full-time equivalents:

- A fiche counts on the date when its member belongs to the college then
  (invited members excepted: they work elsewhere) and it was set on or before
  that date. A fiche is one full-time post: an activity's share of time
  (`share`, in %) is that many hundredths of an ETP.
- A regional activity counts in the « Région » column. A departmental or
  inter-departmental activity counts in the départements it names, its share
  split equally between them; without départements, in those of the fiche,
  else in the member's own département, else in the region.
- An activity without a function is counted in a last row, « Fonction non
  précisée », so that the totals add up to the fiches' shares; a function a
  fiche names but college.yaml does not declare gets its own row too (lint
  reports it). Neither is flagged.

Pure functions of the College and a date: no clock, no file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from collegekit import french
from collegekit.models.fiche import Activity, Fiche, Level
from collegekit.models.member import HEAD_OFFICE, Member, Role
from collegekit.models.plan import REGION
from collegekit.names import Names
from collegekit.records import College

UNSPECIFIED = ""  # the function id of activities that name none
UNSPECIFIED_LABEL = "Fonction non précisée"
NOBODY = "nobody"
SINGLE = "single"
FLAG_LABELS = {NOBODY: "personne", SINGLE: "une seule personne"}


@dataclass(frozen=True, slots=True)
class Share:
    """One activity of one fiche, in one cell."""

    member_id: str
    fte: float
    level: Level
    activity: str


@dataclass(frozen=True)
class Cell:
    function_id: str
    territory: str
    fte: float
    people: tuple[str, ...]  # member ids, sorted
    shares: tuple[Share, ...] = ()
    checked: bool = True  # False for the unspecified and undeclared rows: never flagged

    @property
    def flag(self) -> str | None:
        """« nobody » or « single » (one person: no continuity), or None."""
        if not self.checked:
            return None
        if not self.people:
            return NOBODY
        if len(self.people) == 1:
            return SINGLE
        return None


@dataclass(frozen=True)
class FunctionRow:
    function_id: str
    name: str
    cells: tuple[Cell, ...]  # one a territory, in the order of Coverage.territories
    fte: float
    people: tuple[str, ...]
    declared: bool = True


@dataclass(frozen=True)
class Coverage:
    day: dt.date
    territories: tuple[str, ...]  # "region", then département codes
    rows: tuple[FunctionRow, ...]
    territory_fte: tuple[float, ...]
    territory_people: tuple[tuple[str, ...], ...]
    fte: float
    people: tuple[str, ...]
    fiches: tuple[str, ...]  # the fiches counted (member ids)
    without_fiche: tuple[str, ...]  # members who need a fiche on that day and have none (set by then)

    def cell(self, function_id: str, territory: str) -> Cell:
        index = self.territories.index(territory)
        for row in self.rows:
            if row.function_id == function_id:
                return row.cells[index]
        raise KeyError(function_id)

    def row(self, function_id: str) -> FunctionRow:
        for row in self.rows:
            if row.function_id == function_id:
                return row
        raise KeyError(function_id)

    def flagged(self, flag: str) -> list[tuple[FunctionRow, Cell]]:
        """The cells with this flag, function by function, territory by territory."""
        return [(row, cell) for row in self.rows for cell in row.cells if cell.flag == flag]


def counted_fiches(college: College, day: dt.date) -> list[str]:
    """The fiches that describe the organisation on `day`: of a member of the
    college then (not invited), set on or before it."""
    roles = college.roles_on(day)
    return sorted(
        member_id
        for member_id, fiche in college.fiches.items()
        if roles.get(member_id) not in (None, Role.INVITED) and fiche.set_on <= day
    )


def missing_fiches(college: College, day: dt.date, counted: Iterable[str]) -> list[str]:
    """Members of the professions that have a fiche, in the college on `day`,
    whose fiche is not counted (none, or set later): the matrix lacks them."""
    professions = college.settings.rules.fiche_professions
    have = set(counted)
    return sorted(
        member_id
        for member_id, role in college.roles_on(day).items()
        if role is not Role.INVITED and college.members[member_id].profession in professions and member_id not in have
    )


def territories_of(level: Level, activity: Activity, fiche: Fiche, member: Member) -> tuple[str, ...]:
    """Where an activity's time goes: see the module's documentation."""
    if level is Level.REGIONAL:
        return (REGION,)
    codes = activity.departements or fiche.departements
    if not codes and member.site != HEAD_OFFICE:
        codes = (member.site,)
    return tuple(dict.fromkeys(codes)) or (REGION,)


def coverage(college: College, day: dt.date) -> Coverage:
    settings = college.settings
    declared = [function.id for function in settings.functions]
    names = {function.id: function.name for function in settings.functions}
    fiche_ids = counted_fiches(college, day)
    shares: dict[tuple[str, str], list[Share]] = defaultdict(list)
    seen_functions: set[str] = set()
    seen_codes: set[str] = set()
    for member_id in fiche_ids:
        fiche, member = college.fiches[member_id], college.members[member_id]
        for level, activities in fiche.activities.by_level():
            for activity in activities:
                places = territories_of(level, activity, fiche, member)
                function_id = activity.function or UNSPECIFIED
                seen_functions.add(function_id)
                seen_codes.update(places)
                for place in places:
                    shares[function_id, place].append(
                        Share(member_id, activity.share / 100 / len(places), level, activity.title)
                    )
    declared_codes = [d.code for d in settings.departements]
    territories = (REGION, *declared_codes, *sorted(seen_codes - set(declared_codes) - {REGION}))
    undeclared = sorted(seen_functions - set(declared) - {UNSPECIFIED})
    function_ids = [*declared, *undeclared] + ([UNSPECIFIED] if UNSPECIFIED in seen_functions else [])
    rows = []
    for function_id in function_ids:
        is_declared = function_id in names
        cells = []
        for place in territories:
            own = shares.get((function_id, place), [])
            cells.append(
                Cell(
                    function_id,
                    place,
                    sum(share.fte for share in own),
                    tuple(sorted({share.member_id for share in own})),
                    tuple(own),
                    checked=is_declared,
                )
            )
        label = names.get(function_id) or (UNSPECIFIED_LABEL if function_id == UNSPECIFIED else function_id)
        rows.append(
            FunctionRow(
                function_id,
                label,
                tuple(cells),
                sum(cell.fte for cell in cells),
                tuple(sorted({person for cell in cells for person in cell.people})),
                is_declared,
            )
        )
    territory_fte = tuple(sum(row.cells[index].fte for row in rows) for index in range(len(territories)))
    territory_people = tuple(
        tuple(sorted({person for row in rows for person in row.cells[index].people}))
        for index in range(len(territories))
    )
    return Coverage(
        day=day,
        territories=territories,
        rows=tuple(rows),
        territory_fte=territory_fte,
        territory_people=territory_people,
        fte=sum(territory_fte),
        people=tuple(sorted({person for row in rows for person in row.people})),
        fiches=tuple(fiche_ids),
        without_fiche=tuple(missing_fiches(college, day, fiche_ids)),
    )


# --- Words and numbers ----------------------------------------------------------


def territory_label(college: College, code: str) -> str:
    return "Région" if code == REGION else f"{code} {college.settings.departement_name(code)}"


def territory_heading(code: str) -> str:
    """The short column heading: « Région », « 04 »."""
    return "Région" if code == REGION else code


def fte_text(value: float) -> str:
    """0,5 ; 1,25 ; 0,13 for 0,125 (half up, as people round) ; 0 — two
    decimals at most, a French decimal comma."""
    return french.number(value)


# --- CSV and JSON ---------------------------------------------------------------

CSV_FIELDS = ("Fonction", "Code fonction", "Territoire", "Code territoire", "ETP", "Personnes", "Alerte", "Membres")


def csv_text(college: College, result: Coverage, names: Names | None = None) -> str:
    """One row a cell (function × territory), empty cells included; semicolons,
    decimal commas and a byte-order mark, as a French spreadsheet opens them."""
    import csv
    import io

    names = names or Names(college)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in result.rows:
        for cell in row.cells:
            writer.writerow(
                [
                    row.name,
                    row.function_id,
                    territory_label(college, cell.territory),
                    cell.territory,
                    fte_text(cell.fte),
                    len(cell.people),
                    FLAG_LABELS.get(cell.flag or "", ""),
                    ", ".join(names.name(person) for person in names.ordered(cell.people)),
                ]
            )
    return "\ufeff" + buffer.getvalue()


def report_data(college: College, result: Coverage, names: Names | None = None) -> dict[str, Any]:
    names = names or Names(college)

    def fte(value: float) -> float:
        return round(value, 4)

    def people(member_ids: Iterable[str]) -> list[str]:
        return [names.ref(member_id) for member_id in names.ordered(member_ids)]

    return {
        "college": college.settings.name,
        "date": result.day.isoformat(),
        "territories": [
            {"code": code, "label": territory_label(college, code), "fte": fte(total), "people": people(held_by)}
            for code, total, held_by in zip(
                result.territories, result.territory_fte, result.territory_people, strict=True
            )
        ],
        "functions": [
            {
                "id": row.function_id or None,
                "name": row.name,
                "declared": row.declared,
                "fte": fte(row.fte),
                "people": people(row.people),
                "cells": [
                    {
                        "territory": cell.territory,
                        "fte": fte(cell.fte),
                        "people": people(cell.people),
                        "flag": cell.flag,
                        "shares": [
                            {
                                "member": names.ref(share.member_id),
                                "fte": fte(share.fte),
                                "level": share.level.value,
                                # Free text, which may name someone (« après le départ du
                                # Dr … »): left out when names are hidden.
                                "activity": None if names.pseudonymize else share.activity,
                            }
                            for share in names.ordered(cell.shares, lambda share: share.member_id)
                        ],
                    }
                    for cell in row.cells
                ],
            }
            for row in result.rows
        ],
        "fte": fte(result.fte),
        "people": people(result.people),
        "fiches": people(result.fiches),
        "without_fiche": people(result.without_fiche),
        "pseudonymized": names.pseudonymize,
    }


@dataclass(frozen=True)
class Uncovered:
    row: FunctionRow
    territories: tuple[str, ...]


def uncovered(result: Coverage) -> list[Uncovered]:
    """For each function, the territories where nobody holds it."""
    found = []
    for row in result.rows:
        empty = tuple(cell.territory for cell in row.cells if cell.flag == NOBODY)
        if empty:
            found.append(Uncovered(row, empty))
    return found
