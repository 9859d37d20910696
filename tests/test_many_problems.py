"""Lint does work in proportion to the problems it reports: each file is
parsed for positions once, and a position is found by key, not by scanning
the mapping once a problem (which made 16,000 unknown members in one
attendance list take seconds). Structural assertions, no timing; the
timings are benchmarks/problems.py's.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from collegekit import checks, sourcemap
from collegekit.lint import lint_records
from tests.conftest import BASE_RECORDS


class CountedItems(list):  # type: ignore[type-arg]
    """A mapping node's items that count how often they are gone through."""

    passes = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountedItems.passes += 1
        return super().__iter__()

    def __reversed__(self):  # type: ignore[no-untyped-def]
        CountedItems.passes += 1
        return super().__reversed__()


@pytest.mark.parametrize("count", [10, 1_000, 5_000])
def test_finding_every_key_of_a_mapping_goes_through_it_once(count: int) -> None:
    text = "attendance:\n" + "".join(f"  m{index}: present\n" for index in range(count))
    document, diagnostics = sourcemap.parse_yaml(text, Path("x.yaml"))
    assert document is not None and diagnostics == []
    attendance = document.root.value[0][1]
    attendance.value = CountedItems(attendance.value)
    CountedItems.passes = 0
    lines = [document.location(("attendance", f"m{index}")).line for index in range(count)]
    assert lines == list(range(2, count + 2))
    assert CountedItems.passes == 1


def test_a_file_with_thousands_of_problems_is_parsed_for_positions_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    meeting = records / "meetings" / "2024-03-12-pleniere.md"
    text = meeting.read_text(encoding="utf-8")
    unknown = "".join(f"  inconnu-{index}: present\n" for index in range(3_000))
    meeting.write_text(text.replace("\nattendance:\n", "\nattendance:\n" + unknown, 1), encoding="utf-8")
    parsed: list[Path] = []
    original = checks.read_positions

    def counted(path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return original(path)

    monkeypatch.setattr(checks, "read_positions", counted)
    result = lint_records(records, dt.date(2024, 12, 20))
    unknown_members = [d for d in result.diagnostics if d.code == "unknown-member"]
    assert len(unknown_members) == 3_000
    assert [d.location.line for d in unknown_members] == list(range(13, 3_013))  # below « attendance: », line 12
    assert parsed.count(meeting) == 1
