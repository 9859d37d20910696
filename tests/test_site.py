"""`collegekit site`: the example college's site, built once for the session
(tests/conftest.py), read back as files (links, headings, tables, determinism, --check), and a
hostile college's site read as a parsed DOM: every planted value comes out as
text, no element or attribute of a record gets in.

The browser tests (tests/test_site_browser.py) load the same pages in
Chromium."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import EXAMPLE_RECORDS, EXAMPLE_TODAY, run_cli
from tests.test_document_injection import KINDS, MEETING, TODAY, flat, plain_words, prose_words


class Page(HTMLParser):
    """What the tests read of a page: its text, links, headings, elements."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text_parts: list[str] = []
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.lang: str | None = None
        self._skip = 0
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in ("script", "style", "title", "desc"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name] or "")
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title", "desc"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return flat(" ".join(self.text_parts))


def read_site(out: Path) -> dict[PurePosixPath, Page]:
    return {
        PurePosixPath(path.relative_to(out).as_posix()): Page(path.read_text(encoding="utf-8"))
        for path in sorted(out.rglob("*.html"))
        if "pagefind" not in path.relative_to(out).parts
    }


@pytest.fixture
def site(example_site: Path) -> Path:
    """The example college's site, built once for the session (conftest.py)."""
    return example_site


@pytest.fixture(scope="module")
def pages(example_site: Path) -> dict[PurePosixPath, Page]:
    return read_site(example_site)


def test_every_kind_of_page_is_built(site: Path, pages: dict[PurePosixPath, Page]) -> None:
    names = {str(path) for path in pages}
    assert {"index.html", "seances/index.html", "plans/index.html", "participation/index.html",
            "membres/index.html"} <= names
    assert "seances/2025-11-25-pleniere.html" in names  # held: its minutes
    assert "seances/2025-11-25-pleniere-ordre-du-jour.html" in names
    assert "seances/2026-12-15-bureau.html" in names  # to come: its agenda
    assert "plans/2025-work.html" in names and "plans/2025-work-bilan.html" in names
    assert "membres/mroux.html" in names  # a fiche de poste
    for suffix in ("docx", "pdf"):
        assert (site / f"telechargements/comptes-rendus/2025-11-25-pleniere-compte-rendu.{suffix}").is_file()


def test_the_home_page_counts_members_as_the_summary_does(site: Path, pages: dict[PurePosixPath, Page]) -> None:
    """`summary` says 39 members, 3 of them guests; the home page the same,
    guests apart as in the participation rates."""
    exit_code, output = run_cli("summary", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25")
    assert exit_code == 0, output
    found = re.search(r"Total\W+(\d+)\W+(\d+)", output)
    assert found is not None, output
    total, guests = int(found[1]), int(found[2])
    assert (total, guests) == (39, 3)
    assert f"{total - guests} membres au 25 novembre 2026, et {guests} invités." in pages[PurePosixPath("index.html")].text
    # By profession too: the summary's members less its guests are the site's.
    physicians = re.search(r"médecin\W+(\d+)\W+(\d+)", output)
    on_the_site = re.search(r"Médecin</th><td[^>]*>(\d+)<", (site / "index.html").read_text("utf-8"))
    assert physicians is not None and on_the_site is not None, output
    assert int(on_the_site[1]) == int(physicians[1]) - int(physicians[2]) == 18


def test_documents_come_from_the_render_pipeline(pages: dict[PurePosixPath, Page], tmp_path: Path) -> None:
    # The same words as `collegekit render`: the Markdown's first heading is the page's h1.
    exit_code, output = run_cli(
        "render", "minutes", "2025-11-25-pleniere", "--records", str(EXAMPLE_RECORDS), "--format", "md",
        "--out", str(tmp_path / "render"),
    )
    assert exit_code == 0, output
    markdown = (tmp_path / "render/comptes-rendus/2025-11-25-pleniere-compte-rendu.md").read_text("utf-8")
    title = next(line[2:] for line in markdown.splitlines() if line.startswith("# "))
    page = pages[PurePosixPath("seances/2025-11-25-pleniere.html")]
    assert flat(title.replace("\\", "")) in page.text
    assert "Participants" in page.text and "Présents en salle" in page.text


def test_the_plans_page_lists_the_territories_with_their_projects_and_actions(
    pages: dict[PurePosixPath, Page],
) -> None:
    page = pages[PurePosixPath("plans/index.html")]
    territories = page.text.split("Les territoires et leurs projets", 1)[1]
    # The projects of the 2026 regional plan's départements (its `territories`).
    alpes = territories.split("Alpes-de-Haute-Provence (04)", 1)[1].split("Hautes-Alpes (05)", 1)[0]
    assert flat(
        "Dépistage du diabète en maison de santé (Vallée de l'Ubaye), Prévenir ensemble dans les six départements, "
        "action 6 : Deux journées de dépistage avec la maison de santé de Barcelonnette."
    ) in alpes
    assert "Projets" in alpes and "Actions" in alpes
    assert ("a", {"href": "2026-regional.html"}) in page.elements
    assert territories.index("Région") < territories.index("Alpes-de-Haute-Provence (04)")


def test_meetings_link_each_other_through_the_actions_followed_up(pages: dict[PurePosixPath, Page]) -> None:
    # The plenary of 18 March 2025 notes that its actions 1 to 3 were followed
    # up at the plenary of 24 June (follow_up: meeting).
    decided = pages[PurePosixPath("seances/2025-03-18-pleniere.html")]
    followed = pages[PurePosixPath("seances/2025-06-24-pleniere.html")]
    assert ("a", {"href": "2025-06-24-pleniere.html"}) in decided.elements
    assert flat("Actions n° 1, 2 et 3 suivies à la séance : 2e séance plénière 2025, 24 juin 2025") in decided.text
    assert ("a", {"href": "2025-03-18-pleniere.html"}) in followed.elements
    assert flat("Suivi des actions n° 1, 2 et 3 de la séance : 1re séance plénière 2025, 18 mars 2025") in followed.text
    # Not every pair of meetings: the next plenary follows up none of the March actions.
    assert "Suivi des actions" not in pages[PurePosixPath("seances/2025-11-25-pleniere.html")].text


def test_every_link_leads_to_a_file_of_the_site(site: Path, pages: dict[PurePosixPath, Page]) -> None:
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (site / path.parent / unquote(parts.path)).resolve()
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{path}: {link}")
    assert broken == []


def test_pages_are_french_with_one_h1_and_no_heading_skipped(pages: dict[PurePosixPath, Page]) -> None:
    for path, page in pages.items():
        assert page.lang == "fr", path
        assert page.headings.count(1) == 1, (path, page.headings)
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (path, page.headings)
        assert len(page.ids) == len(set(page.ids)), path


def test_every_page_has_a_skip_link_and_tables_have_headers(pages: dict[PurePosixPath, Page]) -> None:
    for path, page in pages.items():
        assert page.links[1] == "#contenu", path  # after the stylesheet
        tags = [tag for tag, _ in page.elements]
        if "table" in tags:
            assert "th" in tags, path


def test_charts_have_a_text_alternative_and_their_table(pages: dict[PurePosixPath, Page], site: Path) -> None:
    source = (site / "participation/index.html").read_text("utf-8")
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', source)
    assert len(charts) >= 3
    for labels in charts:
        for label in labels.split():
            assert f'id="{label}"' in source
    # Each value of the chart's description is in the table beside it.
    description = re.search(r'<desc id="graphique-site-desc">([^<]+)</desc>', source)
    assert description is not None
    page = pages[PurePosixPath("participation/index.html")]
    for pair in description[1].rstrip(".").split(" ; "):
        label, value = html.unescape(pair).rsplit(" : ", 1)
        assert flat(label) in page.text and flat(value) in page.text


def test_search_index_covers_the_minutes(site: Path) -> None:
    # Pagefind's bundle, for a web server, and the fallback index, for file://.
    assert (site / "pagefind/pagefind.js").is_file() and list((site / "pagefind/fragment").iterdir())
    index = (site / "assets/search-index.js").read_text("utf-8")
    assert index.startswith("window.collegekitSearchIndex = [")
    entry = index.split('"url":"seances/2025-11-25-pleniere.html"', 1)[1].split('{"url":', 1)[0]
    assert "saison estivale 2025" in entry
    assert '"url":"recherche.html"' not in index  # the search page itself is not searched


def test_no_contact_detail_is_published(site: Path) -> None:
    contacts = set()
    for member in (EXAMPLE_RECORDS / "members").glob("*.yaml"):
        for line in member.read_text("utf-8").splitlines():
            key, _, value = line.strip().partition(":")
            if key in ("email", "phone") and value.strip():
                contacts.add(value.strip().strip("\"'"))
    assert contacts  # the example college has some
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not [contact for contact in contacts if contact in text], path


def test_check_names_what_differs(site: Path, tmp_path: Path) -> None:
    # A second build compared with the first, byte by byte: only the three
    # files changed here differ, so the same records gave the same site.
    copy = tmp_path / "public"
    shutil.copytree(site, copy)
    (copy / "plans/index.html").write_text("changé", encoding="utf-8")
    (copy / "seances/2020-01-01-ancienne.html").write_text("", encoding="utf-8")
    (copy / "membres/mroux.html").unlink()
    arguments = ("site", "--records", str(EXAMPLE_RECORDS), "--out", str(copy), "--today", EXAMPLE_TODAY, "--check")
    exit_code, output = run_cli(*arguments)
    assert exit_code == 1
    assert [line for line in output.splitlines() if " : " in line and "collegekit" not in line] == [
        f"{copy}/membres/mroux.html : manquant",
        f"{copy}/plans/index.html : différent",
        f"{copy}/seances/2020-01-01-ancienne.html : en trop",
    ]
    assert "3 fichiers du site à refaire" in output


def test_check_of_a_site_just_built_finds_it_up_to_date(hostile_site: Path) -> None:
    # Hostile text included: rebuilt, every file is the same bytes.
    records = hostile_site.parent / "records"
    exit_code, output = run_cli(
        "site", "--records", str(records), "--out", str(hostile_site), "--today", TODAY, "--check"
    )
    assert exit_code == 0, output
    pages = len([path for path in hostile_site.rglob("*") if path.is_file()])
    assert f"Site à jour : {pages} fichiers vérifiés" in output


def test_pseudonymized_site_names_members_by_code_and_has_no_fiche(tmp_path: Path) -> None:
    out = tmp_path / "public"
    exit_code, output = run_cli(
        "site", "--records", str(EXAMPLE_RECORDS), "--out", str(out), "--today", EXAMPLE_TODAY, "--pseudonymize"
    )
    assert exit_code == 0, output
    pages = read_site(out)
    assert not [path for path in pages if path.parts[0] == "membres" and path.name != "index.html"]
    assert not list(out.rglob("*fiche-de-poste*"))
    directory = pages[PurePosixPath("membres/index.html")].text
    assert re.search(r"M-[A-Z2-9]{5}", directory)
    for member in (EXAMPLE_RECORDS / "members").glob("*.yaml"):
        assert member.stem not in directory
        last_name = re.search(r"^last_name: *(.+)$", member.read_text("utf-8"), re.MULTILINE)
        assert last_name and last_name[1].strip() not in directory
    # The documents' attendance lists too: no name from a member's record.
    minutes = pages[PurePosixPath("seances/2025-11-25-pleniere.html")].text
    attendance = minutes.split("Présents en salle", 1)[1].split("Participation :", 1)[0]
    assert "Moreau" not in attendance and re.search(r"M-[A-Z2-9]{5}", attendance)


def test_records_with_errors_build_no_site_and_show_lint_findings(college_dir: Path, tmp_path: Path) -> None:
    meeting = sorted((college_dir / "meetings").glob("*.md"))[0]
    meeting.write_text(meeting.read_text("utf-8").replace("kind: ", "kind: pleniere-", 1), encoding="utf-8")
    out = tmp_path / "public"
    exit_code, output = run_cli("site", "--records", str(college_dir), "--out", str(out))
    assert exit_code == 1
    assert f"{meeting.name}:" in output and "corrigez-les avant de construire le site" in output
    assert not out.exists()


def test_a_link_out_of_the_output_folder_stops_everything(college_dir: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "public", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "seances").symlink_to(elsewhere)
    exit_code, output = run_cli("site", "--records", str(college_dir), "--out", str(out), "--today", TODAY)
    assert exit_code == 2
    assert "mène hors du dossier de sortie" in output
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in out.iterdir()) == ["seances"]


# --- Documents as HTML, and their downloads ------------------------------------


def test_documents_converted_together_stay_apart() -> None:
    # One pandoc process for many documents: an unclosed code block, a
    # footnote or a link definition of one does not reach the next.
    from collegekit.render.pandoc import pandoc_path, to_html_many

    first = "# Premier\n\nNote[^1] et [lien][ref].\n\n[^1]: La note du premier.\n\n[ref]: https://exemple.fr/\n\n```\nnon fermé"
    second = "# Second\n\nNote[^1] et [lien][ref].\n\n[^1]: La note du second.\n"
    together = to_html_many([(first, None), (second, None)], pandoc=pandoc_path())
    alone = [to_html_many([(text, None)], pandoc=pandoc_path())[0] for text in (first, second)]
    assert together == alone
    assert "<h1" in together[1] and "La note du second." in together[1] and "La note du premier." not in together[1]
    assert "https://exemple.fr/" not in together[1] and "<pre>" not in together[1]


def _site(records: Path, out: Path, *options: str) -> str:
    exit_code, output = run_cli("site", "--records", str(records), "--out", str(out), "--today", TODAY, *options)
    assert exit_code == 0, output
    return output


def test_a_rebuild_takes_again_the_downloads_whose_sources_are_unchanged(college_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    _site(college_dir, out)
    downloads = out / "telechargements"
    fiche = downloads / "fiches-de-poste/amartin-fiche-de-poste.docx"
    minutes = downloads / f"comptes-rendus/{MEETING}-compte-rendu.pdf"
    by_hand = downloads / f"ordres-du-jour/{MEETING}-ordre-du-jour.docx"
    made = {path: path.read_bytes() for path in (fiche, minutes, by_hand)}
    # Two files of an earlier build, as their fingerprints say they were made...
    fingerprints = json.loads((downloads / "empreintes.json").read_text("utf-8"))
    for path in (fiche, minutes):
        path.write_bytes(b"earlier build")
        fingerprints[str(path.relative_to(out))]["sha256"] = hashlib.sha256(b"earlier build").hexdigest()
    (downloads / "empreintes.json").write_text(json.dumps(fingerprints), encoding="utf-8")
    # ...and one changed by hand since.
    by_hand.write_bytes(b"changed by hand")
    # The meeting's minutes change; the fiche does not.
    meeting = college_dir / "meetings" / f"{MEETING}.md"
    meeting.write_text(meeting.read_text("utf-8").replace("Le compte rendu en prose.", "Un autre compte rendu."),
                       encoding="utf-8")
    _site(college_dir, out)
    assert fiche.read_bytes() == b"earlier build"  # taken again
    assert minutes.read_bytes().startswith(b"%PDF") and minutes.read_bytes() != made[minutes]  # made again
    assert by_hand.read_bytes() == made[by_hand]  # made again
    # --check makes every file: the file taken again is not what a fresh build makes.
    exit_code, output = run_cli("site", "--records", str(college_dir), "--out", str(out), "--today", TODAY, "--check")
    assert exit_code == 1
    assert [line.split(" : ")[0] for line in output.splitlines() if line.endswith(" : différent")] == [
        str(downloads / "empreintes.json"), str(fiche)
    ]


def test_without_downloads_the_pages_offer_none(college_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    output = _site(college_dir, out, "--no-downloads")
    assert "Site du collège" in output
    assert not (out / "telechargements").exists()
    page = (out / f"seances/{MEETING}.html").read_text("utf-8")
    assert "telechargements/" not in page and "Le compte rendu en prose." in page
    exit_code, output = run_cli(
        "site", "--records", str(college_dir), "--out", str(out), "--today", TODAY, "--check", "--no-downloads"
    )
    assert exit_code == 0, output


# --- Hostile records -------------------------------------------------------

SITE_PAGES = {
    "minutes": f"seances/{MEETING}.html",
    "agenda": f"seances/{MEETING}-ordre-du-jour.html",
    "plan": "plans/2024-work.html",
    "plan (text in sections)": "plans/2024-rules.html",
    "review": "plans/2024-work-bilan.html",
    "fiche": "membres/amartin.html",
}
ALLOWED_SCRIPTS = {"assets/site.js", "pagefind/pagefind-ui.js", "assets/search.js", "assets/search-index.js"}


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.name in SITE_PAGES], ids=lambda kind: kind.name)
def test_hostile_values_are_text_on_the_page(hostile_site: Path, kind: object) -> None:
    page = Page((hostile_site / SITE_PAGES[kind.name]).read_text("utf-8"))  # type: ignore[attr-defined]
    missing = [tag for tag in kind.plain if plain_words(tag) not in page.text]  # type: ignore[attr-defined]
    assert missing == []
    for tag in kind.prose:  # type: ignore[attr-defined]
        assert [words for words in prose_words(tag) if flat(words) not in page.text] == []


def test_no_element_or_attribute_of_a_record_gets_in(hostile_site: Path) -> None:
    pages = read_site(hostile_site)
    assert len(pages) > 10
    for path, page in pages.items():
        root = "../" * (len(path.parts) - 1)
        for tag, attributes in page.elements:
            assert tag not in ("div", "iframe", "object", "embed", "base", "form") or tag in ("div", "form") and (
                attributes.get("class") in ("table-wrapper", "columns", "filters", "search-box", "search-form")
                or attributes.get("id") in ("search",)
            ), (path, tag, attributes)
            if tag == "script":
                assert (attributes.get("src") or "").removeprefix(root) in ALLOWED_SCRIPTS, (path, attributes)
            assert not [name for name in attributes if name.startswith("on")], (path, tag, attributes)
            for name in ("href", "src"):
                assert not (attributes.get(name) or "").lower().startswith(("javascript:", "data:text")), path
        assert "INJECTED" not in "".join(str(attributes) for _, attributes in page.elements), path
