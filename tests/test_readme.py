"""The README is the bureau's reference: its examples must be valid records and
its table of codes complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from collegekit.checks import all_checks
from collegekit.diagnostics import CATALOGUE
from collegekit.models.college import CollegeSettings
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import MeetingFrontMatter
from collegekit.models.member import Member
from collegekit.models.plan import Plan
from collegekit.sourcemap import parse_yaml, split_front_matter
from collegekit.validation import validate

README = Path(__file__).parent.parent / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(yaml|markdown)\n(.*?)```", TEXT, flags=re.DOTALL)
MODEL_BY_FIRST_KEY: dict[str, type[BaseModel]] = {
    "name": CollegeSettings,
    "title": Member,
    "post_title": Fiche,
    "year": Plan,
    "kind": MeetingFrontMatter,
}


def examples() -> list[tuple[type[BaseModel], str]]:
    found = []
    for language, block in BLOCKS:
        text = split_front_matter(block, README)[0].yaml_text if language == "markdown" else block  # type: ignore[union-attr]
        first_key = text.split(":", 1)[0].strip()
        if first_key in MODEL_BY_FIRST_KEY:
            found.append((MODEL_BY_FIRST_KEY[first_key], text))
    return found


def test_readme_has_an_example_of_every_record_kind() -> None:
    assert {model for model, _ in examples()} == set(MODEL_BY_FIRST_KEY.values())


@pytest.mark.parametrize(("model", "text"), examples(), ids=lambda value: getattr(value, "__name__", ""))
def test_readme_example_is_a_valid_record(model: type[BaseModel], text: str) -> None:
    document, problems = parse_yaml(text, README)
    assert problems == []
    assert document is not None
    record, problems = validate(model, document)
    assert [d.message for d in problems] == []
    assert getattr(record, "issues", list)() == []


def test_readme_lists_every_diagnostic_code() -> None:
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", TEXT, flags=re.MULTILINE))
    assert listed == set(CATALOGUE) | {c.code for c in all_checks()}


def test_readme_describes_each_check_as_the_code_does() -> None:
    for c in all_checks():
        assert f"| `{c.code}` | {c.group} | {c.severity.label} | {c.description} |" in TEXT
