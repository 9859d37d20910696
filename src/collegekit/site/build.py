"""The college's site: every page, stylesheet, script and download, in memory.

Where each page's content comes from (one fact, one home):
- a document (minutes, agenda, plan, review, fiche): the Markdown of
  `collegekit render` (render.build.Renderer.markdown, the same templates),
  turned into HTML by the bundled pandoc with the documents' reader
  (render.pandoc.to_html_many: no raw HTML of a record passes); its DOCX and PDF
  are those of `render --format docx/pdf`;
- participation: the attendance report's tables (attendance_report.Report
  over stats.attendance_stats), drawn as SVG bars beside the same tables;
- the year's compliance: compliance.year_compliance; plan progress:
  plan_status.

Every link is relative, so that the folder works from a web server and
opened from a disk (file://). Nothing depends on the clock but `today`
(given by the command): the same records and day give the same bytes.

Members are named through names.Names (never a contact detail); with
`pseudonymize`, by their codes, and the fiches de
poste are left out (a post, its service and its départements name the
holder as surely as their name).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

from collegekit import french
from collegekit.attendance_report.report import KIND_PLURALS, Rate, Report, TableSpec, format_value
from collegekit.compliance import state_word, year_compliance
from collegekit.models.meeting import MeetingKind, MeetingStatus
from collegekit.models.member import HEAD_OFFICE, Role
from collegekit.models.plan import REGION
from collegekit.names import Names
from collegekit.plan_status import numbered_actions, plan_progress
from collegekit.records import College
from collegekit.render import documents as catalogue
from collegekit.render import pandoc
from collegekit.render.build import Difference, Renderer, batches
from collegekit.render.context import territory_views
from collegekit.render.documents import Document
from collegekit.render.environment import find_template_file, make_environment, template_errors
from collegekit.site.charts import Bar, bar_chart
from collegekit.stats import attendance_stats, options_from_rules, year_period

# Static files of the site, copied as they are (a college may override them).
ASSETS = ("site/style.css", "site/site.js", "site/search.js")
# Pandoc runs this many at a time, as for `render all`.
WORKERS = 2
# The fingerprints of the downloads, written with them: what a later build
# reads to take again the files whose sources have not changed.
FINGERPRINTS = PurePosixPath("telechargements/empreintes.json")
NAVIGATION = (
    ("index.html", "Accueil", "home"),
    ("seances/index.html", "Séances", "meetings"),
    ("plans/index.html", "Plans", "plans"),
    ("participation/index.html", "Participation", "participation"),
    ("membres/index.html", "Membres", "members"),
)
_DOWNLOADS = {"docx": "Word", "pdf": "PDF"}
_BUREAU = (Role.PRESIDENT, Role.BUREAU)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    """A file of the site (what render.build.write writes: a path and bytes)."""

    path: PurePosixPath  # relative to the site's folder
    content: bytes


@dataclass
class _Built:
    """A document on its way into the site."""

    document: Document
    page: PurePosixPath
    downloads: dict[str, PurePosixPath] = field(default_factory=dict)
    html: str = ""


class Site:
    def __init__(self, college: College, today: dt.date, pseudonymize: bool = False) -> None:
        self.college = college
        self.today = today
        self.pseudonymize = pseudonymize
        self.names = Names(college, pseudonymize)
        self.renderer = Renderer(college, names=self.names)
        self.folders = self.renderer.folders
        self.environment = make_environment(self.folders, college.settings.rules.locale, html=True,
                                            records=college.root)
        self.settings = college.settings
        self.built: dict[tuple[str, str], _Built] = {}

    # --- the whole site

    def build(
        self,
        downloads: bool = True,
        search: bool = True,
        progress: Progress | None = None,
        previous: Path | None = None,
    ) -> list[Page]:
        """Every file of the site. With `previous` (the folder of an earlier
        build), its Word and PDF files are taken again where nothing they are
        made from has changed."""
        documents = [
            document
            for document in catalogue.every_document(self.college)
            if not (self.pseudonymize and document.kind == "fiche")
        ]
        for document in documents:
            self.built[(document.kind, document.record_id)] = _Built(document, self._page_of(document))
        pages: list[Page] = []
        pages.extend(self._documents(downloads, previous, progress))
        pages.append(self._home())
        pages.extend(self._meetings())
        pages.extend(self._plans())
        pages.append(self._participation())
        pages.append(self._members())
        pages.append(self._page(PurePosixPath("recherche.html"), "search.html.j2", "search", title="Rechercher"))
        if search:
            from collegekit.site.search import fallback_index, pagefind

            pages.extend(pagefind(pages))
            pages.append(fallback_index(pages))
        for asset in ASSETS:
            path = find_template_file(self.folders, asset)
            pages.append(Page(PurePosixPath("assets", PurePosixPath(asset).name), path.read_bytes()))
        return sorted(pages, key=lambda page: str(page.path))

    def _page_of(self, document: Document) -> PurePosixPath:
        if document.kind in ("minutes", "agenda"):
            suffix = "" if document.kind == "minutes" or not self._held(document.record_id) else "-ordre-du-jour"
            return PurePosixPath("seances", f"{document.record_id}{suffix}.html")
        if document.kind == "plan":
            return PurePosixPath("plans", f"{document.record_id}.html")
        if document.kind == "review":
            return PurePosixPath("plans", f"{document.record_id}-bilan.html")
        return PurePosixPath("membres", f"{document.record_id}.html")

    def _held(self, meeting_id: str) -> bool:
        return self.college.meetings[meeting_id].status.is_held

    # --- documents: HTML from the documents' Markdown, and their downloads

    def _documents(
        self, downloads: bool, previous: Path | None, progress: Progress | None
    ) -> list[Page]:
        """Each document's page, and its Word and PDF files: those of the
        previous build in `previous` (the --out folder) when made from the
        same Markdown by the same conversion, and their bytes are still those
        it made; the others made with its HTML, by the batches of `render
        all` (one pandoc process reads a document once for all its formats),
        two at a time."""
        earlier = _PreviousDownloads(previous)
        if downloads:
            self.renderer.reference()  # a broken reference document stops the build before any run
        workers = WORKERS if (os.cpu_count() or 1) > 1 else 1
        # Batches of the size render all would give the whole, each sent as
        # soon as its documents' Markdown is rendered; documents grouped by
        # what they need made (with a previous build, most need only HTML).
        size = max((len(part) for part in batches(len(self.built), workers)), default=1)
        texts: dict[tuple[str, str], str] = {}
        files: list[tuple[tuple[str, str], PurePosixPath, str, bytes | None]] = []
        waiting: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
        submitted: list[tuple[list[tuple[str, str]], Future[list[dict[str, pandoc.Outcome]]]]] = []
        converted: dict[tuple[str, str], dict[str, pandoc.Outcome]] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:

            def send(made: tuple[str, ...]) -> None:
                chosen, waiting[made] = waiting[made], []
                items = [(self.built[key].document, texts[key]) for key in chosen]
                submitted.append((chosen, self.renderer.submit(pool, items, made)))

            try:
                for key, built in self.built.items():
                    texts[key] = self.renderer.markdown(built.document)
                    made = ["html"]
                    for name in _DOWNLOADS if downloads else ():
                        target = PurePosixPath("telechargements", built.document.output.with_suffix(f".{name}"))
                        fingerprint = self.renderer.conversion_key(built.document, texts[key], name) or ""
                        content = earlier.content(target, fingerprint)
                        if content is None:
                            made.append(name)
                        files.append((key, target, fingerprint, content))
                    waiting[tuple(made)].append(key)
                    if len(waiting[tuple(made)]) == size:
                        send(tuple(made))
                # The rest, those with downloads to make first: theirs are the longest batches.
                for made in sorted(waiting, key=len, reverse=True):
                    if waiting[made]:
                        send(made)
                for chosen, future in submitted:
                    converted.update(zip(chosen, future.result(), strict=True))
            except BaseException:
                for _, future in submitted:
                    future.cancel()
                raise
        pages: list[Page] = []
        for key, built in self.built.items():
            built.html = pandoc.one([converted[key]["html"]]).decode("utf-8")
            if progress is not None:
                progress(str(built.page))
        finished = []
        for key, target, fingerprint, content in files:
            content = pandoc.one([converted[key][target.suffix.removeprefix(".")]]) if content is None else content
            self.built[key].downloads[target.suffix.removeprefix(".")] = target
            pages.append(Page(target, content))
            finished.append((target, fingerprint, content))
        if downloads:
            pages.append(Page(FINGERPRINTS, _fingerprints_file(finished)))
        for built in self.built.values():
            pages.append(self._document_page(built))
        return pages

    def _document_page(self, built: _Built) -> Page:
        document = built.document
        links: list[tuple[str, str]] = []
        section = {"minutes": "meetings", "agenda": "meetings", "plan": "plans", "review": "plans"}.get(
            document.kind, "members"
        )
        if document.kind in ("minutes", "agenda"):
            links = self._meeting_links(document.record_id, document.kind)
        elif document.kind == "plan" and ("review", document.record_id) in self.built:
            links = [("Le bilan de ce plan", self.built[("review", document.record_id)].page.name)]
        elif document.kind == "review":
            links = [("Le plan", self.built[("plan", document.record_id)].page.name)]
        actions = self._plan_actions(document.record_id) if document.kind == "plan" else None
        return self._page(
            built.page,
            "document.html.j2",
            section,
            title=_first_heading(built.html) or document.output.name,
            kind=document.kind,
            content=Markup(built.html),
            downloads=[
                (_DOWNLOADS[name], _relative(built.page, path)) for name, path in sorted(built.downloads.items())
            ],
            links=links,
            actions=actions,
        )

    def _meeting_links(self, meeting_id: str, kind: str) -> list[tuple[str, str]]:
        """The other document of the meeting, the previous and the next meeting."""
        links = []
        other = ("agenda" if kind == "minutes" else "minutes", meeting_id)
        if other in self.built:
            label = "L'ordre du jour de cette séance" if other[0] == "agenda" else "Le compte rendu de cette séance"
            links.append((label, self.built[other].page.name))
        ordered = sorted(self.college.meetings, key=lambda key: (self.college.meetings[key].date, key))
        index = ordered.index(meeting_id)
        if self._meeting_page(meeting_id) == self.built[(kind, meeting_id)].page:
            links.extend(self._follow_up_links(meeting_id))
        for label, position in (("Séance précédente", index - 1), ("Séance suivante", index + 1)):
            if 0 <= position < len(ordered):
                target = self._meeting_page(ordered[position])
                if target is not None:
                    meeting = self.college.meetings[ordered[position]]
                    links.append((f"{label} : {meeting.title}, {french.date(meeting.date)}", target.name))
        return links

    def _follow_up_links(self, meeting_id: str) -> list[tuple[str, str]]:
        """The meetings where this meeting's actions were followed up, and
        those whose actions it followed up (a follow-up's `meeting`)."""
        links = []
        later: dict[str, list[int]] = defaultdict(list)
        for number, followed in sorted(self.college.meetings[meeting_id].follow_up.items()):
            if followed.meeting:
                later[followed.meeting].append(number)
        earlier: dict[str, list[int]] = defaultdict(list)
        for other_id, other in self.college.meetings.items():
            for number, followed in sorted(other.follow_up.items()):
                if followed.meeting == meeting_id:
                    earlier[other_id].append(number)
        def followed_here(numbers: list[int]) -> str:
            one = "de l'action"
            return f"Suivi {_actions(numbers, one, 'des actions')} de la séance"

        def followed_there(numbers: list[int]) -> str:
            return f"{_actions(numbers, 'Action', 'Actions')} {french.plural_word(len(numbers), 'suivie')} à la séance"

        for found, label in ((earlier, followed_here), (later, followed_there)):
            for other_id in sorted(found, key=lambda key: (self.college.meetings[key].date, key)):
                target = self._meeting_page(other_id)
                if target is not None:
                    other = self.college.meetings[other_id]
                    links.append((f"{label(found[other_id])} : {other.title}, {french.date(other.date)}", target.name))
        return links

    def _meeting_page(self, meeting_id: str) -> PurePosixPath | None:
        for kind in ("minutes", "agenda"):
            if (kind, meeting_id) in self.built:
                return self.built[(kind, meeting_id)].page
        return None

    # --- plans: progress, filterable actions, territories

    def _plan_actions(self, record_id: str) -> dict[str, Any]:
        plan = self.college.plans[record_id]
        rows = []
        owners: dict[str, str] = {}
        territories: dict[str, str] = {}
        for axis, action in numbered_actions(plan):
            codes = list(action.territory) or [REGION]
            for code in codes:
                territories[code] = "Région" if code == REGION else self.names.departement(code)
            owner = self.names.member_name(action.owner) if action.owner else "Sans pilote"
            owner_key = self.names.ref(action.owner) if action.owner else "-"
            owners[owner_key] = owner
            rows.append(
                {
                    "number": action.number,
                    "title": action.title,
                    "axis": axis,
                    "owner": owner,
                    "owner_key": owner_key,
                    "territory": self.names.territory(action.territory),
                    "territory_keys": " ".join(codes),
                    "deadline": french.date(action.deadline) if action.deadline else french.MISSING,
                    "status": french.capitalise(action.status.label),
                    "progress": french.percentage(action.progress),
                    "progress_value": action.progress,
                }
            )
        axes = [(number, axis.title) for number, axis in enumerate(plan.axes, start=1)]
        return {
            "rows": rows,
            "axes": axes,
            "owners": sorted(owners.items(), key=lambda item: french.sort_key(item[1])),
            "territories": sorted(territories.items(), key=lambda item: (item[0] != REGION, item[0])),
        }

    def _plans(self) -> list[Page]:
        plans = []
        by_territory: dict[str, list[dict[str, Any]]] = defaultdict(list)
        projects: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record_id, plan_id, plan in sorted(self.college.plans_with_ids(), reverse=True, key=lambda item: item[0]):
            if ("plan", record_id) not in self.built or plan_id.kind is None:
                continue
            kind, year_text = plan_id.kind, str(plan_id.year)
            progress = plan_progress(self.college, plan_id.year, kind, self.today)
            review = self.built.get(("review", record_id))
            plans.append(
                {
                    "title": plan.title,
                    "year": year_text,
                    "kind": french.capitalise(kind.label),
                    "status": french.capitalise(plan.status.label),
                    "page": self.built[("plan", record_id)].page.name,
                    "review": review.page.name if review else None,
                    "actions": progress.overall.total if progress else 0,
                    "progress": french.percent(progress.overall.progress / 100)
                    if progress and progress.overall.progress is not None
                    else french.MISSING,
                }
            )
            page = self.built[("plan", record_id)].page.name
            # The plan's territories and their projects, as its document shows them.
            for territory in territory_views(self.college, plan):
                projects[territory.code].extend(
                    {"title": project.title, "place": project.place, "description": project.description,
                     "actions": project.actions, "plan": plan.title, "page": page}
                    for project in territory.projects
                )
            for _, action in numbered_actions(plan):
                for code in action.territory or (REGION,):
                    by_territory[code].append(
                        {
                            "title": action.title,
                            "plan": plan.title,
                            "page": page,
                            "status": french.capitalise(action.status.label),
                        }
                    )
        territories = [
            {
                "label": "Région" if code == REGION else f"{self.names.departement(code)} ({code})",
                "projects": projects[code],
                "actions": by_territory[code],
            }
            for code in sorted(set(by_territory) | set(projects), key=lambda code: (code != REGION, code))
        ]
        return [
            self._page(PurePosixPath("plans/index.html"), "plans.html.j2", "plans", title="Plans",
                       plans=plans, territories=territories)
        ]

    # --- meetings

    def _meetings(self) -> list[Page]:
        years: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for meeting_id in sorted(self.college.meetings, reverse=True):
            meeting = self.college.meetings[meeting_id]
            page = self._meeting_page(meeting_id)
            years[meeting.date.year].append(
                {
                    "title": meeting.title,
                    "date": french.date(meeting.date),
                    "iso": meeting.date.isoformat(),
                    "kind": french.capitalise(meeting.kind.label),
                    "status": french.capitalise(meeting.status.label),
                    "page": page.name if page else None,
                    "agenda": self.built[("agenda", meeting_id)].page.name
                    if ("agenda", meeting_id) in self.built and ("minutes", meeting_id) in self.built
                    else None,
                }
            )
        return [
            self._page(
                PurePosixPath("seances/index.html"),
                "meetings.html.j2",
                "meetings",
                title="Séances",
                years=sorted(years.items(), reverse=True),
            )
        ]

    # --- home

    def _home(self) -> Page:
        college, today = self.college, self.today
        roles = college.roles_on(today)
        members = [college.members[member_id] for member_id in roles if roles[member_id] is not Role.INVITED]
        by_site = Counter(member.site for member in members)
        by_profession = Counter(member.profession.label for member in members)
        bureau = [
            {"name": self.names.member_name(member_id), "role": french.capitalise(self.names.agreed(member_id, role)),
             "place": self.names.site(college.members[member_id].site)}
            for member_id, role in sorted(roles.items(), key=lambda item: (item[1] is not Role.PRESIDENT,
                                                                             self._member_key(item[0])))
            if role in _BUREAU
        ]
        meetings = sorted(college.meetings.items(), key=lambda item: (item[1].date, item[0]))
        upcoming = [
            (meeting_id, meeting) for meeting_id, meeting in meetings
            if meeting.date >= today and meeting.status is MeetingStatus.PLANNED
        ]
        written = [
            (meeting_id, meeting) for meeting_id, meeting in meetings
            if meeting.date <= today and meeting.status in (MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED)
        ]
        compliance = year_compliance(college, today.year, today, self.names)
        report = self._report(year_period(today.year), frozenset((MeetingKind.PLENARY, MeetingKind.EXTRAORDINARY)))
        return self._page(
            PurePosixPath("index.html"),
            "home.html.j2",
            "home",
            title=self.settings.short_name or self.settings.name,
            members=len(members),
            # The summary's "dont invités": counted apart, as in the participation rates.
            invited=french.plural(len(roles) - len(members), "invité") if len(roles) > len(members) else None,
            by_site=[
                (self.names.site(site).capitalize() if site == HEAD_OFFICE else self.names.site(site), count)
                for site, count in sorted(by_site.items(), key=lambda item: (item[0] != HEAD_OFFICE, item[0]))
            ],
            by_profession=sorted(
                ((french.capitalise(label), count) for label, count in by_profession.items()),
                key=lambda item: (-item[1], item[0]),
            ),
            bureau=bureau,
            next_meeting=self._meeting_summary(*upcoming[0]) if upcoming else None,
            latest_minutes=self._meeting_summary(*written[-1]) if written else None,
            headline=report.headline,
            year=today.year,
            compliance_text=compliance.counts_text(),
            obligations=[
                {"label": obligation.label, "state": state_word(obligation.state), "summary": obligation.summary}
                for obligation in compliance.obligations
            ],
        )

    def _meeting_summary(self, meeting_id: str, meeting: Any) -> dict[str, Any]:
        page = self._meeting_page(meeting_id)
        return {
            "title": meeting.title,
            "date": french.date(meeting.date),
            "page": str(page) if page else None,
        }

    def _member_key(self, member_id: str) -> tuple[str, ...]:
        if self.pseudonymize:
            return (self.names.member_name(member_id),)
        member = self.college.members[member_id]
        return french.name_key(member.last_name, member.first_name, member_id)

    # --- participation

    def _report(self, period: Any, kinds: frozenset[MeetingKind]) -> Report:
        options = options_from_rules(self.settings.rules, kinds=kinds)
        stats = attendance_stats(self.college, period, options, ("year", "site", "profession"))
        return Report(self.college, stats, self.today, self.pseudonymize)

    def _participation(self) -> Page:
        days = [meeting.date for meeting in self.college.meetings.values() if meeting.date <= self.today]
        sections = []
        if days:
            from collegekit.stats import Period

            period = Period(min(days), self.today)
            report = self._report(period, frozenset((MeetingKind.PLENARY, MeetingKind.EXTRAORDINARY)))
            for table in report.tables():
                if table.key in ("year", "site", "profession"):
                    sections.append(_chart_section(table))
            kinds = []
            for kind in MeetingKind:
                total = self._report(period, frozenset((kind,))).stats.total
                if total.expected:
                    kinds.append((f"Séances {KIND_PLURALS[kind]}", total))
            if kinds:
                columns = ("Type de séance", "Attendus", "Participation", "Part de la visio")
                rows = tuple(
                    (label, total.expected, Rate(total.participation), Rate(total.video_share))
                    for label, total in kinds
                )
                sections.append(_chart_section(_kind_table(columns, rows)))
            headline, notes = report.headline, report.notes()
            first, last = french.date(period.start), french.date(period.end)
        else:
            headline, notes, first, last = "Aucune séance tenue pour l'instant.", [], "", ""
        return self._page(
            PurePosixPath("participation/index.html"),
            "participation.html.j2",
            "participation",
            title="Participation",
            headline=headline,
            first=first,
            last=last,
            sections=sections,
            notes=notes,
        )

    # --- members

    def _members(self) -> Page:
        roles = self.college.roles_on(self.today)
        functions = {function.id: function.name for function in self.settings.functions}
        sites: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for member_id in sorted(roles, key=self._member_key):
            member = self.college.members[member_id]
            fiche = self.college.fiches.get(member_id)
            built = self.built.get(("fiche", member_id))
            sites[member.site].append(
                {
                    "name": self.names.member_name(member_id),
                    "profession": french.capitalise(self.names.agreed(member_id, member.profession)),
                    "role": french.capitalise(self.names.agreed(member_id, roles[member_id])),
                    "functions": [functions.get(key, key) for key in fiche.functions] if fiche else [],
                    "post": fiche.post_title if fiche and not self.pseudonymize else None,
                    "fiche": built.page.name if built else None,
                }
            )
        groups = [
            (self.settings.head_office.name if site == HEAD_OFFICE else f"{self.names.departement(site)} ({site})",
             sites[site])
            for site in sorted(sites, key=lambda site: (site != HEAD_OFFICE, site))
        ]
        return self._page(
            PurePosixPath("membres/index.html"),
            "members.html.j2",
            "members",
            title="Membres",
            groups=groups,
            pseudonymized=self.pseudonymize,
        )

    # --- one page

    def _page(self, path: PurePosixPath, template: str, section: str, **values: Any) -> Page:
        root = "../" * (len(path.parts) - 1)
        navigation = [
            {"href": root + target, "label": label, "current": key == section} for target, label, key in NAVIGATION
        ]
        context = {
            "college": {"name": self.settings.name, "short_name": self.settings.short_name or self.settings.name},
            "root": root,
            "navigation": navigation,
            "pseudonymized": self.pseudonymize,
            "today": french.date(self.today),
            **values,
        }
        name = f"site/{template}"
        with template_errors(self.folders, name):
            text = self.environment.get_template(name).render(context)
        return Page(path, text.encode("utf-8"))


class _PreviousDownloads:
    """The downloads of an earlier build, as its fingerprints file lists them."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.entries: dict[str, dict[str, str]] = {}
        if folder is None:
            return
        try:
            entries = json.loads((folder / Path(*FINGERPRINTS.parts)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no earlier build, or not one of ours: everything is made
        if isinstance(entries, dict):
            self.entries = {key: value for key, value in entries.items() if isinstance(value, dict)}

    def content(self, target: PurePosixPath, fingerprint: str) -> bytes | None:
        entry = self.entries.get(str(target))
        if self.folder is None or not fingerprint or entry is None or entry.get("source") != fingerprint:
            return None
        try:
            content = (self.folder / Path(*target.parts)).read_bytes()
        except OSError:
            return None
        # A file changed by hand since is made again.
        return content if hashlib.sha256(content).hexdigest() == entry.get("sha256") else None


def _fingerprints_file(files: list[tuple[PurePosixPath, str, bytes]]) -> bytes:
    entries = {
        str(target): {"source": fingerprint, "sha256": hashlib.sha256(content).hexdigest()}
        for target, fingerprint, content in files
    }
    return (json.dumps(entries, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _first_heading(html: str) -> str | None:
    """The text of a document's title (its h1), for the page's <title>."""
    import html as html_module
    import re

    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    if not found:
        return None
    return html_module.unescape(re.sub(r"<[^>]+>", "", found[1])).strip() or None


def _actions(numbers: list[int], one: str, many: str) -> str:
    """« action n° 2 », « actions n° 1 et 3 », with the words given for one and for many."""
    return f"{one if len(numbers) == 1 else many} n° {french.join([str(number) for number in numbers])}"


def _relative(page: PurePosixPath, target: PurePosixPath) -> str:
    return "../" * (len(page.parts) - 1) + str(target)


_KIND_COLUMNS = {"Attendus": "int", "Participation": "rate", "Part de la visio": "rate"}


def _kind_table(columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> TableSpec:
    from collegekit.attendance_report.report import Column

    return TableSpec(
        "kind",
        "Participation par type de séance",
        tuple(Column(header, _KIND_COLUMNS.get(header, "text")) for header in columns),
        rows,
    )


def _chart_section(table: TableSpec) -> dict[str, Any]:
    """A table of the attendance report, and its participation as bars."""
    columns = [index for index, column in enumerate(table.columns) if column.document]
    rate = next(index for index, column in enumerate(table.columns) if column.header == "Participation")
    bars = []
    for row in table.rows:
        value = row[rate]
        share = value.value if isinstance(value, Rate) else None
        bars.append(Bar(str(format_value(row[0])), share, format_value(value)))
    chart_id = f"graphique-{table.key}"
    return {
        "id": table.key,
        "title": table.title,
        "chart": bar_chart(chart_id, f"{table.title} (taux de participation)", bars),
        "headers": [table.columns[index].header for index in columns],
        "numeric": [table.columns[index].kind != "text" for index in columns],
        "rows": [[format_value(row[index]) for index in columns] for row in table.rows],
        "total": [format_value(table.total[index]) for index in columns] if table.total else None,
    }


def compare(pages: Iterable[Page], out: Path) -> list[Difference]:
    """How the site in `out` differs from a fresh build: files different,
    missing, or left over (a page of a record that no longer exists)."""
    expected = {page.path: page.content for page in pages}
    differences = []
    for path, content in expected.items():
        try:
            current = (out / Path(*path.parts)).read_bytes()
        except OSError:
            differences.append(Difference(path, "manquant"))
            continue
        if current != content:
            differences.append(Difference(path, "différent"))
    if out.is_dir():
        for file in sorted(out.rglob("*")):
            relative = PurePosixPath(file.relative_to(out).as_posix())
            if file.is_file() and relative not in expected:
                differences.append(Difference(relative, "en trop"))
    return sorted(differences, key=lambda difference: str(difference.path))
