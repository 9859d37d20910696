"""Contact details stay in member files: no document can print them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_RECORDS, run_cli


def test_even_a_colleges_own_template_gets_no_contact_details(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    email = "claire.moreau@ars-paca.example"
    assert email in (tmp_path / "records" / "members" / "cmoreau.yaml").read_text(encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "fiche.md.j2").write_text(
        "# Fiche\n\nContact : {{ member.contact }}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    exit_code, output = run_cli("render", "fiche", "cmoreau", "--format", "md", "--out", "build")
    assert exit_code == 0, output
    [document] = (tmp_path / "build").rglob("*.md")
    text = document.read_text(encoding="utf-8")
    assert "Contact\u00a0:\n" in text and email not in text
