"""Validate parsed documents against the models; Pydantic errors -> French diagnostics.

Pydantic reports an error as a type, a location (a key path) and an English
message. Here each becomes a diagnostic with a stable code, the line and
column the key path points to, and a message and hint a physician can act on:
the allowed keys or values are read from the model itself, so a typo gets a
"did you mean" and an unknown value the list of the possible ones.
"""

from __future__ import annotations

import difflib
import enum
import re
import types
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from collegekit.diagnostics import Diagnostic
from collegekit.models.common import Issue, LabelledEnum

if TYPE_CHECKING:
    from collegekit.sourcemap import YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)

# Error types raised by collegekit's own validators carry their code and French
# message already.
OWN_CODES = frozenset(
    {
        "invalid-date",
        "invalid-time",
        "invalid-id",
        "invalid-departement",
        "invalid-site",
        "invalid-territory",
        "incomplete-speaker",
        "incomplete-material",
        "invalid-value",
    }
)

_WRONG_TYPE_EXPECTED = {
    "int_parsing": "un nombre entier",
    "int_type": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_parsing": "un nombre",
    "float_type": "un nombre",
    "finite_number": "un nombre",
    "bool_parsing": "true ou false",
    "bool_type": "true ou false",
    "string_type": "un texte",
    "list_type": "une liste",
    "tuple_type": "une liste",
    "dict_type": "des clés (« clé: valeur »)",
    "model_type": "des clés (« clé: valeur »)",
    "model_attributes_type": "des clés (« clé: valeur »)",
}

_RANGE = {
    "greater_than_equal": ("ge", "au moins {limit}"),
    "greater_than": ("gt", "plus de {limit}"),
    "less_than_equal": ("le", "au plus {limit}"),
    "less_than": ("lt", "moins de {limit}"),
}


def validate(model: type[ModelT], document: YamlDocument) -> tuple[ModelT | None, list[Diagnostic]]:
    try:
        record = model.model_validate(document.data)
    except ValidationError as error:
        details = _without_consequences(model, error.errors(include_url=False))
        return None, [_diagnostic(model, document, detail) for detail in details]
    return record, []


def _without_consequences(model: type[BaseModel], details: list[Any]) -> list[Any]:
    """Drop the errors that only repeat another one.

    A list whose only item is invalid is also reported "too short"; a
    misspelt key is also reported as the missing key it was meant to be.
    """
    paths = [tuple(d["loc"]) for d in details]
    meant: set[tuple[str | int, ...]] = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = _document_path(tuple(detail["loc"]))
            close = difflib.get_close_matches(str(loc[-1]), _allowed_keys(model, loc[:-1]), n=1, cutoff=0.6)
            if close:
                meant.add((*loc[:-1], close[0]))
    kept = []
    for detail, path in zip(details, paths, strict=True):
        if detail["type"] == "too_short" and any(len(other) > len(path) and other[: len(path)] == path for other in paths):
            continue
        if detail["type"] == "missing" and _document_path(path) in meant:
            continue
        kept.append(detail)
    return kept


def issue_diagnostics(document: YamlDocument, issues: Sequence[Issue]) -> list[Diagnostic]:
    return [
        Diagnostic.error(issue.code, document.location(issue.path), issue.message, issue.hint) for issue in issues
    ]


def describe_value(value: Any) -> str:
    """How a person would name what they wrote."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"« {'true' if value else 'false'} »"
    if isinstance(value, int | float | str):
        return f"« {value} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "des clés"
    return "une valeur"


def _diagnostic(model: type[BaseModel], document: YamlDocument, detail: dict[str, Any]) -> Diagnostic:
    kind: str = detail["type"]
    loc: tuple[str | int, ...] = tuple(detail["loc"])
    key_path = _document_path(loc)
    field = _field_name(key_path)
    value = detail.get("input")

    if kind in OWN_CODES:
        # A validator may know better than the code's usual hint (a date in the right form that the calendar lacks).
        hint = (detail.get("ctx") or {}).get("hint") or _own_hint(kind)
        return Diagnostic.error(kind, document.location(key_path), detail["msg"], hint)

    if kind == "missing":
        parent = key_path[:-1]
        return Diagnostic.error(
            "missing-key",
            document.location(parent, at_key=True),
            f"la clé obligatoire « {field} » manque",
            f"Ajoutez « {field}: … » à cet endroit.",
        )

    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, key_path[:-1])
        return Diagnostic.error(
            "unknown-key",
            document.location(key_path, at_key=True),
            f"clé inconnue « {field} »" + _invisible_characters(str(field)),
            _suggest(str(field), allowed, "Clés possibles"),
        )

    if kind in ("enum", "literal_error"):
        return Diagnostic.error(
            "invalid-value",
            document.location(key_path),
            f"{describe_value(value)} n'est pas une valeur possible pour « {field} »",
            _suggest_value(str(value), _type_at(model, key_path)),
        )

    if kind in _WRONG_TYPE_EXPECTED:
        return Diagnostic.error(
            "wrong-type",
            document.location(key_path),
            f"« {field} » attend {_WRONG_TYPE_EXPECTED[kind]}, pas {describe_value(value)}",
            None,
        )

    if kind in _RANGE:
        context_key, template = _RANGE[kind]
        limit = (detail.get("ctx") or {}).get(context_key)
        limit = f"{limit:g}" if isinstance(limit, int | float) else limit
        return Diagnostic.error(
            "out-of-range",
            document.location(key_path),
            f"« {field} » doit valoir {template.format(limit=limit)}, pas {describe_value(value)}",
        )

    if kind in ("too_short", "string_too_short"):
        minimum = (detail.get("ctx") or {}).get("min_length", 1)
        what = "ne doit pas être vide" if minimum <= 1 else f"doit contenir au moins {minimum} éléments"
        return Diagnostic.error("empty-value", document.location(key_path), f"« {field} » {what}")

    if kind == "string_pattern_mismatch":
        return Diagnostic.error(
            "invalid-id",
            document.location(key_path),
            f"{describe_value(value)} n'est pas un identifiant valide",
            _own_hint("invalid-id"),
        )

    return Diagnostic.error(
        "invalid-value",
        document.location(key_path),
        f"valeur invalide pour « {field} » : {describe_value(value)}",
        "Comparez avec l'exemple du README.",
    )


def _own_hint(code: str) -> str | None:
    return {
        "invalid-date": "Écrivez la date sous la forme AAAA-MM-JJ, par exemple 2024-03-12.",
        "invalid-time": "Écrivez l'heure entre guillemets sous la forme HH:MM, par exemple \"14:00\".",
        "invalid-id": "Un identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets.",
        "invalid-departement": "Utilisez un code déclaré dans college.yaml, entre guillemets : \"04\".",
        "invalid-site": "Écrivez head-office pour le siège, ou le code du département entre guillemets : \"13\".",
        "invalid-territory": "Écrivez region, ou la liste des départements concernés : [\"13\", \"84\"].",
    }.get(code)


_PYDANTIC_STEP = re.compile(r"^[a-z][a-z-]*\[.*\]$")


def _document_path(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    # Pydantic may add steps of its own (validator and union names such as
    # "function-after[...]"); they are not keys of the document.
    return tuple(part for part in loc if isinstance(part, int) or not _PYDANTIC_STEP.match(part))


def _field_name(key_path: tuple[str | int, ...]) -> str:
    for part in reversed(key_path):
        if isinstance(part, str):
            return part
    return "la racine"


def _suggest(given: str, choices: Sequence[str], label: str) -> str | None:
    if not choices:
        return None
    close = difflib.get_close_matches(given, list(choices), n=1, cutoff=0.6)
    listing = f"{label} : {', '.join(choices)}."
    if close:
        return f"Vouliez-vous dire « {close[0]} » ? {listing}"
    return listing


def _suggest_value(given: str, annotation: Any) -> str | None:
    if isinstance(annotation, type) and issubclass(annotation, LabelledEnum):
        # People often write the French word: match the labels as well.
        listing = "Valeurs possibles : " + ", ".join(f"{m.value} ({m.label})" for m in annotation) + "."
        spellings = {m.value: m for m in annotation} | {m.label: m for m in annotation}
        close = difflib.get_close_matches(given.lower(), list(spellings), n=1, cutoff=0.6)
        if close:
            member = spellings[close[0]]
            return f"Vouliez-vous dire « {member.value} » ({member.label}) ? {listing}"
        return listing
    return _suggest(given, _allowed_values(annotation), "Valeurs possibles")


def _allowed_keys(model: type[BaseModel], key_path: tuple[str | int, ...]) -> list[str]:
    target = _type_at(model, key_path)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _allowed_values(target: Any) -> list[str]:
    if isinstance(target, type) and issubclass(target, enum.Enum):
        return [str(member.value) for member in target]
    if typing.get_origin(target) is typing.Literal:
        return [str(arg) for arg in typing.get_args(target)]
    return []


def _type_at(model: type[BaseModel], key_path: tuple[str | int, ...]) -> Any:
    """The annotation that governs the value at `key_path` inside `model`."""
    current: Any = model
    for part in key_path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin in (tuple, list) and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


# Characters a key can hold without anyone seeing them (pasted from a word
# processor): the message names them, or « first_name » would look right.
_INVISIBLE = {
    "\u00a0": "une espace insécable",
    "\u202f": "une espace fine insécable",
    "\u200b": "une espace de largeur nulle",
    "\ufeff": "un caractère invisible (U+FEFF)",
    "\t": "une tabulation",
}


def _invisible_characters(text: str) -> str:
    found = [name for character, name in _INVISIBLE.items() if character in text]
    if not found:
        return ""
    return " : elle contient " + " et ".join(found) + ", invisible à l'écran ; retapez-la"
