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


# What `collegekit new-fiche` writes where the bureau has still to write:
# scaffold.py writes them, the fiche-placeholder check finds them.
POST_PLACEHOLDER = "poste à décrire"
SERVICE_PLACEHOLDER = "Service à préciser"
MANAGER_PLACEHOLDER = "À préciser"
ACTIVITY_PLACEHOLDER = "Activités du poste, à décrire"


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

    def placeholders(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(key path, what it is) of every value new-fiche left to fill in."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        if self.post_title.endswith(POST_PLACEHOLDER):
            found.append((("post_title",), "l'intitulé du poste"))
        if self.service == SERVICE_PLACEHOLDER:
            found.append((("service",), "le service"))
        if self.line_manager.name == MANAGER_PLACEHOLDER:
            found.append((("line_manager", "name"), "le supérieur hiérarchique"))
        for level, activities in self.activities.by_level():
            for index, activity in enumerate(activities):
                if activity.title == ACTIVITY_PLACEHOLDER:
                    found.append((("activities", level.value, index, "title"), "les activités"))
        return found
