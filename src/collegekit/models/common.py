"""Building blocks shared by every record model.

Field names are the YAML keys (English); titles and descriptions are French,
because editors show them to the bureau when hovering a key of the JSON Schema.
Scalars that people type by hand (dates, times, département codes, ids) are
checked by the small validators here, each raising an error whose type is a
collegekit diagnostic code and whose message is already French.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from collegekit.models.labels import LabelledEnum as LabelledEnum  # re-exported: the models import it from here

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The years a college's records and commands may name. Anything outside is a
# typing mistake, and keeps date arithmetic (the day after, a year later)
# inside Python's calendar, which ends in 9999. YEAR_PATTERN says the same
# for file names.
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEAR_PATTERN = r"(?:19|2[0-9])[0-9]{2}"
_CLOCK_TIME = re.compile(r"^(\d{1,2})[:h](\d{2})$")
DEPARTEMENT_CODE = re.compile(r"^(?:\d{2,3}|2A|2B)$")


class Record(BaseModel):
    """Base of every record model: unknown keys refused, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic gives every instance its own set of the fields it was given:
        # on a large college, hundreds of thousands of sets of a few hundred
        # bytes each, a third of the loaded records' memory. Records are
        # frozen, so instances given the same fields can share one frozenset.
        given = frozenset(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", _SHARED_FIELD_SETS.setdefault(given, given))

    # A copy may be given more fields (`model_copy(update=...)`): it gets a set of its own.
    def __copy__(self) -> Self:
        copied = super().__copy__()
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        return copied


_SHARED_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem a record finds in itself once its fields are valid.

    `path` is the key path inside the file (as in a Pydantic error's loc), so
    the loader can point at the exact line.
    """

    path: tuple[str | int, ...]
    code: str
    message: str
    hint: str | None = None


def _check_slug(value: Any) -> Any:
    if isinstance(value, str) and not _SLUG.match(value):
        raise PydanticCustomError(
            "invalid-id",
            "« {value} » n'est pas un identifiant valide",
            {"value": value},
        )
    return value


def _check_iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "invalid-date",
                "la date « {value} » n'existe pas dans le calendrier",
                {"value": value, "hint": "Vérifiez le jour et le mois : février a 28 jours (29 les années "
                 "bissextiles) ; avril, juin, septembre et novembre en ont 30."},
            ) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise PydanticCustomError(
                "invalid-date",
                "la date « {value} » est hors des années {first} à {last}",
                {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR, "hint": "Vérifiez l'année."},
            )
        return day
    raise PydanticCustomError(
        "invalid-date",
        "« {value} » n'est pas une date au format AAAA-MM-JJ",
        {"value": value},
    )


def _check_clock_time(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value
    match = _CLOCK_TIME.match(value) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return dt.time(hours, minutes)
    raise PydanticCustomError(
        "invalid-time",
        "« {value} » n'est pas une heure au format HH:MM",
        {"value": value},
    )


def check_departement_code(value: Any) -> Any:
    # YAML 1.2 reads an unquoted 13 as a number and 04 as the number 4:
    # both are meant as département codes, so give them back their two digits.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1000:
        value = f"{value:02d}"
    if isinstance(value, str) and DEPARTEMENT_CODE.match(value):
        return value
    raise PydanticCustomError(
        "invalid-departement",
        "« {value} » n'est pas un code de département (par exemple 04, 13 ou 2A)",
        {"value": value},
    )


Slug = Annotated[
    str,
    BeforeValidator(_check_slug),
    Field(
        pattern=SLUG_PATTERN,
        description="Identifiant : lettres minuscules sans accent, chiffres et tirets.",
    ),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_check_iso_date),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
ClockTime = Annotated[
    dt.time,
    BeforeValidator(_check_clock_time),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    Field(json_schema_extra={"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]
DepartementCode = Annotated[
    str,
    BeforeValidator(check_departement_code),
    Field(description="Code du département, par exemple 04, 13 ou 2A."),
]
Percent = Annotated[float, Field(ge=0, le=100)]
Text = Annotated[str, Field(min_length=1)]


def texts_with_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string inside dumped model data, with its key path in the file, in document order."""
    if isinstance(value, str):
        return [(path, value)]
    found: list[tuple[tuple[str | int, ...], str]] = []
    _collect_texts(value, path, found)
    return found


def _collect_texts(value: Any, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], str]]) -> None:
    # Recursing only into containers, and into a list rather than through
    # nested generators, halves the walk over the hundreds of thousands of
    # texts of a large college (most of the personal-data check's time).
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list | tuple) else ()
    for key, child in children:
        if isinstance(child, str):
            found.append(((*path, key), child))
        elif isinstance(child, dict | list | tuple):
            _collect_texts(child, (*path, key), found)
