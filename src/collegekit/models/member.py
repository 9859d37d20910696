"""`members/<id>.yaml`: one person, with dated memberships of the college."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from collegekit import french
from collegekit.models.common import (
    IsoDate,
    Issue,
    LabelledEnum,
    Record,
    Slug,
    Text,
    check_departement_code,
)

HEAD_OFFICE = "head-office"


# The labels said of a person give their feminine form when it differs
# (LabelledEnum.label_for); a member's agreement is Member.agreed.
class Profession(LabelledEnum):
    PHYSICIAN = "physician", "médecin"
    PHARMACIST = "pharmacist", "pharmacien", "pharmacienne"
    NURSE = "nurse", "infirmier", "infirmière"
    HEALTH_MANAGER = "health-manager", "cadre de santé"
    MIDWIFE = "midwife", "sage-femme"
    DENTIST = "dentist", "chirurgien-dentiste", "chirurgienne-dentiste"
    PSYCHOLOGIST = "psychologist", "psychologue"
    OTHER = "other", "autre profession"


class Status(LabelledEnum):
    MISP = "misp", "médecin inspecteur de santé publique (MISP)"
    PHISP = "phisp", "pharmacien inspecteur de santé publique (PHISP)"
    CONTRACT = "contract", "contractuel"
    CIVIL_SERVANT = "civil-servant", "titulaire d'un autre corps"
    OTHER = "other", "autre statut"


class Role(LabelledEnum):
    MEMBER = "member", "membre"
    BUREAU = "bureau", "membre du bureau"
    PRESIDENT = "president", "président", "présidente"
    INVITED = "invited", "membre invité", "membre invitée"


class Gender(LabelledEnum):
    FEMININE = "f", "féminin"
    MASCULINE = "m", "masculin"


def _check_site(value: Any) -> Any:
    if value == HEAD_OFFICE:
        return value
    try:
        return check_departement_code(value)
    except PydanticCustomError:
        raise PydanticCustomError(
            "invalid-site",
            "« {value} » n'est ni « head-office » (le siège) ni un code de département",
            {"value": value},
        ) from None


Site = Annotated[
    str,
    BeforeValidator(_check_site),
    Field(description="« head-office » pour le siège, ou le code du département de la délégation."),
]


class Membership(Record):
    start: IsoDate = Field(title="Début", description="Premier jour de la période (AAAA-MM-JJ).")
    end: IsoDate | None = Field(None, title="Fin", description="Dernier jour de la période ; absent si elle est en cours.")
    role: Role = Field(Role.MEMBER, title="Rôle", description="Rôle au sein du collège pendant la période.")
    note: str | None = Field(None, title="Note", description="Motif de l'arrivée ou du départ, par exemple.")

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# Only the shape an e-mail program needs to address a draft (one @, a domain
# with a dot, no space): whether the mailbox exists is not for a linter to say.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def check_email(value: Any) -> Any:
    if isinstance(value, str) and not _EMAIL.fullmatch(value.strip()):
        raise PydanticCustomError(
            "invalid-value",
            "« {value} » n'est pas une adresse électronique",
            {"value": value, "hint": "Écrivez-la sous la forme prenom.nom@domaine.fr, ou retirez la ligne."},
        )
    return value


class Contact(Record):
    """Personal data: kept in the member's file only, never copied elsewhere."""

    email: Annotated[str, AfterValidator(check_email)] | None = Field(
        None, title="Courriel", description="Donnée personnelle."
    )
    phone: str | None = Field(None, title="Téléphone", description="Donnée personnelle.")


class Member(Record):
    id: Slug | None = Field(
        None, title="Identifiant", description="Facultatif : doit être identique au nom du fichier."
    )
    title: str | None = Field(None, title="Civilité", description="Dr, Pr, Mme, M.")
    gender: Gender | None = Field(
        None,
        title="Accord des fonctions",
        description="f : Présidente, Infirmière ; m : Président, Infirmier. Sans ce champ, d'après la civilité "
        "(Mme, M.) ; à défaut, au masculin.",
    )
    first_name: Text = Field(title="Prénom")
    last_name: Text = Field(title="Nom")
    profession: Profession = Field(title="Profession")
    status: Status = Field(title="Statut", description="Corps ou statut d'emploi.")
    corps: str | None = Field(None, title="Corps", description="Pour un titulaire d'un autre corps : lequel.")
    site: Site = Field(title="Affectation", description="Le siège (head-office) ou le code du département.")
    service: str | None = Field(None, title="Service", description="Direction, pôle ou service d'affectation.")
    employer: str | None = Field(
        None, title="Employeur", description="Pour un membre invité : l'organisme où il exerce aujourd'hui."
    )
    management_post: bool = Field(
        False, title="Fonction d'encadrement", description="Occupe-t-il un poste d'encadrement ?"
    )
    memberships: tuple[Membership, ...] = Field(
        min_length=1, title="Périodes d'appartenance", description="Les périodes où la personne fait partie du collège."
    )
    contact: Contact | None = Field(
        None,
        title="Coordonnées",
        description="Données personnelles : à ne recopier dans aucun autre dossier.",
        json_schema_extra={"x-personal-data": True},
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.full_name}" if self.title else self.full_name

    @property
    def feminine(self) -> bool:
        """Whether the labels said of this member take the feminine: the
        civility when it tells (Mme, M.), else `gender`, else masculine. The
        one answer every document, report, page and message agrees with."""
        by_title = french.civility_is_feminine(self.title)
        return by_title if by_title is not None else self.gender is Gender.FEMININE

    def agreed(self, label: LabelledEnum) -> str:
        """A label said of this member, agreeing with them: « présidente »,
        « infirmière », « médecin »."""
        return label.label_for(self.feminine)

    @property
    def profession_label(self) -> str:
        return self.agreed(self.profession)

    def membership_on(self, day: dt.date) -> Membership | None:
        for membership in self.memberships:
            if membership.covers(day):
                return membership
        return None

    def role_on(self, day: dt.date) -> Role | None:
        membership = self.membership_on(day)
        return membership.role if membership else None

    def issues(self) -> list[Issue]:
        found: list[Issue] = []
        for index, period in enumerate(self.memberships):
            if period.end is not None and period.end < period.start:
                found.append(
                    Issue(
                        ("memberships", index, "end"),
                        "invalid-period",
                        f"la période se termine le {french.short_date(period.end)}, avant d'avoir commencé "
                        f"(le {french.short_date(period.start)})",
                        "Corrigez la date de début ou la date de fin.",
                    )
                )
        ordered = sorted(enumerate(self.memberships), key=lambda pair: pair[1].start)
        for (_, earlier), (index, later) in zip(ordered, ordered[1:], strict=False):
            if earlier.end is None or later.start <= earlier.end:
                until = "sans date de fin" if earlier.end is None else f"jusqu'au {french.short_date(earlier.end)}"
                found.append(
                    Issue(
                        ("memberships", index, "start"),
                        "membership-overlap",
                        f"cette période commence le {french.short_date(later.start)} alors que la période "
                        f"du {french.short_date(earlier.start)} court encore ({until})",
                        "Les périodes ne doivent pas se chevaucher : terminez la première la veille du début "
                        "de la suivante.",
                    )
                )
        return found
