"""Lint: load the records, run the checks, and filter what the user asked for.

The checks and the models are imported only when the records are linted:
a lint whose result comes back from the cache (`lint_cache`) needs neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from collegekit import cache, lint_cache
from collegekit.diagnostics import CATALOGUE, Diagnostic, Severity


@dataclass(frozen=True)
class LintResult:
    diagnostics: list[Diagnostic]
    files: int

    def failed(self, strict: bool = False) -> bool:
        return any(d.severity is Severity.ERROR or strict for d in self.diagnostics)


def lint_records(
    root: Path,
    today: dt.date,
    select: Iterable[str] = (),
    ignore: Sequence[str] = (),
    changed: set[Path] | None = None,
) -> LintResult:
    """Everything wrong with a records folder, sorted by file and line.

    `select` restricts the checks run (the problems of reading the files are
    always reported: a record that cannot be read cannot be checked);
    `ignore` hides any code or group. With `changed` (files of a git change),
    only the findings in those files and in the records depending on them are
    kept: the whole college is still loaded, since a check of one record reads
    the others.

    Through the cache unless it is turned off: the last lint's result when
    nothing it depends on has changed since.
    """
    select = list(select)
    lint_key = lint_cache.key(root, today, select, ignore, changed) if cache.wanted() else None
    if lint_key is not None:
        remembered = lint_cache.recall(root, lint_key)
        if remembered is not None:
            return LintResult(*remembered)
    result = _lint(root, today, select, ignore, changed)
    # Kept only if the records did not change while they were linted.
    if lint_key is not None and lint_cache.key(root, today, select, ignore, changed) == lint_key:
        lint_cache.remember(root, lint_key, result.diagnostics, result.files)
    return result


def _lint(
    root: Path, today: dt.date, select: Iterable[str], ignore: Sequence[str], changed: set[Path] | None
) -> LintResult:
    from collegekit.changes import changed_records
    from collegekit.checks import all_checks, run_checks, select_checks
    from collegekit.records import load

    result = load(root)
    # With a change: the files it touches, for the problems of reading them;
    # the records it touches, for the checks (checks.concerned decides).
    files = None if changed is None else {path.resolve() for path in changed}
    records = None
    if files is not None and result.college is not None:
        records = changed_records(result.college, files)
        if records is None:
            files = None  # college.yaml or a deleted record: everything
    diagnostics = [d for d in result.diagnostics if files is None or d.location.path.resolve() in files]
    if result.college is not None:
        diagnostics += run_checks(result.college, today, select_checks(all_checks(), select, ignore), records)
    ignored = set(ignore)
    kept = [d for d in diagnostics if d.code not in ignored]
    kept.sort(key=Diagnostic.sort_key)
    return LintResult(kept, result.files)


def code_descriptions() -> dict[str, str]:
    """Every code collegekit reports, with its description in French."""
    from collegekit.checks import all_checks

    return CATALOGUE | {c.code: c.description for c in all_checks()}


def known_codes() -> set[str]:
    """Every code and group `--select` and `--ignore` accept."""
    from collegekit.checks import all_checks

    return set(code_descriptions()) | {c.group for c in all_checks()}
