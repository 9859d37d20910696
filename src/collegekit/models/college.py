"""`college.yaml`: the college itself, its territory and its rules."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from collegekit.models.common import DepartementCode, IsoDate, Issue, Record, Slug, Text
from collegekit.models.member import Profession


class Departement(Record):
    code: DepartementCode = Field(title="Code", description="Code du département (04, 13...).")
    name: Text = Field(title="Nom", description="Nom du département.")


class HeadOffice(Record):
    name: Text = Field("Siège", title="Nom", description="Nom du siège de l'agence.")
    city: Text = Field(title="Ville", description="Ville du siège.")


class MedicalFunction(Record):
    id: Slug = Field(title="Identifiant", description="Identifiant de la fonction, repris dans les fiches de poste.")
    name: Text = Field(title="Intitulé", description="Intitulé de la fonction médicale.")


_LOCALE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_[A-Z]{2}|_[0-9]{3})?$")


def _check_locale(value: Any) -> Any:
    """A locale the documents can be written in: checked here, where lint
    says where it is written, rather than by the templates, which would blame
    themselves."""
    if value == "fr_FR":
        return value  # the usual one, without loading Babel
    if isinstance(value, str) and _LOCALE.match(value):
        from babel.localedata import exists

        if exists(value):
            return value
    raise PydanticCustomError(
        "invalid-value",
        "« {value} » n'est pas une langue connue : écrivez la langue et le pays comme fr_FR (ou fr_BE, fr_CH, fr_CA)",
        {"value": value},
    )


Locale = Annotated[str, BeforeValidator(_check_locale), Field(json_schema_extra={"pattern": _LOCALE.pattern})]


class Rules(Record):
    """The rules a college sets itself in its internal rules."""

    min_plenary_meetings_per_year: int = Field(
        3, ge=0, title="Séances plénières par an", description="Nombre minimum de séances plénières par an."
    )
    absence_streak_alert: int = Field(
        3,
        ge=1,
        title="Absences consécutives signalées",
        description="Nombre d'absences consécutives à partir duquel un membre est signalé.",
    )
    invited_count_in_rates: bool = Field(
        False,
        title="Invités comptés",
        description="Les membres invités comptent-ils dans les taux de participation ?",
    )
    quorum_percent: float | None = Field(
        None,
        ge=0,
        le=100,
        title="Quorum (%)",
        description="Part des membres attendus qui doivent participer pour que la séance atteigne le quorum.",
    )
    small_group_threshold: int = Field(
        3,
        ge=1,
        title="Seuil des petits effectifs",
        description="En dessous de ce nombre de personnes, un taux est signalé comme peu significatif.",
    )
    fiche_professions: tuple[Profession, ...] = Field(
        (Profession.PHYSICIAN, Profession.PHARMACIST),
        title="Professions avec fiche de poste",
        description="Professions dont chaque membre doit avoir une fiche de poste.",
    )
    plans_due_month: int = Field(
        3,
        ge=1,
        le=12,
        title="Mois de présentation des plans",
        description="Les plans et le bilan doivent être présentés au plus tard à la fin de ce mois.",
    )
    locale: Locale = Field("fr_FR", title="Langue", description="Langue et conventions des documents produits.")
    disabled_checks: tuple[str, ...] = Field(
        (),
        title="Vérifications désactivées",
        description="Codes (ou groupes) des vérifications de « collegekit lint » que le collège ne veut pas appliquer.",
    )


class Mail(Record):
    """What `collegekit send` puts in its e-mail drafts besides the members' addresses."""

    sender: str | None = Field(
        None, title="Expéditeur", description="L'adresse d'où partent les courriels du bureau (celle du secrétariat)."
    )
    recipients: tuple[str, ...] = Field(
        (),
        title="Destinataires",
        description="Adresses ajoutées à chaque courriel, en plus des membres convoqués (secrétariat de l'instance...).",
    )


class CollegeSettings(Record):
    name: Text = Field(title="Nom", description="Nom complet du collège.")
    short_name: Text | None = Field(None, title="Nom court", description="Nom court, pour les en-têtes.")
    founded: IsoDate | None = Field(
        None,
        title="Créé le",
        description="Date de création du collège : rien ne se vérifie avant, et une date antérieure est une erreur.",
    )
    agency: Text = Field(title="Agence", description="L'agence régionale de santé dont relève le collège.")
    region: Text = Field(title="Région", description="Nom de la région.")
    head_office: HeadOffice = Field(title="Siège", description="Le siège de l'agence.")
    departements: tuple[Departement, ...] = Field(
        min_length=1, title="Départements", description="Les départements de la région et leur délégation."
    )
    steering_committee: Text = Field(
        title="Instance destinataire",
        description="Le comité de direction auquel le bureau adresse ordres du jour et comptes rendus.",
    )
    functions: tuple[MedicalFunction, ...] = Field(
        (), title="Fonctions médicales", description="Les fonctions médicales que les fiches de poste peuvent citer."
    )
    rules: Rules = Field(Rules(), title="Règles", description="Les règles que le collège s'est données.")
    mail: Mail = Field(Mail(), title="Courriels", description="Expéditeur et destinataires des brouillons de courriel.")

    def departement_name(self, code: str) -> str:
        for departement in self.departements:
            if departement.code == code:
                return departement.name
        return code

    @property
    def departement_codes(self) -> frozenset[str]:
        return frozenset(d.code for d in self.departements)

    @property
    def function_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.functions)

    def issues(self) -> list[Issue]:
        found: list[Issue] = []
        seen: set[str] = set()
        for index, departement in enumerate(self.departements):
            if departement.code in seen:
                found.append(
                    Issue(
                        ("departements", index, "code"),
                        "duplicate-entry",
                        f"le département {departement.code} est déclaré deux fois",
                        "Supprimez l'une des deux entrées.",
                    )
                )
            seen.add(departement.code)
        seen = set()
        for index, function in enumerate(self.functions):
            if function.id in seen:
                found.append(
                    Issue(
                        ("functions", index, "id"),
                        "duplicate-entry",
                        f"la fonction « {function.id} » est déclarée deux fois",
                        "Supprimez l'une des deux entrées.",
                    )
                )
            seen.add(function.id)
        return found
