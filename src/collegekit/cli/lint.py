"""`collegekit lint`: check the records and report every problem found."""

from __future__ import annotations

import datetime as dt
import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from collegekit.cli.common import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, RecordsOption, fail, records_root


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"


def lint(
    records: RecordsOption = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="text pour une lecture humaine (par défaut), json pour un autre outil."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Échoue aussi sur les avertissements (code de sortie 1).")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Ne lance que ces vérifications (codes ou groupes, séparés par des virgules)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Ne signale pas ces codes ou groupes (séparés par des virgules)."),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="Ne signale que les problèmes des dossiers modifiés (selon git) et de ceux qui en dépendent.",
        ),
    ] = False,
    base: Annotated[
        str,
        typer.Option("--base", help="Avec --changed : la référence git de comparaison (par exemple origin/main)."),
    ] = "HEAD",
    today: Annotated[
        dt.datetime | None,
        typer.Option(
            "--today",
            formats=["%Y-%m-%d"],
            help="Vérifie comme si l'on était à cette date (AAAA-MM-JJ) ; par défaut, aujourd'hui.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Vérifie les dossiers du collège et signale chaque problème, avec son fichier et sa ligne."""
    from collegekit.lint import known_codes, lint_records
    from collegekit.reporters import json_report, summary_line, text_report

    selected, ignored = _codes(select), _codes(ignore)
    unknown = sorted(set(selected + ignored) - known_codes())
    if unknown:
        raise fail(
            f"code ou groupe inconnu : {', '.join(unknown)}. Les codes sont listés dans le README.", EXIT_USAGE
        )
    root = records_root(records)
    changed_paths = None
    if changed:
        from collegekit.changes import GitError, changed_files

        try:
            changed_paths = changed_files(root, base)
        except GitError as error:
            raise fail(str(error), EXIT_USAGE) from None
    result = lint_records(root, today.date() if today else dt.date.today(), selected, ignored, changed_paths)
    base = Path.cwd()
    if output_format is OutputFormat.JSON:
        typer.echo(json_report(result.diagnostics, base))
    else:
        if result.diagnostics:
            typer.echo(text_report(result.diagnostics, base))
        typer.echo(summary_line(result.diagnostics, result.files))
    raise typer.Exit(EXIT_FINDINGS if result.failed(strict) else EXIT_CLEAN)


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or () for code in value.split(",") if code.strip()]


def running_on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
