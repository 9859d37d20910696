"""References between records: every id and code a record cites exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from collegekit.checks import CheckContext, Finding, KeyPath, check
from collegekit.diagnostics import Severity
from collegekit.models.member import HEAD_OFFICE
from collegekit.models.plan import REGION


def _member_references(context: CheckContext) -> Iterator[tuple[str, str, KeyPath, str]]:
    """(folder, record id, key path, member id) for every member a record cites."""
    college = context.college
    for meeting_id, meeting in college.meetings.items():
        for index, member_id in enumerate(meeting.invited):
            yield "meetings", meeting_id, ("invited", index), member_id
        for member_id in meeting.attendance:
            yield "meetings", meeting_id, ("attendance", member_id), member_id
        for path, speaker in meeting.speakers():
            if speaker.member:
                yield "meetings", meeting_id, path + ("member",), speaker.member
        for index, action in enumerate(meeting.actions):
            yield "meetings", meeting_id, ("actions", index, "owner"), action.owner
    for plan_id, plan in college.plans.items():
        for path, action in plan.actions_with_paths():
            if action.owner:
                yield "plans", plan_id, path + ("owner",), action.owner
            for index, contributor in enumerate(action.contributors):
                yield "plans", plan_id, path + ("contributors", index), contributor
    for fiche_id in college.fiches:
        yield "fiches", fiche_id, (), fiche_id


def _did_you_mean(given: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.7)
    if close:
        return f"Vouliez-vous dire « {close[0]} » ?"
    return f"Vérifiez l'orthographe, ou créez {what}."


@check(
    "unknown-member",
    "references",
    Severity.ERROR,
    "Un dossier cite un membre qui n'a pas de fichier dans members/.",
    reads=("meetings", "plans", "fiches", "members"),
    precise=True,
)
def unknown_member(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    known = sorted(college.members)
    for folder, record_id, key_path, member_id in _member_references(context):
        if member_id in college.members or f"members/{member_id}" in college.unloadable:
            continue
        is_fiche_file = folder == "fiches" and not key_path
        message = (
            f"cette fiche de poste n'a pas de membre « {member_id} » dans members/"
            if is_fiche_file
            else f"« {member_id} » n'a pas de fichier dans members/"
        )
        yield Finding(
            folder,
            record_id,
            key_path,
            message,
            _did_you_mean(member_id, known, f"members/{member_id}.yaml"),
            rests_on=(f"members/{member_id}",),
        )


def _meeting_references(context: CheckContext) -> Iterator[tuple[str, str, KeyPath, str]]:
    """(folder, record id, key path, meeting id) for every meeting a record
    cites: a plan's action (discussed at), a meeting's follow-up (done at)."""
    college = context.college
    for plan_id, plan in college.plans.items():
        for path, action in plan.actions_with_paths():
            for index, meeting_id in enumerate(action.meetings):
                yield "plans", plan_id, path + ("meetings", index), meeting_id
    for meeting_id, meeting in college.meetings.items():
        for number, followed in meeting.follow_up.items():
            if followed.meeting:
                yield "meetings", meeting_id, ("follow_up", str(number), "meeting"), followed.meeting


@check(
    "unknown-meeting",
    "references",
    Severity.ERROR,
    "Une action d'un plan, ou le suivi d'une action d'une séance, renvoie à une séance qui n'a pas de fichier dans "
    "meetings/.",
    reads=("plans", "meetings"),
    precise=True,
)
def unknown_meeting(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    known = sorted(college.meetings)
    for folder, record_id, key_path, meeting_id in _meeting_references(context):
        if meeting_id in college.meetings or f"meetings/{meeting_id}" in college.unloadable:
            continue
        yield Finding(
            folder,
            record_id,
            key_path,
            f"la séance « {meeting_id} » n'a pas de fichier dans meetings/",
            _did_you_mean(meeting_id, known, f"meetings/{meeting_id}.md"),
            rests_on=(f"meetings/{meeting_id}",),
        )


@check(
    "unknown-departement",
    "references",
    Severity.ERROR,
    "Un dossier cite un département que college.yaml ne déclare pas.",
    reads=("college", "members", "fiches", "plans", "meetings"),
    precise=True,
)
def unknown_departement(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    known = college.settings.departement_codes
    listing = ", ".join(sorted(known))
    hint = f"Départements déclarés dans college.yaml : {listing}."

    def unknown(code: str) -> bool:
        return code not in known

    for member_id, member in college.members.items():
        if member.site != HEAD_OFFICE and unknown(member.site):
            yield Finding("members", member_id, ("site",), f"le département « {member.site} » n'est pas celui du collège", hint)
    for fiche_id, fiche in college.fiches.items():
        for index, code in enumerate(fiche.departements):
            if unknown(code):
                yield Finding("fiches", fiche_id, ("departements", index), f"le département « {code} » n'est pas celui du collège", hint)
        for level, activities in fiche.activities.by_level():
            for activity_index, activity in enumerate(activities):
                for index, code in enumerate(activity.departements):
                    if unknown(code):
                        yield Finding(
                            "fiches",
                            fiche_id,
                            ("activities", level.value, activity_index, "departements", index),
                            f"le département « {code} » n'est pas celui du collège",
                            hint,
                        )
    for plan_id, plan in college.plans.items():
        for path, action in plan.actions_with_paths():
            for index, code in enumerate(action.territory):
                if code != REGION and unknown(code):
                    yield Finding(
                        "plans", plan_id, path + ("territory", index), f"le département « {code} » n'est pas celui du collège", hint
                    )
        for index, territory in enumerate(plan.territories):
            if unknown(territory.departement):
                yield Finding(
                    "plans",
                    plan_id,
                    ("territories", index, "departement"),
                    f"le département « {territory.departement} » n'est pas celui du collège",
                    hint,
                )


@check(
    "unknown-action",
    "references",
    Severity.ERROR,
    "Un projet d'un territoire renvoie à une action que le plan n'a pas.",
    reads=("plans",),
    precise=True,
)
def unknown_action(context: CheckContext) -> Iterator[Finding]:
    for plan_id, plan in context.college.plans.items():
        numbers = {action.number for action in plan.actions}
        for territory_index, territory in enumerate(plan.territories):
            for project_index, project in enumerate(territory.projects):
                for index, number in enumerate(project.actions):
                    if number not in numbers:
                        yield Finding(
                            "plans",
                            plan_id,
                            ("territories", territory_index, "projects", project_index, "actions", index),
                            f"le projet « {project.title} » renvoie à l'action {number}, que le plan n'a pas",
                            _action_numbers_hint(numbers),
                        )


def _action_numbers_hint(numbers: set[int]) -> str:
    if not numbers:
        return "Le plan n'a pas encore d'action : retirez ce renvoi."
    if len(numbers) == 1:
        return f"Le plan n'a qu'une action, l'action {min(numbers)} : corrigez le numéro."
    return f"Les actions du plan sont numérotées de {min(numbers)} à {max(numbers)} : corrigez le numéro."


@check(
    "unknown-function",
    "references",
    Severity.ERROR,
    "Une fiche de poste cite une fonction médicale que college.yaml ne déclare pas.",
    reads=("college", "fiches"),
    precise=True,
)
def unknown_function(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    known = sorted(college.settings.function_ids)
    hint_listing = f"Fonctions déclarées dans college.yaml : {', '.join(known)}." if known else (
        "college.yaml ne déclare aucune fonction : ajoutez-les sous « functions »."
    )
    for fiche_id, fiche in college.fiches.items():
        cited: list[tuple[KeyPath, str]] = [(("functions", i), f) for i, f in enumerate(fiche.functions)]
        for level, activities in fiche.activities.by_level():
            cited += [
                (("activities", level.value, i, "function"), a.function)
                for i, a in enumerate(activities)
                if a.function is not None
            ]
        for key_path, function in cited:
            if function not in college.settings.function_ids:
                close = difflib.get_close_matches(function, known, n=1, cutoff=0.7)
                hint = f"Vouliez-vous dire « {close[0]} » ? {hint_listing}" if close else hint_listing
                yield Finding("fiches", fiche_id, key_path, f"la fonction « {function} » n'est pas déclarée", hint)


@check(
    "fiche-profession",
    "references",
    Severity.ERROR,
    "Une fiche de poste appartient à un membre dont la profession n'a pas de fiche.",
    reads=("college", "fiches", "members"),
    precise=True,
)
def fiche_profession(context: CheckContext) -> Iterator[Finding]:
    college = context.college
    professions = college.settings.rules.fiche_professions
    for fiche_id in college.fiches:
        member = college.members.get(fiche_id)
        if member is not None and member.profession not in professions:
            yield Finding(
                "fiches",
                fiche_id,
                (),
                f"{member.display_name} est {member.profession_label} : le collège ne tient de fiches de poste "
                f"que pour les professions suivantes : {', '.join(p.label for p in professions)}",
                "Vérifiez le nom du fichier, ou ajoutez la profession à rules.fiche_professions dans college.yaml.",
                rests_on=(f"members/{fiche_id}",),
            )
