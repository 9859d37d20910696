"""`fiches/<member-id>.yaml`: a job description (fiche de poste) and its
activities at the three levels: regional, departmental, inter-departmental."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from collegekit.models.common import DepartementCode, IsoDate, LabelledEnum, Percent, Record, Slug, Text


class Level(LabelledEnum):
    REGIONAL = "regional", "régional"
    DEPARTMENTAL = "departmental", "départemental"
    INTERDEPARTMENTAL = "interdepartmental", "interdépartemental"


class Activity(Record):
    title: Text = Field(title="Activité")
    share: Percent = Field(title="Part du temps (%)", description="Part du temps de travail consacrée, en pourcentage.")
    function: Slug | None = Field(
        None, title="Fonction", description="La fonction médicale servie (identifiant déclaré dans college.yaml)."
    )
    departements: tuple[DepartementCode, ...] = Field(
        (), title="Départements", description="Les départements concernés par l'activité."
    )
    description: str | None = Field(None, title="Description")


class Activities(Record):
    """The three levels are all required: an empty level is written `[]`."""

    regional: tuple[Activity, ...] = Field(title="Niveau régional")
    departmental: tuple[Activity, ...] = Field(title="Niveau départemental")
    interdepartmental: tuple[Activity, ...] = Field(title="Niveau interdépartemental")

    def by_level(self) -> Iterator[tuple[Level, tuple[Activity, ...]]]:
        yield Level.REGIONAL, self.regional
        yield Level.DEPARTMENTAL, self.departmental
        yield Level.INTERDEPARTMENTAL, self.interdepartmental


class LineManager(Record):
    name: Text = Field(title="Nom")
    title: Text = Field(title="Fonction")


class Fiche(Record):
    member: Slug | None = Field(None, title="Membre", description="Facultatif : doit être identique au nom du fichier.")
    post_title: Text = Field(title="Intitulé du poste")
    service: Text = Field(title="Service")
    departements: tuple[DepartementCode, ...] = Field((), title="Départements couverts")
    line_manager: LineManager = Field(title="Supérieur hiérarchique")
    set_on: IsoDate = Field(title="Établie le", description="Date à laquelle la fiche a été arrêtée.")
    sent_to_president_on: IsoDate | None = Field(
        None, title="Transmise au président le", description="Date d'envoi de la fiche au président du collège."
    )
    functions: tuple[Slug, ...] = Field((), title="Fonctions", description="Fonctions médicales servies par le poste.")
    activities: Activities = Field(title="Activités", description="Les activités aux trois niveaux.")

    @property
    def total_share(self) -> float:
        return sum(activity.share for _, level in self.activities.by_level() for activity in level)
