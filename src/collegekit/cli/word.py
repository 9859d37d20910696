"""`collegekit draft` and `collegekit import-minutes`: notes taken in Word.

    collegekit draft 2025-11-25-pleniere [--out notes.docx] [--force]
    collegekit import-minutes 2025-11-25-pleniere notes.docx [--force] [--yes]

The work is in collegekit.minutes.draft and collegekit.minutes.import_minutes,
imported inside the commands (pandoc and Jinja are not needed for
`collegekit --help`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit import french
from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    check_output_file,
    day_of,
    fail,
    load_college,
    load_error_free_college,
    require_record,
    shown_path,
    verifier,
)

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from collegekit.minutes.import_minutes import Imported
    from collegekit.records import College

MeetingArgument = Annotated[
    str, typer.Argument(metavar="SÉANCE", help="La séance : le nom de son fichier, par exemple 2025-11-25-pleniere.")
]


def draft(
    meeting: MeetingArgument,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Le fichier Word à écrire ; par défaut build/prises-de-notes/SÉANCE-prise-de-notes.docx.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Remplace le fichier s'il existe déjà.")] = False,
    records: RecordsOption = None,
) -> None:
    """Écrit un document Word pour prendre les notes de la séance : l'ordre du jour en titres, de la place
    sous chaque point, les mentions (Décision, Point de vigilance...) et le tableau des présences à cocher."""
    from collegekit.diagnostics import CollegekitError
    from collegekit.files import FileExistsRefusal, write_atomically
    from collegekit.minutes.draft import draft as make_draft

    if out is not None:
        check_output_file(out, "notes.docx", records)
    college = load_error_free_college(records, "avant de préparer la prise de notes")
    meeting_id = meeting.removesuffix(".md").rsplit("/", 1)[-1]
    require_record(college, "meetings", meeting_id)
    try:
        default_path, data = make_draft(college, meeting_id)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None
    target = out if out is not None else Path("build", *default_path.parts)
    if target.suffix.lower() != ".docx" and target.name not in ("", ".", "..") and not target.is_dir():
        raise fail(f"« {shown_path(target)} » : le brouillon est un document Word, son nom finit par .docx.", EXIT_USAGE)
    try:
        write_atomically(target, data, overwrite=force)
    except FileExistsRefusal:
        raise fail(
            f"{shown_path(target)} existe déjà (peut-être avec des notes) : rien n'a été écrit. "
            "Choisissez un autre --out, ou ajoutez --force pour le remplacer.",
            EXIT_FINDINGS,
        ) from None
    except OSError as error:
        from collegekit.files import system_reason

        raise fail(f"écriture impossible de {shown_path(target)} : {system_reason(error)}.", EXIT_USAGE) from None
    typer.echo(f"{shown_path(target)} : prise de notes de la séance {meeting_id}.")
    typer.echo(f"Après la séance : collegekit import-minutes {meeting_id} {shown_path(target)}")
    raise typer.Exit(EXIT_CLEAN)


def import_minutes(
    meeting: MeetingArgument,
    document: Annotated[
        Path, typer.Argument(metavar="NOTES.docx", help="Le document Word des notes ou du compte rendu.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Remplace un compte rendu déjà écrit dans le dossier de la séance.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Écrit sans demander de confirmation (obligatoire hors d'un terminal).")
    ] = False,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Reprend dans le dossier de la séance le compte rendu pris dans Word : titres, puces et mentions
    deviennent le corps du fichier (l'en-tête ne change pas), après affichage des changements."""
    from collegekit.diagnostics import CollegekitError
    from collegekit.edit import EditRefused, split_body
    from collegekit.minutes.import_minutes import keep_planned_durations, read_minutes
    from collegekit.render.pandoc import pandoc_path

    root, college = load_college(records)
    meeting = meeting.removesuffix(".md").rsplit("/", 1)[-1]
    require_record(college, "meetings", meeting)
    path = college.path_of("meetings", meeting)
    try:
        imported = read_minutes(college, document, shown_path(document), pandoc_path())
    except CollegekitError as error:
        raise fail(f"{error}" + ("" if str(error).endswith("écrit.") else " Rien n'a été écrit."), error.exit_code) from None
    if imported.made_for is not None and imported.made_for != meeting:
        raise fail(
            f"{shown_path(document)} a été fait par collegekit pour la séance {imported.made_for} (ses propriétés "
            f"le disent), pas pour {meeting} : rien n'a été écrit. Importez-le dans cette séance-là "
            f"(« collegekit import-minutes {imported.made_for} … »), ou prenez les notes sur le brouillon de "
            f"{meeting} (« collegekit draft {meeting} »).",
            EXIT_FINDINGS,
        )
    original = path.read_bytes()
    try:
        _head, current_body = split_body(original.decode("utf-8"))
    except (EditRefused, UnicodeDecodeError):
        raise fail(f"{shown_path(path)} est illisible : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS) from None

    _report(imported)
    body, kept = keep_planned_durations(current_body, imported.body)
    if kept:
        typer.echo(
            f"{french.capitalise(french.plural(kept, 'durée prévue', 'durées prévues'))} de l'ordre du jour "
            f"{french.plural_word(kept, 'gardée')} (« Durée : », que le compte rendu ne montre pas)."
        )
    _refuse_unreadable(body)
    body_changes = current_body.strip("\n") != body.strip("\n")
    attendance_changes = _attendance_changes(college, meeting, imported)
    day = day_of(today)
    record = college.meetings[meeting]
    early = {member: presence for member, presence in attendance_changes.items() if presence != "excused"}
    if early and record.date > day:
        # What attend refuses (attendance-not-held): before the day, only excuses are noted.
        typer.echo(
            f"Présences : la séance du {french.short_date(record.date)} est à venir, seules les excuses cochées "
            f"sont reprises. Après la séance, relancez cette commande ou « collegekit attend {meeting} »."
        )
        attendance_changes = {member: presence for member, presence in attendance_changes.items() if member not in early}
    if body_changes and _has_minutes(current_body) and not force:
        raise fail(
            f"{shown_path(path)} contient déjà un compte rendu : rien n'a été écrit. Ajoutez --force pour le "
            "remplacer par celui du document (l'ancien reste dans l'historique git).",
            EXIT_FINDINGS,
        )
    if not body_changes and not attendance_changes:
        typer.echo(f"{shown_path(path)} contient déjà ce compte rendu et ces présences : rien à changer.")
        raise typer.Exit(EXIT_CLEAN)
    if body_changes:
        _show_diff(current_body, body, shown_path(path))
    if attendance_changes:
        _show_attendance(college, meeting, attendance_changes)
    write_body = body_changes and _confirmed(yes, "Écrire ce compte rendu dans le dossier de la séance ?")
    write_attendance = bool(attendance_changes) and _confirmed(yes, "Noter ces présences dans le dossier de la séance ?")
    if not write_body and not write_attendance:
        typer.echo("Rien n'a été écrit.")
        raise typer.Exit(EXIT_CLEAN)
    from collegekit.cli.attend import ATTENDANCE_CHECKS
    from collegekit.edit import edit_record, replace_body, set_attendance, set_values
    from collegekit.facts import held_by_attendance
    from collegekit.models.meeting import MeetingStatus
    from collegekit.reporters import text_report

    try:
        # The attendance first, checked as `attend` checks it: refused, nothing
        # is written, the minutes included (never half an import).
        if write_attendance:
            after = {member: presence.value for member, presence in record.attendance.items()} | attendance_changes
            held = held_by_attendance(record.status, record.date, after.values(), day)

            def note(data: CommentedMap) -> None:
                set_attendance(data, attendance_changes)
                if held:  # attendance taken after the day: the meeting took place
                    set_values(data, {"status": MeetingStatus.HELD.value})

            edit_record(path, "meetings", note, verifier(college, "meetings", meeting, ATTENDANCE_CHECKS, day))
            original = path.read_bytes()  # ours: the body is written over it
            count = len(attendance_changes)
            typer.echo(f"{shown_path(path)} : {french.plural(count, 'présence')} {french.plural_word(count, 'notée')}.")
            if held:
                typer.echo("La séance est désormais notée « tenue » (status: held).")
        if write_body:
            replace_body(path, body, expected=original)
            typer.echo(f"{shown_path(path)} : compte rendu écrit (l'en-tête du fichier est inchangé).")
    except EditRefused as refusal:
        if refusal.diagnostics:
            typer.echo(text_report(refusal.diagnostics, Path.cwd()), err=True)
        raise fail(str(refusal), EXIT_FINDINGS) from None
    raise typer.Exit(_lint_meeting(root, path, day))


def _report(imported: Imported) -> None:
    for note in imported.notes:
        typer.echo(note)
    if imported.unplaced:
        count = len(imported.unplaced)
        typer.echo(
            f"{french.plural(count, 'élément')} du document non {french.plural_word(count, 'repris', 'repris')} "
            "(à recopier à la main s'il le faut) :"
        )
        for item in imported.unplaced:
            typer.echo(f"  - {item}")
    for problem in imported.attendance_problems:
        typer.echo(f"Présences : {problem}")


def _refuse_unreadable(body: str) -> None:
    """Never write a body collegekit itself could not read back."""
    from collegekit.minutes.parse import parse_body

    try:
        parse_body(body)
    except Exception as error:  # a fault of collegekit's, told without a traceback
        raise fail(
            f"le compte rendu tiré du document ne peut pas être relu par collegekit ({type(error).__name__}) : "
            "rien n'a été écrit. Signalez-le aux mainteneurs de collegekit avec le document.",
            EXIT_USAGE,
        ) from None


def _has_minutes(body: str) -> bool:
    """Whether a body already holds minutes: a point, a round-table entry, an
    action or prose, not only the agenda's headings, speaker and support lines
    and hints in comments (what `new-meeting` writes)."""
    from collegekit.minutes.parse import parse_body

    parsed = parse_body(body)
    if parsed.actions or parsed.problems:
        return True
    if any(line.strip() and not line.lstrip().startswith("#") for prose in parsed.prose for line in prose.text.split("\n")):
        return True
    blocks: list[object] = list(parsed.agenda)
    while blocks:
        block = blocks.pop()
        if getattr(block, "points", ()) or any(table.entries for table in getattr(block, "round_tables", ())):
            return True
        blocks.extend(getattr(block, "items", ()))
        blocks.extend(getattr(block, "sections", ()))
    return False


def _attendance_changes(college: College, meeting_id: str, imported: Imported) -> dict[str, str]:
    current = college.meetings[meeting_id].attendance
    return {
        member_id: presence
        for member_id, presence in imported.attendance.items()
        if (current.get(member_id).value if member_id in current else None) != presence
    }


def _show_diff(old: str, new: str, shown: str) -> None:
    import difflib

    from rich.console import Console
    from rich.text import Text

    lines = list(
        difflib.unified_diff(
            old.strip("\n").splitlines(),
            new.strip("\n").splitlines(),
            fromfile=f"{shown} (actuel)",
            tofile=f"{shown} (depuis le document Word)",
            lineterm="",
        )
    )
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        typer.echo("\n".join(lines))
        return
    styles = {"+": "green", "-": "red", "@": "cyan"}
    for line in lines:
        style = "bold" if line.startswith(("+++", "---")) else styles.get(line[:1], "")
        console.print(Text(line, style=style))


def _show_attendance(college: College, meeting_id: str, changes: dict[str, str]) -> None:
    from collegekit.models.meeting import Presence

    current = college.meetings[meeting_id].attendance
    typer.echo("Présences cochées dans le document :")
    for member_id, presence in sorted(changes.items(), key=lambda pair: college.members[pair[0]].last_name):
        person = college.members[member_id]
        before = f"{person.agreed(current[member_id])} → " if member_id in current else ""
        typer.echo(f"  {person.display_name} : {before}{person.agreed(Presence(presence))}")


def _confirmed(yes: bool, question: str) -> bool:
    if yes:
        return True
    if not _in_terminal():
        raise fail(
            "pas de terminal pour confirmer : rien n'a été écrit. Relisez les changements ci-dessus, puis relancez "
            "la commande avec --yes.",
            EXIT_USAGE,
        )
    from collegekit.cli.prompt import Confirm

    return Confirm.ask(question, default=False)


def _in_terminal() -> bool:
    return sys.stdin.isatty()


def _lint_meeting(root: Path, path: Path, today: object) -> int:
    """Lint the records and print the findings about the meeting's file."""
    from collegekit.files import real_path
    from collegekit.lint import lint_records
    from collegekit.reporters import text_report

    result = lint_records(root, today, changed={path})  # type: ignore[arg-type]
    findings = [d for d in result.diagnostics if real_path(d.location.path) == real_path(path)]
    if not findings:
        typer.echo(f"{shown_path(path)} : aucune erreur.")
        return EXIT_CLEAN
    typer.echo(text_report(findings, Path.cwd()))
    return EXIT_FINDINGS if any(d.is_error for d in findings) else EXIT_CLEAN


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)
    app.command("import-minutes")(import_minutes)
