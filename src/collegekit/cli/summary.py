"""`collegekit summary`: what the records hold, at a glance."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from collegekit.cli.common import EXIT_FINDINGS, RecordsOption, TodayOption, day_of, fail, load_records

if TYPE_CHECKING:
    import typer
    from rich.table import Table

    from collegekit.records import College


def summary(records: RecordsOption = None, today: TodayOption = None) -> None:
    """Résume le contenu des dossiers : membres, séances, fiches de poste et plans."""
    from rich.console import Console

    result = load_records(records)
    if result.college is None:
        raise fail("college.yaml est invalide : lancez « collegekit lint » pour voir quoi corriger.", EXIT_FINDINGS)
    console = Console(highlight=False)
    for table in summary_tables(result.college, day_of(today)):
        console.print(table)


def summary_tables(college: College, today: dt.date) -> list[Table]:
    from rich.table import Table

    from collegekit import french
    from collegekit.models.member import HEAD_OFFICE, Role

    settings = college.settings
    current = {
        member_id: member
        for member_id, member in college.members.items()
        if member.membership_on(today) is not None
    }
    members = Table(title=f"{settings.short_name or settings.name} — membres au {today:%d/%m/%Y}")
    members.add_column("Affectation")
    members.add_column("Membres", justify="right")
    members.add_column("dont invités", justify="right")
    by_site = Counter(m.site for m in current.values())
    invited = Counter(m.site for m in current.values() if m.role_on(today) is Role.INVITED)
    sites = [HEAD_OFFICE] + sorted(settings.departement_codes)
    for site in sites:
        label = settings.head_office.name if site == HEAD_OFFICE else f"{site} {settings.departement_name(site)}"
        members.add_row(label, str(by_site[site]), str(invited[site]))
    members.add_row("Total", str(len(current)), str(sum(invited.values())), style="bold")

    # Guests apart, as by site: the site's home page counts members without them.
    professions = Table(title="Membres par profession")
    professions.add_column("Profession")
    professions.add_column("Membres", justify="right")
    professions.add_column("dont invités", justify="right")
    guests = Counter(m.profession for m in current.values() if m.role_on(today) is Role.INVITED)
    for profession, count in Counter(m.profession for m in current.values()).most_common():
        professions.add_row(profession.label, str(count), str(guests[profession]))

    meetings = Table(title="Séances par année")
    meetings.add_column("Année")
    meetings.add_column("Plénières", justify="right")
    meetings.add_column("Bureau", justify="right")
    meetings.add_column("Extraordinaires", justify="right")
    per_year = Counter((m.date.year, m.kind.value) for m in college.meetings.values())
    for year in sorted({year for year, _ in per_year}):
        meetings.add_row(
            str(year), str(per_year[year, "plenary"]), str(per_year[year, "bureau"]), str(per_year[year, "extraordinary"])
        )

    fiches_sent = sum(1 for fiche in college.fiches.values() if fiche.sent_to_president_on is not None)
    documents = Table(title=f"Plans (fiches de poste : {len(college.fiches)}, dont {fiches_sent} {french.plural_word(fiches_sent, 'transmise')} au président)")
    documents.add_column("Année")
    documents.add_column("Plan")
    documents.add_column("État")
    documents.add_column("Présenté le")
    documents.add_column("Validé le")
    documents.add_column("Actions", justify="right")
    for _, parsed, plan in college.plans_with_ids():
        documents.add_row(
            str(parsed.year),
            parsed.kind.label if parsed.kind else "—",
            plan.stated_status.label if plan.stated_status else "—",
            french.short_date(plan.presented_on) if plan.presented_on else "—",
            french.short_date(plan.validated_on) if plan.validated_on else "—",
            str(len(plan.actions)) if plan.actions else "—",
        )
    return [members, professions, meetings, documents]


def register(app: typer.Typer) -> None:
    app.command("summary")(summary)
