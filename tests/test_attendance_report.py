"""`collegekit attendance-report` and `attendance-certificate` on the example
college and on small copies: what the bureau reads, in every format, agrees."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_RECORDS, run_cli

YEAR_2025 = ("attendance-report", "--records", str(EXAMPLE_RECORDS), "--year", "2025", "--today", "2026-11-25")
NEVER_2025 = ["Dr Nicolas David", "Dr Louis Vincent", "Dr Olivier Fournier", "M. Karim Martinez", "M. Guillaume Robin"]


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


# --- the terminal report on the example college ------------------------------------


def test_example_college_2025_in_the_terminal() -> None:
    exit_code, output = run_cli(*YEAR_2025)
    assert exit_code == 0, output
    assert output.startswith("Participation 2025 : 61\u00a0% (siège 71\u00a0%, DD 54\u00a0%)\n")
    for title in (
        "Participation par séance",
        "Participation par membre",
        "Participation par année",
        "Participation par affectation",
        "Participation par profession",
        "Participation selon la fonction d'encadrement",
        "Participation par statut",
        "Participation selon le format de la séance",
        "Alertes",
    ):
        assert title in output
    alerts = output[output.index("Alertes") :]
    assert "Aucune participation sur la période" in alerts
    for name in NEVER_2025:
        assert name in alerts
    assert "Dr Claire Moreau" not in alerts
    assert "Moins de 3 personnes" in output


def test_default_period_is_the_last_twelve_months() -> None:
    exit_code, output = run_cli("attendance-report", "--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25")
    assert exit_code == 0
    assert output.startswith("Participation du 26 novembre 2025 au 25 novembre 2026 : ")


def test_trends_over_two_years_and_streaks() -> None:
    exit_code, output = run_cli(
        "attendance-report",
        "--records",
        str(EXAMPLE_RECORDS),
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-11-25",
        "--by",
        "site,management",
    )
    assert exit_code == 0, output
    assert "Évolution par année — par affectation" in output
    assert "Participation par séance" not in output and "Participation par membre" not in output
    streaks = output[output.index("absences consécutives ou plus") :]
    assert "M. Karim Martinez (06 Alpes-Maritimes) : 3 absences de suite du 18/03/2025 au 25/11/2025" in streaks


def test_include_invited_and_other_kinds_of_meetings() -> None:
    data = json.loads(run_cli(*YEAR_2025, "--format", "json", "--include-invited")[1])
    assert data["options"]["include_invited"] and data["total"]["people"] == 40  # the 3 invited members
    data = json.loads(run_cli(*YEAR_2025, "--format", "json", "--kind", "bureau")[1])
    assert data["options"]["kinds"] == ["bureau"]
    assert [m["id"] for m in data["meetings"]] == [
        "2025-01-14-bureau",
        "2025-04-22-bureau",
        "2025-09-16-bureau",
        "2025-12-09-bureau",
    ]
    assert all(m["expected"] <= 6 for m in data["meetings"])  # the bureau alone


def test_usage_errors() -> None:
    records = ("--records", str(EXAMPLE_RECORDS))
    cases = [
        (("--year", "2025", "--from", "2025-01-01"), "--year ne se combine pas"),
        (("--from", "2025-06-01", "--to", "2025-01-01"), "avant de commencer"),
        (("--by", "planet"), "ventilation inconnue"),
        (("--format", "xlsx"), "indiquez --out"),
        (("--format", "csv", "--charts"), "graphiques"),
    ]
    for options, message in cases:
        exit_code, output = run_cli("attendance-report", *records, *options)
        assert exit_code == 2 and message in output, (options, output)


# --- a held meeting without attendance ----------------------------------------------


def test_held_meeting_without_attendance_is_reported(college_dir: Path) -> None:
    meeting = college_dir / "meetings" / "2024-06-18-pleniere.md"
    meeting.write_text(meeting.read_text().replace("attendance:\n  amartin: present\n  bdupont: excused\n", ""))
    exit_code, output = run_cli(
        "attendance-report", "--records", str(college_dir), "--year", "2024", "--today", "2024-12-20", "--by", "meeting"
    )
    assert exit_code == 0, output
    assert "dont 1 sans présences saisies." in " ".join(output.split())
    assert "non saisies" in output.split("Séance plénière")[2].splitlines()[0]  # the meeting of 18/06
    assert "Séances tenues sans présences saisies (non comptées)" in output
    # the meeting's expected members are not counted absent
    data = json.loads(
        run_cli("attendance-report", "--records", str(college_dir), "--year", "2024", "--format", "json")[1]
    )
    [untaken] = [m for m in data["meetings"] if not m["attendance_taken"]]
    assert untaken["id"] == "2024-06-18-pleniere" and untaken["expected"] == 0 and untaken["unrecorded"] == 2
    assert data["total"]["expected"] == sum(m["expected"] for m in data["meetings"]) == 4
    assert data["total"]["absent"] == 0


# --- CSV, XLSX and JSON agree -------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx_rows(path: Path) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True)["Présences"]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _per_member(
    rows: list[dict[str, object]], member_key: str, attended_key: str, counted_key: str, yes: object
) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for row in rows:
        if row[counted_key] != yes:
            continue
        expected, attended = found.get(str(row[member_key]), (0, 0))
        found[str(row[member_key])] = (expected + 1, attended + int(row[attended_key]))  # type: ignore[call-overload]
    return found


@pytest.mark.parametrize("pseudonymize", [False, True])
def test_csv_xlsx_and_json_agree(tmp_path: Path, pseudonymize: bool) -> None:
    extra = ("--pseudonymize",) if pseudonymize else ()
    exit_code, text = run_cli(*YEAR_2025, "--format", "csv", *extra)
    assert exit_code == 0
    csv_rows = _csv_rows(text)
    assert run_cli(*YEAR_2025, "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"), *extra)[0] == 0
    xlsx_rows = _xlsx_rows(tmp_path / "r.xlsx")
    data = json.loads(run_cli(*YEAR_2025, "--format", "json", *extra)[1])

    from_csv = _per_member(csv_rows, "Membre", "A participé", "Compté dans les taux", "oui")
    from_xlsx = _per_member(xlsx_rows, "Membre", "A participé", "Compté dans les taux", "oui")
    from_json = {m["member"]: (m["expected"], m["present"] + m["video"]) for m in data["members"]}
    from_json_rows = _per_member(data["rows"], "member", "attended", "counted", True)
    assert from_csv == from_xlsx == from_json == from_json_rows
    assert len(csv_rows) == len(xlsx_rows) == len(data["rows"])
    total = data["total"]
    assert sum(e for e, _ in from_csv.values()) == total["expected"] == 108
    assert sum(a for _, a in from_csv.values()) == total["present"] + total["video"] == 66
    by_site = {row["key"]: row for row in data["breakdowns"]["site"]}
    assert by_site["head-office"]["participation"] == pytest.approx(32 / 45, abs=1e-6)
    if pseudonymize:
        assert all(key.startswith("M-") for key in from_json)
        assert "Nom" not in csv_rows[0]


def test_pseudonyms_leave_no_name_in_any_output(tmp_path: Path) -> None:
    from collegekit.records import load

    college = load(EXAMPLE_RECORDS).college
    assert college is not None
    names = [m.last_name for m in college.members.values()] + list(college.members)
    outputs = [run_cli(*YEAR_2025, "--pseudonymize")[1]]
    for output_format in ("csv", "json", "md"):
        outputs.append(run_cli(*YEAR_2025, "--pseudonymize", "--format", output_format)[1])
    run_cli(*YEAR_2025, "--pseudonymize", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    with zipfile.ZipFile(tmp_path / "r.xlsx") as archive:
        outputs += [archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")]
    for text in outputs:
        for name in names:
            assert name not in text, name
    assert "M-" in outputs[0]


# --- Markdown, charts, DOCX ----------------------------------------------------------


def test_markdown_report_with_charts_is_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "rapport.md", tmp_path / "b" / "rapport.md"
    for out in (first, second):
        exit_code, output = run_cli(*YEAR_2025, "--format", "md", "--out", str(out))
        assert exit_code == 0, output
    text = first.read_text(encoding="utf-8")
    assert text.startswith("# Participation aux séances du collège — 2025\n")
    assert "**Participation 2025\u00a0: 61\u00a0% (siège 71\u00a0%, DD 54\u00a0%)**" in text
    images = sorted((tmp_path / "a" / "rapport-graphiques").iterdir())
    assert [p.name for p in images] == [
        "participation-par-affectation.png",
        "participation-par-profession.png",
        "participation-par-seance.png",
        "salle-et-visio-par-seance.png",
    ]
    for image in images:
        assert f"](rapport-graphiques/{image.name})" in text
        assert image.read_bytes().startswith(b"\x89PNG")
        assert image.read_bytes() == (tmp_path / "b" / "rapport-graphiques" / image.name).read_bytes()
    assert text == second.read_text(encoding="utf-8")
    # pandoc reads the tables as tables
    import pypandoc

    plain = pypandoc.convert_text(text, "plain", format="markdown", extra_args=["--columns=200"])
    assert "Ensemble" in plain and "|" not in plain


def test_markdown_to_standard_output_has_no_charts() -> None:
    exit_code, output = run_cli(*YEAR_2025, "--format", "md")
    assert exit_code == 0 and "![" not in output and "## Participation par séance" in output


def test_documents_show_the_records_words_literally(college_dir: Path) -> None:
    # $m$ would be an equation, ~z~ and ^s^ a subscript and a superscript,
    # &amp; an « & », @cite a citation, {.x} an attribute, « + » at the start
    # of a cell a list: the report and the certificate are rendered
    # documents (templates attendance.md.j2, certificate.md.j2), escaped as
    # every other one.
    meeting = college_dir / "meetings" / "2024-03-12-pleniere.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "title: Séance plénière\n",
            'title: "Séance $m$ ~z~ ^s^ &amp; @cite {.x} <b>"\ntheme: "+ Santé & environnement"\n',
        ),
        encoding="utf-8",
    )
    base = ("--records", str(college_dir), "--year", "2024", "--today", "2024-11-01")
    title = r"Séance \$m\$ \~z\~ \^s\^ \&amp; \@cite \{.x\} \<b\>"

    exit_code, report = run_cli("attendance-report", *base, "--format", "md", "--by", "meeting")
    assert exit_code == 0, report
    assert f"| 12/03/2024 | {title} | Hybride (salle et visio) | 2 | 1 | 1 | 0 | 0 |" in report
    exit_code, certificate = run_cli("attendance-certificate", "amartin", *base, "--out", "-")
    assert exit_code == 0, certificate
    assert f"| mardi 12 mars 2024 | {title} | \\+ Santé \\& environnement | en salle | 3\u00a0h |" in certificate
    import pypandoc

    for text in (report, certificate):
        for reader in ("markdown-smart", "gfm"):
            plain = pypandoc.convert_text(text, "plain", format=reader, extra_args=["--wrap=none"])
            assert "Séance $m$ ~z~ ^s^ &amp; @cite {.x} <b>" in plain, (reader, plain)
    assert "+ Santé & environnement" in plain


def test_xlsx_is_reproducible(tmp_path: Path) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        assert run_cli(*YEAR_2025, "--format", "xlsx", "--out", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "a.xlsx")
    assert workbook.sheetnames[:3] == ["Synthèse", "Présences", "Par séance"]
    assert workbook["Synthèse"]["A1"].value.startswith("Participation 2025 : 61")


def test_docx_report(tmp_path: Path) -> None:
    out = tmp_path / "rapport.docx"
    exit_code, output = run_cli(*YEAR_2025, "--format", "docx", "--out", str(out))
    assert exit_code == 0, output
    import pypandoc

    text = pypandoc.convert_file(str(out), "plain", format="docx", extra_args=["--columns=300"])
    assert "Participation 2025\u00a0: 61\u00a0% (siège 71\u00a0%, DD 54\u00a0%)" in text
    assert "Participation par affectation" in text and "Ensemble" in text and "Dr Nicolas David" in text
    with zipfile.ZipFile(out) as archive:
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 4  # the charts
    first = out.read_bytes()
    assert run_cli(*YEAR_2025, "--format", "docx", "--out", str(out))[0] == 0
    assert out.read_bytes() == first  # same records, same bytes


def test_terminal_and_spreadsheets_never_import_matplotlib(tmp_path: Path) -> None:
    for options in (
        (),
        ("--format", "csv"),
        ("--format", "json"),
        ("--format", "xlsx", "--out", str(tmp_path / "r.xlsx")),
        ("--format", "md", "--no-charts", "--out", str(tmp_path / "r.md")),
    ):
        probe = (
            "import sys\n"
            "from collegekit.cli import app\n"
            f"try:\n    app({[*YEAR_2025, *options]!r})\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('matplotlib' in sys.modules, file=sys.stderr)\n"
        )
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        assert result.stderr.strip().splitlines()[-1] == "False", (options, result.stderr)


# --- the attendance certificate ----------------------------------------------------------


def test_certificate_of_a_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli(
        "attendance-certificate",
        "jmathieu",
        "--year",
        "2025",
        "--records",
        str(EXAMPLE_RECORDS),
        "--today",
        "2026-11-25",
    )
    assert exit_code == 0, output
    assert (
        output
        == "Attestation de Dr Julie Mathieu écrite dans attestation-2025-jmathieu.md : 3 séances, 9\u00a0h\u00a045.\n"
    )
    text = (tmp_path / "attestation-2025-jmathieu.md").read_text(encoding="utf-8")
    assert text.startswith("# Attestation de participation — 2025\n")
    assert "atteste que le **Dr Julie Mathieu**, médecin (Délégation départementale des Bouches-du-Rhône)" in text
    assert "| mardi 18 mars 2025 | 1re séance plénière 2025 | Politique régionale de psychiatrie" in text
    assert "| en visioconférence |" in text and "| en salle |" in text
    assert "| **Total** | **3 séances** | | | **9\u00a0h\u00a045** |" in text
    assert "développement professionnel continu (DPC)" in text
    assert "Fait à Marseille, le 25 novembre 2026." in text
    assert "Pour le collège, la présidence\u00a0: Dr Claire Moreau." in text


def test_certificate_to_standard_output_and_errors() -> None:
    base = ("--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25")
    exit_code, output = run_cli("attendance-certificate", "jmathieu", "--year", "2025", "--out", "-", *base)
    assert exit_code == 0 and output.startswith("# Attestation de participation — 2025")
    exit_code, output = run_cli("attendance-certificate", "jmathiue", "--year", "2025", *base)
    assert exit_code == 2 and "Vouliez-vous dire : jmathieu ?" in output
    exit_code, output = run_cli("attendance-certificate", "ndavid", "--year", "2025", *base)
    assert exit_code == 1 and "n'a participé à aucune séance comptée en 2025" in output


def test_certificate_as_docx(tmp_path: Path) -> None:
    out = tmp_path / "attestation.docx"
    base = ("--records", str(EXAMPLE_RECORDS), "--today", "2026-11-25")
    exit_code, output = run_cli("attendance-certificate", "jmathieu", "--year", "2025", "--out", str(out), *base)
    assert exit_code == 0, output
    import pypandoc

    text = pypandoc.convert_file(str(out), "plain", format="docx", extra_args=["--columns=200"])
    assert "Dr Julie Mathieu" in text and "9\u00a0h\u00a045" in text and "mardi 18 mars 2025" in text
    with zipfile.ZipFile(out) as archive:
        assert "Attestation de participation — 2025" in archive.read("word/document.xml").decode()
    first = out.read_bytes()
    assert run_cli("attendance-certificate", "jmathieu", "--year", "2025", "--out", str(out), *base)[0] == 0
    assert out.read_bytes() == first  # same records, same bytes


# --- the reports are documents of the one pipeline ---------------------------------


def test_a_college_overrides_its_certificate_and_report_templates(college_dir: Path) -> None:
    # The same lookup as the minutes' template: the college's templates/
    # beside its records first, escaped and sandboxed as every document.
    templates = college_dir.parent / "templates"
    templates.mkdir()
    (templates / "certificate.md.j2").write_text(
        "# Attestation {{ year }}\n\n{{ article }} {{ member.display_name }} : {{ count }}, {{ total }}.\n"
        "{% for meeting in meetings %}\n- {{ meeting.title }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    (templates / "attendance.md.j2").write_text(
        "# Bilan maison {{ report.period_label }}\n\n{{ report.headline }}\n", encoding="utf-8"
    )
    base = ("--records", str(college_dir), "--year", "2024", "--today", "2024-11-01")
    exit_code, certificate = run_cli("attendance-certificate", "amartin", *base, "--out", "-")
    assert exit_code == 0, certificate
    assert certificate == (
        "# Attestation 2024\n\nle Dr Anne Martin\u00a0: 3 séances, 9\u00a0h.\n"
        + "- Séance plénière\n" * 3
    )
    exit_code, report = run_cli("attendance-report", *base, "--format", "md")
    assert (exit_code, report.split("\n")[0]) == (0, "# Bilan maison 2024"), report
    (templates / "certificate.md.j2").write_text("{{ member.contact.email }}\n", encoding="utf-8")
    exit_code, output = run_cli("attendance-certificate", "amartin", *base, "--out", "-")
    # No contact detail reaches a template: a template error, in French, with its line.
    assert exit_code == 1 and "certificate.md.j2:1 : « email » n'existe pas" in output, output
