"""Property-based tests: whatever the records say, lint answers with
diagnostics and never raises.

Two sources of records: valid colleges of random shapes from the benchmark
generator, checked at random dates (every check must cope with any valid
college); and the example college with one file mutated the way hurried hands
and bad merges break files (deleted, swapped or duplicated lines, a changed
character). `make fuzz` runs the same tests with many more examples.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collegekit.lint import lint_records
from tests.conftest import EXAMPLE_RECORDS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_spec = importlib.util.spec_from_file_location(
    "college_generator", Path(__file__).parent.parent / "benchmarks" / "generate.py"
)
assert _spec is not None and _spec.loader is not None
generator = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generator  # dataclasses look their module up there
_spec.loader.exec_module(generator)

# The text records (the example also holds images a plan shows, which are no record).
RECORD_FILES = sorted(
    p.relative_to(EXAMPLE_RECORDS) for p in EXAMPLE_RECORDS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".md")
)


def assert_well_formed(diagnostics: list) -> None:  # type: ignore[type-arg]
    for diagnostic in diagnostics:
        assert diagnostic.message and diagnostic.location.path.name
        assert diagnostic.location.line >= 0 and diagnostic.location.column >= 0


@FUZZ
@given(
    seed=st.integers(0, 10_000),
    members=st.integers(1, 25),
    years=st.integers(1, 4),
    meetings_per_year=st.integers(1, 6),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_checks_never_raise_on_valid_colleges(
    seed: int, members: int, years: int, meetings_per_year: int, today: dt.date
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "records"
        generator.generate(root, members=members, years=years, meetings_per_year=meetings_per_year, seed=seed)
        result = lint_records(root, today)
    assert_well_formed(result.diagnostics)
    # A generated college is valid: only date-dependent findings may appear.
    assert {d.code for d in result.diagnostics} <= {
        "too-few-meetings",
        "status-out-of-date",
        "plan-missing",
        "plan-late",
        "review-late",
        "overdue-action",
        "fiche-missing",
        "fiche-not-sent",  # a fiche sent after the day linted
        "owner-left",  # a member who has left since, while their action runs on
        "attendance-missing-member",
    }, result.diagnostics[:3]


mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("character"), st.integers(0, 100_000), st.characters(codec="utf-8")),
    st.tuples(st.just("truncate"), st.integers(0, 100_000)),
)


def mutate(text: str, change: tuple) -> str:  # type: ignore[type-arg]
    lines = text.split("\n")
    kind, position = change[0], change[1]
    index = position % max(len(lines), 1)
    if kind == "delete":
        del lines[index]
    elif kind == "swap" and len(lines) > 1:
        other = (index + 1) % len(lines)
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "duplicate":
        lines[index:index] = lines[index : index + 3]
    elif kind == "character" and text:
        offset = position % len(text)
        return text[:offset] + change[2] + text[offset + 1 :]
    elif kind == "truncate":
        return text[: position % (len(text) + 1)]
    return "\n".join(lines)


@settings(FUZZ, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(RECORD_FILES), changes=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_records_give_diagnostics_not_crashes(file: Path, changes: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "records"
        shutil.copytree(EXAMPLE_RECORDS, root)
        target = root / file
        text = target.read_text(encoding="utf-8")
        for change in changes:
            text = mutate(text, change)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = lint_records(root, dt.date(2026, 11, 25))
    assert_well_formed(result.diagnostics)
