"""`collegekit new-meeting`: a new meeting file, ready to be filled in."""

from __future__ import annotations

import datetime as dt
import enum
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
    convene,
    day_of,
    fail,
    load_college,
    report_findings,
    require_record,
    shown_path,
    site_code,
    update_convocations,
)
from collegekit.models.plan_kind import PlanKind

if TYPE_CHECKING:
    from collegekit.models.labels import LabelledEnum
    from collegekit.models.meeting import MeetingKind
    from collegekit.records import College


class Kind(enum.StrEnum):
    PLENARY = "plenary"
    BUREAU = "bureau"
    EXTRAORDINARY = "extraordinary"


class Format(enum.StrEnum):
    IN_PERSON = "in-person"
    VIDEO = "video"
    HYBRID = "hybrid"


# models.member.Gender's values, without importing pydantic at --help.
class GenderChoice(enum.StrEnum):
    F = "f"
    M = "m"


NoInputOption = Annotated[
    bool,
    typer.Option("--no-input", help="Ne pose aucune question : une information manquante est une erreur."),
]


def interactive(no_input: bool) -> bool:
    """Questions are asked only to a person at a terminal, never to a script or CI."""
    return not no_input and sys.stdin.isatty()


def parse_date(text: str, option: str) -> dt.date:
    from collegekit.models.common import FIRST_YEAR, LAST_YEAR

    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            day = dt.date.fromisoformat(text)
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise fail(f"{option} {text} : une date entre les années {FIRST_YEAR} et {LAST_YEAR}.", EXIT_USAGE)
            return day
    except ValueError:
        raise fail(f"{option} {text} : cette date n'existe pas.", EXIT_USAGE) from None
    raise fail(f"{option} {text} : la date s'écrit AAAA-MM-JJ, par exemple 2026-03-17.", EXIT_USAGE)


def parse_time(text: str, option: str) -> dt.time:
    parts = text.replace("h", ":").split(":")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[0]) < 24 and int(parts[1]) < 60:
        return dt.time(int(parts[0]), int(parts[1]))
    raise fail(f"{option} {text} : l'heure s'écrit HH:MM, par exemple 14:00.", EXIT_USAGE)


def new_meeting(
    records: RecordsOption = None,
    date: Annotated[str | None, typer.Option("--date", help="Date de la séance, AAAA-MM-JJ.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="plenary, bureau ou extraordinary.")] = Kind.PLENARY,
    title: Annotated[str | None, typer.Option("--title", help="Titre ; par défaut « 1re séance plénière 2027 ».")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Thème de la séance.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Lieu ; par défaut le siège.")] = None,
    meeting_format: Annotated[Format, typer.Option("--format", help="in-person, video ou hybrid.")] = Format.HYBRID,
    start: Annotated[str | None, typer.Option("--start", help="Heure de début, HH:MM.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Heure de fin, HH:MM.")] = None,
    slug: Annotated[
        str | None, typer.Option("--slug", help="Fin du nom du fichier ; par défaut pleniere, bureau ou extraordinaire.")
    ] = None,
    no_input: NoInputOption = False,
    today: TodayOption = None,
) -> None:
    """Crée le dossier d'une nouvelle séance (convoqués, ordre du jour type, état « prévue ») ; renumérote les séances prévues après elle dans l'année."""
    from collegekit.facts import next_number
    from collegekit.files import FileExistsRefusal, write_atomically
    from collegekit.models.meeting import MeetingFormat, MeetingKind
    from collegekit.records import writable_record_path
    from collegekit.scaffold import DEFAULT_SLUGS, SLUG, meeting_id, new_meeting_text

    if interactive(no_input):
        from collegekit.cli.prompt import Prompt

        if date is None:
            date = Prompt.ask("Date de la séance (AAAA-MM-JJ)")
        if theme is None:
            theme = Prompt.ask("Thème (laisser vide s'il n'y en a pas)", default="") or None
    elif date is None:
        raise fail("il manque la date de la séance : ajoutez --date AAAA-MM-JJ.", EXIT_USAGE)
    day = parse_date(date, "--date")
    meeting_kind = MeetingKind(kind.value)
    slug = slug or DEFAULT_SLUGS[meeting_kind]
    if not SLUG.match(slug):
        raise fail(
            f"--slug {slug} : seuls les lettres minuscules sans accent, les chiffres et les tirets sont permis.",
            EXIT_USAGE,
        )
    start_time = parse_time(start, "--start") if start else None
    end_time = parse_time(end, "--end") if end else None
    if start_time is not None and end_time is not None and end_time <= start_time:
        # What lint would then report (invalid-period): refused before anything is written.
        raise fail(f"--end {end} n'est pas après --start {start} : rien n'a été écrit. Vérifiez les deux heures.",
                   EXIT_USAGE)
    root, college = load_college(records)
    same_day = [i for i, m in college.meetings.items() if m.date == day and m.kind is meeting_kind]
    if same_day:
        raise fail(
            f"une {meeting_kind.label} a déjà lieu le {day:%d/%m/%Y} ({same_day[0]}) : rien n'a été écrit.",
            EXIT_FINDINGS,
        )
    text = new_meeting_text(
        college,
        day,
        meeting_kind,
        title=title,
        theme=theme,
        place=place,
        meeting_format=MeetingFormat(meeting_format.value),
        start=start_time,
        end=end_time,
    )
    path = root / "meetings" / f"{meeting_id(day, slug)}.md"
    try:
        write_atomically(writable_record_path(root, path), text, overwrite=False)
    except FileExistsRefusal:
        raise fail(f"{shown_path(path)} existe déjà : rien n'a été écrit. Choisissez un autre --slug.", EXIT_FINDINGS) from None
    for warning in _calendar_warnings(day):
        typer.echo(f"Attention : {warning}", err=True)
    typer.echo(f"Séance créée : {shown_path(path)}")
    _renumber_later(root, college, day, meeting_kind, next_number(college, day, meeting_kind))
    report_findings(root, path, day_of(today))
    typer.echo(
        f"Ensuite : complétez l'ordre du jour et les intervenants ; « collegekit send agenda {path.stem} » pour "
        f"convoquer ; après la séance, « collegekit attend {path.stem} --present ID,ID --video ID --excused ID »."
    )
    raise typer.Exit(EXIT_CLEAN)


def _renumber_later(root: Path, college: College, day: dt.date, kind: MeetingKind, number: int) -> None:
    """A meeting created before others of its kind and year takes its place
    in the numbering: the later planned ones move one place down (their
    default title with them). A held one keeps its number, as history does;
    a number that then does not follow is said, with the command that fixes it."""
    from collegekit.edit import EditRefused, edit_record, renumber
    from collegekit.facts import misnumbered, shifted_by

    shifted = shifted_by(college, day, kind, number)
    for moved_id, _, new in shifted:
        try:
            edit_record(
                college.path_of("meetings", moved_id), "meetings", lambda data, new=new: renumber(data, new, kind.label, day.year)
            )
        except EditRefused as refusal:
            typer.echo(f"Attention : {moved_id} n'a pas pu être renumérotée ({refusal}).", err=True)
            continue
        typer.echo(f"Renumérotée : {moved_id} devient la {french.ordinal_title(new, kind.label, day.year)} (number: {new}).")
    if not any(m.kind is kind and m.date.year == day.year and m.date > day for m in college.meetings.values()):
        return  # created last of its year: nothing after it to collide with
    _, after = load_college(root)
    for found in misnumbered(after):
        other = after.meetings[found.meeting_id]
        if other.kind is kind and other.date.year == day.year:
            typer.echo(
                f"Attention : {found.meeting_id} ({other.status.label}) porte le numéro {found.number}, qui ne suit pas "
                f"celui de {found.previous} ({found.previous_number}) ; s'il est à corriger : "
                f"« collegekit meeting {found.meeting_id} --number {found.suggested} ».",
                err=True,
            )


def _calendar_warnings(day: dt.date) -> list[str]:
    import holidays

    warnings = []
    if day.weekday() >= 5:
        warnings.append(f"le {day:%d/%m/%Y} est un {'samedi' if day.weekday() == 5 else 'dimanche'}.")
    holiday = holidays.France(years=day.year, language="fr").get(day)
    if holiday:
        warnings.append(f"le {day:%d/%m/%Y} est un jour férié ({holiday}).")
    return warnings



def _write_new(
    root: Path, path: Path, text: str, created: str, today: dt.date | None = None, report: bool = True, exists: str = ""
) -> None:
    """Write a new record, never over an existing one; `exists` completes
    the refusal with what to do instead."""
    from collegekit.files import FileExistsRefusal, write_atomically
    from collegekit.records import writable_record_path

    try:
        write_atomically(writable_record_path(root, path), text, overwrite=False)
    except FileExistsRefusal:
        raise fail(f"{shown_path(path)} existe déjà : rien n'a été écrit.{exists}", EXIT_FINDINGS) from None
    typer.echo(f"{created} : {shown_path(path)}")
    if report:
        report_findings(root, path, today or dt.date.today())


def _ask(value: str | None, question: str, option: str, asking: bool) -> str:
    if value:
        return value
    if not asking:
        raise fail(f"il manque {option} (ou lancez la commande dans un terminal pour répondre aux questions).", EXIT_USAGE)
    from collegekit.cli.prompt import Prompt

    return Prompt.ask(question)


def new_member(
    records: RecordsOption = None,
    first_name: Annotated[str | None, typer.Option("--first-name", help="Prénom.")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name", help="Nom.")] = None,
    profession: Annotated[
        str | None,
        typer.Option("--profession", help="physician, pharmacist, nurse, health-manager, midwife, dentist, psychologist, other."),
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="misp, phisp, contract, civil-servant, other.")] = None,
    site: Annotated[str | None, typer.Option("--site", help="head-office ou le code du département.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Dr, Pr, Mme, M.")] = None,
    gender: Annotated[
        GenderChoice | None,
        typer.Option(
            "--gender",
            help="Accord des fonctions : f (Présidente, Infirmière) ou m (Président, Infirmier). "
            "Inutile avec --title Mme ou M. ; pour un Dr ou un Pr, sans lui : au masculin.",
            case_sensitive=False,
        ),
    ] = None,
    service: Annotated[str | None, typer.Option("--service", help="Direction ou service.")] = None,
    management: Annotated[bool, typer.Option("--management/--no-management", help="Fonction d'encadrement.")] = False,
    start: Annotated[str | None, typer.Option("--start", help="Date d'arrivée au collège, AAAA-MM-JJ ; par défaut aujourd'hui.")] = None,
    role: Annotated[str, typer.Option("--role", help="member, bureau, president ou invited.")] = "member",
    member_id: Annotated[str | None, typer.Option("--id", help="Identifiant ; par défaut l'initiale et le nom.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Adresse électronique (pour les brouillons de courriel).")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Téléphone.")] = None,
    employer: Annotated[str | None, typer.Option("--employer", help="Pour un membre invité : l'organisme où il exerce.")] = None,
    no_input: NoInputOption = False,
    today: TodayOption = None,
) -> None:
    """Crée le fichier d'un nouveau membre et l'ajoute aux convoqués des séances prévues à partir de son arrivée."""
    from collegekit.scaffold import SLUG, member_id_for, new_member_text

    asking = interactive(no_input)
    first_name = _ask(first_name, "Prénom", "--first-name", asking)
    last_name = _ask(last_name, "Nom", "--last-name", asking)
    profession = _ask(profession, "Profession (physician, pharmacist, nurse...)", "--profession", asking)
    status = _ask(status, "Statut (misp, phisp, contract, civil-servant, other)", "--status", asking)
    site = _ask(site, "Affectation (head-office ou code du département)", "--site", asking)
    if asking and title is None:
        from collegekit.cli.prompt import Prompt

        title = Prompt.ask("Civilité (Dr, Pr, Mme, M. ; Entrée pour aucune)", default="", show_default=False) or None
    if asking and gender is None and title is not None and civility(title) in french.CIVILITIES_WITH_ARTICLE:
        from collegekit.cli.prompt import Prompt

        # The civility does not tell (Dr, Pr): asked, so that a présidente is not written président.
        answer = Prompt.ask("Accord des fonctions : f (Présidente, Infirmière) ou m (Président, Infirmier)",
                            choices=["f", "m"], default="m")
        gender = GenderChoice(answer)
    from collegekit.models.member import Profession, Role, Status

    email = email.strip() if email is not None else None
    if email:
        _check_email_option(email)
    if title:
        title = civility(title)
    profession = named(profession, Profession, "--profession")
    status = named(status, Status, "--status")
    role = named(role, Role, "--role")
    member_id = member_id or member_id_for(first_name, last_name)
    if not SLUG.match(member_id):
        raise fail(f"--id {member_id} : seuls les lettres minuscules sans accent, les chiffres et les tirets sont permis.", EXIT_USAGE)
    day = day_of(today)
    root, college = load_college(records)
    site = site_code(college, site)
    text = new_member_text(
        first_name=first_name,
        last_name=last_name,
        profession=profession,
        status=status,
        site=site,
        start=parse_date(start, "--start") if start else day,
        role=role,
        title=title,
        service=service,
        management_post=management,
        employer=employer,
        email=email,
        phone=phone,
        gender=gender.value if gender else None,
    )
    path = root / "members" / f"{member_id}.yaml"
    record = _check_new_record(path, "members", text)
    _refuse_gender_contradiction(record)
    _write_new(root, path, text, "Membre créé", day, report=False, exists=_homonym_hint(college, member_id, first_name, last_name))
    _, college = load_college(root)  # with the new member
    convene_new_member(college, member_id, day)
    _name_meetings_held_since(college, member_id, day)
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def _name_meetings_held_since(college: College, member_id: str, day: dt.date) -> None:
    """A member who joined before meetings already held: lint asks for their
    presence at each (attendance-missing-member), which the new file alone
    does not show. Said here, with the command that notes it."""
    from collegekit.facts import held_by, unnoted

    missing = sorted(meeting_id for meeting_id, meeting in held_by(college, day)
                     if meeting.attendance and member_id in unnoted(college, meeting))
    if not missing:
        return
    typer.echo(
        f"{french.capitalise(french.plural(len(missing), 'séance tenue', 'séances tenues'))} depuis son arrivée "
        f"{'ne dit' if len(missing) == 1 else 'ne disent'} pas sa présence : {', '.join(missing)}. Notez-la à "
        f"chacune, par exemple « collegekit attend {missing[0]} --absent {member_id} » (ou --present, --video, "
        "--excused)."
    )


def civility(title: str) -> str:
    """--title as the documents write it (french.civility: « Docteur » → « Dr »),
    or a usage error listing the civilities collegekit knows."""
    found = french.civility(title)
    if found is None:
        raise fail(f"--title {title} : civilité inconnue. Écrivez l'une de : {', '.join(french.CIVILITIES)}.", EXIT_USAGE)
    return found


def _check_email_option(email: str) -> None:
    """The model's rule for an address, said of the option rather than of a
    file not written yet."""
    from pydantic_core import PydanticCustomError

    from collegekit.models.member import check_email

    try:
        check_email(email)
    except PydanticCustomError as error:
        raise fail(f"--email : {error.message()} ; écrivez-la sous la forme prenom.nom@domaine.fr, ou laissez "
                   "--email de côté.", EXIT_USAGE) from None


def named(text: str, choices: type[LabelledEnum], option: str) -> str:
    """The YAML value of an option given by its value or its French label
    (« --profession infirmière »), or a usage error listing both."""
    import difflib

    found = choices.named(text)
    if found is not None:
        return found.value
    known = [member.label for member in choices] + [member.value for member in choices]
    close = difflib.get_close_matches(text.strip().lower(), known, n=1)
    suggestion = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
    listed = ", ".join(f"{member.value} ({member.label})" for member in choices)
    raise fail(f"l'option {option} : « {text} » n'est pas une valeur possible{suggestion} (valeurs possibles : "
               f"{listed})", EXIT_USAGE)


def _homonym_hint(college: College, member_id: str, first_name: str, last_name: str) -> str:
    """What to do when the id is taken: most often a namesake (Jacques and
    Jean Dupont both make « jdupont »), who needs an id of their own; or the
    same person coming back, who keeps their file."""
    from collegekit.scaffold import free_member_id

    suggestion = free_member_id(first_name, last_name, set(college.members) | {member_id})
    hint = f" Pour une autre personne, choisissez un autre identifiant avec --id, par exemple --id {suggestion}"
    existing = college.members.get(member_id)
    if existing is None:
        return hint + "."
    hint = f" Ce fichier est celui de {existing.display_name}.{hint}"
    if all(p.end is not None for p in existing.memberships):
        return hint + f" ; si c'est {existing.display_name} qui revient : « collegekit member {member_id} --rejoin AAAA-MM-JJ »."
    return hint + "."


def convene_new_member(college: College, member_id: str, day: dt.date) -> None:
    """The new member (or one who joined the bureau: `member --role`), added to `invited` of every meeting to come that
    convenes them on its date (facts.not_convened): a meeting prepared
    before they joined would otherwise leave them out of its convocation."""
    added = update_convocations(college, member_id, day, convene)
    if added:
        typer.echo(f"Ajouté aux convoqués de : {', '.join(added)}.")
    for meeting_id in added:
        sent = college.meetings[meeting_id].sent_to_committee.agenda
        if sent is not None:
            typer.echo(
                f"L'ordre du jour de {meeting_id} est déjà parti (le {french.short_date(sent)}) : "
                f"transmettez-le-lui, par exemple avec le brouillon que refait « collegekit send agenda {meeting_id} »."
            )


def new_fiche(
    member: Annotated[str, typer.Argument(metavar="MEMBRE", help="Le membre, par exemple cmoreau.")],
    records: RecordsOption = None,
) -> None:
    """Crée la fiche de poste d'un membre, à compléter."""
    from collegekit.scaffold import new_fiche_text

    root, college = load_college(records)
    require_record(college, "members", member)
    path, text = root / "fiches" / f"{member}.yaml", new_fiche_text(college, member, dt.date.today())
    # A profession the college keeps no fiche for: lint's fiche-profession, refused before writing.
    _check_new_record(path, "fiches", text, college, ("fiche-profession",))
    _write_new(root, path, text, "Fiche de poste créée")
    typer.echo("Ensuite : décrivez les activités aux trois niveaux, puis « collegekit lint ».")
    raise typer.Exit(EXIT_CLEAN)


# --kind's choices, from models.plan_kind (light: no pydantic at --help).
PlanKindChoice = enum.StrEnum("PlanKindChoice", {kind.name: kind.value for kind in PlanKind})  # type: ignore[misc]


def new_plan(
    year: Annotated[int, typer.Option("--year", help="Année du plan.")],
    kind: Annotated[PlanKindChoice, typer.Option("--kind", help=f"{french.join([k.value for k in PlanKind], ' ou ')}.")],
    records: RecordsOption = None,
) -> None:
    """Crée le projet de plan d'une année ; un plan d'actions reprend les actions non terminées de l'année précédente."""
    from collegekit.records import plan_id
    from collegekit.scaffold import new_plan_text

    root, college = load_college(records)
    plan_kind = PlanKind(kind.value)
    text, carried = new_plan_text(college, year, plan_kind)
    _write_new(root, root / "plans" / f"{plan_id(year, plan_kind)}.yaml", text, "Plan créé")
    if carried:
        typer.echo(
            f"{french.plural(carried, 'action')} non {french.plural_word(carried, 'terminée')} de {year - 1} "
            f"{french.plural_word(carried, 'reprise')}."
        )
    raise typer.Exit(EXIT_CLEAN)


def _refuse_gender_contradiction(member: object) -> None:
    """--gender against --title: lint's own gender-mismatch, refused before writing."""
    from collegekit.checks.members import gender_contradiction
    from collegekit.models.member import Member

    found = gender_contradiction(member) if isinstance(member, Member) else None
    if found:
        message, _ = found
        typer.echo(message, err=True)
        raise fail("rien n'a été écrit : --gender contredit --title ; l'accord suit la civilité (Mme, M.), "
                   "--gender ne sert qu'aux Dr et Pr.", EXIT_USAGE)


def _check_new_record(
    path: Path,
    folder: str,
    text: str,
    college: College | None = None,
    codes: tuple[str, ...] = (),
    day: dt.date | None = None,
) -> object:
    """Refuse, before writing, a record that would not be valid, or (with
    `college` and `codes`) one that lint's checks `codes` would reject in
    that college (write_checks.added_errors, word for word); the record,
    when it passes."""
    import tempfile

    from collegekit.records import load_record_file
    from collegekit.reporters import text_report
    from collegekit.write_checks import added_errors

    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(text, encoding="utf-8")
        record, problems = load_record_file(folder, candidate)
        if record is not None and college is not None and codes:
            problems = added_errors(college, folder, path.stem, candidate, record, codes, day or dt.date.today())
    if problems and (record is None or codes):
        typer.echo(text_report(problems).replace(str(candidate), path.name), err=True)
        if record is None:
            raise fail("rien n'a été écrit : corrigez les valeurs indiquées.", EXIT_USAGE)
        raise fail(f"{path.name} serait refusé par « collegekit lint » (ci-dessus) : rien n'a été écrit.", EXIT_FINDINGS)
    return record


def register(app: typer.Typer) -> None:
    app.command("new-meeting")(new_meeting)
    app.command("new-member")(new_member)
    app.command("new-fiche")(new_fiche)
    app.command("new-plan")(new_plan)
