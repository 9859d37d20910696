"""`collegekit send agenda|minutes SÉANCE`: the documents of a meeting, ready
to send, and the e-mail draft that carries them.

    collegekit send agenda 2026-03-17-pleniere    ordre du jour (md, docx, pdf), invitation .ics,
                                                  brouillon de courriel ; date d'envoi notée
    collegekit send minutes 2026-03-17-pleniere   compte rendu (md, docx, pdf), brouillon de
                                                  courriel ; date d'envoi notée

collegekit never sends mail: it writes a draft (.eml) that Outlook or
Thunderbird opens ready to check and send. The documents are written first
and the draft last, so that a draft never exists without its attachments;
then the sending date is recorded in the meeting's file (sent_to_committee).
"""

from __future__ import annotations

import datetime as dt
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
    apply_edit,
    check_output_folder,
    convene,
    day_of,
    fail,
    load_error_free_college,
    names_of,
    records_root,
    release,
    report_findings,
    require_record,
    shown_path,
    verifier,
)
from collegekit.cli.usage import CollegekitTyper

if TYPE_CHECKING:
    from collegekit.models.meeting import Meeting
    from collegekit.records import College

app = CollegekitTyper(
    name="send",
    help="Prépare l'envoi d'une séance : documents, invitation et brouillon de courriel (jamais envoyé par collegekit).",
    no_args_is_help=True,
)

MeetingArgument = Annotated[str, typer.Argument(metavar="SÉANCE", help="La séance, par exemple 2026-03-17-pleniere.")]
OutOption = Annotated[Path, typer.Option("--out", help="Dossier où écrire documents et brouillon (créé s'il n'existe pas).")]
MAIL_FOLDER = "courriels"
# The checks the sending date concerns.
SENT_CHECKS = ("approved-before-meeting",)


@app.command("agenda")
def agenda(
    meeting: MeetingArgument,
    records: RecordsOption = None,
    out: OutOption = Path("build"),
    today: TodayOption = None,
) -> None:
    """L'ordre du jour (md, docx, pdf), l'invitation (.ics) et le brouillon du courriel de convocation ; note la date d'envoi."""
    _send("agenda", meeting, records, out, today)


@app.command("minutes")
def minutes(
    meeting: MeetingArgument,
    records: RecordsOption = None,
    out: OutOption = Path("build"),
    today: TodayOption = None,
) -> None:
    """Le compte rendu (md, docx, pdf) et le brouillon du courriel qui l'envoie ; note la date d'envoi."""
    _send("minutes", meeting, records, out, today)


def _send(kind: str, meeting_id: str, records: Path | None, out: Path, today: dt.datetime | None) -> None:
    from collegekit import mail
    from collegekit.calendar import meetings_calendar
    from collegekit.diagnostics import CollegekitError
    from collegekit.files import system_reason, write_atomically
    from collegekit.render import Renderer, documents, write
    from collegekit.render.errors import shown

    day = day_of(today)
    check_output_folder(out, records)
    root = records_root(records)
    college = load_error_free_college(records, "avant de préparer l'envoi")
    require_record(college, "meetings", meeting_id)
    record = college.meetings[meeting_id]
    if kind == "minutes" and not record.has_minutes:
        raise fail(
            f"le compte rendu de {meeting_id} n'est pas encore écrit : rédigez-le (ou « collegekit import-minutes ») "
            "avant de l'envoyer.",
            EXIT_USAGE,
        )
    if kind == "agenda":
        college = _convene_all(college, meeting_id, day)
    on_file = college
    college = _as_sent(on_file, meeting_id, kind, day)
    document = documents.agenda(college, meeting_id) if kind == "agenda" else documents.minutes(college, meeting_id)
    to = mail.recipients(college, meeting_id)
    try:
        renderer = Renderer(college)
        rendered = renderer.render([document], ("md", "docx", "pdf"))
        attachments = [(item.path.name, item.content) for item in rendered if item.path.suffix != ".md"]
        invitation = None
        if kind == "agenda":
            invitation = document.output.parent / f"{meeting_id}.ics"
            attachments.append((invitation.name, meetings_calendar(college, [meeting_id])))
        text_environment = renderer.environment.overlay(autoescape=False, finalize=None)
        subject, body = mail.render_text(
            text_environment,
            kind,
            {"college": college.settings, "meeting": record, "meeting_id": meeting_id, "attachments": [n for n, _ in attachments]},
        )
        message = mail.draft(sender=college.settings.mail.sender, to=to.addresses, subject=subject, body=body, attachments=attachments)
        # Documents first, the draft last: never a draft without its attachments.
        written = [path for path, _ in write(rendered, out)]
        if invitation is not None:
            write_atomically(out / invitation, attachments[-1][1])
            written.append(out / invitation)
        suffix = "ordre-du-jour" if kind == "agenda" else "compte-rendu"
        draft_path = out / MAIL_FOLDER / f"{meeting_id}-{suffix}.eml"
        write_atomically(draft_path, message)
    except CollegekitError as error:
        raise fail(str(error), error.exit_code) from None
    except OSError as error:
        raise fail(f"écriture impossible dans {shown(out)} : {system_reason(error)}.", EXIT_USAGE) from None
    for path in written:
        typer.echo(shown_path(path))
    typer.echo(
        f"Brouillon de courriel : {shown_path(draft_path)} ({french.plural(len(to.addresses), 'destinataire')}, "
        f"{french.plural(len(attachments), 'pièce jointe', 'pièces jointes')}) : "
        "ouvrez-le dans votre messagerie, vérifiez-le et envoyez-le."
    )
    if to.without_email:
        names = ", ".join(f"{college.members[m].display_name} ({m})" if m in college.members else m for m in to.without_email)
        many = len(to.without_email)
        # One person: the command to copy as it is, with their identifier.
        who = to.without_email[0] if many == 1 else "ID"
        typer.echo(
            f"Sans adresse électronique, donc hors du brouillon : {names}. "
            f"Ajoutez {french.plural_word(many, 'son adresse', 'leur adresse')} avec « collegekit member {who} --email ADRESSE », "
            f"ou prévenez {french.plural_word(many, 'cette personne', 'ces personnes')} autrement."
        )
    _record_sent(root, on_file, meeting_id, kind, day)
    raise typer.Exit(EXIT_CLEAN)


def _convene_all(college: College, meeting_id: str, day: dt.date) -> College:
    """A meeting to come convenes everyone it should on its date: members
    who joined after it was prepared are added to `invited` before the
    draft is addressed, and those who have left by then taken out (history,
    a meeting held or cancelled, is left alone)."""
    from collegekit.edit import EditRefused
    from collegekit.records import load_record_file
    from collegekit.write_checks import with_record

    try:
        added = convene(college, meeting_id, day)
        gone = release(college, meeting_id, day)
    except EditRefused as refusal:
        raise fail(f"{refusal} (en mettant à jour les convoqués)", EXIT_FINDINGS) from None
    if not added and not gone:
        return college
    record = college.meetings[meeting_id]
    path = college.path_of("meetings", meeting_id)
    if added:
        typer.echo(f"Ajouté aux convoqués de {meeting_id}, arrivés depuis sa préparation : {names_of(college, added)} ({shown_path(path)}).")
    if gone:
        typer.echo(f"Retiré des convoqués de {meeting_id}, plus membres à sa date : {names_of(college, gone)} ({shown_path(path)}).")
    # The list as the file now holds it, in its order: the draft's recipients follow it.
    edited, _ = load_record_file("meetings", path)
    invited = edited.invited if edited is not None else (*(m for m in record.invited if m not in gone), *added)
    return with_record(college, "meetings", meeting_id, path, record.model_copy(update={"invited": invited}))


def _as_sent(college: College, meeting_id: str, kind: str, day: dt.date) -> College:
    """The college as it will be once the sending is recorded: the documents
    say when they were sent, and sending again gives the same files. Minutes
    sent from a meeting just held are the draft (_record_sent notes them
    drafted): the documents attached say so, as `render minutes` then does."""
    from collegekit.models.meeting import MeetingStatus
    from collegekit.write_checks import with_record

    record = college.meetings[meeting_id]
    update: dict[str, object] = {}
    if _sent_already(record, kind) is None:
        update["sent_to_committee"] = record.sent_to_committee.model_copy(update={kind: day})
    if kind == "minutes" and record.status is MeetingStatus.HELD:
        update["status"] = MeetingStatus.MINUTES_DRAFTED
    if not update:
        return college
    return with_record(college, "meetings", meeting_id, college.path_of("meetings", meeting_id), record.model_copy(update=update))


def _sent_already(record: Meeting, kind: str) -> dt.date | None:
    """The sending noted already, unless it is the draft minutes' (sent
    before their approval): the approved minutes go now, and their sending
    takes its place."""
    from collegekit.facts import draft_minutes_sent

    if kind == "minutes" and draft_minutes_sent(record) is not None:
        return None
    return getattr(record.sent_to_committee, kind)


def _record_sent(root: Path, college: College, meeting_id: str, kind: str, day: dt.date) -> None:
    """sent_to_committee.agenda or .minutes: today, unless a date is noted already."""
    from collegekit.edit import set_values
    from collegekit.models.meeting import MeetingStatus

    record = college.meetings[meeting_id]
    already = _sent_already(record, kind)
    draft_sent = getattr(record.sent_to_committee, kind) if already is None else None
    path = college.path_of("meetings", meeting_id)
    values: dict[str, object] = {} if already is not None else {f"sent_to_committee.{kind}": day}
    # Minutes sent are minutes drafted: the state follows, until approval.
    drafted = kind == "minutes" and record.status is MeetingStatus.HELD
    if drafted:
        values["status"] = MeetingStatus.MINUTES_DRAFTED.value
    if values:
        apply_edit(
            path,
            "meetings",
            lambda data: set_values(data, values),
            verifier(college, "meetings", meeting_id, SENT_CHECKS, day),
        )
    if already is not None:
        typer.echo(f"Envoi déjà noté le {already:%d/%m/%Y} dans {shown_path(path)} (sent_to_committee.{kind}) : inchangé.")
    else:
        earlier = f" (le projet avait été envoyé le {draft_sent:%d/%m/%Y}, avant l'approbation)" if draft_sent else ""
        typer.echo(f"Date d'envoi notée dans {shown_path(path)} : sent_to_committee.{kind}: {day}{earlier}.")
    if drafted:
        typer.echo("La séance est désormais notée « compte rendu rédigé » (status: minutes-drafted).")
    report_findings(root, path, day)


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="send")
