"""Behaviour the README promises: documents and the obligations report refuse
records that cite what does not exist, but not records that break a rule of
the college; every system error is told in French; an unknown locale is a
lint diagnostic, not a template error.
"""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path

import pytest

from collegekit.files import system_reason
from tests.conftest import BASE_RECORDS, run_cli

SRC = Path(__file__).parent.parent / "src" / "collegekit"
MEETING = "meetings/2024-03-12-pleniere.md"


def records_in(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    return records


def with_unknown_member(records: Path) -> None:
    meeting = records / MEETING
    text = meeting.read_text(encoding="utf-8")
    assert "\n  bdupont: video\n" in text
    meeting.write_text(text.replace("\n  bdupont: video\n", "\n  bdupont: video\n  bdupond: present\n"), encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        (("render", "all", "--out", "{out}"), "avant de mettre les documents en forme"),
        (("compliance", "--year", "2024", "--today", "2025-02-01", "--format", "json", "--out", "{out}/bilan.json"),
         "d'abord, le bilan serait faux sans eux"),
    ],
    ids=["render", "compliance"],
)  # fmt: skip
def test_a_record_citing_an_unknown_member_stops_documents_and_reports(
    tmp_path: Path, command: tuple[str, ...], purpose: str
) -> None:
    records = records_in(tmp_path)
    with_unknown_member(records)
    code, lint_output = run_cli("lint", "--records", str(records), "--today", "2025-02-01")
    assert code == 1 and "erreur[unknown-member] « bdupond » n'a pas de fichier dans members/" in lint_output
    out = tmp_path / "out"
    code, output = run_cli(*(part.format(out=out) for part in command), "--records", str(records))
    assert (code, output) == (
        1,
        f"collegekit : les dossiers contiennent 1 erreur : corrigez-les {purpose} (« collegekit lint » les montre).\n",
    )
    assert not out.exists()


def test_a_rule_the_college_broke_does_not_stop_the_report_that_shows_it(tmp_path: Path) -> None:
    records = records_in(tmp_path)
    college = records / "college.yaml"
    college.write_text(college.read_text(encoding="utf-8") + "rules:\n  min_plenary_meetings_per_year: 9\n", encoding="utf-8")
    code, lint_output = run_cli("lint", "--records", str(records), "--today", "2025-02-01")
    assert code == 1 and "erreur[too-few-meetings]" in lint_output
    code, output = run_cli(
        "compliance", "--year", "2024", "--today", "2025-02-01", "--format", "json", "--records", str(records)
    )
    assert code == 0, output
    code, output = run_cli("render", "all", "--out", str(tmp_path / "out"), "--records", str(records))
    assert code == 0, output
    assert (tmp_path / "out").is_dir()


@pytest.mark.parametrize(
    "number",
    [errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EPERM, errno.ENOENT, errno.EDQUOT, errno.EIO, errno.EBUSY,
     errno.ENAMETOOLONG, errno.ELOOP, errno.EXDEV, errno.EISDIR, errno.ENOTDIR, errno.EMFILE, errno.EFBIG],
)  # fmt: skip
def test_system_errors_are_told_in_french(number: int) -> None:
    import os

    english = os.strerror(number)
    reason = system_reason(OSError(number, english))
    assert reason and english not in reason and not re.search(r"\b(?:file|device|denied|space|system)\b", reason)


def test_an_unknown_system_error_is_named_not_quoted_in_english() -> None:
    assert system_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "erreur du système ECONNRESET"
    assert system_reason(OSError("no number")) == "erreur du système"


def test_no_message_quotes_the_systems_english_words() -> None:
    # Every OSError reaches the user through files.system_reason.
    quoting = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".strerror" in line and path.name != "files.py"
    ]
    assert quoting == []


def test_a_read_only_disk_is_told_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collegekit import files

    def read_only(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(files, "write_atomically", read_only)
    code, output = run_cli(
        "compliance", "--year", "2024", "--today", "2025-02-01", "--format", "json",
        "--out", str(tmp_path / "bilan.json"), "--records", str(BASE_RECORDS),
    )  # fmt: skip
    assert code == 2
    assert output == f"collegekit : impossible d'écrire {tmp_path / 'bilan.json'} : disque en lecture seule.\n"


@pytest.mark.parametrize("locale", ["xx_YY", "fr-FR", "fr_FR.UTF-8", "../fr", "42"])
def test_an_unknown_locale_is_a_lint_diagnostic(tmp_path: Path, locale: str) -> None:
    records = records_in(tmp_path)
    college = records / "college.yaml"
    college.write_text(college.read_text(encoding="utf-8") + f'rules:\n  locale: "{locale}"\n', encoding="utf-8")
    line = college.read_text(encoding="utf-8").splitlines().index(f'  locale: "{locale}"') + 1
    code, output = run_cli("lint", "--records", str(records), "--today", "2025-02-01")
    assert code == 1
    assert (
        f"college.yaml:{line}:11: erreur[invalid-value] « {locale} » n'est pas une langue connue : écrivez la "
        "langue et le pays comme fr_FR (ou fr_BE, fr_CH, fr_CA)"
    ) in output
    code, output = run_cli("render", "all", "--out", str(tmp_path / "out"), "--records", str(records))
    assert code == 1 and "modèle" not in output and "Traceback" not in output


@pytest.mark.parametrize("locale", ["fr_FR", "fr_BE", "fr_CH", "fr"])
def test_french_locales_are_accepted(tmp_path: Path, locale: str) -> None:
    records = records_in(tmp_path)
    college = records / "college.yaml"
    college.write_text(college.read_text(encoding="utf-8") + f"rules:\n  locale: {locale}\n", encoding="utf-8")
    code, output = run_cli("lint", "--records", str(records), "--today", "2025-02-01", "--select", "references")
    assert code == 0, output
