"""The JSON Schemas of the records (`collegekit schema`): draft-07, in French,
accepting every record of the example college and what the models accept,
refusing unknown keys, written deterministically and atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML

from collegekit import schema as schema_module
from collegekit.models.college import CollegeSettings
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import MeetingFrontMatter
from collegekit.models.member import Member, Profession
from collegekit.models.plan import Plan
from collegekit.records import load
from collegekit.schema import DRAFT_07, KINDS, dumps, json_schemas, modeline, unknown_validators, write_schemas
from collegekit.sourcemap import split_front_matter
from tests.conftest import EXAMPLE_RECORDS, run_cli

MODELS: dict[str, type[BaseModel]] = {
    "college": CollegeSettings,
    "member": Member,
    "meeting": MeetingFrontMatter,
    "fiche": Fiche,
    "plan": Plan,
}
FOLDERS = {"member": "members", "meeting": "meetings", "fiche": "fiches", "plan": "plans"}


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, Any]]:
    return json_schemas()


@pytest.fixture(scope="module")
def validators(schemas: dict[str, dict[str, Any]]) -> dict[str, Draft7Validator]:
    return {kind: Draft7Validator(s, format_checker=Draft7Validator.FORMAT_CHECKER) for kind, s in schemas.items()}


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _as_json(value: Any) -> Any:
    """YAML data as a JSON document holds it: dates as ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def load_yaml(text: str) -> Any:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return _as_json(yaml.load(text))


def record_data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        front, problems = split_front_matter(text, path)
        assert front is not None, problems
        text = front.yaml_text
    return load_yaml(text)


def example_files() -> list[tuple[str, Path]]:
    files = [("college", EXAMPLE_RECORDS / "college.yaml")]
    for kind, folder in FOLDERS.items():
        pattern = "*.md" if kind == "meeting" else "*.yaml"
        files += [(kind, path) for path in sorted((EXAMPLE_RECORDS / folder).glob(pattern))]
    return files


def errors(validator: Draft7Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def model_accepts(kind: str, data: Any) -> bool:
    try:
        MODELS[kind].model_validate(data)
    except ValidationError:
        return False
    return True


# --- The schemas themselves -------------------------------------------------


def test_one_schema_per_record_kind(schemas: dict[str, dict[str, Any]]) -> None:
    assert list(schemas) == list(KINDS) == ["college", "member", "meeting", "fiche", "plan"]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_draft07(kind: str, schemas: dict[str, dict[str, Any]]) -> None:
    schema = schemas[kind]
    assert schema["$schema"] == DRAFT_07
    Draft7Validator.check_schema(schema)
    definitions = schema.get("definitions", {})
    for node in _walk(schema):
        assert "$defs" not in node
        for keyword in ("prefixItems", "unevaluatedProperties", "dependentRequired", "$anchor", "$dynamicRef"):
            assert keyword not in node, f"{keyword} is not draft-07"
        if "$ref" in node:
            # Draft-07 ignores whatever sits beside a $ref.
            assert list(node) == ["$ref"], node
            prefix = "#/definitions/"
            assert node["$ref"].startswith(prefix)
            assert node["$ref"].removeprefix(prefix) in definitions


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_keys_are_refused_everywhere(kind: str, schemas: dict[str, dict[str, Any]]) -> None:
    schema = schemas[kind]
    assert schema["additionalProperties"] is False
    for node in _walk(schema):
        if "properties" in node or "patternProperties" in node:
            assert node["additionalProperties"] is False, node


@pytest.mark.parametrize("kind", KINDS)
def test_texts_are_french(kind: str, schemas: dict[str, dict[str, Any]]) -> None:
    schema = schemas[kind]
    assert schema["title"] and schema["description"]
    text = json.dumps(schema, ensure_ascii=False)
    # Docstrings are for developers, in English: none may reach the schema.
    for definition in schema.get("definitions", {}).values():
        assert "title" not in definition and "description" not in definition
    docstrings = set()
    for model in MODELS.values():
        for cls in model.__mro__:
            if cls.__doc__ and cls.__module__.startswith("collegekit"):
                docstrings.add(cls.__doc__.split("\n")[0].strip())
    for docstring in docstrings:
        assert docstring not in text


def test_fields_keep_their_french_titles(schemas: dict[str, dict[str, Any]]) -> None:
    # Even when the title equals the name of the field's type (Profession).
    assert schemas["member"]["properties"]["profession"]["title"] == "Profession"
    assert schemas["member"]["properties"]["site"]["title"] == "Affectation"


def test_enumerations_are_listed_with_french_labels(schemas: dict[str, dict[str, Any]]) -> None:
    profession = schemas["member"]["definitions"]["Profession"]
    assert profession["enum"] == [p.value for p in Profession]
    assert profession["enumDescriptions"] == [p.label for p in Profession]
    for kind, schema in schemas.items():
        for name, definition in schema.get("definitions", {}).items():
            if "enum" in definition:
                assert len(definition["enumDescriptions"]) == len(definition["enum"]), (kind, name)


def test_every_shorthand_of_the_models_is_described() -> None:
    # A model that gains a "before" validator (a new way to write a value)
    # must tell the schema generator what it accepts: see schema._FIELD_INPUTS.
    assert unknown_validators() == set()


# --- The schemas against records --------------------------------------------


@pytest.mark.parametrize(("kind", "path"), example_files(), ids=lambda value: getattr(value, "name", value))
def test_example_college_is_valid(kind: str, path: Path, validators: dict[str, Draft7Validator]) -> None:
    assert errors(validators[kind], record_data(path)) == []


def test_every_folder_of_the_example_is_covered() -> None:
    kinds = {kind for kind, _ in example_files()}
    assert kinds == set(KINDS)
    assert len(example_files()) > 80


def _first_example(kind: str) -> Any:
    return next(record_data(path) for k, path in example_files() if k == kind)


def _with(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    data = json.loads(json.dumps(data))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


UNKNOWN_KEYS = [
    ("college", ("colour",)),
    ("college", ("rules", "quorum")),
    ("member", ("profesion",)),
    ("member", ("memberships", 0, "rol")),
    ("meeting", ("agenda_items",)),
    ("meeting", ("sent_to_committee", "ordre")),
    ("fiche", ("activities", "national")),
    ("fiche", ("line_manager", "email")),
    ("plan", ("axe",)),
]


def _key_path_id(value: object) -> str:
    return ".".join(map(str, value)) if isinstance(value, tuple) else str(value)


@pytest.mark.parametrize(("kind", "path"), UNKNOWN_KEYS, ids=_key_path_id)
def test_unknown_key_is_rejected(kind: str, path: tuple[str | int, ...], validators: dict[str, Draft7Validator]) -> None:
    data = _first_example(kind)
    assert errors(validators[kind], data) == []
    broken = _with(data, path, "x")
    assert any("Additional properties" in message for message in errors(validators[kind], broken))
    assert not model_accepts(kind, broken)


MEMBER = {
    "first_name": "Claire",
    "last_name": "Moreau",
    "profession": "physician",
    "status": "misp",
    "site": "head-office",
    "memberships": [{"start": "2019-10-01"}],
}
MEETING = {
    "kind": "plenary",
    "title": "Séance",
    "date": "2025-03-18",
    "start": "14:00",
    "end": "17:00",
    "format": "hybrid",
}
PLAN = {"title": "Plan", "axes": [{"title": "Axe", "actions": [{"number": 1, "title": "Action"}]}]}

# (kind, base, key path, value): the schema must agree with the model on each.
AGREEMENTS = [
    ("member", MEMBER, ("site",), "head-office"),
    ("member", MEMBER, ("site",), "13"),
    ("member", MEMBER, ("site",), "2A"),
    ("member", MEMBER, ("site",), "siège"),
    ("member", MEMBER, ("site",), "4"),
    ("member", MEMBER, ("profession",), "pharmacienne"),
    ("member", MEMBER, ("id",), "claire-moreau"),
    ("member", MEMBER, ("id",), "Claire_Moreau"),
    ("member", MEMBER, ("memberships",), []),
    ("member", MEMBER, ("first_name",), ""),
    ("meeting", MEETING, ("start",), "9:30"),
    ("meeting", MEETING, ("start",), "matin"),
    ("meeting", MEETING, ("date",), "18/03/2025"),
    ("meeting", MEETING, ("attendance",), {"cmoreau": "present", "agiraud": "video"}),
    ("meeting", MEETING, ("attendance",), {"cmoreau": "là"}),
    ("meeting", MEETING, ("attendance",), {"Claire Moreau": "present"}),
    ("meeting", MEETING, ("organisations",), ["ARS PACA", "AP-HM"]),
    ("meeting", MEETING, ("issued_by",), "Comité régional des urgences"),
    ("meeting", MEETING, ("next_meeting",), "2025-06-24"),
    ("meeting", MEETING, ("next_meeting",), {"date": "2025-06-24", "title": "prochaine réunion du comité", "format": "video"}),
    ("meeting", MEETING, ("next_meeting",), {"title": "un vendredi", "format": "visio"}),
    ("meeting", MEETING, ("next_meeting",), {"jour": "vendredi"}),
    ("meeting", MEETING, ("follow_up",), {"1": "done", "2": {"status": "in-progress", "note": "Fixée au 12 mai."}}),
    ("meeting", MEETING, ("follow_up",), {"1": "fini"}),
    ("meeting", MEETING, ("follow_up",), {"1": {"note": "sans état"}}),
    # The agenda and the actions are written in the body now, not in the front matter.
    ("meeting", MEETING, ("agenda",), [{"title": "I", "points": ["Une phrase suffit."]}]),
    ("meeting", MEETING, ("actions",), [{"owner": "fblanc", "text": "Transmettre."}]),
    ("plan", PLAN, ("axes", 0, "actions", 0, "territory"), "region"),
    ("plan", PLAN, ("axes", 0, "actions", 0, "territory"), ["04", "05"]),
    ("plan", PLAN, ("axes", 0, "actions", 0, "territory"), "13"),
    ("plan", PLAN, ("axes", 0, "actions", 0, "territory"), ["région"]),
    ("plan", PLAN, ("axes", 0, "actions", 0, "progress"), 120),
    ("plan", PLAN, ("axes", 0, "actions", 0, "status"), "finie"),
    ("plan", PLAN, ("kind",), "training"),
]


def _agreement_id(value: object) -> str:
    if isinstance(value, dict):
        return "base"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:40]


@pytest.mark.parametrize(("kind", "base", "path", "value"), AGREEMENTS, ids=_agreement_id)
def test_schema_and_model_agree(
    kind: str, base: dict[str, Any], path: tuple[str | int, ...], value: Any, validators: dict[str, Draft7Validator]
) -> None:
    data = _with(base, path, value)
    assert (errors(validators[kind], data) == []) is model_accepts(kind, data)


@pytest.mark.parametrize(
    ("kind", "base", "path", "value"),
    [
        ("member", MEMBER, ("site",), 13),  # the README asks for quotes: site: "13"
        ("meeting", MEETING, ("start",), "14h00"),  # the README asks for HH:MM
    ],
)
def test_schema_asks_for_the_documented_spelling(
    kind: str, base: dict[str, Any], path: tuple[str | int, ...], value: Any, validators: dict[str, Draft7Validator]
) -> None:
    # Lint tolerates these spellings; the editor nudges towards the README's.
    data = _with(base, path, value)
    assert model_accepts(kind, data)
    assert errors(validators[kind], data) != []


# --- Writing the schemas ----------------------------------------------------


def test_command_writes_five_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli("schema")
    assert (exit_code, output) == (0, "5 schémas écrits dans schemas/\n")
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == sorted(f"{kind}.schema.json" for kind in KINDS)
    for kind, schema in json_schemas().items():
        text = (tmp_path / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert text == json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        assert "é" in text and "\\u00e9" not in text
        assert json.loads(text) == schema


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = write_schemas(tmp_path / "a")
    second = write_schemas(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    again = write_schemas(tmp_path / "a")
    assert again == first
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in second]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)  # no temp file left
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in first)


def test_out_option_and_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("schema", "--out", "docs/schemas") == (0, "5 schémas écrits dans docs/schemas/\n")
    assert (tmp_path / "docs" / "schemas" / "plan.schema.json").is_file()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    try:
        assert run_cli("schema", "--out", str(elsewhere)) == (0, f"5 schémas écrits dans {elsewhere.as_posix()}/\n")
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_out_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").write_text("x", encoding="utf-8")
    exit_code, output = run_cli("schema")
    assert exit_code == 2
    assert "« schemas » est un fichier, pas un dossier" in output
    assert (tmp_path / "schemas").read_text(encoding="utf-8") == "x"


def test_write_error_is_reported_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    def refuse(out_dir: Path | str) -> list[Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(schema_module, "write_schemas", refuse)
    exit_code, output = run_cli("schema")
    assert exit_code == 2
    assert "impossible d'écrire dans schemas/ : accès refusé." in output


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_schemas(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    (tmp_path / "member.schema.json").write_text("{}\n", encoding="utf-8")

    def crash(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_schemas(tmp_path)
    assert (tmp_path / "member.schema.json").read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # the temporary file is gone


def test_dumps_sorts_keys_and_ends_with_a_newline() -> None:
    assert dumps({"b": "é", "a": 1}) == '{\n  "a": 1,\n  "b": "é"\n}\n'


# --- Modelines ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_modeline_points_at_the_schema_from_the_record_folder(kind: str, tmp_path: Path) -> None:
    line = modeline(kind)
    prefix = "# yaml-language-server: $schema="
    assert line.startswith(prefix)
    record_folder = tmp_path / "records" / FOLDERS.get(kind, "")
    target = Path(os.path.normpath(record_folder / line.removeprefix(prefix)))
    assert target == tmp_path / "schemas" / f"{kind}.schema.json"


def test_modeline_examples() -> None:
    assert modeline("member") == "# yaml-language-server: $schema=../../schemas/member.schema.json"
    assert modeline("college") == "# yaml-language-server: $schema=../schemas/college.schema.json"
    with pytest.raises(ValueError):
        modeline("members")


def test_records_with_a_modeline_still_load(college_dir: Path) -> None:
    def codes() -> list[str]:
        return sorted(d.code for d in load(college_dir).diagnostics)

    before = codes()
    records = [("college", college_dir / "college.yaml")]
    records += [(kind, next((college_dir / folder).iterdir())) for kind, folder in FOLDERS.items()]
    for kind, path in records:
        text = path.read_text(encoding="utf-8")
        if kind == "meeting":  # the file must start with ---: the line opens the front matter
            assert text.startswith("---\n")
            text = "---\n" + modeline(kind) + "\n" + text.removeprefix("---\n")
        else:
            text = f"{modeline(kind)}\n{text}"
        path.write_text(text, encoding="utf-8")
    assert codes() == before
