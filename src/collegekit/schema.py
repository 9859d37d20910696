"""JSON Schemas of the records, for editors and other tools.

`json_schemas()` derives one schema per record kind from the Pydantic models
and rewrites it as draft-07, the dialect that most validators and VS Code's
YAML extension (yaml-language-server) understand:

- `$defs` becomes `definitions` and every `$ref` points at `#/definitions/...`;
- a `$ref` with sibling keywords (a field's French title, description or
  default) is wrapped as `{"allOf": [{"$ref": ...}], ...siblings}`, because
  draft-07 ignores whatever sits beside a `$ref`;
- titles and descriptions that Pydantic takes from class names and docstrings
  (English, written for developers) are dropped: the French ones of the fields
  remain, and each root schema gets a French title and description;
- each enumeration carries `enumDescriptions`, the French label of each value,
  which the YAML extension shows beside its completions;
- the shorthands the models accept (a point written as a plain sentence, a
  speaker as a member id, a support as a file name, `kind: decision` for
  `kind: [decision]`, `territory: region`) are described as alternatives, and
  the identifier and département code patterns that the models check in a
  validator are restored in the schema.

The schemas describe the documented format (README). Two tolerances of the
models are left out on purpose, so that editors nudge towards the documented
spelling: an unquoted département code (`site: 13`, read as a number) and a
time written `14h00` are accepted by `collegekit lint` but flagged by the schema.

Where the schemas live: `collegekit schema` writes them into `schemas/` at the
root of the college's repository, beside `records/`. `modeline()` gives the
first line that ties a record to its schema under that assumption.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from collegekit.files import write_atomically
from collegekit.models.college import CollegeSettings
from collegekit.models.common import DEPARTEMENT_CODE, SLUG_PATTERN, LabelledEnum
from collegekit.models.member import HEAD_OFFICE
from collegekit.models.plan import REGION
from collegekit.records import RECORD_KINDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"
"""The folder of the schemas, at the root of the college's repository."""

SCHEMA_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class _Kind:
    model: type[BaseModel]
    folder: str | None  # the folder under records/; None for records/college.yaml
    title: str  # French, like everything the bureau reads
    description: str


_KINDS: dict[str, _Kind] = {
    "college": _Kind(
        CollegeSettings,
        None,
        "Collège",
        "Le collège, son territoire et ses règles : le fichier records/college.yaml.",
    ),
    # Every other kind from the one table of record kinds.
    **{
        kind.name: _Kind(kind.schema_model or kind.model, kind.folder, kind.title, kind.description)
        for kind in RECORD_KINDS
    },
}

KINDS: tuple[str, ...] = tuple(_KINDS)
"""The record kinds, in the order of the README: college, member, meeting, fiche, plan."""


# --- The shorthands and checks that the models run before validation -------
#
# Pydantic describes a field by the type it produces, not by what a person may
# write. Each "before" validator of the models is listed here with what it
# accepts, keyed by its qualified name; a test fails if a model gains one that
# this table does not know.


def _with_pattern(pattern: str) -> Callable[[JsonSchemaValue], JsonSchemaValue]:
    def rewrite(json_schema: JsonSchemaValue) -> JsonSchemaValue:
        return {**json_schema, "type": "string", "pattern": pattern}

    return rewrite


def _keyword_or_departement(keyword: str) -> Callable[[JsonSchemaValue], JsonSchemaValue]:
    def rewrite(json_schema: JsonSchemaValue) -> JsonSchemaValue:
        return {
            **json_schema,
            "type": "string",
            "anyOf": [{"enum": [keyword]}, {"pattern": DEPARTEMENT_CODE.pattern}],
        }

    return rewrite


def _without_format(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    # A time is written HH:MM; draft-07's "time" format wants HH:MM:SS and a
    # time zone, so an editor checking formats would flag every meeting.
    return {key: value for key, value in json_schema.items() if key != "format"}


def _one_or_many(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    # `kind: decision` stands for `kind: [decision]`.
    return {"anyOf": [json_schema["items"], json_schema]}


def _sentence_or(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    return {
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "Un point d'information, écrit comme une phrase."},
            json_schema,
        ]
    }


def _number_or_text(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    # `value: 76` is written unquoted; it is printed as written.
    return {**json_schema, "type": ["string", "number"]}


def _unchanged(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    return json_schema


def _date_or(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    # `next_meeting: 2026-03-17` stands for `next_meeting: {date: 2026-03-17}`.
    return {"anyOf": [{"type": "string", "format": "date", "description": "La date, AAAA-MM-JJ."}, json_schema]}


def _legacy_key(key: str, title: str) -> Callable[[JsonSchemaValue], JsonSchemaValue]:
    # The old front-matter agenda's spellings (`round_table:` under a block,
    # `by:` in an entry), until `convert-meeting` has moved them into the body.
    def rewrite(json_schema: JsonSchemaValue) -> JsonSchemaValue:
        if "properties" not in json_schema:
            return json_schema
        return {**json_schema, "properties": {**json_schema["properties"], key: {"title": title}}}

    return rewrite


def _status_or(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    # `1: done` stands for `1: {status: done}`.
    status = {"enum": ["open", "in-progress", "done", "cancelled"], "description": "L'état de l'action."}
    return {"anyOf": [status, json_schema]}


_FIELD_INPUTS: dict[str, Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    "collegekit.models.common._check_slug": _with_pattern(SLUG_PATTERN),
    "collegekit.models.common._check_iso_date": _unchanged,
    "collegekit.models.college._check_locale": _unchanged,
    "collegekit.models.common._check_clock_time": _without_format,
    "collegekit.models.common.check_departement_code": _with_pattern(DEPARTEMENT_CODE.pattern),
    "collegekit.models.member._check_site": _keyword_or_departement(HEAD_OFFICE),
    "collegekit.models.plan._check_territory_code": _keyword_or_departement(REGION),
    "collegekit.models.plan._one_or_many": _one_or_many,
    "collegekit.models.plan._number_as_text": _number_or_text,
    "collegekit.models.meeting._one_or_many": _one_or_many,
    "collegekit.models.meeting._text_as_point": _sentence_or,
    "collegekit.models.meeting._date_shorthand": _date_or,
    "collegekit.models.meeting._status_shorthand": _status_or,
    # The old front-matter agenda's spellings, read by `convert-meeting` only.
    "collegekit.models.meeting._Block._legacy": _legacy_key("round_table", "Tour de table (ancienne forme)"),
    "collegekit.models.meeting.RoundTableEntry._legacy_by": _legacy_key("by", "Par (ancienne forme)"),
}

# Validators of a whole model: what a plain string in its place stands for.
_MODEL_INPUTS: dict[str, JsonSchemaValue] = {
    "collegekit.models.meeting.Speaker._member_shorthand": {
        "type": "string",
        "pattern": SLUG_PATTERN,
        "description": "L'identifiant d'un membre du collège.",
    },
    "collegekit.models.meeting.Material._file_shorthand": {
        "type": "string",
        "minLength": 1,
        "description": "Un nom de fichier, ou un lien commençant par http:// ou https://.",
    },
}


def _qualified_name(function: Any) -> str:
    function = getattr(function, "__func__", function)  # a classmethod, bound
    return f"{function.__module__}.{function.__qualname__}"


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, adjusted to describe what people write (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unknown_validators: set[str] = set()

    def handle_ref_overrides(self, json_schema: JsonSchemaValue) -> JsonSchemaValue:
        # Pydantic drops a field's title when it equals its type's (the field
        # "profession" of type Profession): the types' titles are dropped
        # below, so every field keeps its own.
        return json_schema

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        json_schema = super().enum_schema(schema)
        if issubclass(schema["cls"], LabelledEnum):
            json_schema["enumDescriptions"] = [member.label for member in schema["members"]]
        return json_schema

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        # The class name and docstring are for developers, in English (see
        # also _schema_of, for the definitions of enumerations).
        json_schema.pop("title", None)
        json_schema.pop("description", None)
        inner = schema["schema"]
        if inner["type"] == "function-before":
            shorthand = _MODEL_INPUTS.get(_qualified_name(inner["function"]["function"]))
            if shorthand is not None:
                return {"anyOf": [dict(shorthand), json_schema]}
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema = super().dict_schema(schema)
        if "patternProperties" in json_schema and "additionalProperties" not in json_schema:
            # Keys with a pattern (the member ids of `attendance`) become
            # patternProperties; a key that does not match must be refused,
            # not let through unchecked.
            json_schema["additionalProperties"] = False
        return json_schema

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        json_schema = super().function_before_schema(schema)
        name = _qualified_name(schema["function"]["function"])
        if name in _MODEL_INPUTS:
            return json_schema  # described by model_schema
        rewrite = _FIELD_INPUTS.get(name)
        if rewrite is None:
            self.unknown_validators.add(name)
            return json_schema
        return rewrite(json_schema)


def _generate(model: type[BaseModel]) -> tuple[dict[str, Any], set[str]]:
    generator = _Generator(ref_template="#/definitions/{model}")
    json_schema = generator.generate(model.__pydantic_core_schema__, mode="validation")
    return json_schema, generator.unknown_validators


def _to_draft07(node: Any) -> Any:
    """Rename `$defs` and wrap every `$ref` that has siblings, recursively."""
    if isinstance(node, list):
        return [_to_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {("definitions" if key == "$defs" else key): _to_draft07(value) for key, value in node.items()}
    if "$ref" in converted and len(converted) > 1:
        ref = converted.pop("$ref")
        converted["allOf"] = [{"$ref": ref}, *converted.get("allOf", [])]
    return converted


def _schema_of(kind: _Kind) -> tuple[dict[str, Any], set[str]]:
    generated, unknown = _generate(kind.model)
    json_schema = _to_draft07(generated)
    for definition in json_schema.get("definitions", {}).values():
        # A definition is a model or an enumeration: its title and description
        # are its class name and docstring, for developers, in English.
        definition.pop("title", None)
        definition.pop("description", None)
    json_schema["$schema"] = DRAFT_07
    json_schema["title"] = kind.title
    json_schema["description"] = kind.description
    return json_schema, unknown


def json_schemas() -> dict[str, dict[str, Any]]:
    """The draft-07 JSON Schema of each record kind, keyed by kind (see `KINDS`)."""
    return {name: _schema_of(kind)[0] for name, kind in _KINDS.items()}


def unknown_validators() -> set[str]:
    """Before-validators of the models that the schemas do not describe (for the tests)."""
    found: set[str] = set()
    for kind in _KINDS.values():
        found |= _schema_of(kind)[1]
    return found


def schema_file_name(kind: str) -> str:
    """`member` → `member.schema.json`."""
    if kind not in _KINDS:
        raise ValueError(f"unknown record kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{kind}{SCHEMA_SUFFIX}"


def dumps(json_schema: dict[str, Any]) -> str:
    """The text of a schema file: stable from one run to the next."""
    return json.dumps(json_schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(out_dir: Path | str) -> list[Path]:
    """Write one `<kind>.schema.json` per record kind into `out_dir` (created if
    needed), each atomically, and return the paths written, in `KINDS` order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, json_schema in json_schemas().items():
        path = out / schema_file_name(kind)
        write_atomically(path, dumps(json_schema))
        written.append(path)
    return written


def modeline(kind: str) -> str:
    """The first line that ties a record of `kind` to its schema in an editor.

    VS Code's YAML extension (and any yaml-language-server client) reads
    `# yaml-language-server: $schema=<path>` with the path relative to the
    record. The path assumes the layout `collegekit schema` is made for: the
    schemas in `<repo>/schemas/`, the records in `<repo>/records/`. So
    `records/college.yaml` gets `../schemas/college.schema.json` and a member,
    in `records/members/`, gets `../../schemas/member.schema.json`.

    A meeting is Markdown: its file must start with `---`, so the line goes
    just after it, as the first line of the front matter. The YAML extension
    does not check Markdown files; the line then only documents the schema.
    """
    file_name = schema_file_name(kind)  # raises for an unknown kind
    up = "../" if _KINDS[kind].folder is None else "../../"  # from records/ or records/<folder>/
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{file_name}"
