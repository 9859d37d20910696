"""`collegekit convert-meeting`: meeting files of the first form (the agenda in
the front matter) rewritten with the agenda and the minutes in the body."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collegekit import french
from collegekit.cli.common import EXIT_CLEAN, EXIT_FINDINGS, fail, shown_path


def convert_meeting(
    files: Annotated[
        list[Path], typer.Argument(metavar="FICHIER", help="Les fichiers de séance à convertir (meetings/*.md).", show_default=False)
    ],
) -> None:
    """Déplace l'ordre du jour et le compte rendu de l'en-tête d'une séance vers son texte, sans rien perdre."""
    from collegekit.minutes.convert import ConversionRefused, convert_file

    refused = 0
    for path in files:
        if not path.is_file() or path.suffix != ".md":
            problem = "n'est pas un fichier de séance (.md)" if path.exists() else "est introuvable"
            typer.echo(f"collegekit : {shown_path(path)} {problem}.", err=True)
            refused += 1
            continue
        try:
            changed = convert_file(path)
        except ConversionRefused as refusal:
            typer.echo(f"collegekit : {refusal}", err=True)
            refused += 1
            continue
        typer.echo(f"{shown_path(path)} converti." if changed else f"{shown_path(path)} est déjà sous la nouvelle forme.")
    if refused:
        raise fail(f"{french.plural(refused, 'fichier')} non {french.plural_word(refused, 'converti')}.", EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def register(app: typer.Typer) -> None:
    app.command("convert-meeting")(convert_meeting)
