"""`collegekit member` and `collegekit action`: the routine edits of a member
(leaving, coming back, contact details) and of an action (a plan's, or the
follow-up of a meeting's), without opening the YAML.

Each edit goes through edit.py (comments and layout kept, written in one
step) and is refused, with lint's own words, when the records it leaves
would fail a check the edit concerns.
"""

from __future__ import annotations

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
    report_findings,
    require_record,
    shown_path,
    verifier,
)
from collegekit.cli.new import parse_date

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

# What a member's dates may break elsewhere: attendance and plan actions of
# the days they were no longer (or not yet) a member; and what --gender may
# break in the file itself: a gender the civility contradicts.
MEMBER_CHECKS = ("attendance-not-a-member", "owner-not-member", "owner-left", "gender-mismatch")
PLAN_ACTION_CHECKS = ("done-not-complete",)


def member(
    member_id: Annotated[str, typer.Argument(metavar="MEMBRE", help="Le membre, par exemple cmoreau.")],
    leave: Annotated[str | None, typer.Option("--leave", help="Quitte le collège ce jour-là (AAAA-MM-JJ), dernier jour compris.")] = None,
    rejoin: Annotated[str | None, typer.Option("--rejoin", help="Revient au collège ce jour-là (AAAA-MM-JJ).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Avec --leave ou --rejoin : le motif (retraite, mutation...).")] = None,
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
    records: RecordsOption = None,
    today: TodayOption = None,
) -> None:
    """Met à jour un membre : départ, retour, coordonnées, employeur, accord des fonctions.

    Exemple : collegekit member mroux --leave 2026-06-30 --note "Départ à la retraite"
    """
    from collegekit.edit import set_member

    if leave and rejoin:
        raise fail("--leave et --rejoin ensemble : faites l'un, puis l'autre.", EXIT_USAGE)
    if note is not None and not (leave or rejoin):
        raise fail("--note accompagne --leave ou --rejoin.", EXIT_USAGE)
    if gender is not None and gender not in ("f", "m", ""):
        raise fail(f"--gender {gender} : f (féminin), m (masculin), ou \"\" pour l'effacer.", EXIT_USAGE)
    fields = {
        key: value
        for key, value in (("email", email), ("phone", phone), ("employer", employer), ("service", service), ("gender", gender))
        if value is not None
    }
    if not (leave or rejoin or fields):
        raise fail("rien à changer : indiquez --leave, --rejoin, --email, --phone, --employer, --service ou --gender.", EXIT_USAGE)
    day = day_of(today)
    leave_on = parse_date(leave, "--leave") if leave else None
    rejoin_on = parse_date(rejoin, "--rejoin") if rejoin else None
    root, college = load_college(records)
    require_record(college, "members", member_id)
    record = college.members[member_id]
    periods = record.memberships
    open_periods = [p for p in periods if p.end is None]
    if leave_on and not open_periods:
        last = max(periods, key=lambda p: p.start)
        raise fail(f"{record.display_name} a déjà quitté le collège (le {last.end:%d/%m/%Y}) : rien n'a été écrit.", EXIT_USAGE)
    if rejoin_on and open_periods:
        raise fail(f"{record.display_name} est déjà membre (depuis le {open_periods[0].start:%d/%m/%Y}) : rien n'a été écrit.", EXIT_USAGE)
    path = college.path_of("members", member_id)
    before = lint_keys(root, day)

    def change(data: CommentedMap) -> None:
        set_member(data, leave=leave_on, rejoin=rejoin_on, note=note, fields=fields)

    written = apply_edit(path, "members", change, verifier(college, "members", member_id, MEMBER_CHECKS, day))
    typer.echo(f"{shown_path(path)} mis à jour." if written else f"{shown_path(path)} était déjà à jour.")
    report_findings(root, path, day, before)
    raise typer.Exit(EXIT_CLEAN)


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


def register(app: typer.Typer) -> None:
    app.command("member")(member)
    app.command("action")(action)
