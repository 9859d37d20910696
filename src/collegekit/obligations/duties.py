"""The obligations of the registry, in the order of the report; each reads
through collegekit.compliance, which holds their wording and states."""

from __future__ import annotations

from collegekit import compliance
from collegekit.compliance import Obligation
from collegekit.models.plan import PlanKind
from collegekit.obligations import Duty, ObligationContext, obligation


@obligation("plenary-meetings", reads=("college", "meetings"), checks=("too-few-meetings",))
def plenary_meetings(context: ObligationContext) -> Obligation:
    """facts.plenaries: the count lint's too-few-meetings reads too."""
    return compliance.plenary_meetings(context.college, context.year, context.today)


@obligation("agendas-sent", reads=("college", "meetings"), checks=("not-sent-to-committee",))
def agendas_sent(context: ObligationContext) -> Obligation:
    """facts.sendings: the agenda due the day of the session, as lint's not-sent-to-committee."""
    return compliance.agendas_sent(context.college, context.year, context.today)


@obligation("minutes-sent", reads=("college", "meetings"), checks=("not-sent-to-committee",))
def minutes_sent(context: ObligationContext) -> Obligation:
    """facts.sendings: approved minutes due within 30 days, as lint's not-sent-to-committee."""
    return compliance.minutes_sent(context.college, context.year, context.today)


def _plan(kind: PlanKind) -> Duty:
    def plan(context: ObligationContext) -> Obligation:
        """facts.plan_due: the dates and states lint's plan checks read too."""
        return compliance.plan_obligation(context.college, context.year, kind, context.today)

    plan.__name__ = f"plan_{kind.name.lower()}"
    checks = ("plan-missing", "plan-late", "plan-not-validated")
    return obligation(f"plan-{kind.value}", reads=("college", "plans"), checks=checks)(plan)


@obligation("work-review", reads=("college", "plans"), checks=("review-late",))
def work_review(context: ObligationContext) -> Obligation:
    """facts.due_date of the year, as lint's review-late for the plan of the year before."""
    return compliance.work_review(context.college, context.year, context.today)


@obligation("fiches", reads=("college", "members", "fiches"), checks=("fiche-missing", "fiche-not-sent"))
def fiches(context: ObligationContext) -> Obligation:
    """facts.fiche_holders on the year's reference day, as lint's fiche-missing
    (no fiche) and fiche-not-sent (a fiche not sent to the president)."""
    return compliance.fiches(context.college, context.year, context.today, context.names)


@obligation("quorum", reads=("college", "members", "meetings"))
def quorum(context: ObligationContext) -> Obligation:
    return compliance.quorum(context.college, context.year, context.today, context.attendance)


DUTIES: tuple[Duty, ...] = (
    plenary_meetings,
    agendas_sent,
    minutes_sent,
    *(_plan(kind) for kind in (PlanKind.WORK, PlanKind.TRAINING, PlanKind.RULES, PlanKind.ORGANISATION)),
    work_review,
    fiches,
    quorum,
)
