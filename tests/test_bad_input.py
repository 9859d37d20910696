"""A corpus of records broken the ways hands and merges break them.

Every record kind, every kind of breakage: each gives a diagnostic with its
file (and line where there is one) and the run fails, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from tests.conftest import BASE_RECORDS

TODAY = dt.date(2024, 12, 20)

FILES = {
    "college": "college.yaml",
    "member": "members/amartin.yaml",
    "meeting": "meetings/2024-03-12-pleniere.md",
    "fiche": "fiches/amartin.yaml",
    "plan": "plans/2024-work.yaml",
}


def original(kind: str) -> bytes:
    return (BASE_RECORDS / FILES[kind]).read_bytes()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def with_conflict(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join([*lines[:3], b"<<<<<<< HEAD", lines[3], b"=======", lines[3], b">>>>>>> autre", *lines[4:]])


def yaml_of(kind: str, text: str) -> bytes:
    """A front matter for a meeting, the file itself otherwise."""
    return (f"---\n{text}---\nTexte.\n" if kind == "meeting" else text).encode()


BREAKAGES = {
    "truncated": lambda kind: truncated(original(kind)),
    "merge conflict": lambda kind: with_conflict(original(kind)),
    "tab indentation": lambda kind: original(kind).replace(b"\n  ", b"\n\t", 1),
    "list instead of mapping": lambda kind: yaml_of(kind, "- a\n- b\n"),
    "scalar instead of mapping": lambda kind: yaml_of(kind, "juste du texte\n"),
    "huge string": lambda kind: yaml_of(kind, "name: " + "x" * 3_000_000 + "\n"),
    "deep nesting": lambda kind: yaml_of(kind, "a: " + "[" * 200 + "]" * 200 + "\n"),
    "alias bomb": lambda kind: yaml_of(kind, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
    "python tag": lambda kind: yaml_of(kind, "a: !!python/object/apply:os.system [ls]\n"),
    "latin-1": lambda kind: original(kind).replace("é".encode(), b"\xe9") + "é".encode("latin-1"),
    "binary": lambda kind: b"\x00\x01\x02PK\x03\x04",
    "empty": lambda kind: b"",
    "only a comment": lambda kind: b"# rien\n",
    "unclosed front matter": lambda kind: original(kind).replace(b"\n---\n", b"\n", 1) if kind == "meeting" else b"a: [",
    "dates as numbers": lambda kind: original(kind).replace(b"2024-", b"2024", 1).replace(b"-", b"", 2),
    "null everywhere": lambda kind: yaml_of(kind, "name:\ntitle:\ndate:\n"),
}


# Half a file can still be a valid record (cut after a complete entry), and
# a college has no dates to write as numbers: these must only never crash.
MAY_STAY_VALID = {"truncated", "dates as numbers"}


@pytest.mark.parametrize("kind", sorted(FILES))
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_broken_record_gives_a_located_diagnostic(kind: str, breakage: str, college_dir: Path) -> None:
    target = college_dir / FILES[kind]
    target.write_bytes(BREAKAGES[breakage](kind))
    result = lint_records(college_dir, TODAY)
    if breakage not in MAY_STAY_VALID or result.diagnostics:
        assert result.failed(), [d.message for d in result.diagnostics]
        assert any(d.location.path == target and d.is_error for d in result.diagnostics), result.diagnostics
    for diagnostic in result.diagnostics:
        assert diagnostic.message and diagnostic.code


def test_a_file_named_with_dots_and_slashes_is_refused(college_dir: Path) -> None:
    (college_dir / "members" / "..amartin.yaml").write_text("first_name: x\n")
    (college_dir / "members" / "a..b.yaml").write_text("first_name: x\n")
    codes = {d.location.path.name: d.code for d in lint_records(college_dir, TODAY).diagnostics}
    assert codes == {"a..b.yaml": "invalid-id"}  # a dot file is ignored, as git users expect
