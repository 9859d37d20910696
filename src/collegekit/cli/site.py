"""`collegekit site`: the college's records as a static website.

    collegekit site [--out public] [--check] [--pseudonymize] [--no-downloads] [--today AAAA-MM-JJ]

The site itself is built by collegekit.site, imported inside the command
(Jinja, pandoc and the statistics are not needed for `collegekit --help`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collegekit import french
from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    day_of,
    fail,
    records_root,
    write_or_check,
    written_summary,
)


def site(
    out: Annotated[
        Path,
        typer.Option("--out", help="Dossier où écrire le site (créé s'il n'existe pas)."),
    ] = Path("public"),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="N'écrit rien : refait le site à part et échoue (code 1), en nommant les fichiers, si celui du "
            "dossier --out en diffère.",
        ),
    ] = False,
    pseudonymize: Annotated[
        bool,
        typer.Option(
            "--pseudonymize",
            help="Remplace les noms des membres par des codes stables (M-XXXXX) et laisse de côté les fiches de "
            "poste : pour un site publié hors du collège.",
        ),
    ] = False,
    downloads: Annotated[
        bool,
        typer.Option(
            "--downloads/--no-downloads",
            help="Joint à chaque document ses versions Word et PDF, à télécharger (par défaut). Sans elles, le site "
            "se construit bien plus vite : pour le relire avant de le publier.",
        ),
    ] = True,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Le site du collège : séances, plans, participation et membres, en pages web accessibles."""
    from collegekit import reporters
    from collegekit.diagnostics import Severity
    from collegekit.lint import lint_records
    from collegekit.records import load
    from collegekit.render.errors import shown

    if out.exists() and not out.is_dir():
        raise fail(f"« {shown(out)} » est un fichier, pas un dossier : choisissez un autre --out.", EXIT_USAGE)
    day = day_of(today)
    root = records_root(records)
    # As `render all`: a site built from records with errors would be wrong
    # without saying so. Lint says what to fix, file and line.
    errors = [d for d in lint_records(root, day).diagnostics if d.severity is Severity.ERROR]
    college = load(root).college if not errors else None
    if errors or college is None:
        if errors:
            typer.echo(reporters.text_report(errors, Path.cwd()), err=True)
        count = len(errors)
        raise fail(
            f"les dossiers contiennent {french.plural(count, 'erreur')} : corrigez-les avant de construire "
            "le site (« collegekit lint » les montre).",
            EXIT_FINDINGS,
        )
    from collegekit.site.build import Site, compare

    redo = (
        f"collegekit site{'' if out == Path('public') else ' --out ' + shown(out)}"
        f"{' --pseudonymize' if pseudonymize else ''}{'' if downloads else ' --no-downloads'}"
    )
    # The Word and PDF files of a previous build in --out are taken again
    # when nothing they are made from has changed; --check makes them all.
    _, written = write_or_check(
        out,
        check,
        lambda: Site(college, day, pseudonymize).build(downloads=downloads, previous=None if check else out),
        lambda pages: compare(pages, out),
        files=("fichier du site", "fichiers du site"),
        up_to_date="Site à jour",
        command=redo,
    )
    typer.echo(f"Site du collège : {written_summary(written, out)}. Page d'accueil : {shown(out / 'index.html')}")
    raise typer.Exit(EXIT_CLEAN)


def register(app: typer.Typer) -> None:
    app.command("site")(site)
