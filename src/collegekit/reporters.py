"""Diagnostics as text for people and JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from collegekit.diagnostics import Diagnostic, Severity


def text_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    """`path:line:col: severity[code] message`, and the hint on the next line."""
    lines: list[str] = []
    for diagnostic in diagnostics:
        where = diagnostic.location.display(relative_to)
        lines.append(f"{where}: {diagnostic.severity.label}[{diagnostic.code}] {diagnostic.message}")
        if diagnostic.hint:
            lines.append(f"  → {diagnostic.hint}")
    return "\n".join(lines)


def json_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    return json.dumps(
        [
            {
                "code": d.code,
                "severity": d.severity.value,
                "path": _relative(d.location.path, relative_to),
                "line": d.location.line,
                "column": d.location.column,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ],
        ensure_ascii=False,
        indent=2,
    )


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    checked = f"{files} fichier{'s' if files > 1 else ''} vérifié{'s' if files > 1 else ''}"
    if not diagnostics:
        return f"Aucun problème : {checked}."
    parts = []
    if errors:
        parts.append(f"{errors} erreur{'s' if errors > 1 else ''}")
    if warnings:
        parts.append(f"{warnings} avertissement{'s' if warnings > 1 else ''}")
    return f"{' et '.join(parts)} — {checked}."


def _relative(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None and path.is_absolute():
        try:
            return str(path.relative_to(relative_to))
        except ValueError:
            pass
    return str(path)
