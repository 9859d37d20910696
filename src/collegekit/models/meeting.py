"""`meetings/<yyyy-mm-dd>-<slug>.md`: the facts in the front matter (date,
attendance, dates sent, follow-up of actions); the agenda and the minutes in
the Markdown body, parsed by `collegekit.minutes.parse` into these models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from collegekit import french
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
    # Said of one person (Member.agreed): with its feminine form.
    PRESENT = "present", "présent en salle", "présente en salle"
    VIDEO = "video", "présent en visioconférence", "présente en visioconférence"
    EXCUSED = "excused", "excusé", "excusée"
    ABSENT = "absent", "absent", "absente"

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
    text: Text = Field(
        title="Texte",
        description="Ce qui a été dit ou décidé, en Markdown (liens, mise en valeur, plusieurs paragraphes).",
    )
    points: tuple[Annotated[Point, BeforeValidator(_text_as_point)], ...] = Field(
        (), title="Sous-points", description="Points détaillant celui-ci."
    )


PointEntry = Annotated[Point, BeforeValidator(_text_as_point)]


class Reply(Record):
    by: Speaker = Field(title="Par", description="Qui a répondu.")
    text: Text = Field(title="Réponse")
    article: Literal["le", "la", "l'", "les", ""] | None = Field(
        None,
        title="Article",
        description="L'article de l'organisme qui répond, tel qu'écrit (« Réponse de la DGOS ») : "
        "le, la, l', les, ou rien ; sans lui, l' devant une voyelle.",
    )

    @model_validator(mode="after")
    def _usual_article(self) -> Reply:
        # Only an organisation's article is kept, and only when it is not the
        # one its name takes anyway (a person's follows from their title):
        # « Réponse de ARS » and « Réponse de l'ARS » are the same reply.
        by = self.by
        if self.article is not None and (
            by.member or by.name or french.article_of(by.organisation or "", None) == self.article
        ):
            object.__setattr__(self, "article", None)
        return self


class RoundTableEntry(Record):
    """One turn of a tour de table: no named speaker, one, or several at once
    (« DD 04, DD 05 »), and what they said."""

    speakers: tuple[Speaker, ...] = Field(
        (), title="Intervenants", description="Le membre, l'organisme ou le groupe qui s'est exprimé ; aucun si anonyme."
    )
    points: tuple[PointEntry, ...] = Field(min_length=1, title="Points")
    replies: tuple[Reply, ...] = Field(
        (), title="Réponses", description="Les réponses apportées en séance, dans l'ordre où elles ont été données."
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_by(cls, value: Any) -> Any:
        # The front-matter form named one speaker under `by:` and had one `reply:`.
        if isinstance(value, dict) and "by" in value and "speakers" not in value:
            value = dict(value)
            value["speakers"] = [value.pop("by")]
        if isinstance(value, dict) and "reply" in value and "replies" not in value:
            value = dict(value)
            reply = value.pop("reply")
            value["replies"] = [reply] if reply is not None else []
        return value

    @model_validator(mode="after")
    def _unnamed_has_one_point(self) -> RoundTableEntry:
        if not self.speakers and len(self.points) > 1:
            raise PydanticCustomError(
                "wrong-type", "une intervention sans intervenant nommé ne peut avoir qu'un point"
            )
        return self

    @property
    def by(self) -> Speaker | None:
        """The one speaker of the entry, when it has exactly one."""
        return self.speakers[0] if len(self.speakers) == 1 else None


ROUND_TABLE_TITLE = "Tour de table"


class RoundTable(Record):
    """A tour de table, titled as written (« Tour de table des délégations »)."""

    title: Text = Field(ROUND_TABLE_TITLE, title="Titre")
    entries: tuple[RoundTableEntry, ...] = Field((), title="Interventions")


def _legacy_round_table(value: Any) -> Any:
    # The front-matter form had one untitled `round_table:` list of entries.
    if isinstance(value, dict) and "round_table" in value:
        value = dict(value)
        entries = value.pop("round_table")
        if entries:
            value["round_tables"] = [*value.get("round_tables", ()), {"entries": entries}]
    return value


# The sub-headings a block may hold, by kind, in the order they are shown
# when nothing else is said: sub-parts, lettered items, round tables.
SubHeading = Literal["section", "item", "round_table"]
_SUB_HEADINGS: tuple[tuple[SubHeading, str], ...] = (("section", "sections"), ("item", "items"), ("round_table", "round_tables"))


class _Block(Record):
    """What any heading of the minutes may hold: speakers, material, a planned
    duration, points and round tables."""

    title: Text = Field(title="Titre")
    speakers: tuple[Speaker, ...] = Field((), title="Intervenants")
    duration_minutes: int | None = Field(None, ge=1, title="Durée prévue (minutes)")
    material: tuple[Material, ...] = Field((), title="Supports")
    points: tuple[PointEntry, ...] = Field((), title="Points")
    round_tables: tuple[RoundTable, ...] = Field((), title="Tours de table")
    order: tuple[SubHeading, ...] = Field(
        (),
        title="Ordre des sous-titres",
        description="L'ordre où les sous-parties (section), points lettrés (item) et tours de table (round_table) "
        "sont écrits ; vide quand c'est l'ordre habituel : sous-parties, points, puis tours de table.",
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, value: Any) -> Any:
        return _legacy_round_table(value)

    @model_validator(mode="after")
    def _written_order(self) -> _Block:
        # The order is that of the body, where the parser sets it: it names
        # each sub-heading once. The usual order is kept as no order at all,
        # so that a block written the usual way equals one built without it.
        if not self.order:
            return self
        usual = self._usual_order()
        if sorted(self.order) != sorted(usual):
            raise PydanticCustomError(
                "wrong-type", "l'ordre des sous-titres (order) doit nommer chaque sous-partie, point et tour de table une fois"
            )
        if self.order == usual:
            object.__setattr__(self, "order", ())
        return self

    def _usual_order(self) -> tuple[SubHeading, ...]:
        return tuple(kind for kind, field in _SUB_HEADINGS for _ in getattr(self, field, ()))

    def in_order(self) -> list[tuple[SubHeading, Any, int]]:
        """The sub-headings as written: (kind, the block, its rank among those
        of its kind, from 1: an item's letter)."""
        fields = dict(_SUB_HEADINGS)
        seen: dict[str, int] = {}
        found: list[tuple[SubHeading, Any, int]] = []
        for kind in self.order or self._usual_order():
            rank = seen.get(kind, 0)
            seen[kind] = rank + 1
            found.append((kind, getattr(self, fields[kind])[rank], rank + 1))
        return found

    @property
    def round_table(self) -> tuple[RoundTableEntry, ...]:
        """Every entry of every round table of this block, in order."""
        return tuple(entry for table in self.round_tables for entry in table.entries)


class Section(_Block):
    """An unnumbered sub-heading, under a part or an item (one per strand of a reform)."""

    title: Text = Field(title="Titre")


class AgendaItem(_Block):
    title: Text = Field(title="Titre", description="Intitulé du point de l'ordre du jour (a, b, c...).")
    sections: tuple[Section, ...] = Field((), title="Sous-parties")


class AgendaPart(_Block):
    title: Text = Field(title="Titre", description="Intitulé de la partie (I, II, III...).")
    sections: tuple[Section, ...] = Field((), title="Sous-parties", description="Sous-titres placés directement sous la partie.")
    items: tuple[AgendaItem, ...] = Field((), title="Points de l'ordre du jour")


class Guest(Record):
    name: Text = Field(title="Nom")
    organisation: str | None = Field(None, title="Organisme")
    role: str | None = Field(None, title="Fonction")


class FollowUpAction(Record):
    """An action decided during the meeting (« Action : » in the body); its
    later status is kept in the front matter's `follow_up`, outside the
    approved text."""

    number: int | None = Field(None, ge=1, title="Numéro", description="Rang de l'action dans le compte rendu.")
    owner: Slug = Field(title="Responsable", description="Identifiant du membre qui porte l'action.")
    text: Text = Field(title="Action")
    due: IsoDate | None = Field(None, title="Échéance")
    status: FollowUpStatus = Field(FollowUpStatus.OPEN, title="État")
    note: str | None = Field(None, title="Note de suivi")


def _status_shorthand(value: Any) -> Any:
    return {"status": value} if isinstance(value, str) else value


class FollowUp(Record):
    status: FollowUpStatus = Field(title="État", description="open, in-progress, done ou cancelled.")
    note: str | None = Field(None, title="Note", description="Où en est l'action, en une phrase.")
    meeting: Slug | None = Field(
        None,
        title="Séance de suivi",
        description="La séance où ce suivi a été fait (le nom de son fichier, par exemple 2025-04-22-bureau).",
    )


def _date_shorthand(value: Any) -> Any:
    return value if isinstance(value, dict) else {"date": value}


class NextMeeting(Record):
    """The next meeting as announced: a date, or what was said of it."""

    date: IsoDate | None = Field(None, title="Date")
    title: str | None = Field(None, title="Intitulé", description="Par exemple « prochaine réunion du comité ».")
    format: MeetingFormat | None = Field(None, title="Format", description="in-person, video ou hybrid.")
    place: str | None = Field(None, title="Lieu")

    @model_validator(mode="after")
    def _announced(self) -> NextMeeting:
        if self.date is None and not self.title:
            raise PydanticCustomError("missing-key", "la prochaine séance a une date (date) ou un intitulé (title)")
        return self


class SentToCommittee(Record):
    agenda: IsoDate | None = Field(None, title="Ordre du jour envoyé le")
    minutes: IsoDate | None = Field(None, title="Compte rendu envoyé le")


class Prose(Record):
    """Free text of the body outside the agenda's parts, kept where it is
    written: before part I (`after_part` 0) or after part N."""

    after_part: int = Field(0, ge=0)
    text: str


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
    organisations: tuple[Text, ...] = Field(
        (), title="Organismes participants", description="Les organismes représentés, quand les participants sont listés ainsi."
    )
    recipients: tuple[str, ...] = Field((), title="Destinataires", description="Destinataires du compte rendu.")
    issued_by: str | None = Field(
        None,
        title="Instance",
        description="L'instance dont c'est le compte rendu, quand ce n'est pas le collège (par exemple « Comité régional des urgences »).",
    )
    follow_up: dict[int, Annotated[FollowUp, BeforeValidator(_status_shorthand)]] = Field(
        {},
        title="Suivi des actions",
        description="Pour chaque action du compte rendu (par son numéro, 1 pour la première) : son état (status) et une note.",
    )
    minutes_approved_on: IsoDate | None = Field(None, title="Compte rendu approuvé le")
    sent_to_committee: SentToCommittee = Field(SentToCommittee(), title="Envois à l'instance")
    next_meeting: Annotated[NextMeeting, BeforeValidator(_date_shorthand)] | None = Field(
        None, title="Prochaine séance", description="Une date, ou date, title, format et place."
    )

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
    """A meeting as loaded: the front matter, and what its Markdown body holds
    (read by `collegekit.minutes.parse`): the agenda with the minutes'
    points, the actions decided, and the prose outside the parts."""

    body: str = ""
    agenda: tuple[AgendaPart, ...] = Field((), title="Ordre du jour")
    actions: tuple[FollowUpAction, ...] = Field((), title="Suites à donner")
    prose: tuple[Prose, ...] = ()

    def speakers(self) -> Iterator[tuple[KeyPath, Speaker]]:
        """Everyone who speaks anywhere in the agenda, with where it is written."""
        for part_index, part in enumerate(self.agenda):
            part_path: KeyPath = ("agenda", part_index)
            yield from _block_speakers(part_path, part)
            for section_index, section in enumerate(part.sections):
                yield from _block_speakers(part_path + ("sections", section_index), section)
            for item_index, item in enumerate(part.items):
                item_path = part_path + ("items", item_index)
                yield from _block_speakers(item_path, item)
                for section_index, section in enumerate(item.sections):
                    yield from _block_speakers(item_path + ("sections", section_index), section)

    def texts(self) -> Iterator[tuple[KeyPath, str]]:
        """Every free text of the meeting (titles, points...), with its key path."""
        yield from texts_with_paths(
            self.model_dump(mode="json", include={"title", "theme", "place", "agenda", "actions", "guests"})
        )

    @property
    def has_minutes(self) -> bool:
        """Minutes are prose, points, round tables or actions written under the agenda."""
        if self.actions or any(prose.text.strip() for prose in self.prose):
            return True
        return any("points" in key_path or "entries" in key_path for key_path, _ in self.texts())

KeyPath = tuple[str | int, ...]


def _block_speakers(path: KeyPath, block: _Block) -> Iterator[tuple[KeyPath, Speaker]]:
    for index, speaker in enumerate(block.speakers):
        yield path + ("speakers", index), speaker
    for table_index, table in enumerate(block.round_tables):
        for entry_index, entry in enumerate(table.entries):
            entry_path = path + ("round_tables", table_index, "entries", entry_index)
            for index, speaker in enumerate(entry.speakers):
                yield entry_path + ("speakers", index), speaker
            for index, reply in enumerate(entry.replies):
                yield entry_path + ("replies", index, "by"), reply.by
