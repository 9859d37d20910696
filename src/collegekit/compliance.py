"""The college's obligations, year by year, with the record that proves each.

At each change of director the bureau must show, in a page, what the college
has done with the rules it lives by. `year_compliance` reads a loaded
`College` on a given day and returns one `Obligation` per rule, each with a
state and the records that prove it:

- **met** (fait): done, and in time;
- **late** (en retard): done, after its deadline;
- **missing** (manquant): not done, and its deadline has passed;
- **not applicable** (sans objet): nothing is due yet on that day, or the
  rule does not apply to that year (no quorum set, no plan to review...).

An obligation made of several records (one line a meeting, a fiche de
poste...) lists them as `Item`s; its state is the worst of theirs (missing,
then late, then met), except the count of plenary sessions, which is a count.

The rules, and where each comes from (README, « Les obligations du collège »):

| key | rule | deadline |
|---|---|---|
| plenary-meetings | rules.min_plenary_meetings_per_year plenary sessions held | 31 December |
| agendas-sent | each plenary or extraordinary session's agenda sent to the steering committee | the day of the session |
| minutes-sent | its approved minutes sent to the steering committee | 30 days after approval |
| plan-work, plan-training, plan-rules, plan-organisation | presented, then validated | end of rules.plans_due_month, then one month more |
| work-review | the previous year's work plan reviewed | end of rules.plans_due_month |
| fiches | a fiche set and sent to the president for each member of rules.fiche_professions in office on the year's last day (today while it runs) | 31 December |
| quorum | rules.quorum_percent reached at each session | — |

The same facts as `collegekit lint` wherever lint has a rule (facts.py: a
year's plenaries, a plan's due dates and state, a session's sending to the
committee, the members who need a fiche on the day judged); the participation
figures are those of `collegekit.stats`.

Everything here is a pure function of the College and `today`: no clock, no
file. Paths are given relative to the records folder's parent
("records/meetings/2026-03-17-pleniere.md"), as the documents name them.
Pseudonymized (`names.Names` with --pseudonymize), a fiche's item names its
member by code and points at the folder rather than the file, whose name is
the member's id.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collegekit import french
from collegekit.facts import (
    MINUTES_SENT_WITHIN_DAYS,
    SENT_KINDS,
    Sending,
    due_date,
    fiche_holders,
    has_fiche,
    plan_due,
    plenaries,
    reference_day,
    sendings,
)
from collegekit.models.common import LabelledEnum
from collegekit.models.meeting import Meeting, MeetingKind
from collegekit.models.plan import PlanKind, PlanStatus
from collegekit.names import Names
from collegekit.records import College, plan_id

# An obligation with more items than this shows only those not met, and counts the others.
ITEMS_SHOWN = 6


class State(LabelledEnum):
    MET = "met", "fait"
    LATE = "late", "en retard"
    MISSING = "missing", "manquant"
    NOT_APPLICABLE = "not-applicable", "sans objet"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {State.MET: "✔", State.LATE: "⚠", State.MISSING: "✘", State.NOT_APPLICABLE: "–"}
# The worst first: an obligation takes the state of its worst item.
_SEVERITY = (State.MISSING, State.LATE, State.MET, State.NOT_APPLICABLE)


# Agreeing with « obligation »: « 2 faites », « 1 manquante ».
_COUNT_WORDS = {
    State.MET: ("faite", "faites"),
    State.LATE: ("en retard", "en retard"),
    State.MISSING: ("manquante", "manquantes"),
    State.NOT_APPLICABLE: ("sans objet", "sans objet"),
}


def state_count_word(state: State, count: int) -> str:
    singular, plural = _COUNT_WORDS[state]
    return singular if count < 2 else plural


def state_word(state: State) -> str:
    """« Fait », « En retard », « Manquant », « Sans objet »."""
    return state.label[:1].upper() + state.label[1:]


def worst(states: Iterable[State]) -> State:
    found = set(states)
    for state in _SEVERITY:
        if state in found:
            return state
    return State.NOT_APPLICABLE


@dataclass(frozen=True)
class Item:
    """One record an obligation rests on (a session, a fiche...)."""

    label: str
    state: State
    detail: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    key: str
    label: str
    rule: str
    state: State
    summary: str
    items: tuple[Item, ...] = ()
    evidence: tuple[str, ...] = ()
    source: str = ""  # where the rule and its dates are written: college.yaml keys, record keys

    @classmethod
    def of_items(cls, key: str, label: str, rule: str, summary: str, items: list[Item], source: str) -> Obligation:
        """An obligation made of one item a record: as bad as its worst item."""
        evidence = tuple(item.evidence[0] for item in items)
        return cls(key, label, rule, worst(item.state for item in items), summary, tuple(items), evidence, source)

    def items_to_show(self, limit: int = ITEMS_SHOWN) -> tuple[tuple[Item, ...], int]:
        """The items worth printing: all of them when they are few, else those
        not met; and how many met items were left out."""
        if len(self.items) <= limit:
            return self.items, 0
        shown = tuple(item for item in self.items if item.state is not State.MET)
        return shown, len(self.items) - len(shown)


@dataclass(frozen=True)
class Rate:
    """A participation rate and what it is computed on (recorded expectations)."""

    rate: float | None
    expected: int


@dataclass(frozen=True)
class Participation:
    """Participation in the year's plenary and extraordinary sessions, from
    collegekit.stats, against the previous year."""

    year: int
    meetings: int  # sessions held whose attendance was taken
    total: Rate
    head_office: Rate
    delegations: Rate
    previous_meetings: int
    previous_total: Rate
    previous_head_office: Rate
    previous_delegations: Rate
    evidence: tuple[str, ...] = ()

    @property
    def change(self) -> int | None:
        """In percentage points since the previous year, as the reader sees
        them: the difference of the two printed percentages."""
        return french.points_between(self.previous_total.rate, self.total.rate)

    @property
    def exact_change(self) -> float | None:
        """In percentage points, unrounded: for scripts (json)."""
        if self.previous_total.rate is None or self.total.rate is None:
            return None
        return (self.total.rate - self.previous_total.rate) * 100


@dataclass(frozen=True)
class YearCompliance:
    year: int
    today: dt.date
    obligations: tuple[Obligation, ...]
    participation: Participation

    @property
    def in_progress(self) -> bool:
        return dt.date(self.year, 1, 1) <= self.today <= dt.date(self.year, 12, 31)

    @property
    def to_come(self) -> bool:
        return self.today < dt.date(self.year, 1, 1)

    @property
    def reference_day(self) -> dt.date:
        """The day the year is judged on: its last day, or today while it runs."""
        return reference_day(self.year, self.today)

    def counts(self) -> dict[State, int]:
        counted = Counter(obligation.state for obligation in self.obligations)
        return {state: counted[state] for state in State}

    def counts_text(self) -> str:
        """« 8 faites et 2 manquantes »: the obligations by state."""
        counts = self.counts()
        parts = [f"{counts[state]} {state_count_word(state, counts[state])}" for state in State if counts[state]]
        return french.join(parts)

    def obligation(self, key: str) -> Obligation:
        for obligation in self.obligations:
            if obligation.key == key:
                return obligation
        raise KeyError(key)


@dataclass(frozen=True)
class ComplianceReport:
    """One year, or several side by side (`--since`)."""

    today: dt.date
    years: tuple[YearCompliance, ...] = field(default=())
    pseudonymized: bool = False  # members named by their codes (--pseudonymize)

    @property
    def first(self) -> int:
        return self.years[0].year

    @property
    def last(self) -> int:
        return self.years[-1].year

    @property
    def keys(self) -> list[tuple[str, str]]:
        """Each obligation's key and label, in order, across the years."""
        seen: dict[str, str] = {}
        for year in self.years:
            for obligation in year.obligations:
                seen.setdefault(obligation.key, obligation.label)
        return list(seen.items())


# --- Paths ------------------------------------------------------------------


def _root_name(college: College) -> str:
    return _resolved_name(college.root)


@functools.lru_cache(maxsize=16)
def _resolved_name(root: Path) -> str:
    return root.resolve().name or "records"


def record_path(college: College, folder: str, record_id: str) -> str:
    """The file of a loaded record, as the documents name it: records/plans/2026-work.yaml."""
    return f"{_root_name(college)}/{folder}/{college.path_of(folder, record_id).name}"


def expected_path(college: College, relative: str) -> str:
    """Where a record that does not exist would be written."""
    return f"{_root_name(college)}/{relative}"


def _college_file(college: College) -> str:
    return expected_path(college, "college.yaml")


# --- The obligations --------------------------------------------------------


def _meetings_of(college: College, year: int, kinds: Sequence[MeetingKind]) -> list[tuple[str, Meeting]]:
    found = [
        (meeting_id, meeting)
        for meeting_id, meeting in college.meetings.items()
        if meeting.date.year == year and meeting.kind in kinds
    ]
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].start, pair[0]))


def _meeting_order(college: College, meeting_id: str) -> tuple[dt.date, dt.time, str]:
    meeting = college.meetings[meeting_id]
    return meeting.date, meeting.start, meeting_id


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.kind.label.capitalize()} du {french.short_date(meeting.date)}"


def plenary_meetings(college: College, year: int, today: dt.date) -> Obligation:
    minimum = college.settings.rules.min_plenary_meetings_per_year
    rule = f"Au moins {french.plural(minimum, 'séance plénière', 'séances plénières')} par an, comme le fixe le règlement intérieur."
    source = "college.yaml : rules.min_plenary_meetings_per_year ; meetings/ : kind, status"
    found = plenaries(college, year, today)
    states = (
        [(entry, State.MET, "tenue") for entry in found.held]
        + [(entry, State.NOT_APPLICABLE, "annulée") for entry in found.cancelled]
        + [(entry, State.NOT_APPLICABLE, "prévue") for entry in found.to_come]
        + [(entry, State.MISSING, "passée mais toujours notée « prévue »") for entry in found.stale]
    )
    items = []
    for (_, meeting_id), state, detail in sorted(states, key=lambda entry: _meeting_order(college, entry[0][1])):
        evidence = (record_path(college, "meetings", meeting_id),)
        items.append(Item(_meeting_label(college.meetings[meeting_id]), state, detail, evidence))
    held, to_come = [day for day, _ in found.held], [day for day, _ in found.to_come]
    if held:
        summary = f"{french.plural(len(held), 'séance tenue', 'séances tenues')} ({french.join([french.short_date(day) for day in held])})"
    else:
        summary = "aucune séance tenue"
    summary += f", pour {minimum} au minimum"
    if to_come:
        summary += f" ; {french.plural(len(to_come), 'prévue', 'prévues')} ({french.join([french.short_date(day) for day in to_come])})"
    if minimum == 0:
        state, summary = State.NOT_APPLICABLE, "le règlement ne fixe pas de minimum"
    elif len(held) >= minimum:
        state = State.MET
    elif today < dt.date(year, 1, 1):
        state = State.NOT_APPLICABLE  # the year has not come
    elif found.enough(minimum, year, today):
        state = State.NOT_APPLICABLE  # its sessions are still to be held
    else:
        state = State.MISSING
    evidence = tuple(item.evidence[0] for item in items) or (_college_file(college),)
    return Obligation("plenary-meetings", "Séances plénières", rule, state, summary, tuple(items), evidence, source)


def _summary_of(items: Sequence[Item], words: dict[State, tuple[str, str]], nothing: str) -> str:
    """« 2 envoyés à temps, 1 en retard » from the items' states."""
    if not items:
        return nothing
    counted = Counter(item.state for item in items)
    parts = []
    for state in (State.MET, State.LATE, State.MISSING, State.NOT_APPLICABLE):
        if counted[state]:
            singular, plural = words[state]
            parts.append(f"{counted[state]} {singular if counted[state] < 2 else plural}")
    return ", ".join(parts)


_SENT_WORDS = {
    State.MET: ("envoyé à temps", "envoyés à temps"),
    State.LATE: ("envoyé en retard", "envoyés en retard"),
    State.MISSING: ("non envoyé", "non envoyés"),
    State.NOT_APPLICABLE: ("pas encore dû", "pas encore dus"),
}


def _sendable(college: College, year: int, today: dt.date) -> list[tuple[str, Meeting, Sending, Sending]]:
    """The year's sessions whose agenda and minutes go to the committee, with
    facts.sendings: what lint's not-sent-to-committee reads too."""
    found = []
    for meeting_id, meeting in _meetings_of(college, year, SENT_KINDS):
        both = sendings(college, meeting_id, today)
        if both is not None:
            found.append((meeting_id, meeting, *both))
    return found


def agendas_sent(college: College, year: int, today: dt.date) -> Obligation:
    committee = college.settings.steering_committee
    rule = (
        f"L'ordre du jour de chaque séance plénière ou extraordinaire est envoyé à l'instance destinataire, "
        f"{committee}, au plus tard le jour de la séance."
    )
    items = []
    for meeting_id, meeting, agenda, _ in _sendable(college, year, today):
        evidence = (record_path(college, "meetings", meeting_id),)
        label = _meeting_label(meeting)
        if agenda.state == "met":
            items.append(Item(label, State.MET, f"envoyé le {french.short_date(agenda.sent)}", evidence))
        elif agenda.state == "late":
            detail = f"envoyé le {french.short_date(agenda.sent)}, après la séance"
            items.append(Item(label, State.LATE, detail, evidence))
        elif agenda.state == "missing":
            items.append(Item(label, State.MISSING, "pas de date d'envoi", evidence))
        else:
            detail = f"à envoyer au plus tard le {french.short_date(meeting.date)}"
            items.append(Item(label, State.NOT_APPLICABLE, detail, evidence))
    summary = _summary_of(items, _SENT_WORDS, "aucune séance plénière ou extraordinaire")
    return Obligation.of_items("agendas-sent", "Ordres du jour envoyés à l'instance", rule, summary, items, "meetings/ : date, sent_to_committee.agenda")


def minutes_sent(college: College, year: int, today: dt.date) -> Obligation:
    committee = college.settings.steering_committee
    rule = (
        f"Le compte rendu approuvé de chaque séance plénière ou extraordinaire est envoyé à l'instance destinataire, "
        f"{committee}, dans les {MINUTES_SENT_WITHIN_DAYS} jours qui suivent son approbation."
    )
    items = []
    for meeting_id, meeting, _, minutes in _sendable(college, year, today):
        evidence = (record_path(college, "meetings", meeting_id),)
        label = _meeting_label(meeting)
        approved = meeting.minutes_approved_on
        if minutes.state == "late":
            detail = f"envoyé le {french.short_date(minutes.sent)}, plus de {MINUTES_SENT_WITHIN_DAYS} jours après son approbation le {french.short_date(approved)}"
            items.append(Item(label, State.LATE, detail, evidence))
        elif minutes.state == "met":
            items.append(Item(label, State.MET, f"envoyé le {french.short_date(minutes.sent)}", evidence))
        elif minutes.state == "missing":
            when = f" le {french.short_date(approved)}" if approved else ""
            sent = (f"seul le projet envoyé, le {french.short_date(minutes.draft_sent)}"
                    if minutes.draft_sent is not None else "pas de date d'envoi")
            items.append(Item(label, State.MISSING, f"approuvé{when}, {sent}", evidence))
        elif not meeting.status.is_held:
            items.append(Item(label, State.NOT_APPLICABLE, "séance à venir", evidence))
        elif minutes.deadline is None:
            items.append(Item(label, State.NOT_APPLICABLE, "compte rendu pas encore approuvé", evidence))
        else:
            detail = f"approuvé le {french.short_date(approved)}, à envoyer au plus tard le {french.short_date(minutes.deadline)}"
            items.append(Item(label, State.NOT_APPLICABLE, detail, evidence))
    summary = _summary_of(items, _SENT_WORDS, "aucune séance plénière ou extraordinaire")
    return Obligation.of_items("minutes-sent", "Comptes rendus envoyés à l'instance", rule, summary, items, "meetings/ : status, minutes_approved_on, sent_to_committee.minutes")


def plan_obligation(college: College, year: int, kind: PlanKind, today: dt.date) -> Obligation:
    """facts.plan_due: the dates and states lint's plan-missing, plan-late and
    plan-not-validated read too."""
    fact = plan_due(college, year, kind, today)
    due, validate_by = fact.due, fact.validate_by
    rule = (
        f"À présenter au collège en début d'année, au plus tard le {french.short_date(due)}, "
        f"et à faire valider au plus tard le {french.short_date(validate_by)}."
    )
    if not kind.yearly:
        rule += " Sans nouvelle version dans l'année, la précédente reste en vigueur."
    key, label = f"plan-{kind.value}", kind.title
    identifier, plan = fact.identifier, fact.plan
    source = f"college.yaml : rules.plans_due_month ; plans/{identifier}.yaml : presented_on, validated_on, status"

    def result(state: State, summary: str, evidence: str) -> Obligation:
        return Obligation(key, label, rule, state, summary, (), (evidence,), source)

    if plan is None:
        missing_path = expected_path(college, f"plans/{identifier}.yaml")
        if fact.earlier is not None:
            earlier_year, earlier_id = fact.earlier
            return result(
                State.NOT_APPLICABLE,
                f"pas de nouvelle version en {year} : la version {earlier_year} reste en vigueur",
                record_path(college, "plans", earlier_id),
            )
        if fact.presentation == "missing":
            return result(State.MISSING, f"aucun {french.lower_first(kind.title)} pour {year}", missing_path)
        return result(State.NOT_APPLICABLE, f"à présenter au plus tard le {french.short_date(due)}", missing_path)
    evidence = record_path(college, "plans", identifier)
    presented, validated = plan.presented_on, plan.validated_on
    if presented is None:
        if fact.presentation == "missing":
            return result(State.MISSING, f"pas encore présenté, l'échéance était le {french.short_date(due)}", evidence)
        return result(State.NOT_APPLICABLE, f"à présenter au plus tard le {french.short_date(due)}", evidence)
    text = f"présenté le {french.short_date(presented)}"
    if validated is not None:
        text += f", validé le {french.short_date(validated)}"
    elif plan.status is PlanStatus.VALIDATED:
        text += ", validé (date non renseignée)"
    if fact.presentation == "late":
        return result(State.LATE, f"{text} ; échéance de présentation : {french.short_date(due)}", evidence)
    if fact.validation == "late":
        return result(State.LATE, f"{text} ; échéance de validation : {french.short_date(validate_by)}", evidence)
    if fact.validation == "met":
        return result(State.MET, text, evidence)
    if fact.validation == "missing":
        return result(
            State.MISSING, f"{text}, pas validé ; échéance de validation : {french.short_date(validate_by)}", evidence
        )
    return result(State.NOT_APPLICABLE, f"{text}, à valider au plus tard le {french.short_date(validate_by)}", evidence)


def work_review(college: College, year: int, today: dt.date) -> Obligation:
    previous_year = year - 1
    due = due_date(college, year)
    rule = f"Le bilan du plan de travail {previous_year} est présenté en début d'année, au plus tard le {french.short_date(due)}."
    key, label = "work-review", "Bilan du plan de travail de l'année précédente"
    identifier = plan_id(previous_year, PlanKind.WORK)
    source = f"college.yaml : rules.plans_due_month ; plans/{identifier}.yaml : review.presented_on"
    plan = college.plans.get(identifier)
    if plan is None:
        return Obligation(
            key,
            label,
            rule,
            State.NOT_APPLICABLE,
            f"pas de plan de travail {previous_year}, donc pas de bilan à présenter",
            (),
            (expected_path(college, f"plans/{identifier}.yaml"),),
            source,
        )
    evidence = (record_path(college, "plans", identifier),)
    presented = plan.review.presented_on if plan.review else None
    if presented is not None and presented <= due:
        state, summary = State.MET, f"bilan {previous_year} présenté le {french.short_date(presented)}"
    elif presented is not None:
        state = State.LATE
        summary = f"bilan {previous_year} présenté le {french.short_date(presented)}, après l'échéance du {french.short_date(due)}"
    elif today > due:
        state = State.MISSING
        summary = f"bilan {previous_year} pas présenté, l'échéance était le {french.short_date(due)}"
    else:
        state, summary = State.NOT_APPLICABLE, f"bilan {previous_year} à présenter au plus tard le {french.short_date(due)}"
    return Obligation(key, label, rule, state, summary, (), evidence, source)


_FICHE_WORDS = {
    State.MET: ("en règle", "en règle"),
    State.LATE: ("en retard", "en retard"),
    State.MISSING: ("à compléter", "à compléter"),
    State.NOT_APPLICABLE: ("sans objet", "sans objet"),
}


def _name_key(college: College, member_id: str) -> tuple[str, str, str]:
    member = college.members[member_id]
    return french.name_key(member.last_name, member.first_name, member_id)


def fiche_members(college: College, year: int, today: dt.date) -> list[str]:
    """Members who need a fiche de poste for a year: facts.fiche_holders on
    the year's reference day (its last day, or today), the members lint's
    fiche-missing asks about for that year too; by name."""
    found = fiche_holders(college, reference_day(year, today))
    return sorted(found, key=lambda member_id: _name_key(college, member_id))


def fiches(college: College, year: int, today: dt.date, names: Names | None = None) -> Obligation:
    names = names or Names(college)
    professions = college.settings.rules.fiche_professions
    who = french.join([profession.label for profession in professions], " ou ")
    rule = (
        f"Chaque {who} membre du collège a une fiche de poste, établie par son supérieur hiérarchique et transmise "
        "au président du collège dans l'année."
    )
    source = "college.yaml : rules.fiche_professions ; members/ : profession, memberships ; fiches/ : set_on, sent_to_president_on"
    key, label = "fiches", "Fiches de poste établies et transmises au président"
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if today < first or not professions:
        summary = "année à venir" if professions else "aucune profession n'a de fiche de poste"
        return Obligation(key, label, rule, State.NOT_APPLICABLE, summary, (), (_college_file(college),), source)

    def evidence_in(folder: str, member_id: str) -> tuple[str, ...]:
        # A record's file is named by the member's id, which is usually built
        # from the name: pseudonymized, the folder is all the report can say.
        if names.pseudonymize:
            return (expected_path(college, f"{folder}/"),)
        return (record_path(college, folder, member_id),)

    items = []
    for member_id in names.ordered(fiche_members(college, year, today)):
        member = college.members[member_id]
        name = f"{names.name(member_id)} ({names.agreed(member_id, member.profession)})"
        fiche = college.fiches.get(member_id)
        if fiche is None or not has_fiche(college, member_id, today):
            evidence = evidence_in("members", member_id)
            items.append(Item(name, State.MISSING, "pas de fiche de poste", evidence))
            continue
        evidence = evidence_in("fiches", member_id)
        set_text = f"établie le {french.short_date(fiche.set_on)}"
        sent = fiche.sent_to_president_on
        left = fiche.placeholders()  # what lint's fiche-placeholder reports: not established yet
        if left:
            what = french.join(list(dict.fromkeys(label for _, label in left)))
            items.append(Item(name, State.MISSING, f"encore à compléter : {what}", evidence))
        elif sent is None or sent > today:
            items.append(Item(name, State.MISSING, f"{set_text}, pas transmise au président", evidence))
        elif fiche.set_on > last or sent > last:
            detail = f"{set_text}, transmise le {french.short_date(sent)}, après la fin de l'année"
            items.append(Item(name, State.LATE, detail, evidence))
        else:
            items.append(Item(name, State.MET, f"{set_text}, transmise le {french.short_date(sent)}", evidence))
    total = len(items)
    summary = f"{french.plural(total, 'membre concerné', 'membres concernés')} : " + _summary_of(items, _FICHE_WORDS, "")
    if not items:
        summary = "aucun membre concerné"
    return Obligation(
        key,
        label,
        rule,
        worst(item.state for item in items),
        summary,
        tuple(items),
        # dict.fromkeys: pseudonymized, several items share their folder.
        tuple(dict.fromkeys(item.evidence[0] for item in items if item.state is not State.MET))
        or (expected_path(college, "fiches/"),),
        source,
    )


# --- Participation, through collegekit.stats ---------------------------------


@dataclass(frozen=True)
class _Attendance:
    total: Rate
    head_office: Rate
    delegations: Rate
    meetings: tuple[tuple[str, bool | None, Rate, bool], ...]  # id, quorum reached, rate, attendance taken


def _attendance(college: College, year: int) -> _Attendance:
    """The year's figures from collegekit.stats: the only place this module counts attendance."""
    from collegekit.stats import attendance_stats, options_from_rules, year_period

    stats = attendance_stats(college, year_period(year), options_from_rules(college.settings.rules), dimensions=())

    def rate(tally: Any) -> Rate:
        return Rate(tally.participation, tally.expected)

    meetings = tuple(
        (meeting.meeting_id, meeting.quorum_reached, rate(meeting.tally), meeting.attendance_taken)
        for meeting in stats.meetings
    )
    return _Attendance(rate(stats.total), rate(stats.head_office), rate(stats.delegations), meetings)


def participation(college: College, year: int, this: _Attendance | None = None) -> Participation:
    this = this or _attendance(college, year)
    previous = _attendance(college, year - 1)
    return Participation(
        year=year,
        meetings=sum(1 for meeting in this.meetings if meeting[3]),
        total=this.total,
        head_office=this.head_office,
        delegations=this.delegations,
        previous_meetings=sum(1 for meeting in previous.meetings if meeting[3]),
        previous_total=previous.total,
        previous_head_office=previous.head_office,
        previous_delegations=previous.delegations,
        evidence=tuple(record_path(college, "meetings", meeting[0]) for meeting in this.meetings if meeting[3]),
    )


def quorum(college: College, year: int, today: dt.date, attendance: _Attendance | None = None) -> Obligation:
    percent = college.settings.rules.quorum_percent
    key, label = "quorum", "Quorum des séances"
    if percent is None:
        rule = "Le collège peut fixer dans son règlement la part des membres attendus qui fait le quorum."
        return Obligation(
            key,
            label,
            rule,
            State.NOT_APPLICABLE,
            "le règlement ne fixe pas de quorum",
            (),
            (_college_file(college),),
            "college.yaml : rules.quorum_percent",
        )
    rule = (
        f"Au moins {percent:g} % des membres attendus participent, en salle ou en visioconférence, à chaque séance "
        "plénière ou extraordinaire."
    )
    items = []
    for meeting_id, reached, rate, taken in (attendance or _attendance(college, year)).meetings:
        meeting = college.meetings[meeting_id]
        evidence = (record_path(college, "meetings", meeting_id),)
        if not taken:
            items.append(Item(_meeting_label(meeting), State.MISSING, "présences non saisies", evidence))
            continue
        shown = f"{french.percent(rate.rate)} des membres attendus"
        if reached is False:
            items.append(Item(_meeting_label(meeting), State.MISSING, f"quorum non atteint : {shown}", evidence))
        else:
            items.append(Item(_meeting_label(meeting), State.MET, shown, evidence))
    words = {
        State.MET: ("séance au quorum", "séances au quorum"),
        State.LATE: ("", ""),
        State.MISSING: ("séance sans quorum établi", "séances sans quorum établi"),
        State.NOT_APPLICABLE: ("", ""),
    }
    summary = _summary_of(items, words, "aucune séance tenue")
    return Obligation(
        key,
        label,
        rule,
        worst(item.state for item in items),
        summary,
        tuple(items),
        tuple(item.evidence[0] for item in items),
        "college.yaml : rules.quorum_percent, rules.invited_count_in_rates ; meetings/ : attendance",
    )


# --- The report ---------------------------------------------------------------


def year_compliance(college: College, year: int, today: dt.date, names: Names | None = None) -> YearCompliance:
    """Every obligation of the registry (collegekit.obligations) for `year`."""
    from collegekit.obligations import ObligationContext, all_obligations

    context = ObligationContext(college, year, today, names or Names(college))
    obligations = tuple(duty.function(context) for duty in all_obligations())
    return YearCompliance(year, today, obligations, participation(college, year, context.attendance))


def compliance_report(
    college: College, year: int, today: dt.date, since: int | None = None, names: Names | None = None
) -> ComplianceReport:
    """The checklist of `year`, or of every year from `since` to `year`;
    members named as `names` says (their codes with --pseudonymize)."""
    first = year if since is None else since
    if first > year:
        raise ValueError(f"since ({first}) is after year ({year})")
    names = names or Names(college)
    years = tuple(year_compliance(college, y, today, names) for y in range(first, year + 1))
    return ComplianceReport(today, years, names.pseudonymize)


# --- JSON ---------------------------------------------------------------------


def _rate(rate: Rate) -> dict[str, Any]:
    return {"rate": None if rate.rate is None else round(rate.rate, 6), "expected": rate.expected}


def report_data(college: College, report: ComplianceReport) -> dict[str, Any]:
    """Everything the report says, for another tool: English keys, French texts."""

    def item(value: Item) -> dict[str, Any]:
        return {
            "label": value.label,
            "state": value.state.value,
            "state_label": value.state.label,
            "detail": value.detail,
            "evidence": list(value.evidence),
        }

    years = []
    for year in report.years:
        p = year.participation
        change = p.exact_change
        years.append(
            {
                "year": year.year,
                "reference_day": year.reference_day.isoformat(),
                "in_progress": year.in_progress,
                "counts": {state.value: count for state, count in year.counts().items()},
                "obligations": [
                    {
                        "key": o.key,
                        "label": o.label,
                        "rule": o.rule,
                        "source": o.source,
                        "state": o.state.value,
                        "state_label": o.state.label,
                        "summary": o.summary,
                        "evidence": list(o.evidence),
                        "items": [item(i) for i in o.items],
                    }
                    for o in year.obligations
                ],
                "participation": {
                    "meetings": p.meetings,
                    "total": _rate(p.total),
                    "head_office": _rate(p.head_office),
                    "delegations": _rate(p.delegations),
                    "previous_year": {
                        "year": year.year - 1,
                        "meetings": p.previous_meetings,
                        "total": _rate(p.previous_total),
                        "head_office": _rate(p.previous_head_office),
                        "delegations": _rate(p.previous_delegations),
                    },
                    "change_points": None if change is None else round(change, 4),
                    "evidence": list(p.evidence),
                },
            }
        )
    return {
        "college": college.settings.name,
        "today": report.today.isoformat(),
        "years": years,
        "pseudonymized": report.pseudonymized,
    }
