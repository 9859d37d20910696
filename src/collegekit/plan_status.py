"""Progress of a year's work plan and training plan, on a given day.

For each plan: its actions by status, overall and per axis; its progress,
each action weighing the same (the mean of the actions' `progress`, abandoned
actions left out: they no longer count against the plan); the actions
overdue (deadline passed, still planned or in progress) with their owners;
the actions without an owner; and the list to carry over to next year (the
actions neither done nor abandoned, as `collegekit new-plan` takes them),
each marked when next year's plan already takes it up. A training plan adds
its hours: offered (abandoned actions left out), done, and those counting
for continuing professional development (DPC).

Pure functions of the College and `today`: no clock, no file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from collegekit.models.plan import ActionStatus, Plan, PlanAction, PlanKind, PlanStatus
from collegekit.names import Names
from collegekit.records import College, plan_id

KINDS = (PlanKind.WORK, PlanKind.TRAINING)
# The order of a review (as the rendered bilan): what is done first, what is dropped last.
STATUS_ORDER = (
    ActionStatus.DONE,
    ActionStatus.IN_PROGRESS,
    ActionStatus.PLANNED,
    ActionStatus.POSTPONED,
    ActionStatus.ABANDONED,
)
# Unfinished: carried over to next year (as `collegekit new-plan` does).
CARRY_OVER = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.POSTPONED)
# Still expected by their deadline.
RUNNING = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Progress:
    """Actions by status, and their mean progress (abandoned actions left out)."""

    total: int
    counts: dict[str, int]  # by status value, every status present
    progress: float | None  # in %, None when no action counts

    def count(self, status: ActionStatus) -> int:
        return self.counts[status.value]


def progress_of(actions: Sequence[PlanAction]) -> Progress:
    counted = Counter(action.status.value for action in actions)
    weighed = [action.progress for action in actions if action.status is not ActionStatus.ABANDONED]
    return Progress(
        total=len(actions),
        counts={status.value: counted[status.value] for status in STATUS_ORDER},
        progress=sum(weighed) / len(weighed) if weighed else None,
    )


@dataclass(frozen=True)
class AxisProgress:
    number: int
    title: str
    progress: Progress


@dataclass(frozen=True)
class ActionLine:
    number: int
    title: str
    axis: int  # the axis number, from 1
    owner: str | None
    deadline: dt.date | None
    status: ActionStatus
    progress: float
    taken_up: bool | None = None  # carry-over: next year's plan takes it up (None: no plan next year)


@dataclass(frozen=True)
class TrainingHours:
    offered: float  # every action not abandoned
    offered_dpc: float
    done: float  # the actions done
    done_dpc: float


@dataclass(frozen=True)
class PlanProgress:
    kind: PlanKind
    year: int
    plan_id: str
    path: str
    title: str
    status: PlanStatus
    presented_on: dt.date | None
    validated_on: dt.date | None
    overall: Progress
    axes: tuple[AxisProgress, ...]
    overdue: tuple[ActionLine, ...]
    without_owner: tuple[ActionLine, ...]
    carry_over: tuple[ActionLine, ...]
    next_plan: str | None  # next year's plan id, when it exists
    hours: TrainingHours | None = None


@dataclass(frozen=True)
class MissingPlan:
    kind: PlanKind
    year: int
    path: str


@dataclass(frozen=True)
class PlanStatusReport:
    year: int
    today: dt.date
    plans: tuple[PlanProgress, ...]
    missing: tuple[MissingPlan, ...]


def _line(action: PlanAction, axis: int, taken_up: bool | None = None) -> ActionLine:
    return ActionLine(
        action.number, action.title, axis, action.owner, action.deadline, action.status, action.progress, taken_up
    )


def numbered_actions(plan: Plan) -> list[tuple[int, PlanAction]]:
    """Every action with its axis number, in action-number order."""
    found = []
    for number, axis in enumerate(plan.axes, start=1):
        for orientation in axis.orientations:
            found.extend((number, action) for action in orientation.actions)
        found.extend((number, action) for action in axis.actions)
    return sorted(found, key=lambda pair: pair[1].number)


def _normalised(title: str) -> str:
    return " ".join(title.split()).casefold()


def plan_progress(college: College, year: int, kind: PlanKind, today: dt.date) -> PlanProgress | None:
    identifier = plan_id(year, kind)
    plan = college.plans.get(identifier)
    if plan is None:
        return None
    actions = numbered_actions(plan)
    axes = []
    for number, axis in enumerate(plan.axes, start=1):
        own = [action for axis_number, action in actions if axis_number == number]
        axes.append(AxisProgress(number, axis.title, progress_of(own)))
    overdue = [
        _line(action, axis)
        for axis, action in actions
        if action.status in RUNNING and action.deadline is not None and action.deadline < today
    ]
    without_owner = [
        _line(action, axis)
        for axis, action in actions
        if action.owner is None and action.status is not ActionStatus.ABANDONED
    ]
    following = college.plan(year + 1, kind)
    taken: set[str] = set()
    if following is not None:
        taken = {_normalised(a.title) for a in following.actions if a.carried_over_from == year}
    carry_over = [
        _line(action, axis, None if following is None else _normalised(action.title) in taken)
        for axis, action in actions
        if action.status in CARRY_OVER
    ]
    hours = None
    if kind is PlanKind.TRAINING:
        offered = [action for _, action in actions if action.status is not ActionStatus.ABANDONED]
        done = [action for _, action in actions if action.status is ActionStatus.DONE]
        hours = TrainingHours(
            offered=sum(action.hours or 0 for action in offered),
            offered_dpc=sum(action.hours or 0 for action in offered if action.dpc),
            done=sum(action.hours or 0 for action in done),
            done_dpc=sum(action.hours or 0 for action in done if action.dpc),
        )
    root = college.root.resolve().name or "records"
    return PlanProgress(
        kind=kind,
        year=year,
        plan_id=identifier,
        path=f"{root}/plans/{college.path_of('plans', identifier).name}",
        title=plan.title,
        status=plan.status,
        presented_on=plan.presented_on,
        validated_on=plan.validated_on,
        overall=progress_of([action for _, action in actions]),
        axes=tuple(axes),
        overdue=tuple(overdue),
        without_owner=tuple(without_owner),
        carry_over=tuple(carry_over),
        next_plan=plan_id(year + 1, kind) if following is not None else None,
        hours=hours,
    )


def plan_status(college: College, year: int, today: dt.date) -> PlanStatusReport:
    plans, missing = [], []
    root = college.root.resolve().name or "records"
    for kind in KINDS:
        found = plan_progress(college, year, kind, today)
        if found is None:
            missing.append(MissingPlan(kind, year, f"{root}/plans/{plan_id(year, kind)}.yaml"))
        else:
            plans.append(found)
    return PlanStatusReport(year, today, tuple(plans), tuple(missing))


# --- Words and JSON ---------------------------------------------------------------

STATUS_PLURALS = {
    ActionStatus.DONE: "Réalisées",
    ActionStatus.IN_PROGRESS: "En cours",
    ActionStatus.PLANNED: "Prévues",
    ActionStatus.POSTPONED: "Reportées",
    ActionStatus.ABANDONED: "Abandonnées",
}


def report_data(college: College, report: PlanStatusReport, names: Names | None = None) -> dict[str, Any]:
    names = names or Names(college)

    def progress(value: Progress) -> dict[str, Any]:
        return {
            "total": value.total,
            "by_status": dict(value.counts),
            "progress": None if value.progress is None else round(value.progress, 4),
        }

    def line(action: ActionLine) -> dict[str, Any]:
        found: dict[str, Any] = {
            "number": action.number,
            "title": action.title,
            "axis": action.axis,
            "owner": names.ref(action.owner) if action.owner else None,
            "deadline": action.deadline.isoformat() if action.deadline else None,
            "status": action.status.value,
            "progress": action.progress,
        }
        if action.taken_up is not None:
            found["taken_up_next_year"] = action.taken_up
        return found

    plans = []
    for plan in report.plans:
        entry: dict[str, Any] = {
            "id": plan.plan_id,
            "kind": plan.kind.value,
            "path": plan.path,
            "title": plan.title,
            "status": plan.status.value,
            "presented_on": plan.presented_on.isoformat() if plan.presented_on else None,
            "validated_on": plan.validated_on.isoformat() if plan.validated_on else None,
            "overall": progress(plan.overall),
            "axes": [{"number": a.number, "title": a.title, **progress(a.progress)} for a in plan.axes],
            "overdue": [line(a) for a in plan.overdue],
            "without_owner": [line(a) for a in plan.without_owner],
            "carry_over": [line(a) for a in plan.carry_over],
            "next_plan": plan.next_plan,
        }
        if plan.hours is not None:
            entry["hours"] = {
                "offered": plan.hours.offered,
                "offered_dpc": plan.hours.offered_dpc,
                "done": plan.hours.done,
                "done_dpc": plan.hours.done_dpc,
            }
        plans.append(entry)
    return {
        "college": college.settings.name,
        "year": report.year,
        "today": report.today.isoformat(),
        "plans": plans,
        "missing": [{"kind": m.kind.value, "path": m.path} for m in report.missing],
        "pseudonymized": names.pseudonymize,
    }
