"""The smaller items of issue 14, each with its test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_RECORDS, run_cli


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def test_ics_export_again_changes_no_byte_and_speaks_no_english(records: Path) -> None:
    for out in ("a.ics", "b.ics"):
        exit_code, output = run_cli("export", "ics", "--records", "records", "--out", out)
        assert exit_code == 0, output
    first = Path("a.ics").read_bytes()
    assert first == Path("b.ics").read_bytes()
    assert b"This timezone" not in first and b"COMMENT" not in first


def test_ics_location_is_the_place_once_and_the_link_goes_to_url(records: Path) -> None:
    import icalendar

    exit_code, output = run_cli("export", "ics", "2026-12-15-bureau", "--records", "records")
    assert exit_code == 0
    event = icalendar.Calendar.from_ical(output).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Marseille, siège de l'ARS, bureau de la conseillère médicale, et visioconférence"
    assert str(event["URL"]) == "https://visio.ars-paca.example/bureau-college-sante-ars-paca"
    assert str(event["DESCRIPTION"]).startswith("Lien de la visioconférence : https://visio.ars-paca.example/")
    assert event["DTSTAMP"].dt.isoformat() == "2026-12-15T12:00:00+00:00"


def test_an_unknown_commands_guesses_are_french_words_not_a_python_list() -> None:
    exit_code, output = run_cli("attnd")
    assert exit_code == 2
    assert "la commande « attnd » n'existe pas ; vouliez-vous dire attend ?" in output
    exit_code, output = run_cli("rendre")
    assert output.splitlines()[-1] == "Erreur : la commande « rendre » n'existe pas ; vouliez-vous dire render ou send ?"
