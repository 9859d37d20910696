"""`collegekit attend` and `collegekit meeting`: the edits the bureau makes
around a meeting, without opening the YAML."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    fail,
    load_college,
    require_record,
    shown_path,
)
from collegekit.cli.new import NoInputOption, interactive, parse_date

if TYPE_CHECKING:
    from collegekit.records import College


class PresenceChoice(enum.StrEnum):
    PRESENT = "present"
    VIDEO = "video"
    EXCUSED = "excused"
    ABSENT = "absent"


class StatusChoice(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    MINUTES_DRAFTED = "minutes-drafted"
    MINUTES_APPROVED = "minutes-approved"
    CANCELLED = "cancelled"


def attend(
    meeting: Annotated[str, typer.Argument(metavar="SÉANCE", help="La séance, par exemple 2026-03-17-pleniere.")],
    members: Annotated[list[str] | None, typer.Argument(metavar="MEMBRE", help="Les membres (identifiants).", show_default=False)] = None,
    status: Annotated[
        PresenceChoice | None, typer.Option("--status", help="present, video, excused ou absent.")
    ] = None,
    checklist: Annotated[
        bool, typer.Option("--interactive", help="Passe en revue chaque membre attendu, un par un.")
    ] = False,
    records: RecordsOption = None,
    no_input: NoInputOption = False,
) -> None:
    """Note la présence de membres à une séance (le fichier garde ses commentaires et sa mise en page)."""
    _, college = load_college(records)
    path = _meeting_path(college, meeting)
    if checklist:
        presences = _ask_everyone(college, meeting, no_input)
    else:
        if not members or status is None:
            raise fail(
                "indiquez les membres et --status (present, video, excused ou absent), ou --interactive.", EXIT_USAGE
            )
        for member_id in members:
            require_record(college, "members", member_id)
        presences = {member_id: status.value for member_id in members}
    from collegekit.edit import set_attendance

    _apply(path, "meetings", lambda data: set_attendance(data, presences))
    typer.echo(f"{len(presences)} présence{'s' if len(presences) > 1 else ''} notée{'s' if len(presences) > 1 else ''} dans {shown_path(path)}.")
    raise typer.Exit(EXIT_CLEAN)


def meeting(
    meeting_id: Annotated[str, typer.Argument(metavar="SÉANCE", help="La séance, par exemple 2026-03-17-pleniere.")],
    status: Annotated[StatusChoice | None, typer.Option("--status", help="Nouvel état de la séance.")] = None,
    minutes_approved_on: Annotated[
        str | None, typer.Option("--minutes-approved-on", help="Date d'approbation du compte rendu (AAAA-MM-JJ).")
    ] = None,
    agenda_sent_on: Annotated[
        str | None, typer.Option("--agenda-sent-on", help="Date d'envoi de l'ordre du jour à l'instance.")
    ] = None,
    minutes_sent_on: Annotated[
        str | None, typer.Option("--minutes-sent-on", help="Date d'envoi du compte rendu à l'instance.")
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Met à jour l'état d'une séance et ses dates (approbation, envois à l'instance)."""
    values: dict[str, object] = {}
    if status is not None:
        values["status"] = status.value
    for key, text, option in (
        ("minutes_approved_on", minutes_approved_on, "--minutes-approved-on"),
        ("sent_to_committee.agenda", agenda_sent_on, "--agenda-sent-on"),
        ("sent_to_committee.minutes", minutes_sent_on, "--minutes-sent-on"),
    ):
        if text is not None:
            values[key] = parse_date(text, option)
    if not values:
        raise fail("rien à changer : indiquez --status ou une date (voir --help).", EXIT_USAGE)
    _, college = load_college(records)
    path = _meeting_path(college, meeting_id)
    from collegekit.edit import set_values

    changed = _apply(path, "meetings", lambda data: set_values(data, values))
    typer.echo(f"{shown_path(path)} mis à jour." if changed else f"{shown_path(path)} était déjà à jour.")
    raise typer.Exit(EXIT_CLEAN)


def _meeting_path(college: College, meeting_id: str) -> Path:
    require_record(college, "meetings", meeting_id)
    return college.path_of("meetings", meeting_id)


def _ask_everyone(college: College, meeting_id: str, no_input: bool) -> dict[str, str]:
    if not interactive(no_input):
        raise fail("--interactive pose des questions : lancez la commande dans un terminal.", EXIT_USAGE)
    from collegekit.cli.prompt import Prompt
    from collegekit.stats import expected_members

    record = college.meetings[meeting_id]
    presences = {}
    choices = {"p": "present", "v": "video", "e": "excused", "a": "absent"}
    for member_id in expected_members(college, record):
        current = record.attendance.get(member_id)
        default = next((key for key, value in choices.items() if value == current), "a")
        answer = Prompt.ask(
            f"{college.members[member_id].display_name} — [p]résent, [v]isio, [e]xcusé, [a]bsent",
            choices=list(choices),
            default=default,
        )
        presences[member_id] = choices[answer]
    return presences


def _apply(path: Path, folder: str, change: object) -> bool:
    from collegekit.edit import EditRefused, edit_record
    from collegekit.reporters import text_report

    try:
        return edit_record(path, folder, change)  # type: ignore[arg-type]
    except EditRefused as refusal:
        if refusal.diagnostics:
            typer.echo(text_report(refusal.diagnostics, Path.cwd()), err=True)
        raise fail(str(refusal), EXIT_FINDINGS) from None


def register(app: typer.Typer) -> None:
    app.command("attend")(attend)
    app.command("meeting")(meeting)
