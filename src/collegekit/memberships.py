"""What `collegekit member` may do to a member's periods, decided before any
file is touched: a change of role, a departure or a return (and their
correction). Each function returns what the edit is to do, or raises
MembershipRefused with the French sentence the user reads; edit.py then
changes the YAML accordingly.

A member's periods are their history: a role held from a date is a period
closed the day before and a new one opened that day, never an older period
rewritten, so that who was bureau or president on a past day stays true.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from collegekit import french
from collegekit.diagnostics import CollegekitError
from collegekit.models.member import Member, Membership, Role
from collegekit.records import College

ONE_DAY = dt.timedelta(days=1)


class MembershipRefused(CollegekitError):
    """The edit makes no sense for this member's periods; nothing is written."""

    exit_code = 2


def _periods(member: Member) -> str:
    """« du 01/10/2019 au 30/06/2025, du 01/01/2026 », as attendance-not-a-member says them."""
    return ", ".join(
        f"du {french.short_date(p.start)}" + (f" au {french.short_date(p.end)}" if p.end else "") for p in member.memberships
    )


def _ordered(member: Member) -> list[tuple[int, Membership]]:
    """Periods in time order with their index in the file (the YAML list's order)."""
    return sorted(enumerate(member.memberships), key=lambda pair: pair[1].start)


@dataclass(frozen=True)
class RoleChange:
    index: int  # the period covering the day, in the file's order
    split: bool  # close it the day before and open a new one; else its role is replaced (it starts that day)
    previous: Role
    until: dt.date | None  # the last day of the new role: the period's end


def role_change(college: College, member_id: str, role: Role, day: dt.date) -> RoleChange:
    """`member_id` holds `role` from `day` on."""
    member = college.members[member_id]
    name = member.display_name
    ordered = _ordered(member)
    found = next(((i, p) for i, p in ordered if p.covers(day)), None)
    if found is None:
        raise MembershipRefused(
            f"{name} n'est pas membre du collège le {french.short_date(day)} (membre {_periods(member)}) : "
            f"rien n'a été écrit. Pour un retour au collège dans ce rôle : "
            f"« collegekit member {member_id} --rejoin {day.isoformat()} --role {role.value} »."
        )
    index, period = found
    if period.role is role:
        raise MembershipRefused(
            f"{name} est déjà {member.agreed(role)} le {french.short_date(day)} "
            f"(période commencée le {french.short_date(period.start)}) : rien n'a été écrit."
        )
    later = [p for _, p in ordered if p.start > period.start]
    if period.end is not None and later:
        # The new role would stop at this period's end while the later periods
        # keep their own roles: « from that day on » would be false, and an
        # old period silently cut in two is history rewritten by accident.
        raise MembershipRefused(
            f"le {french.short_date(day)} tombe dans une période close de {name} "
            f"(du {french.short_date(period.start)} au {french.short_date(period.end)}, {member.agreed(period.role)}), "
            f"suivie d'une autre (du {french.short_date(later[0].start)}) : le nouveau rôle ne vaudrait que jusqu'au "
            f"{french.short_date(period.end)}. Choisissez une date de la dernière période (--from "
            f"{max(p.start for p in later).isoformat()} ou après), ou corrigez les périodes passées dans "
            f"members/{member_id}.yaml : rien n'a été écrit."
        )
    change = RoleChange(index, split=period.start < day, previous=period.role, until=period.end)
    if role is Role.PRESIDENT:
        refuse_two_presidents(college, member_id, day, period.end)
    return change


def refuse_two_presidents(college: College, member_id: str, start: dt.date, end: dt.date | None) -> None:
    """No edit makes `member_id` president from `start` to `end` (None: open)
    while another member presides some of those days. No lint check says it
    for hand-written files; the command, which knows who is to take over,
    says which command hands over first."""
    name = college.members[member_id].display_name
    for other_id, other in sorted(college.members.items()):
        if other_id == member_id:
            continue
        for period in other.memberships:
            if period.role is not Role.PRESIDENT:
                continue
            ends = [d for d in (end, period.end) if d is not None]
            if ends and max(start, period.start) > min(ends):
                continue
            title = other.agreed(Role.PRESIDENT)
            if period.start <= start:
                raise MembershipRefused(
                    f"{other.display_name} est {title} du collège le {french.short_date(start)} "
                    f"(depuis le {french.short_date(period.start)}) : {name} ne peut l'être en même temps. "
                    f"Mettez d'abord fin à cette présidence : « collegekit member {other_id} --role member "
                    f"--from {start.isoformat()} » (ou --role bureau), puis relancez cette commande : rien n'a été écrit."
                )
            raise MembershipRefused(
                f"{other.display_name} sera {title} du collège à partir du {french.short_date(period.start)} : "
                f"{name} le serait encore ce jour-là, et le collège aurait deux présidents. Corrigez d'abord les "
                f"périodes de members/{other_id}.yaml : rien n'a été écrit."
            )


@dataclass(frozen=True)
class DateCorrection:
    index: int
    old: dt.date
    new: dt.date


def leave_correction(college: College, member_id: str, day: dt.date) -> DateCorrection:
    """`--leave` on a member who has already left: their departure date,
    written wrong, is corrected (the last period's end)."""
    member = college.members[member_id]
    index, last = _ordered(member)[-1]
    assert last.end is not None  # the caller asks only when no period is open
    if day < last.start:
        raise MembershipRefused(
            f"{member.display_name} a quitté le collège le {french.short_date(last.end)} : un départ le "
            f"{french.short_date(day)} tomberait avant le début de sa dernière période (le "
            f"{french.short_date(last.start)}). Corrigez ses périodes dans members/{member_id}.yaml : rien n'a été écrit."
        )
    if last.role is Role.PRESIDENT and day > last.end:
        refuse_two_presidents(college, member_id, last.end + ONE_DAY, day)
    return DateCorrection(index, last.end, day)


def rejoin_correction(college: College, member_id: str, day: dt.date) -> DateCorrection:
    """`--rejoin` on a member who is back already: the date of that return,
    written wrong, is corrected (the start of the first period after the
    last gap). A member who never left is refused, as before."""
    member = college.members[member_id]
    back = "revenue" if member.feminine else "revenu"
    ordered = _ordered(member)
    first = len(ordered) - 1
    # Periods that follow each other day after day are one stay in the
    # college (a change of role); the stay began after the last gap.
    while first > 0 and ordered[first - 1][1].end is not None and ordered[first - 1][1].end + ONE_DAY == ordered[first][1].start:  # type: ignore[operator]
        first -= 1
    index, returned = ordered[first]
    if first == 0:
        raise MembershipRefused(
            f"{member.display_name} est déjà membre (depuis le {french.short_date(returned.start)}) : rien n'a été écrit."
        )
    left = ordered[first - 1][1].end
    assert left is not None  # periods before the current stay are closed (membership-overlap otherwise)
    if day <= left:
        raise MembershipRefused(
            f"{member.display_name} est {back} au collège le {french.short_date(returned.start)} : un retour le "
            f"{french.short_date(day)} tomberait avant la fin de sa période précédente (le {french.short_date(left)}). "
            f"Corrigez ses périodes dans members/{member_id}.yaml : rien n'a été écrit."
        )
    if returned.end is not None and day > returned.end:
        raise MembershipRefused(
            f"{member.display_name} est {back} au collège le {french.short_date(returned.start)} : un retour le "
            f"{french.short_date(day)} tomberait après la fin de cette période (le {french.short_date(returned.end)}). "
            f"Corrigez ses périodes dans members/{member_id}.yaml : rien n'a été écrit."
        )
    if returned.role is Role.PRESIDENT and day < returned.start:
        refuse_two_presidents(college, member_id, day, returned.start - ONE_DAY)
    return DateCorrection(index, returned.start, day)
