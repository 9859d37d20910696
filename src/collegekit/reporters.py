"""Diagnostics as text for people, and in the formats other tools read.

Text and the summary line are for the physicians who keep the records (French);
JSON is collegekit's own format for scripts; GitHub workflow commands, GitLab
Code Quality and SARIF let a forge show each problem on the line of a pull or
merge request. Every function takes diagnostics already sorted and returns
the whole output as one string: the command line decides where it goes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from collegekit import __version__
from collegekit.diagnostics import CATALOGUE, Diagnostic, Location, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def text_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    """`path:line:col: severity[code] message`, and the hint on the next line.

    The one-line form is the one editors and terminals recognise as a link to
    the place in the file; keep it exactly.
    """
    lines: list[str] = []
    for diagnostic in diagnostics:
        where = diagnostic.location.display(relative_to)
        lines.append(f"{where}: {diagnostic.severity.label}[{diagnostic.code}] {diagnostic.message}")
        if diagnostic.hint:
            lines.append(f"  → {diagnostic.hint}")
    return "\n".join(lines)


def json_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    """collegekit's own format for scripts: every field of each diagnostic, flat."""
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
    """The last line of the text output, so that a clean run says so too.

    "2 erreurs, 1 avertissement dans 9 fichiers." or "Aucun problème dans 9
    fichiers."; a count of zero is left out.
    """
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    where = f"dans {_count(files, 'fichier')}"
    parts = [_count(n, noun) for n, noun in ((errors, "erreur"), (warnings, "avertissement")) if n]
    if not parts:
        return f"Aucun problème {where}."
    return f"{', '.join(parts)} {where}."


def github_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    """One GitHub Actions workflow command per diagnostic.

    Printed by a step, each line becomes an annotation on the file and line of
    the pull request: `::error file=P,line=L,col=C,title=collegekit CODE::MESSAGE`.
    """
    return "\n".join(_github_command(d, relative_to) for d in diagnostics)


def _github_command(diagnostic: Diagnostic, relative_to: Path | None) -> str:
    """Line and column are left out when unknown (0): GitHub then annotates the file."""
    location = diagnostic.location
    properties = {"file": _posix_path(location.path, relative_to)}
    if location.line:
        properties["line"] = str(location.line)
        if location.column:
            properties["col"] = str(location.column)
    properties["title"] = f"collegekit {diagnostic.code}"
    joined = ",".join(f"{key}={_escape_github_property(value)}" for key, value in properties.items())
    message = _escape_github_data(_message_with_hint(diagnostic))
    return f"::{_GITHUB_COMMANDS[diagnostic.severity]} {joined}::{message}"


def _escape_github_data(text: str) -> str:
    """As @actions/core's escapeData: a raw newline would end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    """As @actions/core's escapeProperty: `:` and `,` also delimit properties."""
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def gitlab_report(diagnostics: Sequence[Diagnostic], relative_to: Path | None = None) -> str:
    """A GitLab Code Quality report (a JSON array of issues), for merge requests.

    GitLab compares the fingerprints of two pipelines to tell new findings from
    fixed ones, so a fingerprint leaves out the line (an unchanged finding
    keeps it when lines are added above) and counts identical findings in a
    file (GitLab would show only one of two equal fingerprints).
    """
    occurrences: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, Any]] = []
    for diagnostic in diagnostics:
        path = _posix_path(diagnostic.location.path, relative_to)
        key = (diagnostic.code, path, diagnostic.message)
        issues.append(_gitlab_issue(diagnostic, path, _fingerprint(*key, occurrences[key])))
        occurrences[key] += 1
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _gitlab_issue(diagnostic: Diagnostic, path: str, fingerprint: str) -> dict[str, Any]:
    """GitLab requires a line; an unknown one (0) points at the top of the file."""
    return {
        "description": _message_with_hint(diagnostic),
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": _GITLAB_SEVERITIES[diagnostic.severity],
        "location": {"path": path, "lines": {"begin": max(diagnostic.location.line, 1)}},
    }


def _fingerprint(code: str, path: str, message: str, occurrence: int) -> str:
    """sha256 of the finding without its line; NUL separates the parts unambiguously."""
    return hashlib.sha256("\0".join((code, path, message, str(occurrence))).encode()).hexdigest()


def sarif_report(
    diagnostics: Sequence[Diagnostic], relative_to: Path | None = None, rules: Mapping[str, str] = CATALOGUE
) -> str:
    """A SARIF 2.1.0 log, the format GitHub code scanning and many viewers read.

    `rules` maps each code to its French description; only the codes found are
    listed as rules, and a code missing from `rules` is listed by id alone.
    """
    codes = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "collegekit",
                "version": __version__,
                "rules": [_sarif_rule(code, rules) for code in codes],
            }
        },
        # Columns count characters (Python str indices), not UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(d, relative_to, rule_index[d.code]) for d in diagnostics],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _sarif_rule(code: str, rules: Mapping[str, str]) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": code}
    if code in rules:
        rule["shortDescription"] = {"text": rules[code]}
    return rule


def _sarif_result(diagnostic: Diagnostic, relative_to: Path | None, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _sarif_uri(diagnostic.location.path, relative_to)}}
    region = _sarif_region(diagnostic.location)
    if region:
        physical["region"] = region
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[diagnostic.severity],
        "message": {"text": _message_with_hint(diagnostic)},
        "locations": [{"physicalLocation": physical}],
    }


def _sarif_region(location: Location) -> dict[str, int]:
    """SARIF forbids 0 for lines and columns: leave out what is unknown."""
    if not location.line:
        return {}
    region = {"startLine": location.line}
    if location.column:
        region["startColumn"] = location.column
    return region


def _sarif_uri(path: Path, relative_to: Path | None) -> str:
    """A relative URI reference when the file is under `relative_to`, else a file: URI.

    SARIF requires a valid URI, so spaces and accented letters are
    percent-encoded (UTF-8), as RFC 3986 says.
    """
    shown = Path(_relative(path, relative_to))
    if shown.is_absolute():
        return shown.as_uri()
    return quote(shown.as_posix(), safe="/")


def _message_with_hint(diagnostic: Diagnostic) -> str:
    """Forges show one text per finding: the message, then the hint on its own line."""
    return f"{diagnostic.message}\n{diagnostic.hint}" if diagnostic.hint else diagnostic.message


def _count(number: int, noun: str) -> str:
    """French plural: 0 and 1 take the singular. The count as digits alone:
    lint's summary line does not load Babel's number formats."""
    from collegekit.french import plural_word

    return f"{number} {plural_word(number, noun)}"


def _posix_path(path: Path, relative_to: Path | None) -> str:
    """Forges want repository-relative paths with forward slashes, whatever the OS."""
    return Path(_relative(path, relative_to)).as_posix()


def _relative(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None and path.is_absolute():
        try:
            return str(path.relative_to(relative_to))
        except ValueError:
            pass
    return str(path)
