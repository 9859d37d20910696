"""The README is the bureau's reference: its examples must be valid records and
its table of codes complete."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from collegekit.checks import all_checks
from collegekit.diagnostics import CATALOGUE
from collegekit.minutes.parse import parse_body
from collegekit.models.college import CollegeSettings
from collegekit.models.fiche import Fiche
from collegekit.models.meeting import MeetingFrontMatter, PointKind, Speaker
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
        if language == "markdown" and not block.startswith("---"):
            continue  # a meeting's body alone (« Écrire le compte rendu »): tested below
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


def minutes_example() -> str:
    section = TEXT.split("## Écrire le compte rendu", 1)[1]
    return re.search(r"```markdown\n(.*?)```", section, flags=re.DOTALL)[1]  # type: ignore[index]


def test_the_minutes_example_shows_every_convention_and_parses_cleanly() -> None:
    parsed = parse_body(minutes_example())
    assert parsed.problems == []
    opening, reform = parsed.agenda
    assert opening.speakers == (Speaker(member="cmoreau"),)
    assert [m.file or m.link for m in opening.material] == ["2025-11-25-ouverture.pdf", "https://exemple.fr/calendrier"]
    assert opening.duration_minutes == 15
    kinds = [point.kind for point in opening.points]
    assert kinds == [(PointKind.DECISION,), (PointKind.INFORMATION,), (PointKind.QUESTION, PointKind.VIGILANCE)]
    assert opening.points[1].points[0].text.startswith("Il est remercié")
    assert "[la note de l'ORS](https://exemple.fr/note)" in opening.points[2].text
    assert "\n\nUn second paragraphe" in opening.points[2].text
    assert [section.title for section in opening.sections] == ["Calendrier 2026"]
    (item,) = reform.items
    assert item.speakers == (Speaker(name="Dr Mathieu Rey", organisation="Observatoire régional des urgences (ORU) PACA"),)
    assert item.points[0].kind == (PointKind.ALERT,)
    assert item.sections[0].points[0].kind == (PointKind.VIGILANCE,)
    (table,) = item.round_tables
    assert table.title == "Tour de table des délégations"
    dd84, mroux, pair, unnamed, group = table.entries
    assert dd84.speakers == (Speaker(organisation="DD 84"),)
    assert mroux.points[0].kind == (PointKind.QUESTION,) and len(mroux.replies) == 1
    assert mroux.replies[0].by == Speaker(name="Dr Stéphane Giordano", organisation="URPS médecins libéraux PACA")
    assert pair.speakers == (Speaker(organisation="DD 04"), Speaker(organisation="DD 05"))
    assert unnamed.speakers == ()
    assert [point.kind for point in group.points] == [(PointKind.INFORMATION,), (PointKind.ALERT,)]
    (action,) = parsed.actions
    assert (action.owner, action.due) == ("cmoreau", dt.date(2025, 12, 15))
    assert [(prose.after_part, prose.text.split("\n")[0]) for prose in parsed.prose] == [
        (0, "## Introduction"), (2, "## Conclusion"),
    ]


def test_the_meeting_file_example_has_a_body_that_parses_cleanly() -> None:
    block = next(b for language, b in BLOCKS if language == "markdown" and b.startswith("---\nkind:"))
    front = split_front_matter(block, README)[0]
    assert front is not None
    parsed = parse_body(front.body)
    assert parsed.problems == []
    assert [a.number for a in parsed.actions] == [1, 2]
