"""`plans/<year>-<kind>.yaml`: the annual work plan, the training plan, the
internal rules and the organisation of medical functions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from collegekit.models.common import IsoDate, Issue, LabelledEnum, Percent, Record, Slug, Text, check_departement_code
from collegekit.models.plan_kind import PlanKind

REGION = "region"


class PlanStatus(LabelledEnum):
    DRAFT = "draft", "projet"
    PRESENTED = "presented", "présenté"
    VALIDATED = "validated", "validé"


class ActionStatus(LabelledEnum):
    PLANNED = "planned", "prévue"
    IN_PROGRESS = "in-progress", "en cours"
    DONE = "done", "réalisée"
    POSTPONED = "postponed", "reportée"
    ABANDONED = "abandoned", "abandonnée"


def _check_territory_code(value: Any) -> Any:
    if value == REGION:
        return value
    try:
        return check_departement_code(value)
    except PydanticCustomError:
        raise PydanticCustomError(
            "invalid-territory",
            "« {value} » n'est ni « region » ni un code de département",
            {"value": value},
        ) from None


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


TerritoryCode = Annotated[str, BeforeValidator(_check_territory_code)]
Territory = Annotated[
    tuple[TerritoryCode, ...],
    BeforeValidator(_one_or_many),
    Field(description="« region » pour toute la région, ou la liste des codes de département concernés."),
]


class PlanAction(Record):
    number: int = Field(ge=1, title="Numéro", description="Numéro de l'action, continu sur tout le plan.")
    title: Text = Field(title="Intitulé")
    description: str | None = Field(None, title="Description")
    owner: Slug | None = Field(None, title="Pilote", description="Identifiant du membre pilote de l'action.")
    contributors: tuple[Slug, ...] = Field((), title="Contributeurs")
    territory: Territory = Field((REGION,), title="Territoire")
    deadline: IsoDate | None = Field(None, title="Échéance")
    indicators: tuple[str, ...] = Field((), title="Indicateurs")
    status: ActionStatus = Field(ActionStatus.PLANNED, title="État")
    progress: Percent = Field(0, title="Avancement (%)")
    review: str | None = Field(None, title="Bilan", description="Ce qui a été réalisé, rempli au moment du bilan.")
    meetings: tuple[Slug, ...] = Field((), title="Séances", description="Les séances où l'action a été discutée.")
    hours: float | None = Field(None, ge=0, title="Heures", description="Formation : durée en heures.")
    dpc: bool | None = Field(
        None, title="DPC", description="Formation : compte-t-elle au titre du développement professionnel continu ?"
    )
    carried_over_from: int | None = Field(
        None, title="Reportée de", description="Année du plan dont l'action est reprise."
    )


class Orientation(Record):
    title: Text = Field(title="Intitulé")
    description: str | None = Field(None, title="Description")
    actions: tuple[PlanAction, ...] = Field((), title="Actions")


class Axis(Record):
    title: Text = Field(title="Intitulé", description="Axe, enjeu ou thème du plan.")
    description: str | None = Field(None, title="Description")
    orientations: tuple[Orientation, ...] = Field((), title="Orientations")
    actions: tuple[PlanAction, ...] = Field((), title="Actions")


class TextSection(Record):
    title: Text = Field(title="Titre")
    text: Text = Field(title="Texte", description="Texte en Markdown.")


class GlossaryEntry(Record):
    term: Text = Field(title="Terme")
    definition: Text = Field(title="Définition")


class Review(Record):
    """The review (bilan) of the plan, presented early the following year."""

    presented_on: IsoDate | None = Field(None, title="Bilan présenté le")
    summary: str | None = Field(None, title="Synthèse")


class Plan(Record):
    year: int | None = Field(None, title="Année", description="Facultatif : doit être celle du nom du fichier.")
    kind: PlanKind | None = Field(None, title="Type", description="Facultatif : doit être celui du nom du fichier.")
    title: Text = Field(title="Titre")
    status: PlanStatus = Field(PlanStatus.DRAFT, title="État")
    presented_on: IsoDate | None = Field(None, title="Présenté le")
    validated_on: IsoDate | None = Field(None, title="Validé le")
    introduction: str | None = Field(None, title="Introduction", description="Texte en Markdown.")
    axes: tuple[Axis, ...] = Field((), title="Axes")
    sections: tuple[TextSection, ...] = Field((), title="Sections", description="Pour un texte : ses articles ou parties.")
    glossary: tuple[GlossaryEntry, ...] = Field((), title="Encadrés", description="Termes expliqués à côté du texte.")
    review: Review | None = Field(None, title="Bilan")

    def actions_with_paths(self) -> Iterator[tuple[tuple[str | int, ...], PlanAction]]:
        """Every action with its key path in the file, in document order."""
        for axis_index, axis in enumerate(self.axes):
            for orientation_index, orientation in enumerate(axis.orientations):
                for action_index, action in enumerate(orientation.actions):
                    yield ("axes", axis_index, "orientations", orientation_index, "actions", action_index), action
            for action_index, action in enumerate(axis.actions):
                yield ("axes", axis_index, "actions", action_index), action

    def prose(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """The texts written in Markdown (the documents keep their formatting), with their key paths."""
        if self.introduction:
            yield ("introduction",), self.introduction
        for index, section in enumerate(self.sections):
            yield ("sections", index, "text"), section.text
        if self.review is not None and self.review.summary:
            yield ("review", "summary"), self.review.summary

    @property
    def actions(self) -> list[PlanAction]:
        return [action for _, action in self.actions_with_paths()]

    def issues(self) -> list[Issue]:
        found: list[Issue] = []
        if self.presented_on and self.validated_on and self.validated_on < self.presented_on:
            found.append(
                Issue(
                    ("validated_on",),
                    "invalid-period",
                    f"le plan est validé le {self.validated_on.isoformat()}, avant d'avoir été présenté "
                    f"(le {self.presented_on.isoformat()})",
                    "Corrigez la date de présentation ou de validation.",
                )
            )
        return found
