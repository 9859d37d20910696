"""How every document and report names the college's members, their sites
and territories: one class, `Names`, given to the documents (render), the
reports (attendance, compliance, coverage, plan status) and the site.

Pseudonymisation is a property of the names a document or report is given:
with `pseudonymize`, every member is their stable code (`pseudonyms`,
« M-7KQ2D », the same in every output and every run), never their name nor
their id (ids are usually built from the name, « amartin »); a template
asking for a member gets a `PseudonymousMember` whose names are the code.
Without it, documents still never get a contact detail unless
`with_contacts` (the bureau's explicit `render --with-contacts`).

Free text (a point of the minutes, an activity of a fiche) is not
rewritten: a name typed in it stays. The reports leave such text out when
pseudonymised; the documents keep it (README: « ce n'est pas un anonymat »).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from collegekit import french
from collegekit.models.labels import LabelledEnum
from collegekit.models.member import HEAD_OFFICE, Member, Role
from collegekit.models.plan import REGION

if TYPE_CHECKING:
    import datetime as dt

    from collegekit.models.meeting import Reply, Speaker
    from collegekit.records import College

_T = TypeVar("_T")

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud without doubt


def pseudonyms(college: College) -> dict[str, str]:
    """A stable code for every member ("M-7KQ2D"): the same member gets the same
    code in every output and every run, as long as the college's name is the
    same, and the codes do not follow the members' alphabetical order.

    A code is derived from the college's name and the member's id, so it
    cannot be reversed without both; codes that would collide are lengthened.
    """
    salt = college.settings.name
    digests = {member_id: hashlib.sha256(f"{salt}\x00{member_id}".encode()).digest() for member_id in college.members}

    def code(digest: bytes, length: int) -> str:
        number = int.from_bytes(digest, "big")
        letters = []
        for _ in range(length):
            number, index = divmod(number, len(_CODE_ALPHABET))
            letters.append(_CODE_ALPHABET[index])
        return "M-" + "".join(letters)

    codes = {member_id: code(digest, 5) for member_id, digest in digests.items()}
    length = 5
    while len(set(codes.values())) < len(codes):
        # Only the colliding members get a longer code: everyone else keeps theirs.
        length += 1
        seen: dict[str, list[str]] = defaultdict(list)
        for member_id, value in codes.items():
            seen[value].append(member_id)
        for members in seen.values():
            if len(members) > 1:
                for member_id in members:
                    codes[member_id] = code(digests[member_id], length)
    return codes


# Shown for an id that names no member (a plan owner whose file was removed,
# a typo lint reports) when names are hidden: the id itself could be the name.
UNKNOWN_MEMBER = "membre inconnu"


class PseudonymousMember(Member):
    """A member as a pseudonymised document shows them: their code for a
    name, no civility, no contact detail, and labels in the masculine."""

    pseudonym: str = ""

    @property
    def feminine(self) -> bool:
        # A feminine « présidente » or « infirmière » beside a code would tell
        # who is behind it as surely as the civility the code replaces: every
        # label of a pseudonymised member is the masculine, read as generic.
        return False

    @property
    def full_name(self) -> str:
        return self.pseudonym

    @property
    def display_name(self) -> str:
        return self.pseudonym


def public_member(college: College, member_id: str) -> Member | None:
    """A member as documents may show them: without their contact details.

    Documents go to the agency's management and beyond; a template, even a
    college's own, gets no e-mail address or phone number to print.
    """
    member = college.members.get(member_id)
    return member.model_copy(update={"contact": None}) if member is not None else None


class Names:
    """Ids of the records turned into what a reader recognises: members
    (« Dr Anne Martin », or « M-7KQ2D » when pseudonymised), sites,
    départements, territories, functions, speakers.

    Every document and report names members through one of these, so that a
    member gets the same code in all of them and none forgets one of the
    places a name shows.
    """

    def __init__(self, college: College, pseudonymize: bool = False, with_contacts: bool = False) -> None:
        self.college = college
        self.settings = college.settings
        self.pseudonymize = pseudonymize
        # Contact details never go with pseudonyms.
        self.with_contacts = with_contacts and not pseudonymize
        self.codes = pseudonyms(college) if pseudonymize else {}
        self._functions = {function.id: function.name for function in self.settings.functions}

    # --- members, in reports and documents

    def name(self, member_id: str) -> str:
        """What a reader sees: « Dr Anne Martin », or « M-7KQ2D »; an unknown
        id as it is, or « membre inconnu » when pseudonymised."""
        if self.pseudonymize:
            return self.codes.get(member_id, UNKNOWN_MEMBER)
        member = self.college.members.get(member_id)
        return member.display_name if member else member_id

    def ref(self, member_id: str) -> str:
        """How machine-readable outputs (csv, json) key a member: the id, or the code."""
        return self.name(member_id) if self.pseudonymize else member_id

    def ordered(self, items: Iterable[_T], member_of: Callable[[_T], str] = str) -> list[_T]:
        """Members (or things of a member: `member_of` gives its id) in the
        order a report lists them: as given (each report sorts by name or id
        its own way), or by code when pseudonymized, since an order by name or
        id would tell where each member stands in the alphabet."""
        if self.pseudonymize:
            # Stable: things of the same member keep their order.
            return sorted(items, key=lambda item: self.name(member_of(item)))
        return list(items)

    def member(self, member_id: str) -> Member | None:
        """The member a template is given: without contact details (unless
        `with_contacts`), with their code for names when pseudonymised."""
        if self.with_contacts:
            return self.college.members.get(member_id)
        member = public_member(self.college, member_id)
        if member is None or not self.pseudonymize:
            return member
        code = self.name(member_id)
        values = {name: getattr(member, name) for name in type(member).model_fields}
        values.update(title=None, first_name=code, last_name=code, contact=None, id=None)
        return PseudonymousMember.model_construct(**values, pseudonym=code)

    def member_name(self, member_id: str) -> str:
        return self.name(member_id)

    def agreed(self, member_id: str, label: LabelledEnum) -> str:
        """A label said of a member (profession, role, presence), agreeing
        with them (« présidente »); in the masculine when pseudonymised, or for
        an unknown id."""
        member = self.member(member_id)
        return member.agreed(label) if member is not None else label.label

    def member_names(self, member_ids: Iterable[str]) -> list[str]:
        return [self.name(member_id) for member_id in member_ids]

    def member_place(self, member_id: str, day: dt.date | None = None) -> str:
        """Where a member works, as shown beside their name: « siège », « Var »,
        « membre invité, Ville de Marseille »."""
        member = self.member(member_id)
        if member is None:
            return ""
        if day is not None and member.role_on(day) is Role.INVITED:
            invited = member.agreed(Role.INVITED)
            return f"{invited}, {member.employer}" if member.employer else invited
        return self.site(member.site)

    # --- places, functions, speakers

    def site(self, site: str) -> str:
        """« siège » or the name of the département of the delegation."""
        if site == HEAD_OFFICE:
            return "siège"
        return self.settings.departement_name(site)

    def departement(self, code: str) -> str:
        return self.settings.departement_name(code)

    def departements(self, codes: Iterable[str]) -> list[str]:
        return [self.departement(code) for code in codes]

    def territory(self, codes: Sequence[str]) -> str:
        """« région » or the names of the départements: « Hautes-Alpes et Var »."""
        if not codes or REGION in codes:
            return "région"
        return french.join(self.departements(codes))

    def function_name(self, function_id: str | None) -> str:
        if not function_id:
            return ""
        return self._functions.get(function_id, function_id)

    def speaker(self, speaker: Speaker) -> str:
        """« Dr Francis Blanc », « Pr Hélène Vidal (AP-HM) », « DD 83 »."""
        if speaker.member:
            name = self.name(speaker.member)
        else:
            name = speaker.name or ""
        if speaker.organisation and name:
            name = f"{name} ({speaker.organisation})"
        elif speaker.organisation:
            name = speaker.organisation
        if speaker.role:
            name = f"{name}, {speaker.role}"
        return name

    def replied(self, reply: Reply) -> str:
        """Who replied, after « Réponse »: « du Dr Claire Moreau », « de la DGOS », « de l'ARS »."""
        # A member is named as a person: their title decides (« du Dr … »), else none (« d'Anne … »).
        own = "" if reply.by.member else reply.article
        return french.name_with_article(self.speaker(reply.by), "du", own)

    def speakers(self, speakers: Iterable[Speaker]) -> list[str]:
        return [self.speaker(speaker) for speaker in speakers]

    def speakers_label(self, speakers: Sequence[Speaker]) -> str:
        """« Intervenant », « Intervenante », « Intervenants », « Intervenantes »:
        the feminine when every speaker is a woman as far as the records tell
        (a member's agreement, an outside person's civility); an organisation,
        a civility that does not tell (Dr, Pr) or a pseudonymised member keep
        the masculine, read as generic."""
        feminine = bool(speakers) and all(self._speaks_in_feminine(speaker) for speaker in speakers)
        word = "Intervenante" if feminine else "Intervenant"
        return word if len(speakers) == 1 else f"{word}s"

    def _speaks_in_feminine(self, speaker: Speaker) -> bool:
        if speaker.member:
            member = self.member(speaker.member)
            return member is not None and member.feminine
        if speaker.name:
            return french.civility_is_feminine(speaker.name.split()[0]) is True
        return False
