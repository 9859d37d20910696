"""`collegekit member`, `collegekit action`, `collegekit fiche` and
`collegekit plan dates`: the routine edits of a member (leaving, coming back,
contact details), of an action (a plan's, or the follow-up of a meeting's),
of a fiche de poste (sent to the president) and of a plan (presented,
validated, reviewed), without opening the YAML.

Each edit goes through edit.py (comments and layout kept, written in one
step) and is refused, with lint's own words, when the records it leaves
would fail a check the edit concerns.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Annotated

import typer

from collegekit import french
from collegekit.cli.common import (
    EXIT_CLEAN,
    EXIT_USAGE,
    RecordsOption,
    TodayOption,
    apply_edit,
    day_of,
    fail,
    lint_keys,
    load_college,
    release,
    report_findings,
    require_record,
    shown_path,
    site_code,
    update_convocations,
    verifier,
)
from collegekit.cli.new import convene_new_member, parse_date

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ruamel.yaml.comments import CommentedMap

    from collegekit.models.member import Role
    from collegekit.models.plan import Plan
    from collegekit.records import College

# What a member's dates may break elsewhere: attendance and plan actions of
# the days they were no longer (or not yet) a member; what --gender may
# break in the file itself: a gender the civility contradicts; and --site: a
# département the college does not have.
MEMBER_CHECKS = ("attendance-not-a-member", "owner-not-member", "owner-left", "gender-mismatch", "unknown-departement")
# A role from a past day, or a departure (a return) corrected to a later
# (an earlier) day, makes the member expected at meetings already held: they
# must be in those attendances, as lint says. Not for a first departure or
# return, whose attendance `attend` would refuse before the dates are
# written; a correction over held meetings without them is more likely a
# slip (the wrong member, the wrong year) than the truth.
PERIOD_CHECKS = (*MEMBER_CHECKS, "attendance-missing-member")
PLAN_ACTION_CHECKS = ("done-not-complete",)
# A sending date before the fiche was set: lint's error, refused at write time.
FICHE_CHECKS = ("fiche-dates",)


# models.member.Role's values, without importing pydantic at --help
# (tests/test_edits.py holds them equal).
class RoleChoice(enum.StrEnum):
    MEMBER = "member"
    BUREAU = "bureau"
    PRESIDENT = "president"
    INVITED = "invited"


def member(
    member_id: Annotated[str, typer.Argument(metavar="MEMBRE", help="Le membre, par exemple cmoreau.")],
    leave: Annotated[
        str | None,
        typer.Option(
            "--leave",
            help="Quitte le collège ce jour-là (AAAA-MM-JJ), dernier jour compris. Pour un membre déjà parti : "
            "corrige sa date de départ.",
        ),
    ] = None,
    rejoin: Annotated[
        str | None,
        typer.Option(
            "--rejoin",
            help="Revient au collège ce jour-là (AAAA-MM-JJ), dans son dernier rôle ou celui de --role. Pour un "
            "membre déjà revenu : corrige sa date de retour.",
        ),
    ] = None,
    role: Annotated[
        RoleChoice | None,
        typer.Option("--role", help="Nouveau rôle au collège à partir de --from : member, bureau, president ou invited."),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Avec --role : premier jour du nouveau rôle (AAAA-MM-JJ) ; par défaut aujourd'hui."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Avec --leave, --rejoin ou --role : le motif (retraite, mutation, élection...).")
    ] = None,
    site: Annotated[
        str | None,
        typer.Option("--site", help="Nouvelle affectation : head-office (le siège) ou le code du département. Sans historique."),
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Adresse électronique (\"\" pour l'effacer).")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Téléphone (\"\" pour l'effacer).")] = None,
    employer: Annotated[str | None, typer.Option("--employer", help="Employeur, pour un membre invité (\"\" pour l'effacer).")] = None,
    service: Annotated[str | None, typer.Option("--service", help="Direction ou service (\"\" pour l'effacer).")] = None,
    gender: Annotated[
        str | None,
        typer.Option(
            "--gender",
            help="Accord des fonctions : f (Présidente, Infirmière) ou m (Président, Infirmier) ; \"\" pour l'effacer "
            "(accord d'après la civilité ; à défaut, au masculin).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Civilité : Dr, Pr, Mme, M. (\"\" pour l'effacer).")] = None,
    first_name: Annotated[str | None, typer.Option("--first-name", help="Prénom, corrigé.")] = None,
    last_name: Annotated[str | None, typer.Option("--last-name", help="Nom, corrigé (l'identifiant ne change pas).")] = None,
    profession: Annotated[str | None, typer.Option("--profession", help="Profession : physician (médecin), nurse (infirmier)...")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Statut : misp, phisp, contract, civil-servant, other.")] = None,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Met à jour un membre : départ, retour, rôle, affectation, civilité, nom, profession, statut, coordonnées,
    employeur, accord des fonctions.

    Exemples : collegekit member mroux --leave 2026-06-30 --note "Départ à la retraite" ;
    collegekit member cmoreau --role president --from 2027-01-01
    """
    from collegekit.edit import change_role, set_member, set_period_date
    from collegekit.memberships import (
        MembershipRefused,
        leave_correction,
        refuse_two_presidents,
        rejoin_correction,
        role_change,
    )
    from collegekit.models.member import Role

    if leave and rejoin:
        raise fail("--leave et --rejoin ensemble : faites l'un, puis l'autre.", EXIT_USAGE)
    if role is not None and leave:
        raise fail("--role et --leave ensemble : faites l'un, puis l'autre.", EXIT_USAGE)
    if from_ is not None and (role is None or rejoin):
        raise fail(
            "--from accompagne --role (le premier jour du nouveau rôle) ; avec --rejoin, le rôle commence au retour."
            if rejoin
            else "--from accompagne --role (le premier jour du nouveau rôle).",
            EXIT_USAGE,
        )
    if note is not None and not (leave or rejoin or role):
        raise fail("--note accompagne --leave, --rejoin ou --role.", EXIT_USAGE)
    from collegekit.cli.new import civility, named
    from collegekit.models.member import Profession, Status

    gender = gender.strip().lower() if gender is not None else None
    title = (civility(title) if title.strip() else "") if title is not None else None
    profession = named(profession, Profession, "--profession") if profession is not None else None
    status = named(status, Status, "--status") if status is not None else None
    for option, value in (("--first-name", first_name), ("--last-name", last_name)):
        if value is not None and not value.strip():
            raise fail(f"{option} \"\" : un membre a toujours un prénom et un nom.", EXIT_USAGE)
    first_name = first_name.strip() if first_name is not None else None
    last_name = last_name.strip() if last_name is not None else None
    email = email.strip() if email is not None else None
    if gender is not None and gender not in ("f", "m", ""):
        raise fail(f"--gender {gender} : f (féminin), m (masculin), ou \"\" pour l'effacer.", EXIT_USAGE)
    if site == "":
        raise fail("--site \"\" : un membre a toujours une affectation, head-office (le siège) ou un code de département.", EXIT_USAGE)
    fields = {
        key: value
        for key, value in (
            ("site", site), ("email", email), ("phone", phone), ("employer", employer), ("service", service), ("gender", gender),
            ("title", title), ("first_name", first_name), ("last_name", last_name), ("profession", profession),
            ("status", status),
        )
        if value is not None
    }
    if not (leave or rejoin or role or fields):
        raise fail(
            "rien à changer : indiquez --leave, --rejoin, --role, --site, --title, --first-name, --last-name, "
            "--profession, --status, --email, --phone, --employer, --service ou --gender.",
            EXIT_USAGE,
        )
    day = day_of(today)
    leave_on = parse_date(leave, "--leave") if leave else None
    rejoin_on = parse_date(rejoin, "--rejoin") if rejoin else None
    role_from = (parse_date(from_, "--from") if from_ else day) if role and not rejoin else None
    new_role = Role(role.value) if role else None
    root, college = load_college(records)
    require_record(college, "members", member_id)
    if site is not None:
        site = fields["site"] = site_code(college, site)
    record = college.members[member_id]
    periods = record.memberships
    open_periods = [p for p in periods if p.end is None]
    said: list[str] = []  # what the edit does to the periods, said before the file's name
    edits: list[Callable[[CommentedMap], None]] = []
    codes: tuple[str, ...] = MEMBER_CHECKS
    try:
        if leave_on and not open_periods:
            fix = leave_correction(college, member_id, leave_on)
            said.append(f"date de départ corrigée : {french.short_date(fix.old)} → {french.short_date(fix.new)}")
            edits.append(lambda data: set_period_date(data, fix.index, "end", fix.new, note))
            codes = PERIOD_CHECKS
        elif rejoin_on and open_periods:
            if role is not None:
                raise fail(
                    f"{record.display_name} est déjà membre : --rejoin corrige sa date de retour, sans --role ; "
                    f"pour un nouveau rôle, « collegekit member {member_id} --role {role.value} --from AAAA-MM-JJ ».",
                    EXIT_USAGE,
                )
            fix = rejoin_correction(college, member_id, rejoin_on)
            said.append(f"date de retour corrigée : {french.short_date(fix.old)} → {french.short_date(fix.new)}")
            edits.append(lambda data: set_period_date(data, fix.index, "start", fix.new, note))
            codes = PERIOD_CHECKS
        elif leave_on or rejoin_on:
            if rejoin_on:
                last = max(periods, key=lambda p: p.start)
                back_as = new_role or last.role
                if back_as is Role.PRESIDENT:
                    refuse_two_presidents(college, member_id, rejoin_on, None)
                if new_role is not None:
                    said.append(f"retour le {french.short_date(rejoin_on)}, {record.agreed(new_role)}")
            edits.append(
                lambda data: set_member(data, leave=leave_on, rejoin=rejoin_on, role=role.value if role else None, note=note)
            )
        elif new_role is not None and role_from is not None:
            change = role_change(college, member_id, new_role, role_from)
            until = f" (jusqu'à son départ le {french.short_date(change.until)})" if change.until else ""
            said.append(
                f"{record.agreed(change.previous)} → {record.agreed(new_role)} à partir du {french.short_date(role_from)}{until}"
            )
            edits.append(lambda data: change_role(data, change.index, role_from, new_role.value, change.split, note))
            codes = PERIOD_CHECKS
    except MembershipRefused as refusal:
        raise fail(str(refusal), refusal.exit_code) from None
    if fields:
        edits.append(lambda data: set_member(data, fields=fields))
    path = college.path_of("members", member_id)
    before = lint_keys(root, day)

    def change_all(data: CommentedMap) -> None:
        for edit in edits:
            edit(data)

    written = apply_edit(path, "members", change_all, verifier(college, "members", member_id, codes, day))
    for sentence in said:
        typer.echo(f"{record.display_name} : {sentence}.")
    typer.echo(f"{shown_path(path)} mis à jour." if written else f"{shown_path(path)} était déjà à jour.")
    if written and site is not None and site != record.site:
        _say_site_has_no_history(college, member_id, site, day)
    if written and role_from is not None:
        _after_role_change(root, member_id, new_role, record.role_on(role_from), role_from, day)
    elif written and rejoin_on:
        convene_new_member(load_college(root)[1], member_id, day)
    if written and leave_on:
        _release_leaver(load_college(root)[1], member_id, day)
    report_findings(root, path, day, before)
    raise typer.Exit(EXIT_CLEAN)


def _release_leaver(college: College, member_id: str, day: dt.date) -> None:
    """A member who leaves, or leaves the bureau, is taken out of `invited`
    of the meetings to come that no longer convene them (common.release),
    which would still send them the convocation; said, as new-member says
    where it adds."""
    gone = update_convocations(college, member_id, day, release)
    if gone:
        typer.echo(f"Retiré des convoqués de : {', '.join(gone)}, où sa convocation n'est plus due.")


def _say_site_has_no_history(college: College, member_id: str, site: str, day: dt.date) -> None:
    """The site is the member's, not a period's (models.member.Member.site):
    every output names a member's assignment from it, the past included.
    A period per assignment would keep the past true, at the cost of every
    report reading the site of each day; until then the move is allowed (a
    refusal would only send the user to the same edit by hand, and a second
    file would cut the person's history in two) and its reach is said."""
    from collegekit.names import Names

    member = college.members[member_id]
    past = sorted(
        meeting_id
        for meeting_id, meeting in college.meetings.items()
        if meeting.date < day and meeting.status.is_held and member_id in meeting.attendance
    )
    if not past:
        return
    names = Names(college)
    span = past[0] if len(past) == 1 else f"{past[0]} à {past[-1]}"
    typer.echo(
        f"Attention : l'affectation n'a pas d'historique. Refaits, les comptes rendus et les rapports de participation "
        f"{'de la séance passée' if len(past) == 1 else f'des {len(past)} séances passées'} où figure "
        f"{member.display_name} ({span}) diront « {names.site(site)} » au lieu de « {names.site(member.site)} » ; "
        "les documents déjà envoyés ne changent pas."
    )


def _after_role_change(root: Path, member_id: str, role: Role | None, was: Role | None, start: dt.date, today: dt.date) -> None:
    """Who is convened to the bureau's meetings to come follows the role;
    and a college left without a president from that day is told so."""
    from collegekit.facts import president_on
    from collegekit.models.member import Role

    # One load for the three: adding and taking out concern other meetings'
    # lists, and the presidency is read from the members.
    _, college = load_college(root)
    convene_new_member(college, member_id, today)
    _release_leaver(college, member_id, today)
    if was is Role.PRESIDENT and role is not Role.PRESIDENT:
        if president_on(college, start) is None:
            typer.echo(
                f"Le collège n'a plus de président à partir du {french.short_date(start)} : pour nommer qui lui "
                f"succède, « collegekit member MEMBRE --role president --from {start.isoformat()} »."
            )


class ActionStatusChoice(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    POSTPONED = "postponed"
    ABANDONED = "abandoned"
    OPEN = "open"
    CANCELLED = "cancelled"


_PLAN_STATUSES = ("planned", "in-progress", "done", "postponed", "abandoned")
_FOLLOW_UP_STATUSES = ("open", "in-progress", "done", "cancelled")


def action(
    record_id: Annotated[str, typer.Argument(metavar="PLAN|SÉANCE", help="Un plan (2026-work) ou une séance (2026-03-17-pleniere).")],
    number: Annotated[int, typer.Argument(metavar="NUMÉRO", help="Le numéro de l'action (dans le plan, ou dans le compte rendu).")],
    status: Annotated[
        ActionStatusChoice | None,
        typer.Option(
            "--status",
            help="Plan : planned, in-progress, done, postponed, abandoned. Séance : open, in-progress, done, cancelled.",
        ),
    ] = None,
    progress: Annotated[int | None, typer.Option("--progress", min=0, max=100, help="Plan : avancement en %.")] = None,
    review: Annotated[str | None, typer.Option("--review", help="Plan : ce qui a été réalisé (bilan).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Séance : où en est l'action, en une phrase.")] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="SÉANCE", help="Séance : la séance où ce suivi a été fait (2026-06-23-pleniere)."),
    ] = None,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Met à jour une action : celle d'un plan (état, avancement, bilan) ou le suivi d'une action décidée en séance.

    Exemples : collegekit action 2026-work 12 --progress 60 --status in-progress ;
    collegekit action 2026-03-17-pleniere 2 --status done
    """
    day = day_of(today)
    root, college = load_college(records)
    if record_id in college.meetings:
        folder, change, what = _meeting_action(college, record_id, number, status, progress, review, note, at)
        codes: tuple[str, ...] = ()
    elif record_id in college.plans:
        if at is not None:
            raise fail("--at sert au suivi des actions d'une séance ; une action de plan n'en a pas.", EXIT_USAGE)
        folder, change, what = _plan_action(college, record_id, number, status, progress, review, note)
        codes = PLAN_ACTION_CHECKS
    else:
        import difflib

        close = difflib.get_close_matches(record_id, sorted([*college.plans, *college.meetings]), n=3, cutoff=0.6)
        suggestion = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
        raise fail(f"« {record_id} » n'est ni un plan (plans/) ni une séance (meetings/).{suggestion}", EXIT_USAGE)
    path = college.path_of(folder, record_id)
    written = apply_edit(path, folder, change, verifier(college, folder, record_id, codes, day) if codes else None)
    typer.echo(f"{what} : {shown_path(path)} mis à jour." if written else f"{what} : {shown_path(path)} était déjà à jour.")
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def _plan_action(college, plan_id, number, status, progress, review, note):  # type: ignore[no-untyped-def]
    from collegekit.edit import set_at

    if note is not None:
        raise fail("--note sert au suivi des actions d'une séance ; pour un plan, --review.", EXIT_USAGE)
    if status is not None and status.value not in _PLAN_STATUSES:
        raise fail(f"--status {status.value} : l'état d'une action de plan est {', '.join(_PLAN_STATUSES)}.", EXIT_USAGE)
    if status is None and progress is None and review is None:
        raise fail("rien à changer : indiquez --status, --progress ou --review.", EXIT_USAGE)
    plan = college.plans[plan_id]
    found = [(path, a) for path, a in plan.actions_with_paths() if a.number == number]
    if not found:
        numbers = sorted(a.number for a in plan.actions)
        known = f"de {numbers[0]} à {numbers[-1]}" if numbers else "aucune"
        raise fail(f"le plan {plan_id} n'a pas d'action n° {number} (actions : {known}).", EXIT_USAGE)
    key_path, _ = found[0]
    values: dict[str, object] = {}
    if status is not None:
        values["status"] = status.value
        if status.value == "done" and progress is None:
            progress = 100  # done is done: done-not-complete would refuse anything less
    if progress is not None:
        values["progress"] = progress
    if review is not None:
        values["review"] = review
    return "plans", lambda data: set_at(data, key_path, values), f"Action n° {number} du plan {plan_id}"


def _meeting_action(college, meeting_id, number, status, progress, review, note, at):  # type: ignore[no-untyped-def]
    from collegekit.edit import set_follow_up

    if progress is not None or review is not None:
        raise fail("--progress et --review servent aux actions d'un plan ; pour une séance, --status et --note.", EXIT_USAGE)
    if status is None:
        raise fail(f"indiquez --status ({', '.join(_FOLLOW_UP_STATUSES)}).", EXIT_USAGE)
    if status.value not in _FOLLOW_UP_STATUSES:
        raise fail(f"--status {status.value} : le suivi d'une action de séance est {', '.join(_FOLLOW_UP_STATUSES)}.", EXIT_USAGE)
    actions = college.meetings[meeting_id].actions
    if not 1 <= number <= len(actions):
        count = len(actions)
        raise fail(
            f"la séance {meeting_id} a {french.plural(count, 'action')} (« Action : » dans le compte rendu) : "
            f"pas de n° {number}.",
            EXIT_USAGE,
        )
    if at is not None:
        require_record(college, "meetings", at)
    return "meetings", lambda data: set_follow_up(data, number, status.value, note, at), f"Suivi de l'action n° {number}"


def _past_date(text: str, option: str, day: dt.date, when: str) -> dt.date:
    """A date of something done (presented, validated, sent): parsed as every
    date option is, and refused when still to come, since a date typed with
    the wrong year would otherwise silently settle lint's finding."""
    parsed = parse_date(text, option)
    if parsed > day:
        raise fail(
            f"{option} {text} : cette date est à venir (nous sommes le {day:%d/%m/%Y}) ; notez-la {when} : "
            "rien n'a été écrit.",
            EXIT_USAGE,
        )
    return parsed


def fiche(
    member_id: Annotated[str, typer.Argument(metavar="MEMBRE", help="Le membre dont c'est la fiche, par exemple mroux.")],
    sent_on: Annotated[
        str | None,
        typer.Option("--sent-on", help="Date de transmission de la fiche au président du collège (AAAA-MM-JJ)."),
    ] = None,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Note la transmission d'une fiche de poste au président (sent_to_president_on).

    Exemple : collegekit fiche mroux --sent-on 2026-03-07
    """
    from collegekit.edit import set_in_order
    from collegekit.models.fiche import Fiche

    if sent_on is None:
        raise fail("rien à changer : indiquez --sent-on AAAA-MM-JJ, la date de transmission au président.", EXIT_USAGE)
    day = day_of(today)
    sent = _past_date(sent_on, "--sent-on", day, "une fois la fiche transmise")
    root, college = load_college(records)
    if member_id not in college.fiches and f"fiches/{member_id}" not in college.unloadable and member_id in college.members:
        raise fail(
            f"{college.members[member_id].display_name} n'a pas de fiche de poste : créez-la d'abord "
            f"(« collegekit new-fiche {member_id} »).",
            EXIT_USAGE,
        )
    require_record(college, "fiches", member_id)
    path = college.path_of("fiches", member_id)
    order = list(Fiche.model_fields)

    def change(data: CommentedMap) -> None:
        set_in_order(data, {"sent_to_president_on": sent}, order)

    written = apply_edit(path, "fiches", change, verifier(college, "fiches", member_id, FICHE_CHECKS, day))
    typer.echo(
        f"Transmission au président notée dans {shown_path(path)} : sent_to_president_on: {sent}."
        if written
        else f"{shown_path(path)} était déjà à jour."
    )
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def plan_dates(
    plan_id: Annotated[str, typer.Argument(metavar="PLAN", help="Le plan, par exemple 2026-work.")],
    presented_on: Annotated[
        str | None, typer.Option("--presented-on", help="Date de présentation du plan en séance (AAAA-MM-JJ).")
    ] = None,
    validated_on: Annotated[
        str | None, typer.Option("--validated-on", help="Date de validation du plan (AAAA-MM-JJ) ; le plan est alors noté validé.")
    ] = None,
    review_presented_on: Annotated[
        str | None,
        typer.Option("--review-presented-on", help="Date de présentation du bilan du plan, l'année suivante (AAAA-MM-JJ)."),
    ] = None,
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Note les dates d'un plan : présentation, validation, présentation de son bilan.

    Exemple : collegekit plan dates 2026-work --presented-on 2026-03-17 --validated-on 2026-04-07
    """
    from collegekit.edit import set_plan_dates

    if presented_on is None and validated_on is None and review_presented_on is None:
        raise fail("rien à changer : indiquez --presented-on, --validated-on ou --review-presented-on (AAAA-MM-JJ).", EXIT_USAGE)
    day = day_of(today)
    dates = {
        key: _past_date(text, option, day, when)
        for key, text, option, when in (
            ("presented_on", presented_on, "--presented-on", "une fois le plan présenté"),
            ("validated_on", validated_on, "--validated-on", "une fois le plan validé"),
            ("review_presented_on", review_presented_on, "--review-presented-on", "une fois le bilan présenté"),
        )
        if text is not None
    }
    root, college = load_college(records)
    require_record(college, "plans", plan_id)
    path = college.path_of("plans", plan_id)
    _refuse_dates_out_of_order(college.plans[plan_id], dates)

    noted: dict[str, object] = {}

    def change(data: CommentedMap) -> None:
        noted.update(set_plan_dates(data, **dates))

    # No verifier: the plans' date checks (plan-late, plan-not-validated,
    # review-late) are warnings, said after writing; a validation before the
    # presentation is the model's own error (invalid-period), refused by edit.py.
    written = apply_edit(path, "plans", change)
    if written:
        typer.echo(f"Noté dans {shown_path(path)} : {', '.join(f'{key}: {value}' for key, value in noted.items())}.")
    else:
        typer.echo(f"{shown_path(path)} était déjà à jour.")
    report_findings(root, path, day)
    raise typer.Exit(EXIT_CLEAN)


def _refuse_dates_out_of_order(plan: Plan, dates: dict[str, dt.date]) -> None:
    """A plan is presented, then validated: a validation with no
    presentation would read « validé » where compliance and lint say the
    presentation is missing. (Dates out of order are the model's own
    invalid-period, which edit.py refuses.)"""
    presented = dates.get("presented_on") or plan.presented_on
    if "validated_on" in dates and presented is None:
        raise fail(
            "un plan se valide après sa présentation, qui n'est pas notée : indiquez aussi --presented-on "
            "(AAAA-MM-JJ). Rien n'a été écrit.",
            EXIT_USAGE,
        )


def register(app: typer.Typer) -> None:
    app.command("member")(member)
    app.command("action")(action)
    app.command("fiche")(fiche)
