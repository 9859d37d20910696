"""Plans: presented in time, reviewed the next year, their actions consistent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from collegekit import french, images
from collegekit.checks import CheckContext, Finding, check, member_name, years_covered
from collegekit.diagnostics import Severity
from collegekit.facts import PlanDue, due_date, plan_due
from collegekit.models.member import Member, Role
from collegekit.models.plan import ActionStatus
from collegekit.models.plan_kind import PlanKind

# Checked for every year: the kinds the college prepares and presents itself
# (the agency's regional plan is not presented by the bureau).
OWN_KINDS = tuple(kind for kind in PlanKind if kind.own)


@check(
    "plan-missing",
    "plans",
    Severity.WARNING,
    "Une année n'a pas l'un de ses plans (plan de travail, plan de formation, règlement intérieur, organisation des "
    "fonctions médicales) une fois passée l'échéance de présentation.",
    reads=("college", "meetings", "plans"),
)
def plan_missing(context: CheckContext) -> Iterator[Finding]:
    """facts.plan_due, as compliance's plan obligations: missing only once the
    due date has passed; a rules or organisation version stays in force."""
    college = context.college
    for year in years_covered(college, context.today):
        for kind in OWN_KINDS:
            fact = plan_due(college, year, kind, context.today)
            if fact.plan is not None or fact.presentation != "missing" or f"plans/{fact.identifier}" in college.unloadable:
                continue
            earlier = "" if kind.yearly else ", ni de version antérieure en vigueur"
            yield Finding(
                "",
                "college",
                (),
                f"l'année {year} n'a pas {french.with_article(french.lower_first(kind.title), 'de')} "
                f"(plans/{fact.identifier}.yaml){earlier}, "
                f"l'échéance était le {french.short_date(fact.due)}",
                f"Créez-le avec « collegekit new-plan --year {year} --kind {kind.value} ».",
            )


def _own_plans(context: CheckContext) -> Iterator[tuple[str, PlanDue]]:
    for identifier, parsed, _ in context.college.plans_with_ids():
        if parsed.kind is not None and parsed.kind.own:
            yield identifier, plan_due(context.college, parsed.year, parsed.kind, context.today)


# Each step of a plan: the key of its date, then the message and hint when it
# is done after its deadline, and when it is not done once the deadline passed.
# The hints give the command that writes the date (« plan dates »), {plan} the plan's id.
_STEPS = {
    "presentation": (
        "presented_on",
        "présenté le {day}, après l'échéance du {deadline}",
        "Le règlement demande de présenter les plans en début d'année ; "
        "changez rules.plans_due_month dans college.yaml si votre collège a choisi une autre échéance. "
        "Si la date notée est fausse : « collegekit plan dates {plan} --presented-on AAAA-MM-JJ ».",
        "le plan n'est toujours pas présenté, l'échéance était le {deadline}",
        "Une fois le plan présenté, notez-le : « collegekit plan dates {plan} --presented-on AAAA-MM-JJ ».",
    ),
    "validation": (
        "validated_on",
        "validé le {day}, après l'échéance de validation du {deadline}",
        "Un plan présenté en début d'année est validé le mois suivant ; si la date notée est fausse : "
        "« collegekit plan dates {plan} --validated-on AAAA-MM-JJ ».",
        "le plan est présenté mais toujours pas validé, l'échéance de validation était le {deadline}",
        "Une fois le plan validé, notez-le : « collegekit plan dates {plan} --validated-on AAAA-MM-JJ » "
        "(qui le note aussi « validé »).",
    ),
}


def _step_findings(context: CheckContext, step: str) -> Iterator[Finding]:
    """A step of the plans (« presentation », « validation ») done after its
    deadline, at its date, or not done once the deadline has passed, at the
    plan's status."""
    field, late, late_hint, missing, missing_hint = _STEPS[step]
    for identifier, fact in _own_plans(context):
        assert fact.plan is not None
        day, deadline = getattr(fact.plan, field), fact.due if step == "presentation" else fact.validate_by
        state = getattr(fact, step)
        if state == "late" and day is not None:
            message = late.format(day=french.short_date(day), deadline=french.short_date(deadline))
            yield Finding("plans", identifier, (field,), message, late_hint.format(plan=identifier))
        elif state == "missing":
            message = missing.format(deadline=french.short_date(deadline))
            yield Finding("plans", identifier, ("status",), message, missing_hint.format(plan=identifier))


@check(
    "plan-late",
    "plans",
    Severity.WARNING,
    "Un plan de l'année n'est pas présenté à temps (fin du premier trimestre par défaut).",
    reads=("college", "plans"),
    precise=True,
)
def plan_late(context: CheckContext) -> Iterator[Finding]:
    yield from _step_findings(context, "presentation")


@check(
    "plan-not-validated",
    "plans",
    Severity.WARNING,
    "Un plan présenté n'est pas validé dans le mois qui suit l'échéance de présentation.",
    reads=("college", "plans"),
    precise=True,
)
def plan_not_validated(context: CheckContext) -> Iterator[Finding]:
    """facts.plan_due's validation, as compliance's plan obligations judge it."""
    yield from _step_findings(context, "validation")


@check(
    "review-late",
    "plans",
    Severity.WARNING,
    "Le bilan du plan de travail n'est pas présenté au début de l'année suivante.",
    reads=("college", "plans"),
    precise=True,
)
def review_late(context: CheckContext) -> Iterator[Finding]:
    college, today = context.college, context.today
    for identifier, parsed, plan in college.plans_with_ids():
        year = parsed.year
        if parsed.kind is not PlanKind.WORK:
            continue
        due = due_date(college, year + 1)
        presented = plan.review.presented_on if plan.review else None
        if presented is not None and presented > due:
            yield Finding(
                "plans",
                identifier,
                ("review", "presented_on"),
                f"le bilan {year} est présenté le {french.short_date(presented)}, après l'échéance du {french.short_date(due)}",
                "Le bilan d'une année se présente au début de l'année suivante ; si la date notée est fausse : "
                f"« collegekit plan dates {identifier} --review-presented-on AAAA-MM-JJ ».",
            )
        elif presented is None and today > due:
            yield Finding(
                "plans",
                identifier,
                ("review",) if plan.review else (),
                f"le bilan du plan de travail {year} n'est pas présenté, l'échéance était le {french.short_date(due)}",
                f"Une fois le bilan présenté, notez-le : « collegekit plan dates {identifier} --review-presented-on AAAA-MM-JJ ».",
            )


@check(
    "duplicate-action-number",
    "plans",
    Severity.ERROR,
    "Deux actions d'un même plan portent le même numéro.",
    reads=("plans",),
    precise=True,
)
def duplicate_action_number(context: CheckContext) -> Iterator[Finding]:
    for identifier, plan in context.college.plans.items():
        seen: dict[int, str] = {}
        for path, action in plan.actions_with_paths():
            if action.number in seen:
                yield Finding(
                    "plans",
                    identifier,
                    path + ("number",),
                    f"le numéro {action.number} est déjà celui de l'action « {seen[action.number]} »",
                    "Les actions sont numérotées de façon continue sur tout le plan : renumérotez celle-ci.",
                )
            else:
                seen[action.number] = action.title


def _member_during(member: Member, year: int) -> bool:
    """A member (not only invited) on some day of `year`."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return any(
        period.role is not Role.INVITED and period.start <= last and (period.end is None or period.end >= first)
        for period in member.memberships
    )


@check(
    "action-numbering",
    "plans",
    Severity.ERROR,
    "Les actions d'un plan numéroté ne se suivent pas de 1 en 1 dans l'ordre du document.",
    reads=("plans",),
    precise=True,
)
def action_numbering(context: CheckContext) -> Iterator[Finding]:
    for identifier, plan in context.college.plans.items():
        if not plan.numbering.actions:
            continue  # the numbers only identify the actions: any will do
        expected, seen, previous = 1, set(), None
        for path, action in plan.actions_with_paths():
            if action.number in seen:
                expected += 1  # reported by duplicate-action-number
                continue
            seen.add(action.number)
            if action.number != expected:
                # The first break only: a number left out shifts all those after it.
                after = f"suit l'action {previous}" if previous is not None else "ouvre le plan"
                yield Finding(
                    "plans",
                    identifier,
                    path + ("number",),
                    f"l'action {action.number} {after} : le numéro attendu est {expected}",
                    "La numérotation court sans trou sur tout le plan, dans l'ordre du fichier : renumérotez "
                    "les actions, ou mettez « numbering: {actions: false} » si le document ne les numérote pas.",
                )
                break
            previous, expected = action.number, action.number + 1


@check(
    "image-without-alt",
    "plans",
    Severity.ERROR,
    "Une image d'un plan n'a pas de texte de remplacement (ce qu'elle montre, pour qui ne la voit pas).",
    reads=("plans",),
    precise=True,
)
def image_without_alt(context: CheckContext) -> Iterator[Finding]:
    for identifier, plan in context.college.plans.items():
        for key_path, text in plan.prose():
            for target, alt in images.images_in(text):
                if not alt.strip():
                    yield Finding(
                        "plans",
                        identifier,
                        key_path,
                        f"l'image « {target} » n'a pas de texte de remplacement",
                        "Écrivez entre les crochets ce que montre l'image : ![Carte des six départements](carte.png).",
                    )


@check(
    "owner-not-member",
    "plans",
    Severity.ERROR,
    "Le pilote ou un contributeur d'une action n'était pas membre pendant l'année du plan.",
    reads=("plans", "members"),
    precise=True,
)
def owner_not_member(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    for identifier, parsed, plan in college.plans_with_ids():
        year = parsed.year
        for path, action in plan.actions_with_paths():
            people = [(("owner",), action.owner)] if action.owner else []
            people += [(("contributors", index), person) for index, person in enumerate(action.contributors)]
            for key, member_id in people:
                member = college.members.get(member_id)
                if member is None:
                    continue  # reported by unknown-member
                if not _member_during(member, year):
                    yield Finding(
                        "plans",
                        identifier,
                        path + key,
                        f"{member_name(college, member_id)} n'était pas membre du collège en {year}",
                        "Confiez l'action à un membre de l'année, ou corrigez ses périodes d'appartenance.",
                        rests_on=(f"members/{member_id}",),
                    )


@check(
    "owner-left",
    "plans",
    Severity.WARNING,
    "Une action prévue ou en cours a pour pilote quelqu'un qui a quitté le collège.",
    reads=("plans", "members"),
    precise=True,
)
def owner_left(context: CheckContext) -> Iterator[Finding]:
    college, today = context.college, context.today
    for identifier, parsed, plan in college.plans_with_ids():
        for path, action in plan.actions_with_paths():
            if action.status not in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS) or not action.owner:
                continue
            member = college.members.get(action.owner)
            if member is None or member.role_on(today) is not None or not _member_during(member, parsed.year):
                continue  # unknown-member's or owner-not-member's finding, or still a member
            ended = [p.end for p in member.memberships if p.end is not None and p.end < today]
            if not ended:
                continue  # not a member yet
            yield Finding(
                "plans",
                identifier,
                path + ("owner",),
                f"l'action n° {action.number} est « {action.status.label} » mais son pilote, "
                f"{member.display_name}, a quitté le collège le {french.short_date(max(ended))}",
                f"Confiez-la à un autre membre, ou notez-la reportée ou abandonnée (« collegekit action {identifier} "
                f"{action.number} --status postponed »).",
                rests_on=(f"members/{action.owner}",),
            )


@check(
    "done-not-complete",
    "plans",
    Severity.ERROR,
    "Une action réalisée n'est pas avancée à 100 %.",
    reads=("plans",),
    precise=True,
)
def done_not_complete(context: CheckContext) -> Iterator[Finding]:
    for identifier, plan in context.college.plans.items():
        for path, action in plan.actions_with_paths():
            if action.status is ActionStatus.DONE and action.progress != 100:
                yield Finding(
                    "plans",
                    identifier,
                    path + ("progress",),
                    f"l'action {action.number} est réalisée mais avancée à {action.progress:g} %",
                    f"« collegekit action {identifier} {action.number} --status done » met l'avancement à 100 % ; "
                    "sinon, --status in-progress.",
                )


@check(
    "overdue-action",
    "plans",
    Severity.WARNING,
    "Une action dont l'échéance est passée est toujours « prévue ».",
    reads=("plans",),
    precise=True,
)
def overdue_action(context: CheckContext) -> Iterator[Finding]:
    today = context.today
    for identifier, plan in context.college.plans.items():
        for path, action in plan.actions_with_paths():
            if action.status is ActionStatus.PLANNED and action.deadline is not None and action.deadline < today:
                yield Finding(
                    "plans",
                    identifier,
                    path + ("deadline",),
                    f"l'action {action.number} devait aboutir le {french.short_date(action.deadline)} et n'a pas commencé",
                    f"Mettez à jour son état : « collegekit action {identifier} {action.number} --status in-progress » "
                    "(ou postponed, abandoned), ou corrigez son échéance.",
                )
