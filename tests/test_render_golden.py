"""Golden documents: the Markdown of each kind of document rendered from the
example college, compared byte for byte with tests/golden/render/.

They are what the bureau reads: after a change of template, refresh them with
`UPDATE_GOLDEN=1 make test` and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collegekit.models.plan import PlanKind
from collegekit.records import College, load
from collegekit.render import Renderer, documents
from collegekit.render.documents import Document
from tests.conftest import EXAMPLE_RECORDS

GOLDEN = Path(__file__).parent / "golden" / "render"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# One or more documents of each kind, chosen for what they show.
CASES = {
    # A plenary session: parts and items, every kind of point, nested points,
    # a tour de table with a group and an answer, guests, follow-up actions.
    "minutes-plenary": lambda c: documents.minutes(c, "2025-03-18-pleniere"),
    # A bureau meeting: prose only before its agenda, every member by video.
    "minutes-bureau": lambda c: documents.minutes(c, "2025-01-14-bureau"),
    # Held, with points, but neither drafted nor approved in its status: the
    # document claims neither (no « projet non approuvé » the records do not say).
    "minutes-draft": lambda c: documents.minutes(c, "2026-11-17-bureau"),
    # Not held yet: the minutes say so and give the agenda.
    "minutes-not-written": lambda c: documents.minutes(c, "2026-12-15-bureau"),
    "agenda-plenary": lambda c: documents.agenda(c, "2025-03-18-pleniere"),
    "agenda-bureau": lambda c: documents.agenda(c, "2026-12-15-bureau"),
    "plan-work": lambda c: documents.plan(c, 2025, PlanKind.WORK),
    "plan-training": lambda c: documents.plan(c, 2025, PlanKind.TRAINING),
    "plan-rules": lambda c: documents.plan(c, 2026, PlanKind.RULES),
    "plan-organisation": lambda c: documents.plan(c, 2026, PlanKind.ORGANISATION),
    # The agency's plan, written as regional action plans are: editorial, key
    # figures, « Défi », unnumbered orientations, boxes, an image, territories.
    "plan-regional": lambda c: documents.plan(c, 2026, PlanKind.REGIONAL),
    "review-work": lambda c: documents.review(c, 2025, PlanKind.WORK),
    "review-training": lambda c: documents.review(c, 2025, PlanKind.TRAINING),
    # A provisional review: the year is not over.
    "review-provisional": lambda c: documents.review(c, 2026, PlanKind.WORK),
    "fiche": lambda c: documents.fiche(c, "mroux"),
}


@pytest.fixture(scope="module")
def college() -> College:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None and not result.errors
    return result.college


@pytest.fixture(scope="module")
def renderer(college: College) -> Renderer:
    return Renderer(college)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_markdown(name: str, college: College, renderer: Renderer) -> None:
    document: Document = CASES[name](college)
    text = renderer.markdown(document)
    golden = GOLDEN / f"{name}.md"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} manque : UPDATE_GOLDEN=1 make test"
    assert text == golden.read_text(encoding="utf-8")


def test_every_kind_has_a_golden_document() -> None:
    assert {name.split("-")[0] for name in CASES} == set(documents.KINDS)


def test_same_records_same_bytes(college: College) -> None:
    """Two renderers, every document: the same Markdown, to the byte."""
    first, second = Renderer(college), Renderer(college)
    for document in documents.every_document(college):
        assert first.markdown(document) == second.markdown(document), document.output
