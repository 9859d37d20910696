"""One matrix for every report command × every output form, with the same
expectations everywhere (cli/output.py decides them once):

- `--format F --out -`: the report on the standard output (a file format,
  docx, pdf or xlsx, refused in French: exit 2);
- `--out rapport.F` without --format: a file in the format its extension names
  (attendance-report --out x.xlsx used to print the terminal report, write
  nothing and exit 0);
- `--format F --out rapport.data`: --format says, the file is F;
- `--format F --out rapport.G`, G another of the command's formats: refused in
  French (exit 2), nothing written;
- `--pseudonymize`: no member's name in any output of the commands that name
  members;
- every report that is a document (md, docx, pdf) goes through the document
  pipeline: its PDF's text reads back (pypdf) with the report's title.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner, Result

from collegekit.cli import app
from collegekit.records import load
from collegekit.stats import attended_meetings, year_period
from tests.conftest import EXAMPLE_RECORDS

TODAY = "2026-11-25"
COLLEGE = load(EXAMPLE_RECORDS).college
assert COLLEGE is not None
CERTIFIED = next(
    member_id for member_id in sorted(COLLEGE.members) if attended_meetings(COLLEGE, member_id, year_period(2026))
)
NAMES = sorted({member.display_name for member in COLLEGE.members.values()})

# command, its formats, whether it names members (and takes --pseudonymize)
REPORTS = {
    "attendance-report": (("attendance-report", "--year", "2026"), ("md", "docx", "pdf", "csv", "xlsx", "json"), True),
    "attendance-certificate": (("attendance-certificate", CERTIFIED, "--year", "2026"), ("md", "docx", "pdf"), False),
    # From 2025: that year's late fiche names a member.
    "compliance": (("compliance", "--year", "2026", "--since", "2025"), ("md", "docx", "pdf", "json"), True),
    "coverage": (("coverage",), ("md", "docx", "pdf", "csv", "json"), True),
    "plan status": (("plan", "status", "--year", "2026"), ("json",), True),
}
BINARY = ("docx", "pdf", "xlsx")
# The title each document report starts with.
TITLES = {
    "attendance-report": "Participation aux séances du collège — 2026",
    "attendance-certificate": "Attestation de participation — 2026",
    "compliance": "Obligations du collège de 2025 à 2026",
    "coverage": "Organisation des fonctions médicales au 25 novembre 2026",
}
CASES = [(name, output_format) for name, (_, formats, _) in REPORTS.items() for output_format in formats]
IDS = [f"{name}-{output_format}" for name, output_format in CASES]


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder).resolve()
        with contextlib.chdir(base):
            yield base


def run(name: str, *extra: str) -> Result:
    command = REPORTS[name][0]
    result = CliRunner().invoke(app, [*command, "--records", str(EXAMPLE_RECORDS), "--today", TODAY, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def format_of(content: bytes) -> str:
    """What a file is, from its content."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK"):
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        return "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else "zip"
    text = content.decode("utf-8").removeprefix("\ufeff")
    with contextlib.suppress(ValueError):
        json.loads(text)
        return "json"
    first = text.splitlines()[0] if text else ""
    if first.count(";") >= 2 and not first.startswith(("#", "<!--", "|")):
        return "csv"
    return "md"


def text_of(content: bytes) -> str:
    """Every text of a file, zipped XML included, a PDF's extracted text, to look for names in."""
    if content.startswith(b"%PDF-"):
        return pdf_text(content)
    if content.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8")


def pdf_text(content: bytes) -> str:
    """A PDF's text as pypdf extracts it, its hyphens (which it reads as soft
    ones) and spaces as typed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return text.replace("\u00ad", "-").replace("\u00a0", " ")


@pytest.mark.parametrize("name", sorted(TITLES))
def test_every_document_report_reads_back_from_its_pdf(name: str) -> None:
    with workspace() as base:
        result = run(name, "--out", "rapport.pdf")
        assert result.exit_code == 0, result.output
        text = pdf_text((base / "rapport.pdf").read_bytes())
    assert TITLES[name] in text, text[:300]
    assert "Collège régional des médecins" in text


@pytest.mark.parametrize(("name", "output_format"), CASES, ids=IDS)
def test_dash_is_the_standard_output(name: str, output_format: str) -> None:
    with workspace() as base:
        result = run(name, "--format", output_format, "--out", "-")
        assert list(base.iterdir()) == []
    if output_format in BINARY:
        assert (result.exit_code, result.output) == (
            2,
            f"collegekit : le format {output_format} s'écrit dans un fichier : "
            f"indiquez --out FICHIER.{output_format}.\n",
        )
    else:
        assert result.exit_code == 0, result.output
        assert format_of(result.stdout.encode("utf-8")) == output_format


@pytest.mark.parametrize(("name", "output_format"), CASES, ids=IDS)
def test_the_extension_gives_the_format(name: str, output_format: str) -> None:
    with workspace() as base:
        result = run(name, "--out", f"rapports/rapport.{output_format}")
        assert result.exit_code == 0, result.output
        written = base / "rapports" / f"rapport.{output_format}"
        assert written.is_file(), result.output
        assert format_of(written.read_bytes()) == output_format
        assert [path.name for path in base.iterdir()] == ["rapports"]


@pytest.mark.parametrize(("name", "output_format"), CASES, ids=IDS)
def test_format_says_when_the_extension_does_not(name: str, output_format: str) -> None:
    with workspace() as base:
        result = run(name, "--format", output_format, "--out", "rapport.data")
        assert result.exit_code == 0, result.output
        assert format_of((base / "rapport.data").read_bytes()) == output_format


@pytest.mark.parametrize(("name", "output_format"), CASES, ids=IDS)
def test_an_extension_that_contradicts_format_is_refused(name: str, output_format: str) -> None:
    others = [other for other in REPORTS[name][1] if other != output_format]
    if not others:
        pytest.skip("a command with one format cannot be contradicted")
    with workspace() as base:
        result = run(name, "--format", output_format, "--out", f"rapport.{others[0]}")
        assert (result.exit_code, result.output) == (
            2,
            f"collegekit : --format {output_format} mais --out « rapport.{others[0]} » est un fichier {others[0]} : "
            f"changez l'extension en .{output_format}, ou retirez --format.\n",
        )
        assert list(base.iterdir()) == []


@pytest.mark.parametrize(("name", "output_format"), CASES, ids=IDS)
def test_pseudonymized_outputs_name_nobody(name: str, output_format: str) -> None:
    if not REPORTS[name][2]:
        pytest.skip("a certificate names its member")
    with workspace() as base:
        result = run(name, "--pseudonymize", "--out", f"rapport.{output_format}")
        assert result.exit_code == 0, result.output
        text = text_of((base / f"rapport.{output_format}").read_bytes())
    assert "M-" in text
    assert [name for name in NAMES if name in text] == []


def test_an_extension_no_format_names_is_refused_without_format() -> None:
    for name, (_, formats, _) in REPORTS.items():
        if name == "attendance-certificate":
            continue  # md unless told otherwise: an attestation is a document
        with workspace() as base:
            result = run(name, "--out", "rapport.data")
            assert (result.exit_code, result.output) == (
                2,
                f"collegekit : indiquez --format ({', '.join(formats)}) : l'extension de « rapport.data » "
                "ne dit pas lequel.\n",
            )
            assert list(base.iterdir()) == []
