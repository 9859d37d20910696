"""Sub-parts, lettered items and round tables stay in the order they are
written: in the models, in the body written back, and in every document
(minutes, agenda, note-taking draft)."""

from __future__ import annotations

import dataclasses
import re
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collegekit.minutes.parse import parse_body
from collegekit.minutes.write import write_body
from collegekit.records import College, load
from collegekit.render import Renderer, documents
from tests.conftest import EXAMPLE_RECORDS

MEETING = "2025-11-25-pleniere"

# Under part I: two sub-parts, two lettered items (each with a sub-part and a
# round table of its own) and two round tables, in an order drawn below.
HEADINGS = {
    "section": ["### Sous-partie une", "### Sous-partie deux"],
    "item": ["### a) Point un", "### b) Point deux"],
    "round_table": ["### Tour de table des délégations", "### Tour de table des organismes"],
}
ITEM_ORDERS = st.permutations(["section", "round_table"])


def _body(order: list[str], item_orders: list[list[str]]) -> tuple[str, list[str]]:
    """The body of part I in that order, and the titles as a reader sees them, in order."""
    lines = ["## I. Ouverture", ""]
    shown: list[str] = []
    seen = {"section": 0, "item": 0, "round_table": 0}
    for kind in order:
        rank = seen[kind]
        seen[kind] += 1
        heading = HEADINGS[kind][rank]
        if kind == "item":
            letter = "ab"[rank]
            heading = f"### {letter}) Point {['un', 'deux'][rank]}"
        lines += [heading, ""]
        title = heading.lstrip("# ")
        shown.append(title)
        if kind == "section":
            lines += [f"- Information de {title.lower()}.", ""]
        elif kind == "round_table":
            lines += [f"- **DD 04** : Intervention au {title.lower()}.", ""]
        else:
            lines += [f"- Information du point {letter}.", ""]
            for sub in item_orders[rank]:
                if sub == "section":
                    lines += [f"#### Détail {letter}", "", f"- Détail du point {letter}.", ""]
                    shown.append(f"Détail {letter}")
                else:
                    lines += [f"#### Tour de table {letter}", "", f"- **DD 05** : Au point {letter}.", ""]
                    shown.append(f"Tour de table {letter}")
    return "\n".join(lines), shown


@pytest.fixture(scope="module")
def college() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None
    return result.college


def _with_body(college: College, body: str) -> College:
    parsed = parse_body(body)
    assert parsed.problems == []
    meeting = college.meetings[MEETING].model_copy(update={"agenda": parsed.agenda, "body": body, "actions": (), "prose": ()})
    meetings = dict(college.meetings)
    meetings[MEETING] = meeting
    return dataclasses.replace(college, meetings=MappingProxyType(meetings))


def _titles_in(text: str, titles: list[str]) -> list[str]:
    """The titles, in the order the document shows them (as a heading or in bold)."""
    found = []
    for line in text.split("\n"):
        match = re.fullmatch(r"#+ (.+)|\*\*(.+)\*\*", line.strip())
        if match and (match[1] or match[2]) in titles:
            found.append(match[1] or match[2])
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.permutations(["section", "section", "item", "item", "round_table", "round_table"]), ITEM_ORDERS, ITEM_ORDERS)
def test_the_written_order_is_kept_everywhere(college: College, order: list[str], first: list[str], second: list[str]) -> None:
    body, shown = _body(order, [first, second])
    parsed = parse_body(body)
    # Written back in the same order, byte for byte.
    assert write_body(parsed.agenda) == body.rstrip("\n") + "\n"
    changed = _with_body(college, body)
    renderer = Renderer(changed)
    minutes = renderer.markdown(documents.minutes(changed, MEETING))
    assert _titles_in(minutes, shown) == shown
    # The agenda and the draft show the sub-parts and items (not the round tables), in order.
    outline = [title for title in shown if not title.startswith("Tour de table")]
    agenda = renderer.markdown(documents.agenda(changed, MEETING))
    assert _titles_in(agenda, outline) == outline
    draft = renderer.markdown(documents.draft(changed, MEETING))
    assert _titles_in(draft, shown) == shown


def test_an_order_that_does_not_name_each_sub_heading_once_is_refused() -> None:
    from pydantic import ValidationError

    from collegekit.models.meeting import AgendaPart

    with pytest.raises(ValidationError, match="l'ordre des sous-titres"):
        AgendaPart(title="Partie", items=[{"title": "Point"}], order=("item", "item"))
    # The usual order is no order: a block written the usual way equals one built without it.
    usual = AgendaPart(title="Partie", items=[{"title": "Point"}], round_tables=[{"entries": []}], order=("item", "round_table"))
    assert usual.order == () and usual == AgendaPart(title="Partie", items=[{"title": "Point"}], round_tables=[{"entries": []}])
