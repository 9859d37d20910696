"""`collegekit attend` and `collegekit meeting`: the edits the bureau makes
around a meeting, without opening the YAML."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    apply_edit,
    convene,
    day_of,
    fail,
    load_college,
    names_of,
    release,
    report_findings,
    require_record,
    shown_path,
    verifier,
)
from collegekit.cli.new import Format, NoInputOption, interactive, parse_date, parse_time

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from collegekit.models.meeting import Meeting
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


def _ids_option(name: str, help_text: str) -> typer.models.OptionInfo:
    return typer.Option(name, metavar="ID,ID...", help=help_text, show_default=False)


IdList = list[str] | None

# Who is convened for what: the presence each option notes.
_PRESENCE_OPTIONS = (("--present", "present"), ("--video", "video"), ("--excused", "excused"), ("--absent", "absent"))
# The checks an attendance edit concerns: who may be listed, and when.
ATTENDANCE_CHECKS = ("unknown-member", "attendance-not-a-member", "attendance-not-held")
# The checks a change of a meeting's state or dates concerns.
MEETING_CHECKS = ("approved-before-meeting", "status-out-of-date", "attendance-not-held", "minutes-missing")


def attend(
    meeting: Annotated[str, typer.Argument(metavar="SÉANCE", help="La séance, par exemple 2026-03-17-pleniere.")],
    members: Annotated[
        list[str] | None,
        typer.Argument(metavar="MEMBRE", help="Des membres (identifiants), avec --status.", show_default=False),
    ] = None,
    status: Annotated[
        PresenceChoice | None, typer.Option("--status", help="Avec MEMBRE... : present, video, excused ou absent.")
    ] = None,
    present: Annotated[IdList, _ids_option("--present", "Présents en salle (identifiants séparés par des virgules).")] = None,
    video: Annotated[IdList, _ids_option("--video", "Présents en visioconférence.")] = None,
    excused: Annotated[IdList, _ids_option("--excused", "Excusés.")] = None,
    absent: Annotated[IdList, _ids_option("--absent", "Absents.")] = None,
    remove: Annotated[IdList, _ids_option("--remove", "Retire ces lignes des présences.")] = None,
    checklist: Annotated[
        bool, typer.Option("--interactive", help="Passe en revue, un par un, les membres attendus pas encore notés.")
    ] = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="Avec --interactive : repose la question pour les membres déjà notés.")
    ] = False,
    records: RecordsOption = None,
    today: TodayOption = None,
    no_input: NoInputOption = False,
) -> None:
    """Note la présence des membres à une séance, en une fois (le fichier garde ses commentaires et sa mise en page).

    Exemple : collegekit attend 2026-03-17-pleniere --present cmoreau,mroux --video dfontaine --excused agiraud
    """
    from collegekit import french
    from collegekit.facts import held_by_attendance
    from collegekit.models.meeting import MeetingStatus

    day = day_of(today)
    given = {option: _ids(values) for (option, _), values in zip(_PRESENCE_OPTIONS, (present, video, excused, absent), strict=True)}
    removed = _ids(remove)
    root, college = load_college(records)
    path = _meeting_path(college, meeting)
    record = college.meetings[meeting]
    if checklist:
        if members or status or any(given.values()) or removed:
            raise fail("--interactive pose les questions lui-même : n'indiquez pas de membres avec.", EXIT_USAGE)
        presences = _ask_everyone(college, meeting, no_input, everyone)
    else:
        presences = _presences(members, status, given, removed)
    unchanged = {m for m, p in presences.items() if record.attendance.get(m) is not None and record.attendance[m].value == p}
    changed = {m: p for m, p in presences.items() if m not in unchanged}
    for member_id in removed:
        if member_id not in record.attendance:
            typer.echo(f"« {member_id} » n'est pas dans les présences de {meeting} : rien à retirer.")
    removed = [m for m in removed if m in record.attendance]
    after = {m: p.value for m, p in record.attendance.items() if m not in removed} | changed
    held = held_by_attendance(record.status, record.date, after.values(), day)

    def change(data: CommentedMap) -> None:
        from collegekit.edit import remove_attendance, set_attendance, set_values

        set_attendance(data, changed)
        remove_attendance(data, removed)
        if held:  # attendance taken after the day: the meeting took place
            set_values(data, {"status": MeetingStatus.HELD.value})

    written = apply_edit(path, "meetings", change, verifier(college, "meetings", meeting, ATTENDANCE_CHECKS, day))
    if not written:
        typer.echo(f"{shown_path(path)} était déjà à jour.")
    else:
        done = []
        if changed:
            done.append(f"{french.plural(len(changed), 'présence')} {french.plural_word(len(changed), 'notée')}")
        if removed:
            done.append(f"{french.plural(len(removed), 'ligne')} {french.plural_word(len(removed), 'retirée')}")
        if done:
            typer.echo(f"{french.capitalise(french.join(done))} dans {shown_path(path)}.")
        if held:
            typer.echo("La séance est désormais notée « tenue » (status: held).")
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def _ids(values: list[str] | None) -> list[str]:
    """Ids from options that may be repeated and hold several, comma-separated."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _presences(
    members: list[str] | None, status: PresenceChoice | None, given: dict[str, list[str]], removed: list[str]
) -> dict[str, str]:
    if members and status is None:
        raise fail("indiquez --status pour les membres donnés, ou utilisez --present, --video, --excused, --absent.", EXIT_USAGE)
    if status is not None and not members:
        raise fail("--status s'applique aux membres donnés après la séance : indiquez-les.", EXIT_USAGE)
    listed = [("--status", member_id, status.value) for member_id in members or ()] if status else []
    listed += [(option, member_id, value) for option, value in _PRESENCE_OPTIONS for member_id in given[option]]
    if not listed and not removed:
        raise fail(
            "rien à noter : indiquez --present, --video, --excused, --absent ou --remove (ou --interactive).", EXIT_USAGE
        )
    presences: dict[str, str] = {}
    where: dict[str, str] = {}
    for option, member_id, value in listed:
        if member_id in where and presences[member_id] != value:
            raise fail(f"« {member_id} » est donné deux fois, avec {where[member_id]} et {option} : choisissez.", EXIT_USAGE)
        presences[member_id], where[member_id] = value, option
    both = [member_id for member_id in removed if member_id in presences]
    if both:
        raise fail(f"« {both[0]} » est à la fois noté et retiré (--remove) : choisissez.", EXIT_USAGE)
    return presences


def meeting(
    meeting_id: Annotated[str, typer.Argument(metavar="SÉANCE", help="La séance, par exemple 2026-03-17-pleniere.")],
    status: Annotated[StatusChoice | None, typer.Option("--status", help="Nouvel état de la séance.")] = None,
    minutes_approved_on: Annotated[
        str | None, typer.Option("--minutes-approved-on", help="Date d'approbation du compte rendu (AAAA-MM-JJ).")
    ] = None,
    agenda_sent_on: Annotated[
        str | None, typer.Option("--agenda-sent-on", help="Date d'envoi de l'ordre du jour à l'instance (AAAA-MM-JJ).")
    ] = None,
    minutes_sent_on: Annotated[
        str | None, typer.Option("--minutes-sent-on", help="Date d'envoi du compte rendu à l'instance (AAAA-MM-JJ).")
    ] = None,
    number: Annotated[
        int | None,
        typer.Option("--number", min=1, help="Numéro de la séance dans l'année (le titre par défaut suit)."),
    ] = None,
    update_invited: Annotated[
        bool,
        typer.Option(
            "--update-invited",
            help="Séance à venir : ajoute aux convoqués (invited) les membres qui doivent l'être à sa date.",
        ),
    ] = False,
    start: Annotated[str | None, typer.Option("--start", metavar="HH:MM", help="Nouvelle heure de début.")] = None,
    end: Annotated[str | None, typer.Option("--end", metavar="HH:MM", help="Nouvelle heure de fin.")] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="TEXTE", help="Nouveau lieu (\"\" pour l'effacer, en visioconférence).")
    ] = None,
    meeting_format: Annotated[
        Format | None, typer.Option("--format", help="Nouveau format : in-person, video ou hybrid.")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", hidden=True)] = None,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Met à jour une séance : son état, son numéro, ses convoqués, ses dates (approbation, envois à l'instance), ses heures, son lieu et son format.

    Exemples : collegekit meeting 2026-06-23-pleniere --start 09:30 --end 12:30 --place "Délégation du Var, Toulon" ;
    collegekit meeting 2026-03-17-pleniere --status minutes-approved --minutes-approved-on 2026-06-23

    Le jour d'une séance est dans le nom de son fichier : pour la déplacer à un autre jour, créez la nouvelle
    séance (collegekit new-meeting --date AAAA-MM-JJ), puis annulez celle-ci (--status cancelled).
    """
    from collegekit.edit import renumber, set_in_order, set_values
    from collegekit.models.meeting import MeetingFrontMatter

    if date is not None:
        # Hidden: only there to answer the natural guess with the way to reschedule.
        advice = _reschedule_advice(meeting_id)
        raise fail(f"--date {date} : {advice[0].lower()}{advice[1:]}", EXIT_USAGE)
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
    details = _details(start, end, place, meeting_format)
    if not values and not details and number is None and not update_invited:
        raise fail(
            "rien à changer : indiquez --status, --number, --update-invited, une date d'approbation ou d'envoi, "
            f"--start, --end, --place ou --format (voir --help). {_reschedule_advice(meeting_id)}",
            EXIT_USAGE,
        )
    if update_invited and status is not None and status is not StatusChoice.PLANNED:
        # Convening is for a meeting to come: added, then marked held or cancelled, the list would be wrong.
        raise fail(f"--update-invited et --status {status.value} ensemble : faites l'un, puis l'autre.", EXIT_USAGE)
    day = day_of(today)
    root, college = load_college(records)
    path = _meeting_path(college, meeting_id)
    record = college.meetings[meeting_id]
    if number is not None and record.status.value == StatusChoice.MINUTES_APPROVED.value:
        # Its number is in its approved title: history, as its details are.
        raise fail(
            f"le compte rendu de {meeting_id} est approuvé : son numéro et son titre sont ceux qu'il porte. "
            "Rien n'a été écrit.",
            EXIT_USAGE,
        )
    if details:
        _refuse_details_of_history(record, meeting_id, status)
    changed = False
    if update_invited:
        changed = _update_invited(college, meeting_id, day) or changed
    if values or details or number is not None:
        order = list(MeetingFrontMatter.model_fields)

        def change(data: CommentedMap) -> None:
            set_values(data, values)
            set_in_order(data, details, order)
            if number is not None:
                renumber(data, number, record.kind.label, record.date.year)

        written = apply_edit(path, "meetings", change, verifier(college, "meetings", meeting_id, MEETING_CHECKS, day))
        changed = written or changed
        if written and details:
            _remind_convened(record, meeting_id)
        if written and status is StatusChoice.CANCELLED and record.status.value != StatusChoice.CANCELLED.value:
            _close_up_numbers(college, meeting_id)
    typer.echo(f"{shown_path(path)} mis à jour." if changed else f"{shown_path(path)} était déjà à jour.")
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def _reschedule_advice(meeting_id: str) -> str:
    return (
        f"Le jour d'une séance est dans le nom de son fichier : collegekit ne le change pas. Pour déplacer {meeting_id} "
        "à un autre jour, créez la nouvelle séance (« collegekit new-meeting --date AAAA-MM-JJ »), puis annulez "
        f"celle-ci (« collegekit meeting {meeting_id} --status cancelled »)."
    )


def _details(start: str | None, end: str | None, place: str | None, meeting_format: Format | None) -> dict[str, object]:
    """The front matter's keys --start, --end, --place and --format set (None:
    the key removed), the times quoted as new-meeting writes them."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    details: dict[str, object] = {}
    start_time = parse_time(start, "--start") if start is not None else None
    end_time = parse_time(end, "--end") if end is not None else None
    if start_time is not None and end_time is not None and end_time <= start_time:
        # What lint would then report (invalid-period), said in the options' terms; with one of
        # the two only, the other is the file's and the refusal is lint's own (edit.py).
        raise fail(f"--end {end} n'est pas après --start {start} : rien n'a été écrit. Vérifiez les deux heures.", EXIT_USAGE)
    if start_time is not None:
        details["start"] = DoubleQuotedScalarString(f"{start_time:%H:%M}")
    if end_time is not None:
        details["end"] = DoubleQuotedScalarString(f"{end_time:%H:%M}")
    if place is not None:
        details["place"] = place.strip() or None
    if meeting_format is not None:
        details["format"] = meeting_format.value
    return details


def _refuse_details_of_history(record: Meeting, meeting_id: str, status: StatusChoice | None) -> None:
    """When and where a meeting took place may change until its minutes are
    approved: a planned meeting moves, and a held one's minutes must say when
    and where it really took place (the room changed on the day, it ran
    late). Approved minutes are history the college voted on, and a
    cancelled meeting has no time or place left to correct."""
    from collegekit.models.meeting import MeetingStatus

    if record.status is MeetingStatus.MINUTES_APPROVED:
        raise fail(
            f"le compte rendu de {meeting_id} est approuvé : l'heure, le lieu et le format qu'il donne sont ceux que "
            "le collège a approuvés, collegekit ne les change pas. Une erreur à rectifier se dit au compte rendu "
            "de la séance suivante. Rien n'a été écrit.",
            EXIT_USAGE,
        )
    if status is StatusChoice.MINUTES_APPROVED:
        raise fail(
            "--status minutes-approved avec --start, --end, --place ou --format : corrigez d'abord l'heure, le lieu "
            "ou le format, puis notez l'approbation. Rien n'a été écrit.",
            EXIT_USAGE,
        )
    if status is StatusChoice.CANCELLED:
        raise fail(
            "--status cancelled avec --start, --end, --place ou --format : une séance annulée n'a plus d'heure ni de "
            "lieu à changer. Rien n'a été écrit.",
            EXIT_USAGE,
        )
    if record.status is MeetingStatus.CANCELLED and status is None:
        raise fail(
            f"la séance {meeting_id} est annulée : son heure, son lieu et son format ne servent plus. Pour la tenir "
            "malgré tout ce jour-là, ajoutez --status planned. Rien n'a été écrit.",
            EXIT_USAGE,
        )


def _remind_convened(record: Meeting, meeting_id: str) -> None:
    """Those convened learnt the old time or place from the agenda already sent."""
    from collegekit import french
    from collegekit.models.meeting import MeetingStatus

    sent = record.sent_to_committee.agenda
    if sent is not None and record.status is MeetingStatus.PLANNED:
        typer.echo(
            f"L'ordre du jour de {meeting_id} est déjà parti (le {french.short_date(sent)}) : prévenez les convoqués "
            f"du changement, par exemple avec le brouillon que refait « collegekit send agenda {meeting_id} »."
        )


def _close_up_numbers(college: College, meeting_id: str) -> None:
    """A cancelled meeting counts for none in its year's numbering (as
    new-meeting counts): the later planned ones of its kind move one place
    up, their default title with them, and it is said."""
    from collegekit import french
    from collegekit.edit import EditRefused, edit_record, renumber
    from collegekit.facts import closed_up_after

    record = college.meetings[meeting_id]
    for moved_id, _, new in closed_up_after(college, meeting_id):
        try:
            edit_record(college.path_of("meetings", moved_id), "meetings",
                        lambda data, new=new: renumber(data, new, record.kind.label, record.date.year))
        except EditRefused as refusal:
            typer.echo(f"Attention : {moved_id} n'a pas pu être renumérotée ({refusal}).", err=True)
            continue
        typer.echo(f"Renumérotée : {moved_id} devient la {french.ordinal_title(new, record.kind.label, record.date.year)} "
                   f"(number: {new}).")


def _update_invited(college: College, meeting_id: str, day: dt.date) -> bool:
    """--update-invited: who facts.not_convened names, added to `invited`,
    and who facts.no_longer_members names, taken out;
    refused, with why, for a meeting whose list is history or has passed."""
    from collegekit import french
    from collegekit.edit import EditRefused
    from collegekit.models.meeting import MeetingStatus

    record = college.meetings[meeting_id]
    if record.status is not MeetingStatus.PLANNED:
        raise fail(
            f"la séance {meeting_id} est « {record.status.label} » : ses convoqués sont ceux d'alors, "
            "collegekit ne les change pas (--update-invited sert aux séances prévues).",
            EXIT_USAGE,
        )
    if record.date < day:
        raise fail(
            f"la séance {meeting_id} est passée ({french.short_date(record.date)}) : notez ce qu'elle est devenue "
            f"(« collegekit attend » ou « collegekit meeting {meeting_id} --status cancelled ») plutôt que ses convoqués.",
            EXIT_USAGE,
        )
    if not record.invited:
        typer.echo(f"{meeting_id} n'a pas de liste de convoqués : tous les membres du jour sont convoqués.")
        return False
    try:
        added = convene(college, meeting_id, day)
        gone = release(college, meeting_id, day)
    except EditRefused as refusal:
        raise fail(str(refusal), EXIT_FINDINGS) from None
    if added:
        typer.echo(f"Ajouté aux convoqués de {meeting_id} : {names_of(college, added)}.")
    if gone:
        typer.echo(f"Retiré des convoqués de {meeting_id}, plus membres à sa date : {names_of(college, gone)}.")
    if not added and not gone:
        typer.echo(f"Les convoqués de {meeting_id} sont à jour.")
    return bool(added or gone)


def _meeting_path(college: College, meeting_id: str) -> Path:
    require_record(college, "meetings", meeting_id)
    return college.path_of("meetings", meeting_id)


def _ask_everyone(college: College, meeting_id: str, no_input: bool, everyone: bool) -> dict[str, str]:
    if not interactive(no_input):
        raise fail("--interactive pose des questions : lancez la commande dans un terminal.", EXIT_USAGE)
    from rich.markup import escape

    from collegekit import french
    from collegekit.cli.prompt import Prompt
    from collegekit.stats import expected_members

    record = college.meetings[meeting_id]
    choices = {"p": "present", "v": "video", "e": "excused", "a": "absent"}
    # Letters in parentheses: rich would read « [p] » as a style and show « résent ».
    question = "présent (p), visio (v), excusé (e), absent (a)"
    members = college.members
    asked = [
        member_id
        for member_id in expected_members(college, record)
        if everyone or member_id not in record.attendance
    ]
    asked.sort(key=lambda i: french.name_key(members[i].last_name, members[i].first_name, i))
    if not asked:
        typer.echo("Tous les membres attendus sont déjà notés (--all pour les revoir).")
    presences = {}
    for member_id in asked:
        current = record.attendance.get(member_id)
        default = next((key for key, value in choices.items() if current is not None and value == current.value), "a")
        answer = Prompt.ask(
            f"{escape(members[member_id].display_name)} — {question}", choices=list(choices), default=default
        )
        presences[member_id] = choices[answer]
    return presences


def register(app: typer.Typer) -> None:
    app.command("attend")(attend)
    app.command("meeting")(meeting)
