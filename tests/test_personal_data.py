"""Contact details stay in member files: no document prints them unless the
bureau asks for them with --with-contacts."""

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


def test_contact_details_only_with_the_option_and_only_where_asked(tmp_path: Path) -> None:
    import zipfile

    records = ("--records", str(EXAMPLE_RECORDS))
    email, phone = "claire.moreau@ars-paca.example", "04 65 71 10 01"
    plain, asked, whole = tmp_path / "plain", tmp_path / "asked", tmp_path / "all"
    assert run_cli("render", "fiche", "cmoreau", *records, "--out", str(plain))[0] == 0
    assert run_cli("render", "fiche", "cmoreau", *records, "--out", str(asked), "--with-contacts")[0] == 0
    assert run_cli("render", "all", "--year", "2026", *records, "--format", "md", "--out", str(whole),
                   "--with-contacts")[0] == 0

    def shown(folder: Path) -> str:
        [markdown] = folder.rglob("cmoreau-fiche-de-poste.md")
        [word] = folder.rglob("cmoreau-fiche-de-poste.docx")
        with zipfile.ZipFile(word) as archive:
            return markdown.read_text(encoding="utf-8") + archive.read("word/document.xml").decode("utf-8")

    assert email not in shown(plain) and phone.replace(" ", "\u00a0") not in shown(plain)
    assert "Courriel" not in shown(plain)
    with_contacts = shown(asked)
    assert "**Courriel\u00a0:** claire.moreau\\@ars-paca.example" in with_contacts
    assert with_contacts.count(email) == 1  # in the Word document; the Markdown escapes the @
    # The option adds the holder's details to fiches only: minutes and agendas never list them.
    others = [p for p in whole.rglob("*.md") if "fiche-de-poste" not in p.name]
    assert others and not any(email in p.read_text(encoding="utf-8") for p in others)
