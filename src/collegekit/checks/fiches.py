"""Job descriptions: complete, consistent, and one for everyone who needs one."""

from __future__ import annotations

from collections.abc import Iterator

from collegekit import french
from collegekit.checks import CheckContext, Finding, check, years_covered
from collegekit.diagnostics import Severity
from collegekit.facts import fiche_holders, has_fiche, reference_day

SHARE_TOLERANCE = 0.5


@check(
    "fiche-shares",
    "fiches",
    Severity.ERROR,
    "Les parts de temps des activités d'une fiche de poste ne font pas 100 %.",
    reads=("fiches",),
    precise=True,
)
def fiche_shares(context: CheckContext) -> Iterator[Finding]:
    for fiche_id, fiche in context.college.fiches.items():
        total = fiche.total_share
        if abs(total - 100) > SHARE_TOLERANCE:
            yield Finding(
                "fiches",
                fiche_id,
                ("activities",),
                f"les parts de temps des activités font {total:g} %, pas 100 %",
                "Corrigez les « share » des trois niveaux pour que leur somme fasse 100.",
            )


@check(
    "fiche-dates",
    "fiches",
    Severity.ERROR,
    "Une fiche de poste est transmise au président avant d'avoir été établie.",
    reads=("fiches",),
    precise=True,
)
def fiche_dates(context: CheckContext) -> Iterator[Finding]:
    for fiche_id, fiche in context.college.fiches.items():
        sent = fiche.sent_to_president_on
        if sent is not None and sent < fiche.set_on:
            yield Finding(
                "fiches",
                fiche_id,
                ("sent_to_president_on",),
                f"la fiche est transmise le {french.short_date(sent)}, avant d'avoir été établie le {french.short_date(fiche.set_on)}",
                f"Corrigez l'une des deux dates : la transmission avec « collegekit fiche {fiche_id} --sent-on AAAA-MM-JJ », "
                "l'établissement sous « set_on: ».",
            )


def _holders(context: CheckContext) -> dict[str, list[int]]:
    """Each member who needs a fiche in a year lint covers (facts.fiche_holders
    on the year's reference day, as compliance asks), with those years."""
    years: dict[str, list[int]] = {}
    for year in years_covered(context.college, context.today):
        for member_id in fiche_holders(context.college, reference_day(year, context.today)):
            years.setdefault(member_id, []).append(year)
    return years


@check(
    "fiche-missing",
    "fiches",
    Severity.WARNING,
    "Un membre d'une profession qui a des fiches de poste n'a pas la sienne (membre le 31 décembre d'une année, "
    "ou aujourd'hui).",
    # The years judged come from the meetings and plans: not precise.
    reads=("college", "members", "fiches", "meetings", "plans"),
)
def fiche_missing(context: CheckContext) -> Iterator[Finding]:
    """facts.fiche_holders of each year on its reference day (its last day,
    or today), as compliance's fiches: a member without a fiche is reported
    once, with the years they needed one."""
    college, today = context.college, context.today
    years: dict[str, list[int]] = {}
    for member_id, held in _holders(context).items():
        if not has_fiche(college, member_id, today) and f"fiches/{member_id}" not in college.unloadable:
            years[member_id] = held
    for member_id in sorted(years):
        member = college.members[member_id]
        yield Finding(
            "members",
            member_id,
            ("profession",),
            f"{member.display_name} ({member.profession_label}) n'a pas de fiche de poste "
            f"(membre en {french.join([str(year) for year in years[member_id]])})",
            f"Ajoutez fiches/{member_id}.yaml (« collegekit new-fiche {member_id} »).",
            rests_on=(f"fiches/{member_id}",),
        )


@check(
    "fiche-not-sent",
    "fiches",
    Severity.WARNING,
    "La fiche de poste d'un membre qui doit en avoir une n'est pas transmise au président (membre le 31 décembre "
    "d'une année, ou aujourd'hui).",
    reads=("college", "members", "fiches", "meetings", "plans"),
)
def fiche_not_sent(context: CheckContext) -> Iterator[Finding]:
    """The members compliance's fiches lists as « pas transmise au président »:
    those fiche-missing asks about, whose fiche is written but not sent by today."""
    college, today = context.college, context.today
    for member_id in sorted(_holders(context)):
        fiche = college.fiches.get(member_id)
        if fiche is None or not has_fiche(college, member_id, today):
            continue  # fiche-missing's
        sent = fiche.sent_to_president_on
        if sent is None or sent > today:
            yield Finding(
                "fiches",
                member_id,
                ("sent_to_president_on",) if sent is not None else ("set_on",),
                f"la fiche de poste, établie le {french.short_date(fiche.set_on)}, n'est pas transmise au président"
                + (f" (la date notée, le {french.short_date(sent)}, est à venir)" if sent is not None else ""),
                f"Transmettez-la au président, puis notez-le : « collegekit fiche {member_id} --sent-on AAAA-MM-JJ ».",
            )


@check(
    "fiche-placeholder",
    "fiches",
    Severity.WARNING,
    "Une fiche de poste garde des valeurs à compléter laissées par « collegekit new-fiche ».",
    reads=("fiches",),
    precise=True,
)
def fiche_placeholder(context: CheckContext) -> Iterator[Finding]:
    for fiche_id, fiche in context.college.fiches.items():
        left = fiche.placeholders()
        if left:
            what = list(dict.fromkeys(label for _, label in left))
            yield Finding(
                "fiches",
                fiche_id,
                left[0][0],
                f"la fiche de poste est encore à compléter : {french.join(what)}",
                "Remplacez les « à décrire » et « à préciser » laissés par « collegekit new-fiche ».",
            )
