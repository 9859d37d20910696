"""`meetings/<yyyy-mm-dd>-<slug>.md`: front matter (agenda, attendance, minutes
points, follow-up) and a Markdown body of free prose for the minutes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from collegekit.models.common import ClockTime, IsoDate, Issue, LabelledEnum, Record, Slug, Text, texts_with_paths


class MeetingKind(LabelledEnum):
    PLENARY = "plenary", "séance plénière"
    BUREAU = "bureau", "réunion du bureau"
    EXTRAORDINARY = "extraordinary", "séance extraordinaire"


class MeetingFormat(LabelledEnum):
    IN_PERSON = "in-person", "en présentiel"
    VIDEO = "video", "en visioconférence"
    HYBRID = "hybrid", "en présentiel et en visioconférence"


class MeetingStatus(LabelledEnum):
    PLANNED = "planned", "prévue"
    HELD = "held", "tenue"
    MINUTES_DRAFTED = "minutes-drafted", "compte rendu rédigé"
    MINUTES_APPROVED = "minutes-approved", "compte rendu approuvé"
    CANCELLED = "cancelled", "annulée"

    @property
    def is_held(self) -> bool:
        return self not in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED)


class Presence(LabelledEnum):
    PRESENT = "present", "présent en salle"
    VIDEO = "video", "présent en visioconférence"
    EXCUSED = "excused", "excusé"
    ABSENT = "absent", "absent"

    @property
    def attended(self) -> bool:
        return self in (Presence.PRESENT, Presence.VIDEO)


class PointKind(LabelledEnum):
    INFORMATION = "information", "information"
    DECISION = "decision", "décision"
    VIGILANCE = "vigilance", "point de vigilance"
    ALERT = "alert", "point d'alerte"
    QUESTION = "question", "question"


class FollowUpStatus(LabelledEnum):
    OPEN = "open", "à faire"
    IN_PROGRESS = "in-progress", "en cours"
    DONE = "done", "fait"
    CANCELLED = "cancelled", "abandonné"


def _text_as_point(value: Any) -> Any:
    # The common case, an information point, can be written as plain text.
    return {"text": value} if isinstance(value, str) else value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Speaker(Record):
    """A member (by id), or an outside person with their organisation, or an
    organisation alone. A plain string is a member id."""

    member: Slug | None = Field(None, title="Membre", description="Identifiant du membre qui intervient.")
    name: str | None = Field(None, title="Nom", description="Nom d'un intervenant extérieur.")
    organisation: str | None = Field(None, title="Organisme", description="Organisme de l'intervenant.")
    role: str | None = Field(None, title="Fonction", description="Fonction de l'intervenant.")

    @model_validator(mode="before")
    @classmethod
    def _member_shorthand(cls, value: Any) -> Any:
        return {"member": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _someone(self) -> Speaker:
        if not (self.member or self.name or self.organisation):
            raise PydanticCustomError(
                "incomplete-speaker",
                "un intervenant doit avoir un identifiant de membre (member), un nom (name) ou un organisme "
                "(organisation)",
            )
        return self


class Material(Record):
    title: str | None = Field(None, title="Titre", description="Titre du support, par exemple « Diaporama ».")
    file: str | None = Field(None, title="Fichier", description="Nom du fichier joint (diaporama, note).")
    link: str | None = Field(None, title="Lien", description="Adresse web du support.")

    @model_validator(mode="before")
    @classmethod
    def _file_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"link": value} if value.startswith(("http://", "https://")) else {"file": value}
        return value

    @model_validator(mode="after")
    def _something(self) -> Material:
        if not (self.file or self.link):
            raise PydanticCustomError("incomplete-material", "un support doit avoir un fichier (file) ou un lien (link)")
        return self


class Point(Record):
    kind: Annotated[tuple[PointKind, ...], BeforeValidator(_one_or_many)] = Field(
        (PointKind.INFORMATION,),
        title="Nature",
        description="information, decision, vigilance, alert ou question ; une liste si le point est les deux.",
    )
    text: Text = Field(title="Texte", description="Ce qui a été dit ou décidé, en une ou deux phrases.")
    points: tuple[Annotated[Point, BeforeValidator(_text_as_point)], ...] = Field(
        (), title="Sous-points", description="Points détaillant celui-ci."
    )


PointEntry = Annotated[Point, BeforeValidator(_text_as_point)]


class Reply(Record):
    by: Speaker = Field(title="Par", description="Qui a répondu.")
    text: Text = Field(title="Réponse")


class RoundTableEntry(Record):
    by: Speaker = Field(title="Par", description="Le membre, l'organisme ou le groupe qui s'est exprimé.")
    points: tuple[PointEntry, ...] = Field(min_length=1, title="Points")
    reply: Reply | None = Field(None, title="Réponse", description="La réponse apportée en séance.")


class Section(Record):
    """A sub-heading inside an item, e.g. one per strand of a reform."""

    title: Text = Field(title="Titre")
    material: tuple[Material, ...] = Field((), title="Supports")
    points: tuple[PointEntry, ...] = Field((), title="Points")
    round_table: tuple[RoundTableEntry, ...] = Field((), title="Tour de table")


class AgendaItem(Record):
    title: Text = Field(title="Titre", description="Intitulé du point de l'ordre du jour (a, b, c...).")
    speakers: tuple[Speaker, ...] = Field((), title="Intervenants")
    duration_minutes: int | None = Field(None, ge=1, title="Durée prévue (minutes)")
    material: tuple[Material, ...] = Field((), title="Supports")
    points: tuple[PointEntry, ...] = Field((), title="Points")
    sections: tuple[Section, ...] = Field((), title="Sous-parties")
    round_table: tuple[RoundTableEntry, ...] = Field((), title="Tour de table")


class AgendaPart(Record):
    title: Text = Field(title="Titre", description="Intitulé de la partie (I, II, III...).")
    speakers: tuple[Speaker, ...] = Field((), title="Intervenants")
    material: tuple[Material, ...] = Field((), title="Supports")
    points: tuple[PointEntry, ...] = Field((), title="Points")
    items: tuple[AgendaItem, ...] = Field((), title="Points de l'ordre du jour")
    round_table: tuple[RoundTableEntry, ...] = Field((), title="Tour de table")


class Guest(Record):
    name: Text = Field(title="Nom")
    organisation: str | None = Field(None, title="Organisme")
    role: str | None = Field(None, title="Fonction")


class FollowUpAction(Record):
    owner: Slug = Field(title="Responsable", description="Identifiant du membre qui porte l'action.")
    text: Text = Field(title="Action")
    due: IsoDate | None = Field(None, title="Échéance")
    status: FollowUpStatus = Field(FollowUpStatus.OPEN, title="État")


class SentToCommittee(Record):
    agenda: IsoDate | None = Field(None, title="Ordre du jour envoyé le")
    minutes: IsoDate | None = Field(None, title="Compte rendu envoyé le")


class MeetingFrontMatter(Record):
    kind: MeetingKind = Field(title="Type de séance", description="plenary, bureau ou extraordinary.")
    number: int | None = Field(None, ge=1, title="Numéro", description="Numéro de la séance dans l'année.")
    title: Text = Field(title="Titre")
    theme: str | None = Field(None, title="Thème")
    date: IsoDate = Field(title="Date", description="Doit être celle du nom du fichier.")
    start: ClockTime = Field(title="Début", description="Heure de début, HH:MM.")
    end: ClockTime = Field(title="Fin", description="Heure de fin, HH:MM.")
    place: str | None = Field(None, title="Lieu")
    format: MeetingFormat = Field(title="Format", description="in-person, video ou hybrid.")
    video_link: str | None = Field(None, title="Lien de visioconférence")
    status: MeetingStatus = Field(MeetingStatus.PLANNED, title="État")
    invited: tuple[Slug, ...] = Field((), title="Membres convoqués")
    attendance: dict[Slug, Presence] = Field(
        {}, title="Présences", description="Pour chaque membre : present, video, excused ou absent."
    )
    guests: tuple[Guest, ...] = Field((), title="Invités extérieurs")
    recipients: tuple[str, ...] = Field((), title="Destinataires", description="Destinataires du compte rendu.")
    agenda: tuple[AgendaPart, ...] = Field((), title="Ordre du jour")
    actions: tuple[FollowUpAction, ...] = Field((), title="Suites à donner")
    minutes_approved_on: IsoDate | None = Field(None, title="Compte rendu approuvé le")
    sent_to_committee: SentToCommittee = Field(SentToCommittee(), title="Envois à l'instance")
    next_meeting: IsoDate | None = Field(None, title="Prochaine séance")

    def speakers(self) -> Iterator[tuple[KeyPath, Speaker]]:
        """Everyone who speaks anywhere in the agenda, with where it is written."""
        for part_index, part in enumerate(self.agenda):
            part_path: KeyPath = ("agenda", part_index)
            yield from _indexed(part_path + ("speakers",), part.speakers)
            yield from _round_table_speakers(part_path, part.round_table)
            for item_index, item in enumerate(part.items):
                item_path = part_path + ("items", item_index)
                yield from _indexed(item_path + ("speakers",), item.speakers)
                yield from _round_table_speakers(item_path, item.round_table)
                for section_index, section in enumerate(item.sections):
                    yield from _round_table_speakers(item_path + ("sections", section_index), section.round_table)

    def texts(self) -> Iterator[tuple[KeyPath, str]]:
        """Every free text of the front matter (titles, points...), with its key path."""
        yield from texts_with_paths(
            self.model_dump(mode="json", include={"title", "theme", "place", "agenda", "actions", "guests"})
        )

    @property
    def has_minutes(self) -> bool:
        """Minutes are the body's prose or points written under the agenda."""
        if self.body.strip():
            return True
        return any("points" in key_path for key_path, _ in self.texts())

    def issues(self) -> list[Issue]:
        found: list[Issue] = []
        if self.end <= self.start:
            found.append(
                Issue(
                    ("end",),
                    "invalid-period",
                    f"la séance finit à {self.end:%H:%M}, avant de commencer à {self.start:%H:%M}",
                    "Corrigez l'heure de début ou l'heure de fin.",
                )
            )
        return found


class Meeting(MeetingFrontMatter):
    """A meeting as loaded: the front matter plus the Markdown body."""

    body: str = ""


KeyPath = tuple[str | int, ...]


def _indexed(path: KeyPath, speakers: tuple[Speaker, ...]) -> Iterator[tuple[KeyPath, Speaker]]:
    for index, speaker in enumerate(speakers):
        yield path + (index,), speaker


def _round_table_speakers(path: KeyPath, entries: tuple[RoundTableEntry, ...]) -> Iterator[tuple[KeyPath, Speaker]]:
    for index, entry in enumerate(entries):
        yield path + ("round_table", index, "by"), entry.by
        if entry.reply is not None:
            yield path + ("round_table", index, "reply", "by"), entry.reply.by

