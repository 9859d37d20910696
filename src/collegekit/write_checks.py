"""Write-time checks: a command refuses to write what lint would reject.

A command that edits a record names the checks its edit concerns (`attend`:
who may be in the attendance and when; `meeting`: the dates and the state).
The edited record is checked by those same check functions, inside the
College it would belong to, and the findings the edit would add are the
refusal, word for word as lint would print them. Findings the record had
already are not the edit's doing: they do not stop it (lint goes on
reporting them, and the command prints them after writing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from collegekit.checks import all_checks, run_checks
from collegekit.diagnostics import Diagnostic
from collegekit.records import College

# The kinds of record a check can be given an edited copy of.
_FOLDERS = ("members", "meetings", "fiches", "plans")


def with_record(college: College, folder: str, record_id: str, path: Path, record: Any) -> College:
    """`college` with one record replaced (or added), read from `path`."""
    if folder not in _FOLDERS:
        raise ValueError(folder)
    records = dict(getattr(college, folder))
    records[record_id] = record
    paths = dict(college.paths)
    paths[f"{folder}/{record_id}"] = path
    return dataclasses.replace(
        college,
        **{folder: MappingProxyType(records)},  # type: ignore[arg-type]
        paths=MappingProxyType(paths),
        unloadable=college.unloadable - {f"{folder}/{record_id}"},
    )


def added_errors(
    college: College,
    folder: str,
    record_id: str,
    candidate: Path,
    record: Any,
    codes: Iterable[str],
    today: dt.date,
) -> list[Diagnostic]:
    """The errors of checks `codes` that the record `record` (written at
    `candidate`) would add, in its own file (located in `candidate`) or in
    another (a meeting that a member would leave before)."""
    wanted = set(codes)
    checks = [c for c in all_checks() if c.code in wanted]
    unknown = wanted - {c.code for c in checks}
    if unknown:  # a programming error: a command names a check that does not exist
        raise ValueError(sorted(unknown))
    key = f"{folder}/{record_id}"
    original = college.paths[key].resolve() if key in college.paths else None

    def seen(diagnostic: Diagnostic) -> tuple[Path, str, str]:
        path = diagnostic.location.path
        return (original if path == candidate and original else path.resolve()), diagnostic.code, diagnostic.message

    before = {seen(d) for d in run_checks(college, today, checks) if d.is_error} if original else set()
    after = run_checks(with_record(college, folder, record_id, candidate, record), today, checks)
    return [d for d in after if d.is_error and seen(d) not in before]
