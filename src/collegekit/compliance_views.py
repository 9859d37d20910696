"""Terminal views of the obligations, the coverage matrix and plan progress.

rich tables laid out from the figures of collegekit.compliance,
collegekit.coverage and collegekit.plan_status; the commands in
cli/compliance.py only choose between these views and the files they write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from collegekit.compliance import ComplianceReport, Obligation, State, YearCompliance
    from collegekit.coverage import Coverage
    from collegekit.names import Names
    from collegekit.plan_status import PlanProgress, PlanStatusReport
    from collegekit.records import College

_STYLES = {"met": "green", "late": "yellow", "missing": "bold red", "not-applicable": "dim"}


def _state_text(state: State) -> Any:
    from rich.text import Text

    return Text(f"{state.symbol} {state.label}", style=_STYLES[state.value])


def print_compliance(college: College, report: ComplianceReport) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    if len(report.years) == 1:
        _print_year(console, college, report.years[0])
    else:
        _print_years(console, college, report)


def _situation(year: YearCompliance) -> str:
    when = f"situation au {year.today:%d/%m/%Y}"
    if year.in_progress:
        return f"{when} (année en cours)"
    if year.to_come:
        return f"{when} (année à venir)"
    return when


def _print_year(console: Console, college: College, year: YearCompliance) -> None:
    from rich.table import Table
    from rich.text import Text

    from collegekit import french
    from collegekit.compliance import State

    table = Table(
        title=f"Obligations du collège en {year.year} — {_situation(year)}",
        title_justify="left",
    )
    table.add_column("État", no_wrap=True)
    table.add_column("Obligation et pièces", ratio=2)
    table.add_column("Constat et dossier", ratio=3, overflow="fold")
    for obligation in year.obligations:
        shown, hidden = obligation.items_to_show()
        evidence = () if obligation.items else obligation.evidence
        table.add_row(
            _state_text(obligation.state),
            Text(obligation.label, style="bold"),
            _with_files(obligation.summary, evidence),
        )
        for item in shown:
            table.add_row(_state_text(item.state), f"  {item.label}", _with_files(item.detail, item.evidence))
        if hidden:
            others = (
                f"  … et {french.plural(hidden, 'autre')}" if shown else ("  le seul" if hidden == 1 else f"  tous les {hidden}")
            )
            table.add_row(_state_text(State.MET), others, _with_files("en règle", (_folder_of(obligation),)))
    console.print(table)
    console.print(f"Sur {len(year.obligations)} obligations : {year.counts_text()}.")
    console.print(_participation_sentence(year))
    console.print(
        "La règle de chaque obligation : « collegekit compliance --format md » ; "
        "sa source dans les dossiers : « --format json » (clé source) et le README.",
        style="dim",
    )


def _with_files(text: str, files: tuple[str, ...]) -> Any:
    """A finding, then the files that prove it, dimmed, one a line."""
    from rich.text import Text

    shown = Text(text)
    for path in files:
        if path:
            shown.append("\n" + path, style="dim")
    return shown


def _folder_of(obligation: Obligation) -> str:
    paths = [path for item in obligation.items for path in item.evidence]
    folders = sorted({path.rsplit("/", 1)[0] + "/" for path in paths})
    return folders[0] if len(folders) == 1 else ""


def _participation_sentence(year: YearCompliance) -> str:
    from collegekit.french import percent as _rate
    from collegekit.french import plural
    from collegekit.french import points as _points

    p = year.participation
    if not p.meetings:
        return f"Participation : aucune séance plénière ou extraordinaire avec présences saisies en {year.year}."
    text = (
        f"Participation aux séances plénières et extraordinaires : {_rate(p.total.rate)} en {year.year} "
        f"({plural(p.meetings, 'séance')})"
    )
    if p.previous_meetings:
        text += f", contre {_rate(p.previous_total.rate)} en {year.year - 1} ({_points(p.change)})"
    return text + f" ; siège {_rate(p.head_office.rate)}, délégations départementales {_rate(p.delegations.rate)}."


def _print_years(console: Console, college: College, report: ComplianceReport) -> None:
    from rich.table import Table
    from rich.text import Text

    from collegekit.compliance import State
    from collegekit.french import percent as rate_text

    matrix = Table(
        title=f"Obligations du collège de {report.first} à {report.last} — situation au {report.today:%d/%m/%Y}",
        title_justify="left",
    )
    matrix.add_column("Obligation")
    for year in report.years:
        matrix.add_column(str(year.year) + (" (en cours)" if year.in_progress else ""), no_wrap=True)
    for key, label in report.keys:
        cells = []
        for year in report.years:
            try:
                cells.append(_state_text(year.obligation(key).state))
            except KeyError:
                cells.append(Text(""))
        matrix.add_row(label, *cells)
    matrix.add_row(
        "Participation aux séances", *(rate_text(year.participation.total.rate) for year in report.years), style="bold"
    )
    console.print(matrix)
    todo = Table(title="À reprendre", title_justify="left")
    todo.add_column("Année", no_wrap=True)
    todo.add_column("État", no_wrap=True)
    todo.add_column("Obligation", ratio=2)
    todo.add_column("Constat et dossier", ratio=3, overflow="fold")
    for year in report.years:
        for obligation in year.obligations:
            if obligation.state not in (State.LATE, State.MISSING):
                continue
            items = [item for item in obligation.items if item.state in (State.LATE, State.MISSING)]
            if not items:
                todo.add_row(
                    str(year.year),
                    _state_text(obligation.state),
                    obligation.label,
                    _with_files(obligation.summary, obligation.evidence),
                )
            for item in items:
                todo.add_row(
                    str(year.year),
                    _state_text(item.state),
                    f"{obligation.label} : {item.label}",
                    _with_files(item.detail, item.evidence),
                )
    if todo.row_count:
        console.print(todo)
    else:
        console.print("Rien à reprendre : chaque obligation est faite ou sans objet.")


# --- collegekit coverage --------------------------------------------------------


def print_coverage(console: Console, college: College, result: Coverage, names: Names | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from collegekit import french
    from collegekit.coverage import NOBODY, SINGLE, fte_text, territory_heading, territory_label, uncovered
    from collegekit.names import Names

    names = names or Names(college)
    if not result.fiches:
        console.print(f"Aucune fiche de poste ne décrit l'organisation au {result.day:%d/%m/%Y}.")
        _print_without_fiche(console, names, result)
        return
    count = len(result.fiches)
    table = Table(
        title=f"Fonctions médicales au {result.day:%d/%m/%Y} — équivalents temps plein (ETP), "
        f"d'après {french.plural(count, 'fiche')} de poste",
        title_justify="left",
    )
    table.add_column("Fonction")
    for code in result.territories:
        table.add_column(territory_heading(code), justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Pers.", justify="right", no_wrap=True)
    for row in result.rows:
        cells = []
        for cell in row.cells:
            if cell.flag == NOBODY:
                cells.append(Text("—", style="bold red"))
            elif cell.flag == SINGLE:
                cells.append(Text(f"{fte_text(cell.fte)} •", style="yellow"))
            else:
                cells.append(Text(fte_text(cell.fte) if cell.people else "·"))
        table.add_row(row.name, *cells, fte_text(row.fte), str(len(row.people)), style=None if row.declared else "dim")
    table.add_row(
        "Total",
        *(fte_text(value) for value in result.territory_fte),
        fte_text(result.fte),
        str(len(result.people)),
        style="bold",
    )
    table.add_row(
        "Personnes",
        *(str(len(people)) for people in result.territory_people),
        "",
        "",
        style="dim",
    )
    console.print(table)
    console.print(
        "— : personne ne tient la fonction sur ce territoire ; • : une seule personne (pas de continuité en son "
        "absence). Pers. : personnes qui exercent la fonction.",
        style="dim",
    )
    console.print(
        "Territoires : " + " ; ".join(territory_label(college, code) for code in result.territories[1:]) + ".",
        style="dim",
    )
    single = result.flagged(SINGLE)
    if single:
        fragile = Table(title="Tenues par une seule personne", title_justify="left")
        fragile.add_column("Fonction")
        fragile.add_column("Territoire")
        fragile.add_column("Personne")
        fragile.add_column("ETP", justify="right", no_wrap=True)
        for row, cell in single:
            fragile.add_row(
                row.name, territory_label(college, cell.territory), names.name(cell.people[0]), fte_text(cell.fte)
            )
        console.print(fragile)
    empty = uncovered(result)
    if empty:
        nobody = Table(title="Que personne ne tient", title_justify="left")
        nobody.add_column("Fonction")
        nobody.add_column("Territoires")
        for entry in empty:
            nobody.add_row(entry.row.name, ", ".join(territory_label(college, code) for code in entry.territories))
        console.print(nobody)
    _print_without_fiche(console, names, result)


def _print_without_fiche(console: Console, names: Names, result: Coverage) -> None:
    if result.without_fiche:
        listed = ", ".join(names.name(member_id) for member_id in names.ordered(result.without_fiche))
        console.print(f"Sans fiche de poste à cette date, donc absents du tableau : {listed}.", style="yellow")


# --- collegekit plan status -----------------------------------------------------


def print_plan_status(
    console: Console, college: College, report: PlanStatusReport, names: Names | None = None
) -> None:
    from collegekit.names import Names
    from collegekit.plan_status import KINDS

    names = names or Names(college)

    for missing in report.missing:
        console.print(
            f"Pas de {missing.kind.label} {missing.year} ({missing.path}) : "
            f"« collegekit new-plan --year {missing.year} --kind {missing.kind.value} » le crée.",
            style="yellow",
        )
    order = {kind: index for index, kind in enumerate(KINDS)}
    for plan in sorted(report.plans, key=lambda p: order[p.kind]):
        console.print()
        _print_plan(console, names, plan, report.today)


def _owner(names: Names, owner: str | None) -> str:
    return names.name(owner) if owner else "—"


_SHORT_STATUS = {
    "done": "Réal.",
    "in-progress": "Cours",
    "planned": "Prév.",
    "postponed": "Rep.",
    "abandoned": "Aband.",
}


def _print_plan(console: Console, names: Names, plan: PlanProgress, today: dt.date) -> None:
    from rich.table import Table

    from collegekit.french import hours as hours_text
    from collegekit.french import percentage as percent_text
    from collegekit.plan_status import STATUS_ORDER, STATUS_PLURALS

    state = plan.status.label
    if plan.presented_on:
        state += f", présenté le {plan.presented_on:%d/%m/%Y}"
    if plan.validated_on:
        state += f", validé le {plan.validated_on:%d/%m/%Y}"
    console.print(f"[bold]{_escape(plan.title)}[/bold] — {state} — {plan.path}")
    table = Table(title=f"Avancement au {today:%d/%m/%Y}", title_justify="left")
    table.add_column("Axe", min_width=16)
    table.add_column("Actions", justify="right", no_wrap=True)
    for status in STATUS_ORDER:
        table.add_column(_SHORT_STATUS[status.value], justify="right", no_wrap=True)
    table.add_column("Avanc.", justify="right", no_wrap=True)
    for axis in plan.axes:
        progress = axis.progress
        table.add_row(
            f"{axis.number}. {axis.title}",
            str(progress.total),
            *(str(progress.count(status)) for status in STATUS_ORDER),
            percent_text(progress.progress),
        )
    overall = plan.overall
    table.add_row(
        "Ensemble du plan",
        str(overall.total),
        *(str(overall.count(status)) for status in STATUS_ORDER),
        percent_text(overall.progress),
        style="bold",
    )
    console.print(table)
    console.print(
        ", ".join(f"{_SHORT_STATUS[status.value]} : {STATUS_PLURALS[status].lower()}" for status in STATUS_ORDER)
        + " ; Avanc. : avancement moyen des actions, chacune pesant autant, hors actions abandonnées.",
        style="dim",
    )
    if plan.hours is not None:
        hours = plan.hours
        console.print(
            f"Heures de formation : {hours_text(hours.offered)} proposées, dont {hours_text(hours.offered_dpc)} au "
            f"titre du développement professionnel continu (DPC) ; {hours_text(hours.done)} réalisées, dont "
            f"{hours_text(hours.done_dpc)} DPC."
        )
    if plan.overdue:
        late = Table(title="Actions en retard (échéance passée)", title_justify="left")
        for name, justify in (
            ("N°", "right"),
            ("Action", "left"),
            ("Pilote", "left"),
            ("Échéance", "left"),
            ("État", "left"),
        ):
            late.add_column(name, justify=justify)  # type: ignore[arg-type]
        for action in plan.overdue:
            status = action.status.label + (" (pas commencée)" if action.status.value == "planned" else "")
            late.add_row(
                str(action.number),
                action.title,
                _owner(names, action.owner),
                f"{action.deadline:%d/%m/%Y}" if action.deadline else "",
                status,
            )
        console.print(late)
    else:
        console.print("Aucune action en retard.")
    if plan.without_owner:
        orphan = Table(title="Actions sans pilote", title_justify="left")
        orphan.add_column("N°", justify="right", no_wrap=True)
        orphan.add_column("Action")
        orphan.add_column("État")
        for action in plan.without_owner:
            orphan.add_row(str(action.number), action.title, action.status.label)
        console.print(orphan)
    else:
        console.print("Chaque action a un pilote.")
    next_year = plan.year + 1
    if plan.carry_over:
        carry = Table(title=f"À reprendre en {next_year} (actions ni réalisées ni abandonnées)", title_justify="left")
        carry.add_column("N°", justify="right", no_wrap=True)
        carry.add_column("Action")
        carry.add_column("Pilote")
        carry.add_column("État")
        carry.add_column("Avanc.", justify="right", no_wrap=True)
        if plan.next_plan is not None:
            carry.add_column(f"Repris en {next_year}", no_wrap=True)
        for action in plan.carry_over:
            cells = [
                str(action.number),
                action.title,
                _owner(names, action.owner),
                action.status.label,
                percent_text(action.progress),
            ]
            if plan.next_plan is not None:
                cells.append("oui" if action.taken_up else "non")
            carry.add_row(*cells)
        console.print(carry)
        if plan.next_plan is None:
            console.print(
                f"Le plan {next_year} n'existe pas encore : « collegekit new-plan --year {next_year} "
                f"--kind {plan.kind.value} » le crée avec ces actions.",
                style="dim",
            )
    else:
        console.print(f"Rien à reprendre en {next_year} : chaque action est réalisée ou abandonnée.")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- Shared -------------------------------------------------------------------
