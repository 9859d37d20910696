"""What every command shares: the --records option, loading, exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit import french

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ruamel.yaml.comments import CommentedMap

    from collegekit.edit import Verify
    from collegekit.records import College, LoadResult, Selection
    from collegekit.render.build import Difference, Generated

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

TodayOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today",
        formats=["%Y-%m-%d"],
        help="Comme si l'on était à cette date (AAAA-MM-JJ) ; par défaut, aujourd'hui.",
        show_default=False,
    ),
]


def day_of(today: dt.datetime | None) -> dt.date:
    """The day a command works as of: --today, or the clock's."""
    return today.date() if today else dt.date.today()


RecordsOption = Annotated[
    Path | None,
    typer.Option(
        "--records",
        help="Dossier des dossiers du collège (celui qui contient college.yaml). "
        "Par défaut : $COLLEGEKIT_RECORDS, ou le premier dossier contenant college.yaml "
        "en remontant depuis le dossier courant.",
        show_default=False,
    ),
]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"collegekit : {message}", err=True)
    return typer.Exit(code)


def records_root(records: Path | None) -> Path:
    # Imported here so that `--help` and `--version` stay light.
    from collegekit.diagnostics import CollegekitError
    from collegekit.records_folder import find_records

    try:
        return find_records(records)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None


def load_records(records: Path | None, select: Selection | None = None) -> LoadResult:
    from collegekit.records import load

    return load(records_root(records), select=select)


def load_college(records: Path | None) -> tuple[Path, College]:
    """The records folder and its College, for commands that need a valid college.yaml."""
    from collegekit.records import load

    root = records_root(records)
    college = load(root).college
    if college is None:
        raise fail("college.yaml est invalide : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS)
    return root, college


def records_for_output(records: Path | None) -> Path | None:
    """The records folder an --out must stay out of; None when there is none
    to be found (the command then stops on its own, or, like schema, reads none)."""
    from collegekit.diagnostics import CollegekitError
    from collegekit.records_folder import find_records

    try:
        return find_records(records)
    except CollegekitError:
        return None


def check_output_file(out: Path, example: str, records: Path | None) -> None:
    """Stop (exit 2) before any work when --out cannot become the file asked for."""
    from collegekit.files import OutputPathError, check_output_file

    try:
        check_output_file(out, example, records_for_output(records))
    except OutputPathError as error:
        raise fail(str(error), error.exit_code) from None


def check_output_folder(out: Path, records: Path | None) -> None:
    """Stop (exit 2) before any work when --out cannot be the folder to write in."""
    from collegekit.files import OutputPathError, check_output_folder

    try:
        check_output_folder(out, records_for_output(records))
    except OutputPathError as error:
        raise fail(str(error), error.exit_code) from None


def shown_path(path: Path) -> str:
    """A path as the user will recognise it: relative when below the current folder."""
    from collegekit.files import real_path

    try:
        relative = real_path(path).relative_to(real_path(Path.cwd()))
    except ValueError:
        return str(path)
    return str(relative) if relative.parts else str(real_path(path))


def report_findings(root: Path, written: Path, today: dt.date, before: set[tuple[str, str]] | None = None) -> None:
    """Lint the records after a write and show what concerns the file written:
    the command did its part; what remains to be done in that file is said.
    With `before` (lint_keys of the records before the write), the findings
    the write brought to other records are shown too."""
    from collegekit.files import real_path
    from collegekit.lint import lint_records
    from collegekit.reporters import text_report

    target = real_path(written)
    found = [
        d
        for d in lint_records(root, today).diagnostics
        if real_path(d.location.path) == target or (before is not None and _key(d) not in before)
    ]
    if found:
        typer.echo(f"Ce que « collegekit lint » relève encore dans {shown_path(written)} :" if before is None else "Ce que « collegekit lint » relève encore :")
        typer.echo(text_report(found, Path.cwd()))


def lint_keys(root: Path, today: dt.date) -> set[tuple[str, str]]:
    """What lint finds, before a write whose consequences elsewhere are to be shown."""
    from collegekit.lint import lint_records

    return {_key(d) for d in lint_records(root, today).diagnostics}


def _key(diagnostic: object) -> tuple[str, str]:
    from collegekit.files import real_path

    return str(real_path(diagnostic.location.path)), diagnostic.message  # type: ignore[attr-defined]


def load_error_free_college(records: Path | None, purpose: str, select: Selection | None = None) -> College:
    """The College, for commands whose output would be wrong with a record
    missing or citing what does not exist (documents, obligations): any load
    error, and any error of the checks that say so (checks.blocking_errors),
    stops them. The rules a college broke (too few meetings...) do not: the
    documents show the records as they are, the obligations report says it."""
    result = load_records(records, select)
    errors = list(result.errors)
    if result.college is not None:
        from collegekit.checks import blocking_errors

        errors += blocking_errors(result.college)
    if result.college is None or errors:
        count = len(errors)
        raise fail(
            f"les dossiers contiennent {french.plural(count, 'erreur')} : corrigez-les {purpose} "
            "(« collegekit lint » les montre).",
            EXIT_FINDINGS,
        )
    return result.college


def require_record(college: College, folder: str, record_id: str) -> None:
    """Stop with the closest ids when a record named on the command line does not exist."""
    import difflib

    records = college.records_of(folder)
    if record_id in records:
        return
    if f"{folder}/{record_id}" in college.unloadable:
        raise fail(f"{folder}/{record_id} est invalide : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS)
    close = difflib.get_close_matches(record_id, sorted(records), n=3, cutoff=0.6)
    suggestion = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
    raise fail(f"« {record_id} » n'existe pas dans {folder}/.{suggestion}", EXIT_USAGE)


def verifier(college: College, folder: str, record_id: str, codes: tuple[str, ...], day: dt.date) -> Verify:
    """Lint's own checks `codes`, run on the edited record before it is written."""
    from collegekit.write_checks import added_errors

    return lambda candidate, record: added_errors(college, folder, record_id, candidate, record, codes, day)


def apply_edit(path: Path, folder: str, change: Callable[[CommentedMap], None], verify: Verify | None = None) -> bool:
    from collegekit.edit import EditRefused, edit_record
    from collegekit.reporters import text_report

    try:
        return edit_record(path, folder, change, verify)
    except EditRefused as refusal:
        if refusal.diagnostics:
            typer.echo(text_report(refusal.diagnostics, Path.cwd()), err=True)
        raise fail(str(refusal), EXIT_FINDINGS) from None


def write_or_check(
    out: Path,
    check: bool,
    build: Callable[[], Sequence[Generated]],
    compare: Callable[[Sequence[Generated]], list[Difference]],
    *,
    files: tuple[str, str],
    up_to_date: str,
    command: str,
) -> tuple[list[Generated], list[tuple[Path, bool]]]:
    """A generated folder (the documents, the site): its files built, then
    written into `out` (unchanged files left alone), or with `check`, compared
    with `out`: each file that differs named and exit 1, or `up_to_date` and
    exit 0. `files` names the files (singular, plural: « document »); `command`
    is the command that makes them again. Returns the files and what was written."""
    from collegekit.diagnostics import CollegekitError
    from collegekit.render.build import write
    from collegekit.render.errors import shown

    try:
        generated = list(build())
        if check:
            differences = compare(generated)
        else:
            written = write(generated, out)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None
    except OSError as error:
        from collegekit.files import system_reason

        raise fail(f"écriture impossible dans {shown(out)} : {system_reason(error)}.", EXIT_USAGE) from None
    if not check:
        return generated, written
    if differences:
        for difference in differences:
            typer.echo(f"{shown(out / difference.path)} : {difference.reason}", err=True)
        count = len(differences)
        raise fail(
            f"{count} {files[0] if count < 2 else files[1]} à refaire : lancez « {command} » et enregistrez le résultat.",
            EXIT_FINDINGS,
        )
    typer.echo(f"{up_to_date} : {len(generated)} fichiers vérifiés dans {shown(out)}/.")
    raise typer.Exit(EXIT_CLEAN)


def written_summary(written: list[tuple[Path, bool]], out: Path) -> str:
    """« 12 fichiers dans build/ : 3 écrits, 9 inchangés »."""
    from collegekit.render.errors import shown

    changed = sum(1 for _, was_written in written if was_written)
    unchanged = len(written) - changed
    return (
        f"{french.plural(len(written), 'fichier')} dans {shown(out)}/ : {french.plural(changed, 'écrit')}, "
        f"{french.plural(unchanged, 'inchangé')}"
    )


def convene(college: College, meeting_id: str, today: dt.date, only: str | None = None) -> list[str]:
    """Bring a planned meeting's `invited` up to date with who it convenes
    (facts.not_convened; only the member `only`, when given): new-member and
    send agenda do it, and `meeting --update-invited` on demand. Returns who
    was added; the file is edited as every command edits (edit.py), and an
    edit refused raises edit.EditRefused."""
    from collegekit.edit import add_invited, edit_record
    from collegekit.facts import not_convened

    missing = [m for m in not_convened(college, meeting_id, today) if only is None or m == only]
    if missing:
        edit_record(college.path_of("meetings", meeting_id), "meetings", lambda data: add_invited(data, missing))
    return missing


def release(college: College, meeting_id: str, today: dt.date, only: str | None = None) -> list[str]:
    """Take out of a planned meeting's `invited` whoever is no longer a
    member on its date (facts.no_longer_members): meeting --update-invited
    and send agenda do it. With `only`, that member, whose membership or
    role a command has just changed, if the meeting no longer convenes them
    (facts.listed_not_convened: a bureau meeting after leaving the bureau
    too): member --leave and --role do it. Returns who was taken out."""
    from collegekit.edit import edit_record, remove_invited
    from collegekit.facts import listed_not_convened, no_longer_members

    if only is None:
        gone = no_longer_members(college, meeting_id, today)
    else:
        gone = [m for m in listed_not_convened(college, meeting_id, today) if m == only]
    if gone:
        edit_record(college.path_of("meetings", meeting_id), "meetings", lambda data: remove_invited(data, gone))
    return gone


def update_convocations(college: College, member_id: str, day: dt.date, edit: Callable[..., list[str]]) -> list[str]:
    """`edit` (convene or release) for one member, on every meeting of the
    college as loaded after the member's file was written: the meetings it
    changed. A meeting whose file refuses the edit is said, with the command
    to run once it is corrected."""
    from collegekit.edit import EditRefused

    changed = []
    for meeting_id in sorted(college.meetings):
        try:
            if edit(college, meeting_id, day, only=member_id):
                changed.append(meeting_id)
        except EditRefused as refusal:
            typer.echo(
                f"Attention : {meeting_id} n'a pas pu être mis à jour ({refusal}) ; une fois le fichier corrigé, "
                f"« collegekit meeting {meeting_id} --update-invited ».",
                err=True,
            )
    return changed


def site_code(college: College, text: str) -> str:
    """--site as a user writes it: head-office (or « siège »), a département's
    code (« 4 » for « 04 ») or its name as college.yaml gives it (« Var »,
    « hautes-alpes »). Another one is refused before anything is written,
    with the college's départements (lint's unknown-departement)."""
    from collegekit.models.member import HEAD_OFFICE

    def plain(value: str) -> str:
        return french.plain(value.strip()).replace("-", " ")

    wanted = plain(text)
    if wanted in (plain(HEAD_OFFICE), "siege", plain(college.settings.head_office.name)):
        return HEAD_OFFICE
    for departement in college.settings.departements:
        if wanted in (plain(departement.code), plain(departement.code).lstrip("0"), plain(departement.name)):
            return departement.code
    listed = ", ".join(f"{d.code} ({d.name})" for d in college.settings.departements)
    raise fail(
        f"--site {text} : ni head-office (le siège) ni un département déclaré dans college.yaml ({listed}) : "
        "rien n'a été écrit.",
        EXIT_USAGE,
    )


def names_of(college: College, member_ids: Sequence[str]) -> str:
    """« Dr Claire Moreau (cmoreau) et Marc Roux (mroux) »."""
    return french.join(
        [f"{college.members[m].display_name} ({m})" if m in college.members else m for m in member_ids]
    )
