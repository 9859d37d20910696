"""PDF documents (the form approved minutes circulate in): A4, the text
extractable, headings tagged, French, the same bytes every time, and images
only from the records."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tests.conftest import EXAMPLE_RECORDS, run_cli
from tests.test_images import png

MEETING = "2025-11-25-pleniere"


def render_pdf(records: Path, out: Path, kind: str = "minutes", record: str = MEETING) -> Path:
    exit_code, output = run_cli("render", kind, record, "--records", str(records), "--out", str(out), "--format", "pdf")
    assert exit_code == 0, output
    (path,) = [p for p in out.rglob("*") if p.is_file()]
    assert path.suffix == ".pdf"
    return path


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_pdf(EXAMPLE_RECORDS, tmp_path_factory.mktemp("pdf"))


def structure_types(reader: pypdf.PdfReader) -> set[str]:
    """The kinds of the tagged structure elements (H1, P, Table...)."""
    found: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            found.add(str(node["/S"]))
        children = node.get("/K")
        if children is not None:
            stack.extend(children if isinstance(children, list) else [children])
    return found


def test_minutes_read_back_as_text(minutes: Path) -> None:
    reader = pypdf.PdfReader(minutes)
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "Compte rendu — 3e séance plénière 2025",
        "Compte rendu approuvé le 17 mars 2026.",
        "Date : mardi 25 novembre 2025, de 14 h à 17 h 30",
        "Réforme des urgences et des soins non programmés",
        "Suites à donner",
    ):
        assert " ".join(expected.split()) in flat.replace("\u00a0", " ")


def test_a4_tagged_french_and_dated_by_the_record(minutes: Path) -> None:
    reader = pypdf.PdfReader(minutes)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert {"/H1", "/H2", "/P", "/Table"} <= structure_types(reader)
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("fr")
    assert reader.metadata.title == "Compte rendu — 3e séance plénière 2025"
    assert str(reader.metadata["/CreationDate"]).startswith("D:20251125")  # the meeting's day, not the clock


def test_the_same_bytes_every_time(minutes: Path, tmp_path: Path) -> None:
    assert render_pdf(EXAMPLE_RECORDS, tmp_path).read_bytes() == minutes.read_bytes()


def test_every_kind_of_document(tmp_path: Path) -> None:
    for kind, record in (("agenda", "2026-12-15-bureau"), ("plan", "2026-work"), ("fiche", "mroux")):
        path = render_pdf(EXAMPLE_RECORDS, tmp_path / kind, kind, record)
        assert pypdf.PdfReader(path).pages[0].extract_text().strip()


def test_only_images_of_the_records(college_dir: Path, tmp_path: Path) -> None:
    meeting = college_dir / "meetings" / "2024-10-08-pleniere.md"
    (college_dir / "meetings" / "annexes").mkdir()
    (college_dir / "meetings" / "annexes" / "carte.png").write_bytes(png(42))
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(7))
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + f"\n![Carte](annexes/carte.png)\n\n![Secret]({secret})\n", encoding="utf-8"
    )
    path = render_pdf(college_dir, tmp_path / "out", record="2024-10-08-pleniere")
    reader = pypdf.PdfReader(path)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1  # the map; the file outside the records left out
    assert "Secret" in " ".join(page.extract_text() for page in reader.pages)
