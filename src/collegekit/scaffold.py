"""New records, ready to fill in, that lint clean the moment they are written.

Each function returns the text of a new record; the command decides where it
goes and never overwrites a file (files.write_atomically with
overwrite=False). The text is written with the round-trip YAML writer used
for edits, so that a new record looks like the ones the bureau writes by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from collegekit import french
from collegekit.diagnostics import CollegekitError
from collegekit.edit import round_trip_yaml
from collegekit.facts import convened, next_number
from collegekit.models.fiche import ACTIVITY_PLACEHOLDER, MANAGER_PLACEHOLDER, POST_PLACEHOLDER, SERVICE_PLACEHOLDER
from collegekit.models.meeting import MeetingFormat, MeetingKind, MeetingStatus
from collegekit.models.plan import ActionStatus, PlanKind, PlanStatus
from collegekit.records import College
from collegekit.schema import modeline

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_SLUGS = {MeetingKind.PLENARY: "pleniere", MeetingKind.BUREAU: "bureau", MeetingKind.EXTRAORDINARY: "extraordinaire"}
DEFAULT_TIMES = {
    MeetingKind.PLENARY: (dt.time(14, 0), dt.time(17, 0)),
    MeetingKind.BUREAU: (dt.time(12, 30), dt.time(14, 0)),
    MeetingKind.EXTRAORDINARY: (dt.time(14, 0), dt.time(16, 0)),
}

# The agenda a new meeting starts from, unless the college keeps its own in
# templates/agenda-<kind>.yaml (a YAML list of parts, as in a meeting file).
DEFAULT_AGENDAS: dict[MeetingKind, list[str]] = {
    MeetingKind.PLENARY: [
        "Ouverture de la séance et approbation du compte rendu de la séance précédente",
        "Actualités régionales",
        "{theme}",
        "Tour de table des délégations départementales",
        "Questions diverses et date de la prochaine séance",
    ],
    MeetingKind.BUREAU: [
        "Suivi des comptes rendus transmis à l'instance",
        "Préparation de la prochaine séance plénière",
        "Questions diverses",
    ],
    MeetingKind.EXTRAORDINARY: ["{theme}", "Questions diverses"],
}


def meeting_id(day: dt.date, slug: str) -> str:
    return f"{day.isoformat()}-{slug}"


def agenda_skeleton(college: College, kind: MeetingKind, theme: str | None) -> list[Any]:
    folder = college.root.resolve().parent / "templates"
    own = folder / f"agenda-{kind.value}.yaml"
    if own.is_file():
        if not own.resolve().is_relative_to(folder.resolve()) or not folder.resolve().is_relative_to(folder.parent):
            raise CollegekitError(
                f"{own} est un lien symbolique qui mène hors du dossier des modèles (vers {own.resolve()}) : "
                "rien n'a été écrit. Remplacez le lien par le fichier lui-même."
            )
        parts = round_trip_yaml().load(own.read_text(encoding="utf-8"))
        if isinstance(parts, list):
            return parts
    titles = [t.format(theme=theme) for t in DEFAULT_AGENDAS[kind] if theme or "{theme}" not in t]
    return [CommentedMap(title=title) for title in titles]


def agenda_body(college: College, kind: MeetingKind, theme: str | None) -> str:
    """The body of a new meeting: the agenda's parts as headings, and a short
    comment showing the labels of the minutes (a comment renders to nothing)."""
    from pydantic import ValidationError

    from collegekit.minutes.convert import markdown_texts
    from collegekit.minutes.write import write_body
    from collegekit.models.meeting import AgendaPart

    try:
        parts = [AgendaPart.model_validate(markdown_texts(part)) for part in agenda_skeleton(college, kind, theme)]
    except ValidationError as error:
        raise CollegekitError(
            f"le modèle d'ordre du jour templates/agenda-{kind.value}.yaml n'est pas valide "
            f"({error.errors()[0]['msg']}) : chaque partie a un title, et peut avoir items, speakers, material."
        ) from None
    return write_body(parts, hints=True)


def new_meeting_text(
    college: College,
    day: dt.date,
    kind: MeetingKind,
    *,
    title: str | None = None,
    theme: str | None = None,
    place: str | None = None,
    meeting_format: MeetingFormat = MeetingFormat.HYBRID,
    start: dt.time | None = None,
    end: dt.time | None = None,
) -> str:
    number = next_number(college, day, kind)
    default_start, default_end = DEFAULT_TIMES[kind]
    settings = college.settings
    front = CommentedMap()
    front["kind"] = kind.value
    front["number"] = number
    front["title"] = title or french.ordinal_title(number, kind.label, day.year)
    if theme:
        front["theme"] = theme
    front["date"] = day
    front["start"] = DoubleQuotedScalarString(f"{start or default_start:%H:%M}")
    front["end"] = DoubleQuotedScalarString(f"{end or default_end:%H:%M}")
    if meeting_format is not MeetingFormat.VIDEO:
        front["place"] = place or f"{settings.head_office.name}, {settings.head_office.city}"
    front["format"] = meeting_format.value
    front["status"] = MeetingStatus.PLANNED.value
    front["invited"] = CommentedSeq(convened(college, day, kind))
    front["recipients"] = CommentedSeq([settings.steering_committee, "Membres du collège"])
    front.yaml_set_comment_before_after_key(
        "status",
        before="Après la séance : « collegekit attend » note les présences (et passe la séance en held).",
    )
    return "---\n" + _dump(front, modeline("meeting")) + "---\n\n" + agenda_body(college, kind, theme)



def _dump(record: CommentedMap, first_line: str) -> str:
    stream = io.StringIO()
    round_trip_yaml().dump(record, stream)
    return f"{first_line}\n{stream.getvalue()}"


def member_id_for(first_name: str, last_name: str) -> str:
    """The usual id: initial of the first name and the last name, « cmoreau »."""
    return _slug(f"{first_name[:1]}{last_name}")


def free_member_id(first_name: str, last_name: str, taken: set[str]) -> str:
    """An id for a namesake whose usual one is taken: the whole first name
    (« jacques-dupont »), then numbered."""
    base = _slug(f"{first_name}-{last_name}")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _slug(raw: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def new_member_text(
    *,
    first_name: str,
    last_name: str,
    profession: str,
    status: str,
    site: str,
    start: dt.date,
    role: str = "member",
    title: str | None = None,
    service: str | None = None,
    management_post: bool = False,
    employer: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    gender: str | None = None,
) -> str:
    record = CommentedMap()
    if title:
        record["title"] = title
    if gender:
        record["gender"] = gender
    record["first_name"] = first_name
    record["last_name"] = last_name
    record["profession"] = profession
    record["status"] = status
    record["site"] = site if site == "head-office" else DoubleQuotedScalarString(site)
    if service:
        record["service"] = service
    if employer:
        record["employer"] = employer
    record["management_post"] = management_post
    period = CommentedMap(start=start, role=role)
    record["memberships"] = CommentedSeq([period])
    record.yaml_set_comment_before_after_key(
        "memberships", before="Pour un départ : « collegekit member IDENTIFIANT --leave AAAA-MM-JJ »."
    )
    if email or phone:
        contact = CommentedMap()
        if email:
            contact["email"] = email
        if phone:
            contact["phone"] = DoubleQuotedScalarString(phone)
        record["contact"] = contact
    return _dump(record, modeline("member"))


def new_fiche_text(college: College, member_id: str, today: dt.date) -> str:
    member = college.members[member_id]
    record = CommentedMap()
    record["post_title"] = f"{member.profession_label.capitalize()} — {POST_PLACEHOLDER}"
    record["service"] = member.service or SERVICE_PLACEHOLDER
    departements = sorted(college.settings.departement_codes) if member.site == "head-office" else [member.site]
    record["departements"] = CommentedSeq([DoubleQuotedScalarString(code) for code in departements])
    record["departements"].fa.set_flow_style()
    record["line_manager"] = CommentedMap(name=MANAGER_PLACEHOLDER, title="Supérieur hiérarchique")
    record["set_on"] = today
    record["functions"] = CommentedSeq()
    record["functions"].fa.set_flow_style()
    activities = CommentedMap()
    placeholder = CommentedMap(title=ACTIVITY_PLACEHOLDER, share=100)
    activities["regional"] = CommentedSeq([placeholder])
    activities["departmental"] = CommentedSeq()
    activities["departmental"].fa.set_flow_style()
    activities["interdepartmental"] = CommentedSeq()
    activities["interdepartmental"].fa.set_flow_style()
    record["activities"] = activities
    record.yaml_set_comment_before_after_key(
        "activities",
        before="Les trois niveaux sont obligatoires (un niveau sans activité s'écrit []) ;\n"
        "les parts de temps (share, en %) font 100 au total.",
    )
    return _dump(record, f"{modeline('fiche')}\n# Fiche de poste de {member.display_name}")


def new_plan_text(college: College, year: int, kind: PlanKind) -> tuple[str, int]:
    """A draft plan of `year`; a work or training plan starts from the
    previous year's unfinished actions, renumbered and marked carried over.
    Returns the text and the number of actions carried over."""
    record = CommentedMap()
    record["year"] = year
    record["kind"] = kind.value
    record["title"] = f"{kind.label.capitalize()} {year}"
    record["status"] = PlanStatus.DRAFT.value
    carried = []
    previous = college.plan(year - 1, kind) if kind.yearly else None
    if kind not in (PlanKind.RULES, PlanKind.ORGANISATION):  # a plan of actions
        unfinished = [
            action
            for action in (previous.actions if previous else [])
            if action.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
        ]
        for number, action in enumerate(unfinished, start=1):
            entry = CommentedMap(number=number, title=action.title)
            if action.owner:
                entry["owner"] = action.owner
            entry["status"] = ActionStatus.PLANNED.value
            entry["carried_over_from"] = year - 1
            carried.append(entry)
        axis = CommentedMap(title="Actions reprises du plan précédent" if carried else "Premier axe, à nommer")
        axis["actions"] = CommentedSeq(carried)
        record["axes"] = CommentedSeq([axis])
    else:
        record["sections"] = CommentedSeq([CommentedMap(title="Article 1 — Objet", text="À rédiger.")])
    return _dump(record, modeline("plan")), len(carried)


CI_FILES = {
    "github": ("github-actions.yml", ".github/workflows/collegekit.yml"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
}

BUREAU_README = """# Dossiers du {name}

Ce dépôt tient les dossiers du collège : `records/college.yaml` (le collège et
ses règles), `records/members/` (un fichier par membre), `records/meetings/`
(une séance par fichier), `records/fiches/` (les fiches de poste) et
`records/plans/` (plans de travail, de formation, règlement intérieur).

Les commandes utiles :

```sh
collegekit new-member                      # un nouveau membre
collegekit new-meeting --date AAAA-MM-JJ   # une nouvelle séance
collegekit send agenda SEANCE              # convoquer : documents et brouillon du courriel
collegekit attend SEANCE --present ID,ID --video ID --excused ID --absent ID
collegekit lint                            # vérifier les dossiers
```

Chaque modification est vérifiée avant d'être enregistrée (pre-commit) et à
chaque demande de fusion.
"""


def init_files(
    *, name: str, region: str, agency: str, city: str, committee: str, departements: list[tuple[str, str]], ci: str | None
) -> dict[str, str]:
    """The files of a new college's repository, by relative path."""
    from collegekit import ci as shipped

    # Its CI and pre-commit hook install collegekit from its repository, at this version.
    ci_files = shipped.files()

    college = CommentedMap()
    college["name"] = name
    college["agency"] = agency
    college["region"] = region
    college["head_office"] = CommentedMap(city=city)
    college["departements"] = CommentedSeq(
        [CommentedMap(code=DoubleQuotedScalarString(code), name=label) for code, label in departements]
    )
    college["steering_committee"] = committee
    college["rules"] = CommentedMap(min_plenary_meetings_per_year=3, absence_streak_alert=3)
    college.yaml_set_comment_before_after_key(
        "rules", before="Les règles du collège ; les autres, et leurs valeurs par défaut, sont dans le README de collegekit."
    )
    result = {
        "records/college.yaml": _dump(college, modeline("college")),
        "README.md": BUREAU_README.format(name=name),
        ".gitignore": "build/\n__pycache__/\n.collegekit.lock\n.collegekit-cache/\n",
        ".pre-commit-config.yaml": ci_files["pre-commit-config.yaml"],
    }
    for folder in ("members", "meetings", "fiches", "plans"):
        result[f"records/{folder}/.gitkeep"] = ""
    if ci:
        source, target = CI_FILES[ci]
        result[target] = ci_files[source]
    return result
