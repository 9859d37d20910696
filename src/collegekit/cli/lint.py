"""`collegekit lint`: check the records and report every problem found."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from collegekit.cli.common import EXIT_CLEAN, EXIT_FINDINGS, RecordsOption, load_records


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"


def lint(
    records: RecordsOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="text pour une lecture humaine, json pour un autre outil."),
    ] = OutputFormat.TEXT,
) -> None:
    """Vérifie les dossiers du collège et signale chaque problème, avec son fichier et sa ligne."""
    from collegekit.reporters import json_report, summary_line, text_report

    result = load_records(records)
    base = Path.cwd()
    if output_format is OutputFormat.JSON:
        typer.echo(json_report(result.diagnostics, base))
    else:
        if result.diagnostics:
            typer.echo(text_report(result.diagnostics, base))
        typer.echo(summary_line(result.diagnostics, result.files))
    raise typer.Exit(EXIT_FINDINGS if result.errors else EXIT_CLEAN)

