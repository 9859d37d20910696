"""Members: what a member's file says of them, checked against itself where
the loader alone cannot tell."""

from __future__ import annotations

from collections.abc import Iterator

from collegekit import french
from collegekit.checks import CheckContext, Finding, check
from collegekit.diagnostics import Severity
from collegekit.models.member import Gender, Member


def gender_contradiction(member: Member, member_id: str = "IDENTIFIANT") -> tuple[str, str] | None:
    """The message and hint when `gender` says the opposite of the civility
    (Mme with m, M. with f): the civility wins in every output (Member.feminine),
    so the file says one thing and the documents another. Also what
    new-member refuses before writing."""
    by_title = french.civility_is_feminine(member.title)
    if member.gender is None or by_title is None or by_title == (member.gender is Gender.FEMININE):
        return None
    return (
        f"« gender: {member.gender.value} » ({member.gender.label}) contredit la civilité « {member.title} » "
        f"de {member.full_name}",
        f"Les fonctions s'accordent d'après la civilité : « collegekit member {member_id} --gender \"\" » retire "
        f"« gender » (il ne sert qu'aux Dr et Pr), ou « collegekit member {member_id} --title … » corrige la civilité.",
    )


@check(
    "gender-mismatch",
    "members",
    Severity.ERROR,
    "L'accord des fonctions d'un membre (gender) contredit sa civilité (Mme avec m, M. avec f).",
    reads=("members",),
    precise=True,
)
def gender_mismatch(context: CheckContext) -> Iterator[Finding]:
    for member_id, member in context.college.members.items():
        found = gender_contradiction(member, member_id)
        if found:
            yield Finding("members", member_id, ("gender",), *found)
