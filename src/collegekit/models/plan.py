"""`plans/<year>-<kind>.yaml`: the annual work plan, the training plan, the
internal rules and the organisation of medical functions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from collegekit import french
from collegekit.models.common import (
    DepartementCode,
    IsoDate,
    Issue,
    LabelledEnum,
    Percent,
    Record,
    Slug,
    Text,
    check_departement_code,
)
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


def _number_as_text(value: Any) -> Any:
    # `value: 76` is read by YAML as a number; a figure is printed as written.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value


TerritoryCode = Annotated[str, BeforeValidator(_check_territory_code)]
Territory = Annotated[
    tuple[TerritoryCode, ...],
    BeforeValidator(_one_or_many),
    Field(
        description="« region » pour toute la région, ou la liste des codes de département concernés. "
        "Absent : le document n'en dit rien."
    ),
]
FigureValue = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1)]


class Box(Record):
    """An explanatory box, printed beside what it explains."""

    title: Text = Field(title="Titre de l'encadré")
    text: Text = Field(title="Texte de l'encadré", description="Texte en Markdown.")


class Image(Record):
    """An image of the plan: a file of the records, with its caption and its
    alternative text (read aloud to whoever cannot see it)."""

    file: Text = Field(
        title="Fichier de l'image",
        description="Chemin relatif au fichier du plan, par exemple annexes/carte.png (PNG, JPEG ou GIF).",
    )
    alt: Text = Field(
        title="Texte de remplacement",
        description="Ce que montre l'image, pour qui ne la voit pas (lu par les lecteurs d'écran). Obligatoire.",
    )
    caption: str | None = Field(None, title="Légende", description="Imprimée sous l'image.")


class PlanAction(Record):
    number: int = Field(ge=1, title="Numéro", description="Numéro de l'action, continu sur tout le plan.")
    title: Text = Field(title="Intitulé")
    description: str | None = Field(None, title="Description")
    owner: Slug | None = Field(None, title="Pilote", description="Identifiant du membre pilote de l'action.")
    contributors: tuple[Slug, ...] = Field((), title="Contributeurs")
    territory: Territory = Field((), title="Territoire")
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
    boxes: tuple[Box, ...] = Field((), title="Encadrés", description="Encadrés imprimés à côté de l'action.")


class Orientation(Record):
    title: Text = Field(title="Intitulé")
    description: str | None = Field(None, title="Description")
    boxes: tuple[Box, ...] = Field((), title="Encadrés", description="Encadrés imprimés à côté de l'orientation.")
    actions: tuple[PlanAction, ...] = Field((), title="Actions")


class Axis(Record):
    title: Text = Field(title="Intitulé", description="Axe, défi, priorité ou thème du plan.")
    description: str | None = Field(None, title="Description")
    images: tuple[Image, ...] = Field((), title="Images", description="Images imprimées sous la description.")
    boxes: tuple[Box, ...] = Field((), title="Encadrés", description="Encadrés imprimés à côté de l'axe.")
    orientations: tuple[Orientation, ...] = Field((), title="Orientations")
    actions: tuple[PlanAction, ...] = Field((), title="Actions")


class Project(Record):
    """A project of one département."""

    title: Text = Field(title="Intitulé du projet")
    place: str | None = Field(
        None, title="Lieu", description="Commune ou secteur du projet, par exemple « Arles » ou « Haut-Var »."
    )
    description: str | None = Field(None, title="Description du projet")
    actions: tuple[Annotated[int, Field(ge=1)], ...] = Field(
        (), title="Actions du plan", description="Numéros des actions du plan que le projet met en œuvre."
    )


class TerritoryProjects(Record):
    """The projects of one département."""

    departement: DepartementCode = Field(title="Département")
    description: str | None = Field(None, title="Présentation du territoire")
    projects: tuple[Project, ...] = Field((), title="Projets")


class Figure(Record):
    value: FigureValue = Field(title="Valeur", description="Le chiffre, tel qu'il est imprimé : 76, « 1 200 », « 6 ».")
    label: Text = Field(title="Libellé", description="Ce que compte le chiffre : « actions », « participants »…")


class Editorial(Record):
    text: Text = Field(title="Texte de l'éditorial", description="Texte en Markdown.")
    author: str | None = Field(None, title="Signataire", description="Qui signe l'éditorial, par exemple « Jean Martin ».")
    role: str | None = Field(None, title="Fonction du signataire", description="Par exemple « Directeur général de l'ARS ».")


class Numbering(Record):
    orientations: bool = Field(
        True, title="Orientations numérotées", description="false : les orientations sont imprimées sans numéro."
    )
    actions: bool = Field(
        True,
        title="Actions numérotées",
        description="false : les numéros des actions (toujours obligatoires, ils les identifient) ne sont pas imprimés.",
    )


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
    subtitle: str | None = Field(None, title="Sous-titre")
    label: str | None = Field(
        None,
        title="Nature du document",
        description="Imprimée en tête, par exemple « Plan régional de prévention 2026-2030 ». "
        "Absente : le type du plan et son année (« Plan de travail annuel 2026 »).",
    )
    axis_label: Text = Field(
        "Axe", title="Nom du premier niveau", description="Le mot qui précède chaque axe : « Axe », « Défi », « Priorité »…"
    )
    numbering: Numbering = Field(
        Numbering(), title="Numérotation", description="Ce qui est numéroté dans le document."
    )
    summary_table: bool = Field(
        True, title="Récapitulatif des actions", description="false : pas de tableau récapitulatif en fin de plan."
    )
    status: PlanStatus = Field(PlanStatus.DRAFT, title="État", description="Absent : le document n'en dit rien.")
    presented_on: IsoDate | None = Field(None, title="Présenté le")
    validated_on: IsoDate | None = Field(None, title="Validé le")
    published_on: IsoDate | None = Field(None, title="Publié le", description="Date de publication du document.")
    editorial: Editorial | None = Field(None, title="Éditorial", description="Imprimé en tête, avec sa signature.")
    figures: tuple[Figure, ...] = Field(
        (), title="Chiffres clés", description="Imprimés après l'éditorial : « 76 actions », « 1 200 participants »."
    )
    introduction: str | None = Field(None, title="Introduction", description="Texte en Markdown.")
    images: tuple[Image, ...] = Field((), title="Images", description="Images imprimées après l'introduction.")
    axes: tuple[Axis, ...] = Field((), title="Axes")
    territories: tuple[TerritoryProjects, ...] = Field(
        (), title="Territoires", description="Les projets de chaque département, imprimés après les axes."
    )
    sections: tuple[TextSection, ...] = Field((), title="Sections", description="Pour un texte : ses articles ou parties.")
    glossary: tuple[GlossaryEntry, ...] = Field((), title="Glossaire", description="Termes expliqués en fin de document.")
    review: Review | None = Field(None, title="Bilan")

    def actions_with_paths(self) -> Iterator[tuple[tuple[str | int, ...], PlanAction]]:
        """Every action with its key path in the file, in document order."""
        for axis_index, axis in enumerate(self.axes):
            for orientation_index, orientation in enumerate(axis.orientations):
                for action_index, action in enumerate(orientation.actions):
                    yield ("axes", axis_index, "orientations", orientation_index, "actions", action_index), action
            for action_index, action in enumerate(axis.actions):
                yield ("axes", axis_index, "actions", action_index), action

    def boxes_with_paths(self) -> Iterator[tuple[tuple[str | int, ...], Box]]:
        """Every box with its key path in the file, in document order."""
        for axis_index, axis in enumerate(self.axes):
            axis_path: tuple[str | int, ...] = ("axes", axis_index)
            for index, box in enumerate(axis.boxes):
                yield (*axis_path, "boxes", index), box
            for orientation_index, orientation in enumerate(axis.orientations):
                orientation_path = (*axis_path, "orientations", orientation_index)
                for index, box in enumerate(orientation.boxes):
                    yield (*orientation_path, "boxes", index), box
                for action_index, action in enumerate(orientation.actions):
                    for index, box in enumerate(action.boxes):
                        yield (*orientation_path, "actions", action_index, "boxes", index), box
            for action_index, action in enumerate(axis.actions):
                for index, box in enumerate(action.boxes):
                    yield (*axis_path, "actions", action_index, "boxes", index), box

    def images_with_paths(self) -> Iterator[tuple[tuple[str | int, ...], Image]]:
        """Every image given as a field (not in the prose), with its key path."""
        for index, image in enumerate(self.images):
            yield ("images", index), image
        for axis_index, axis in enumerate(self.axes):
            for index, image in enumerate(axis.images):
                yield ("axes", axis_index, "images", index), image

    def prose(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """The texts written in Markdown (the documents keep their formatting), with their key paths."""
        if self.editorial is not None:
            yield ("editorial", "text"), self.editorial.text
        if self.introduction:
            yield ("introduction",), self.introduction
        for path, box in self.boxes_with_paths():
            yield (*path, "text"), box.text
        for index, section in enumerate(self.sections):
            yield ("sections", index, "text"), section.text
        if self.review is not None and self.review.summary:
            yield ("review", "summary"), self.review.summary

    @property
    def stated_status(self) -> PlanStatus | None:
        """The state the record gives; None when it gives none (a regional
        plan of the agency has none): the default is not something to print."""
        return self.status if "status" in self.model_fields_set else None

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
                    f"le plan est validé le {french.short_date(self.validated_on)}, avant d'avoir été présenté "
                    f"(le {french.short_date(self.presented_on)})",
                    "Corrigez la date de présentation ou de validation.",
                )
            )
        reviewed = self.review.presented_on if self.review is not None else None
        if self.presented_on and reviewed and reviewed < self.presented_on:
            found.append(
                Issue(
                    ("review", "presented_on"),
                    "invalid-period",
                    f"le bilan est présenté le {french.short_date(reviewed)}, avant le plan lui-même "
                    f"(le {french.short_date(self.presented_on)})",
                    "Corrigez la date de présentation du bilan ou du plan.",
                )
            )
        return found
