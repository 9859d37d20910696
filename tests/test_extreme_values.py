"""Records and options at the edges: nesting deep enough to overflow the
parser's stack, numbers too long to convert, dates at the ends of the
calendar. Each gets a located diagnostic or a French usage error, never a
traceback or a signal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from collegekit import sourcemap
from tests.conftest import BASE_RECORDS, run_cli

DEPTHS = [1, 39, 40, 41, 42, 1_000, 1_001, 5_000, 25_000, 30_000, 100_000]
# The deepest each shape may go: the root mapping is level 0, `a`'s value level
# 1; the innermost empty list of the first shape is at `depth`, the innermost
# scalar of the others one level below.
SHAPES = {"flow-sequence": 40, "flow-mapping": 39, "block-sequence": 39}


def nested(shape: str, depth: int) -> str:
    if shape == "flow-sequence":
        return "a: " + "[" * depth + "]" * depth + "\n"
    if shape == "flow-mapping":
        return "a: " + "{b: " * depth + "1" + "}" * depth + "\n"
    return "a:\n  " + "- " * depth + "x\n"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_nesting_is_refused_before_the_parser_recurses(shape: str) -> None:
    # In a child process: a stack overflow kills the process (signal 11)
    # instead of failing a test.
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                from pathlib import Path
                from collegekit.sourcemap import parse_yaml
                from tests.test_extreme_values import nested
                for depth in {DEPTHS!r}:
                    document, diagnostics = parse_yaml(nested({shape!r}, depth), Path("x.yaml"))
                    print(depth, document is not None, *[d.code for d in diagnostics])
            """),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert sourcemap.MAX_DEPTH == 40
    expected = [f"{d} True" if d <= SHAPES[shape] else f"{d} False yaml-too-deep" for d in DEPTHS]
    assert child.stdout.splitlines() == expected


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("depth", [39, 40, 41, 60, 1_200])
def test_the_count_before_composing_agrees_with_the_composer(shape: str, depth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = nested(shape, depth)
    answers = []
    for threshold in (0, 10**9):  # always count first, never count first
        monkeypatch.setattr(sourcemap, "_NESTING_SAFE_TO_COMPOSE", threshold)
        _, diagnostics = sourcemap.parse_yaml(text, Path("x.yaml"))
        answers.append([(d.code, d.location.line, d.location.column, d.message) for d in diagnostics])
    assert answers[0] == answers[1]


def test_lint_names_the_too_deep_record_at_thirty_thousand_levels(tmp_path: Path) -> None:


    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    (records / "members" / "zz.yaml").write_text(nested("flow-sequence", 30_000), encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-m", "collegekit", "lint", "--records", str(records)], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 1, child.stderr[-2000:]
    assert "zz.yaml:1:44: erreur[yaml-too-deep] les données sont imbriquées sur plus de 40 niveaux" in child.stdout


@pytest.mark.parametrize(
    "written",
    ["9" * 4_301, "-" + "9" * 10_000, "1" + "0" * 15, "0x" + "f" * 5_000, "!!int " + "1" * 4_400, "[1, " + "7" * 50_000 + "]"],
)
def test_a_number_too_large_for_a_record_is_a_located_diagnostic(written: str) -> None:
    document, diagnostics = sourcemap.parse_yaml(f"id: x\nshare: {written}\n", Path("x.yaml"))
    assert document is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("out-of-range", 2)]
    assert "bien trop grand pour un dossier" in diagnostics[0].message


@pytest.mark.parametrize("written", ["9" * 15, "-" + "9" * 15, "0" * 60 + "12", "1" + "0" * 400 + ".5", "1e999"])
def test_numbers_below_the_bound_are_read(written: str) -> None:
    document, diagnostics = sourcemap.parse_yaml(f"n: {written}\n", Path("x.yaml"))
    assert diagnostics == [] and document is not None
    assert document.data["n"] == (float(written) if "." in written or "e" in written else int(written))


def lint(records: Path) -> tuple[int, str]:
    return run_cli("lint", "--records", str(records), "--today", "2024-12-20")


def test_a_huge_number_in_a_record_is_reported_by_lint(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    fiche = records / "fiches" / "amartin.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "extra: " + "4" * 5_000 + "\n", encoding="utf-8")
    code, output = lint(records)
    assert code == 1
    assert "fiches/amartin.yaml:" in output and "erreur[out-of-range] ce nombre de 5000 caractères" in output


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_dates_outside_the_years_of_records_are_diagnostics(tmp_path: Path, day: str) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    member = records / "members" / "amartin.yaml"
    text = member.read_text(encoding="utf-8")
    assert "\n  - start: 2020-01-01\n" in text
    member.write_text(text.replace("\n  - start: 2020-01-01\n", f"\n  - start: {day}\n"), encoding="utf-8")
    code, output = lint(records)
    assert code == 1
    assert f"erreur[invalid-date] la date « {day} » est hors des années 1900 à 2999" in output


@pytest.mark.parametrize("name", ["0000-training.yaml", "9999-work.yaml", "1899-rules.yaml"])
def test_a_plan_named_for_an_impossible_year_is_refused_by_name(tmp_path: Path, name: str) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    shutil.copy(records / "plans" / "2024-work.yaml", records / "plans" / name)
    code, output = lint(records)
    assert code == 1 and f"plans/{name}:1:1: erreur[invalid-id]" in output
    for command in (["render", "all", "--out", str(tmp_path / "out")], ["compliance", "--year", "2024"]):
        code, output = run_cli(*command, "--records", str(records))
        assert code == 1 and "corrigez-les" in output, output


@pytest.mark.parametrize(
    "arguments",
    [
        ["new-plan", "--kind", "training", "--year", "0"],
        ["new-plan", "--kind", "work", "--year", "-5"],
        ["new-plan", "--kind", "work", "--year", "10000"],
        ["new-meeting", "--date", "9999-12-31"],
        ["new-meeting", "--date", "0001-01-01"],
        ["lint", "--today", "0001-01-01"],
        ["compliance", "--year", "2024", "--since", "1"],
        ["attendance-report", "--year", "99999"],
    ],
)
def test_commands_refuse_years_outside_the_records_years(tmp_path: Path, arguments: list[str]) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    before = sorted(p.relative_to(records) for p in records.rglob("*"))
    code, output = run_cli(*arguments, "--records", str(records))
    assert code == 2, output
    assert "entre les années 1900 et 2999" in output
    assert sorted(p.relative_to(records) for p in records.rglob("*")) == before


@pytest.mark.parametrize("day", ["1900-01-01", "1979-12-31", "2108-01-01", "2999-12-31"])
def test_word_and_excel_files_of_dates_beyond_the_zip_years_are_written(tmp_path: Path, day: str) -> None:
    # A zip entry is dated between 1980 and 2107; a document of another year
    # was a traceback (struct.error).
    import zipfile

    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    source = records / "meetings" / "2024-06-18-pleniere.md"
    (records / "meetings" / f"{day}-pleniere.md").write_text(
        source.read_text(encoding="utf-8").replace("date: 2024-06-18", f"date: {day}"), encoding="utf-8"
    )
    source.unlink()
    out = tmp_path / "out"
    code, output = run_cli("render", "minutes", f"{day}-pleniere", "--format", "docx", "--records", str(records), "--out", str(out))
    assert code == 0, output
    (document,) = out.rglob("*.docx")
    year = int(day[:4])
    assert {entry.date_time[0] for entry in zipfile.ZipFile(document).infolist()} == {min(max(year, 1980), 2107)}
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{day}T" in zipfile.ZipFile(document).read("docProps/core.xml").decode()
    code, output = run_cli(
        "attendance-report", "--year", "2024", "--today", day, "--format", "xlsx",
        "--out", str(tmp_path / "participation.xlsx"), "--records", str(records),
    )  # fmt: skip
    assert code == 0, output
