"""Meetings: how many a year, their state, their numbers, who is convened,
their minutes and where they were sent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from collegekit import french
from collegekit.checks import CheckContext, Finding, before_founding, check, member_name, years_covered
from collegekit.diagnostics import Severity
from collegekit.facts import MINUTES_SENT_WITHIN_DAYS, misnumbered, not_convened, plenaries, sendings
from collegekit.models.meeting import MeetingKind, MeetingStatus


@check(
    "too-few-meetings",
    "meetings",
    Severity.ERROR,
    "Une année compte moins de séances plénières que le règlement n'en demande "
    "(avertissement tant que l'année n'est pas finie).",
    reads=("college", "meetings", "plans"),
)
def too_few_meetings(context: CheckContext) -> Iterator[Finding]:
    college, today = context.college, context.today
    minimum = college.settings.rules.min_plenary_meetings_per_year
    # A meeting file that does not load is its own error: its year's count
    # would be one short because of it, a second finding for one mistake.
    unloaded_years = {name.removeprefix("meetings/")[:4] for name in college.unloadable if name.startswith("meetings/")}
    for year in years_covered(college, today):
        found = plenaries(college, year, today)
        if found.enough(minimum, year, today) or str(year) in unloaded_years:
            continue
        running = year == today.year
        # A past year counts what was held; the current one, what is planned too.
        counted = sorted(day for day, _ in found.held + (found.to_come if running else ()))
        dates = f" ({', '.join(french.short_date(day) for day in counted)})" if counted else ""
        if running:
            message = f"{_plenaries(len(counted), 'tenue ou prévue', 'tenues ou prévues')} en {year}{dates}"
            hint = "Prévoyez les séances manquantes avec « collegekit new-meeting »."
            if found.stale:
                stale = french.join([french.short_date(day) for day, _ in found.stale])
                which = f"la séance du {stale} a eu lieu, passez-la" if len(found.stale) == 1 else (
                    f"les séances des {stale} ont eu lieu, passez-les"
                )
                hint = f"Si {which} en held ; sinon prévoyez les séances manquantes avec « collegekit new-meeting »."
        else:
            message = f"{_plenaries(len(counted), 'tenue', 'tenues')} en {year}{dates}"
            hint = "Si des séances ont eu lieu, ajoutez leur dossier dans meetings/ avec le statut held ou suivant."
        message += f", pour {minimum} au minimum selon le règlement"
        yield Finding(
            "",
            "college",
            ("rules", "min_plenary_meetings_per_year"),
            message,
            hint,
            Severity.WARNING if running else Severity.ERROR,
        )


def _plenaries(count: int, one: str, many: str) -> str:
    if count == 0:
        return f"aucune séance plénière {one}"
    if count == 1:
        return f"1 séance plénière {one}"
    return f"{count} séances plénières {many}"


@check(
    "minutes-missing",
    "meetings",
    Severity.ERROR,
    "Une séance dont le compte rendu est rédigé n'a ni texte ni points à l'ordre du jour.",
    reads=("meetings",),
    precise=True,
)
def minutes_missing(context: CheckContext) -> Iterator[Finding]:
    for meeting_id, meeting in context.college.meetings.items():
        if meeting.status in (MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED) and not meeting.has_minutes:
            yield Finding(
                "meetings",
                meeting_id,
                ("status",),
                f"le compte rendu est noté « {meeting.status.label} » mais la séance n'a ni texte ni points",
                "Écrivez le compte rendu sous l'en-tête, ou les points sous chaque partie de l'ordre du jour.",
            )


@check(
    "approved-before-meeting",
    "meetings",
    Severity.ERROR,
    "Le compte rendu d'une séance est noté approuvé avant la date de la séance.",
    reads=("meetings",),
    precise=True,
)
def approved_before_meeting(context: CheckContext) -> Iterator[Finding]:
    for meeting_id, meeting in context.college.meetings.items():
        approved = meeting.minutes_approved_on
        if approved is not None and approved < meeting.date:
            yield Finding(
                "meetings",
                meeting_id,
                ("minutes_approved_on",),
                f"le compte rendu est noté approuvé le {french.short_date(approved)}, avant la séance elle-même "
                f"({french.short_date(meeting.date)})",
                "Un compte rendu s'approuve après la séance, d'ordinaire à la suivante : corrigez la date "
                f"(« collegekit meeting {meeting_id} --minutes-approved-on AAAA-MM-JJ »).",
            )


@check(
    "status-out-of-date",
    "meetings",
    Severity.WARNING,
    "L'état d'une séance ne correspond pas à sa date : passée mais prévue, ou future mais tenue (erreur).",
    reads=("meetings",),
    precise=True,
)
def status_out_of_date(context: CheckContext) -> Iterator[Finding]:
    today = context.today
    for meeting_id, meeting in context.college.meetings.items():
        if meeting.date < today and meeting.status is MeetingStatus.PLANNED:
            yield Finding(
                "meetings",
                meeting_id,
                ("status",),
                f"la séance du {french.short_date(meeting.date)} est passée mais toujours notée « prévue »",
                f"Notez les présences (« collegekit attend {meeting_id} --present ID,ID … » la passe en held), "
                f"ou « collegekit meeting {meeting_id} --status cancelled » si elle n'a pas eu lieu.",
            )
        elif meeting.date > today and meeting.status.is_held:
            yield Finding(
                "meetings",
                meeting_id,
                ("status",),
                f"la séance du {french.short_date(meeting.date)} est à venir mais notée « {meeting.status.label} »",
                f"« collegekit meeting {meeting_id} --status planned » la remet à venir ; si c'est sa date qui est "
                "fausse, corrigez « date: ».",
                Severity.ERROR,
            )


@check(
    "not-sent-to-committee",
    "meetings",
    Severity.WARNING,
    "L'ordre du jour d'une séance n'est pas envoyé à l'instance le jour de la séance, ou son compte rendu approuvé "
    "dans les 30 jours.",
    reads=("college", "meetings"),
    precise=True,
)
def not_sent_to_committee(context: CheckContext) -> Iterator[Finding]:
    """facts.sendings, as compliance's agendas-sent and minutes-sent judge them."""
    committee = context.college.settings.steering_committee
    for meeting_id, meeting in context.college.meetings.items():
        both = sendings(context.college, meeting_id, context.today)
        if both is None:
            continue
        agenda, minutes = both
        hint = (
            f"« collegekit send agenda {meeting_id} » ou « send minutes » préparent l'envoi et notent la date ; "
            f"pour un envoi déjà fait : « collegekit meeting {meeting_id} --agenda-sent-on AAAA-MM-JJ » "
            "(ou --minutes-sent-on)."
        )
        if agenda.state == "missing":
            message = (
                f"l'ordre du jour n'a pas de date d'envoi à l'instance ({committee}), "
                f"qui devait le recevoir au plus tard le jour de la séance, le {french.short_date(meeting.date)}"
            )
            yield Finding("meetings", meeting_id, ("date",), message, hint)
        elif agenda.state == "late" and agenda.sent is not None:
            message = f"l'ordre du jour est envoyé à l'instance le {french.short_date(agenda.sent)}, après la séance"
            yield Finding("meetings", meeting_id, ("sent_to_committee", "agenda"), message, "Vérifiez la date d'envoi.")
        if minutes.state == "missing":
            approved = meeting.minutes_approved_on
            when = f" le {french.short_date(approved)}" if approved else ""
            deadline = f" ; échéance : le {french.short_date(minutes.deadline)}" if minutes.deadline else ""
            if minutes.draft_sent is not None:
                message = (f"le compte rendu est approuvé{when} mais seul son projet a été envoyé à l'instance "
                           f"({committee}), le {french.short_date(minutes.draft_sent)}{deadline}")
            else:
                message = f"le compte rendu est approuvé{when} mais son envoi à l'instance ({committee}) n'est pas daté{deadline}"
            yield Finding("meetings", meeting_id, ("status",), message, hint)
        elif minutes.state == "late" and minutes.sent is not None and minutes.deadline is not None:
            message = (
                f"le compte rendu est envoyé à l'instance le {french.short_date(minutes.sent)}, plus de "
                f"{MINUTES_SENT_WITHIN_DAYS} jours après son approbation (échéance : le {french.short_date(minutes.deadline)})"
            )
            yield Finding("meetings", meeting_id, ("sent_to_committee", "minutes"), message, "Vérifiez la date d'envoi.")


@check(
    "duplicate-meeting",
    "meetings",
    Severity.ERROR,
    "Deux séances du même type ont lieu le même jour.",
    reads=("meetings",),
)
def duplicate_meeting(context: CheckContext) -> Iterator[Finding]:
    by_day: dict[tuple[dt.date, MeetingKind], list[str]] = defaultdict(list)
    for meeting_id, meeting in context.college.meetings.items():
        if meeting.status is not MeetingStatus.CANCELLED:
            by_day[meeting.date, meeting.kind].append(meeting_id)
    for (_, kind), meeting_ids in by_day.items():
        first, *others = sorted(meeting_ids)
        for meeting_id in others:
            yield Finding(
                "meetings",
                meeting_id,
                ("date",),
                f"une autre {kind.label} a lieu le même jour ({first})",
                f"Supprimez le doublon, ou annulez l'une des deux (« collegekit meeting {meeting_id} --status cancelled »).",
            )


@check(
    "before-founded",
    "meetings",
    Severity.ERROR,
    "Une séance ou un plan est daté d'avant la création du collège (founded dans college.yaml).",
    reads=("college", "meetings", "plans"),
    precise=True,
)
def before_founded(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    founded = college.settings.founded
    if founded is None:
        return
    for meeting_id, meeting in college.meetings.items():
        if meeting.date < founded:
            yield Finding(
                "meetings",
                meeting_id,
                ("date",),
                f"la séance est datée du {french.short_date(meeting.date)}, avant la création du collège "
                f"(le {french.short_date(founded)})",
                "Corrigez l'année de la séance (et le nom du fichier), ou la date « founded » de college.yaml.",
            )
    for plan_id, parsed, _ in college.plans_with_ids():
        if parsed.year < founded.year:
            yield Finding(
                "plans",
                plan_id,
                (),
                f"le plan est de {parsed.year}, avant la création du collège (en {founded.year})",
                "Corrigez l'année dans le nom du fichier, ou la date « founded » de college.yaml.",
            )


@check(
    "not-convened",
    "meetings",
    Severity.WARNING,
    "Une séance à venir ne compte pas parmi ses convoqués (invited) un membre qui doit l'être à sa date "
    "(arrivé après la préparation de la séance).",
    reads=("meetings", "members"),
    precise=True,
)
def not_convened_member(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for meeting_id, meeting in college.meetings.items():
        if before_founding(college, meeting.date):
            continue
        for member_id in not_convened(college, meeting_id, context.today):
            of = "du bureau" if meeting.kind is MeetingKind.BUREAU else "du collège"
            yield Finding(
                "meetings",
                meeting_id,
                ("invited",),
                f"{member_name(college, member_id)} ({member_id}) est membre {of} le {french.short_date(meeting.date)} "
                "mais ne figure pas parmi les convoqués (invited) : le courriel de convocation ne lui sera pas adressé",
                f"« collegekit meeting {meeting_id} --update-invited » ajoute les membres manquants aux convoqués "
                "(« collegekit send agenda » le fait aussi avant d'écrire le brouillon).",
                rests_on=(f"members/{member_id}",),
                at_key=True,
            )


@check(
    "meeting-number",
    "meetings",
    Severity.WARNING,
    "Deux séances du même type et de la même année portent le même numéro, ou leurs numéros ne suivent pas l'ordre des dates.",
    reads=("meetings",),
)
def meeting_number(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for found in misnumbered(college):
        meeting = college.meetings[found.meeting_id]
        label = meeting.kind.label
        previous = f"la {label} précédente de {meeting.date.year}, {found.previous}"
        if found.number == found.previous_number:
            message = f"la {label} du {french.short_date(meeting.date)} porte le même numéro ({found.number}) que {previous}"
        elif found.number < found.previous_number:
            message = (
                f"la {label} du {french.short_date(meeting.date)} porte le numéro {found.number}, "
                f"avant celui de {previous} ({found.previous_number})"
            )
        else:
            message = (
                f"la {label} du {french.short_date(meeting.date)} porte le numéro {found.number}, "
                f"celui que prend {previous}, une fois renumérotée"
            )
        yield Finding(
            "meetings",
            found.meeting_id,
            ("number",),
            message,
            f"« collegekit meeting {found.meeting_id} --number {found.suggested} » la renumérote "
            "(et change son titre s'il est celui que new-meeting a écrit).",
        )
