"""The Word documents: read back as text, and opened as XML (styles, tables,
language, page set-up, header), made the same way twice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypandoc
import pytest

from collegekit.records import load
from collegekit.render import Renderer, documents
from collegekit.render.pandoc import check_reference
from tests.conftest import EXAMPLE_RECORDS, run_cli

TEMPLATES = Path(__file__).parent.parent / "templates"


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    exit_code, output = run_cli(
        "render", "minutes", "2025-03-18-pleniere", "--records", str(EXAMPLE_RECORDS), "--out", str(out), "--format", "docx"
    )
    assert exit_code == 0, output
    return out / "comptes-rendus" / "2025-03-18-pleniere-compte-rendu.docx"


def part(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read(name).decode("utf-8")


def test_reads_back_as_the_minutes(minutes: Path) -> None:
    text = pypandoc.convert_file(str(minutes), "plain", extra_args=["--wrap=none", "--standalone"])
    assert text.startswith("Compte rendu — 1re séance plénière 2025\n")  # the document's title
    for expected in (
        "Date\u00a0: mardi 18 mars 2025, de 14\u00a0h à 17\u00a0h\u00a015",
        "Participation\u00a0: 22 membres sur 36 (61\u00a0%)",
        "II. Politique régionale de psychiatrie et de santé mentale",
        "a) Priorités régionales",
        "Point d'alerte\u00a0: La démographie médicale",
        "Tour de table",
        "Réponse du Pr Hélène Vidal (AP-HM)\u00a0:",
        "Suites à donner",
        "Prochaine séance\u00a0: mardi 24 juin 2025",
    ):
        assert expected in text


def test_styles_headings_and_tables(minutes: Path) -> None:
    document = part(minutes, "word/document.xml")
    styles = set(re.findall(r'<w:pStyle w:val="([^"]+)"', document))
    assert {"Title", "Heading1", "Heading2", "Compact"} <= styles
    # Participants and follow-up actions are real Word tables, with a header row.
    assert document.count("<w:tbl>") == 2
    assert document.count('<w:tblHeader w:val="on" />') == 2
    assert '<w:tblStyle w:val="Table" />' in document


def test_french_a4_header_and_page_numbers(minutes: Path) -> None:
    assert re.search(r'<w:lang [^>]*w:val="fr-FR"', part(minutes, "word/styles.xml"))
    document = part(minutes, "word/document.xml")
    assert re.search(r'<w:pgSz w:h="16838" w:w="11906" ?/>|<w:pgSz w:w="11906" w:h="16838" ?/>', document)
    header = part(minutes, "word/header1.xml")
    assert "Collège des professionnels de santé — ARS PACA" in header
    assert "NUMPAGES" in part(minutes, "word/footer1.xml")


def test_properties_name_the_source_and_are_not_the_clock(minutes: Path) -> None:
    core = part(minutes, "docProps/core.xml")
    assert "<dc:title>Compte rendu — 1re séance plénière 2025</dc:title>" in core
    assert "<dc:language>fr-FR</dc:language>" in core
    assert "2025-03-18T12:00:00Z" in core  # the meeting's date, not today's
    custom = part(minutes, "docProps/custom.xml")
    assert "records/meetings/2025-03-18-pleniere.md" in custom
    assert "collegekit render minutes 2025-03-18-pleniere" in custom


def test_same_records_same_word_bytes() -> None:
    result = load(EXAMPLE_RECORDS)
    assert result.college is not None
    document = documents.fiche(result.college, "mroux")
    first = Renderer(result.college).render([document], ["docx"])
    second = Renderer(result.college).render([document], ["docx"])
    assert first[0].content == second[0].content


def test_bundled_reference_document_is_usable_and_up_to_date() -> None:
    reference = TEMPLATES / "reference.docx"
    check_reference(reference)
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_reference_docx", TEMPLATES / "make_reference_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(module.pandoc_default_reference()) == reference.read_bytes(), (
        "templates/reference.docx ne correspond plus au script : .venv/bin/python templates/make_reference_docx.py"
    )
