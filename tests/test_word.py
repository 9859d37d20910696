"""Word both ways: `collegekit draft` and `collegekit import-minutes`.

Every Word document here is made in the test, by pandoc from Markdown (as a
secretary's notes would be typed), sometimes touched up in its XML where
Word does what pandoc does not write (automatic numbering of headings).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from collegekit.lint import lint_records
from collegekit.minutes.import_minutes import text_of
from collegekit.minutes.parse import parse_body
from collegekit.minutes.word_file import read_ast
from collegekit.records import load
from collegekit.render import documents
from collegekit.render.build import Renderer
from collegekit.render.pandoc import pandoc_path
from tests.conftest import EXAMPLE_RECORDS, run_cli

BUREAU = "2026-12-15-bureau"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE_RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records"


def docx_from_markdown(markdown: str, path: Path, *extra: str) -> Path:
    """A Word document as pandoc writes it from Markdown: the secretary's notes."""
    subprocess.run(
        [pandoc_path(), "--from=markdown", "--to=docx", f"--output={path}", *extra],
        input=markdown.encode("utf-8"),
        check=True,
    )
    return path


def headings_numbered_by_word(source: Path, target: Path) -> Path:
    """The document with its « I. » and « a) » typed out of the headings and
    put back as Word's automatic numbering (a numbered heading style): what
    pandoc reads from a document whose secretary used Word's numbered headings."""
    numbering = (
        '<w:abstractNum w:abstractNumId="77"><w:multiLevelType w:val="multilevel" />'
        '<w:lvl w:ilvl="0"><w:start w:val="1" /><w:numFmt w:val="upperRoman" /><w:lvlText w:val="%1." />'
        '<w:lvlJc w:val="left" /></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1" /><w:numFmt w:val="lowerLetter" />'
        '<w:lvlText w:val="%2)" /><w:lvlJc w:val="left" /></w:lvl></w:abstractNum>'
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                xml = re.sub(
                    r'<w:pStyle w:val="Heading([12])" /></w:pPr><w:r><w:t xml:space="preserve">(?:[IVX]+\.|[a-z]\)) ',
                    lambda match: f'<w:pStyle w:val="Heading{match[1]}" /><w:numPr><w:ilvl w:val="{int(match[1]) - 1}" />'
                    '<w:numId w:val="77" /></w:numPr></w:pPr><w:r><w:t xml:space="preserve">',
                    data.decode("utf-8"),
                )
                data = xml.encode("utf-8")
            elif info.filename == "word/numbering.xml":
                xml = data.decode("utf-8").replace("<w:abstractNum ", numbering + "<w:abstractNum ", 1)
                xml = xml.replace("</w:numbering>", '<w:num w:numId="77"><w:abstractNumId w:val="77" /></w:num></w:numbering>')
                data = xml.encode("utf-8")
            copy.writestr(info, data)
    return target


def png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def body_of(path: Path) -> str:
    """The body written, checked to parse without a problem."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert parse_body(body).problems == []
    return body


def front_matter_of(path: Path) -> bytes:
    data = path.read_bytes()
    return data[: data.index(b"\n---\n") + 5]


# --- Bad input: one French sentence, exit 2 (1 for nothing recognisable), nothing written


def _damaged(tmp_path: Path) -> bytes:
    whole = docx_from_markdown("## I. Ouverture\n\n- Un point.\n", tmp_path / "whole.docx").read_bytes()
    return whole[: len(whole) // 2]


def _corrupted_entry(tmp_path: Path) -> bytes:
    """A whole archive whose styles are garbled inside their compressed data."""
    path = docx_from_markdown("## I. Ouverture\n\n- Un point.\n", tmp_path / "whole.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 40, start + 60):
        data[offset] ^= 0x5A
    return bytes(data)


def _encrypted(_: Path) -> bytes:
    # An OLE compound file whose directory names the EncryptedPackage stream,
    # as Office writes a password-protected .docx.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00") + b"\x22\x00\x02\x01" + b"\x00" * 60
    return header + entry + b"\x00" * 384


def _old_doc(_: Path) -> bytes:
    entry = "WordDocument".encode("utf-16-le").ljust(64, b"\x00") + b"\x1a\x00\x02\x01" + b"\x00" * 60
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + entry + b"\x00" * 384


def _spreadsheet(_: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _nothing(tmp_path: Path) -> bytes:
    return docx_from_markdown("Bonjour à tous, voici mes notes.\n", tmp_path / "nothing.docx").read_bytes()


@pytest.mark.parametrize(
    ("make", "suffix", "code", "message"),
    [
        (_damaged, ".docx", 2, "est endommagé (archive .docx illisible) : ouvrez-le dans Word, qui propose de le réparer"),
        (_corrupted_entry, ".docx", 2, "est endommagé (archive .docx illisible)"),
        (_encrypted, ".docx", 2, "est protégé par un mot de passe : ouvrez-le dans Word, retirez le mot de passe"),
        (_old_doc, ".doc", 2, "est un ancien document Word (.doc) ou un autre fichier Office ancien : ouvrez-le dans Word"),
        (lambda _: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ".pdf", 2, "n'est pas un document Word (c'est un PDF) :"),
        (lambda _: b"Des notes en texte brut.\n", ".txt", 2, "n'est pas un document Word :"),
        (_spreadsheet, ".xlsx", 2, "n'est pas un document Word (c'est une archive Excel) :"),
        (_nothing, ".docx", 1, "ne contient rien de reconnaissable comme compte rendu"),
    ],
    ids=["damaged", "corrupted-entry", "password", "old-doc", "pdf", "text", "excel", "nothing-recognisable"],
)
def test_bad_input_is_one_french_sentence_and_nothing_written(
    example: Path, tmp_path: Path, make, suffix: str, code: int, message: str  # noqa: ANN001
) -> None:
    document = tmp_path / f"notes{suffix}"
    document.write_bytes(make(tmp_path))
    meeting = example / "meetings" / f"{BUREAU}.md"
    before = meeting.read_bytes()
    exit_code, output = run_cli("import-minutes", BUREAU, str(document), "--yes")
    assert exit_code == code, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"collegekit : notes{suffix} "), output
    assert message in lines[0], output
    assert lines[0].endswith("rien n'a été écrit.") or lines[0].endswith("Rien n'a été écrit."), output
    assert "Traceback" not in output
    assert meeting.read_bytes() == before


def test_a_missing_document_is_a_usage_error(example: Path) -> None:
    exit_code, output = run_cli("import-minutes", BUREAU, "absent.docx", "--yes")
    assert exit_code == 2, output
    assert output.strip() == (
        "collegekit : lecture impossible de absent.docx : dossier ou fichier introuvable. Rien n'a été écrit."
    )


# --- The draft


def test_draft_is_the_agenda_laid_out_for_notes(example: Path, tmp_path: Path) -> None:
    exit_code, output = run_cli("draft", BUREAU)
    assert exit_code == 0, output
    path = Path("build/prises-de-notes") / f"{BUREAU}-prise-de-notes.docx"
    assert output.splitlines()[0] == f"{path} : prise de notes de la séance {BUREAU}."
    ast = read_ast(path, pandoc_path(), str(path))
    headers = [(block["c"][0], text_of(block["c"][2])) for block in ast["blocks"] if block["t"] == "Header"]
    assert headers == [
        (1, "Comment prendre les notes"),
        (1, "Présences"),
        (1, "I. Approbation du compte rendu de la réunion du 17 novembre 2026"),
        (1, "II. Plans 2027"),
        (2, "a) Projet de plan de travail 2027 et bilan du plan de travail 2026"),
        (2, "b) Projet de plan de formation 2027"),
        (2, "c) Projet de règlement intérieur 2027"),
        (1, "III. Préparation de la séance plénière du 16 mars 2027"),
        (1, "IV. Bilan 2026 de la participation aux séances"),
        (1, "V. Fiches de poste reçues"),
    ]
    texts = [text_of(block["c"]) for block in ast["blocks"] if block["t"] == "Para"]
    assert "Date : mardi 15 décembre 2026, de 9 h 30 à 12 h" in " ".join(texts).replace("\n", " ") or any(
        "décembre 2026" in text for text in texts
    )
    assert any(text.startswith("Intervenante : Dr Claire Moreau") for text in texts)
    guide = next(block for block in ast["blocks"] if block["t"] == "BulletList")
    assert [text_of(item[0]["c"]).split(" :")[0] for item in guide["c"]] == [
        "Décision", "Point de vigilance", "Point d'alerte", "Question", "Action",
    ]
    assert text_of(guide["c"][4][0]["c"]) == (
        "Action : @cmoreau — transmettre la synthèse au directeur général — échéance 2027-01-14"
    )
    # Room for notes: three blank bullets under each heading of the agenda.
    blank = [[{"t": "Plain", "c": [{"t": "Str", "c": "\u00a0"}]}]] * 3
    assert sum(1 for block in ast["blocks"] if block["t"] == "BulletList" and block["c"] == blank) == 7
    table = next(block for block in ast["blocks"] if block["t"] == "Table")
    head = [" ".join(text_of(b["c"]) for b in cell[4]) for cell in table["c"][3][1][0][1]]
    assert head == ["Membre", "Affectation", "Présent", "Visio", "Excusé", "Absent"]
    rows = [[" ".join(text_of(b["c"]) for b in cell[4]) for cell in row[1]] for row in table["c"][4][0][3]]
    assert rows == [
        ["Mme Nadia Benali", "Siège", "", "", "", ""],
        ["Mme Sophie Faure", "Siège", "", "", "", ""],
        ["Dr Emma Laurent", "Var", "", "", "", ""],
        ["Dr Claire Moreau", "Siège", "", "", "", ""],
    ]


def test_draft_is_deterministic_and_never_overwrites(example: Path) -> None:
    exit_code, output = run_cli("draft", BUREAU, "--out", "notes.docx")
    assert exit_code == 0, output
    first = Path("notes.docx").read_bytes()
    Path("notes.docx").write_bytes(b"les notes du secretaire")
    exit_code, output = run_cli("draft", BUREAU, "--out", "notes.docx")
    assert exit_code == 1
    assert output.strip() == (
        "collegekit : notes.docx existe déjà (peut-être avec des notes) : rien n'a été écrit. "
        "Choisissez un autre --out, ou ajoutez --force pour le remplacer."
    )
    assert Path("notes.docx").read_bytes() == b"les notes du secretaire"
    exit_code, output = run_cli("draft", BUREAU, "--out", "notes.docx", "--force")
    assert exit_code == 0, output
    assert Path("notes.docx").read_bytes() == first
    exit_code, output = run_cli("draft", BUREAU, "--out", "notes.pdf")
    assert exit_code == 2 and "son nom finit par .docx" in output


def test_a_college_template_overrides_the_draft(example: Path) -> None:
    (example.parent / "templates").mkdir()
    (example.parent / "templates" / "draft.md.j2").write_text(
        "# Notes — {{ meeting.title }}\n\n## I. Tout\n\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8"
    )
    exit_code, output = run_cli("draft", BUREAU, "--out", "notes.docx")
    assert exit_code == 1, output
    assert "accès refusé par le bac à sable des modèles" in output or "n'existe pas" in output
    assert not Path("notes.docx").exists()


# --- Draft, filled in, read back


def fill_draft(markdown: str) -> str:
    """The draft's Markdown as a secretary fills it in during the meeting."""

    def tick(text: str, name: str, column: int) -> str:
        row = re.search(rf"^\| {re.escape(name)} \|.*$", text, re.MULTILINE)
        assert row is not None, name
        cells = row[0].split("|")
        cells[column + 1] = " x "
        return text.replace(row[0], "|".join(cells))

    markdown = tick(markdown, "Dr Claire Moreau", 2)
    markdown = tick(markdown, "Mme Nadia Benali", 2)
    markdown = tick(markdown, "Mme Sophie Faure", 3)
    markdown = tick(markdown, "Dr Emma Laurent", 4)
    room = "- &nbsp;\n- &nbsp;\n- &nbsp;\n"
    notes = [
        "- **Décision :** Le compte rendu du 17 novembre est approuvé sans modification.\n",
        "- Le bilan 2026 est *presque* complet.\n"
        "  - Trois actions restent à évaluer.\n"
        "    - Dont une en [santé mentale](https://exemple.fr/sm).\n"
        "- Point de vigilance : la charge des pilotes du siège.\n"
        "- Action : @nbenali — Compléter le bilan 2026 — échéance 2027-01-10\n",
        "- Question : Le plan de formation inclut-il le DPC ?\n\n  La question sera reprise en janvier.\n",
        "Point d'alerte : le règlement intérieur n'a pas été relu par la direction.\n",
        "**Tour de table des délégations**\n\n"
        "- **Mme Sophie Faure :** Le siège propose une date en mars.\n"
        "  - *Réponse de Dr Claire Moreau :* Le 16 mars est retenu.\n"
        "- **DD 04, DD 05 :** Préférence pour la visioconférence.\n"
        "- Plusieurs délégations demandent l'ordre du jour plus tôt.\n",
        "- &nbsp;\n",
        "- Quatre fiches reçues ; relance des autres délégations.\n",
    ]
    for note in notes:
        assert room in markdown
        markdown = markdown.replace(room, note, 1)
    return markdown


def filled_draft(records: Path, path: Path) -> Path:
    """The Word draft of BUREAU, filled in as fill_draft does, at `path`."""
    college = load(records).college
    assert college is not None
    renderer = Renderer(college)
    document = documents.draft(college, BUREAU)
    path.write_bytes(renderer.docx(document, fill_draft(renderer.markdown(document))))
    return path


def test_draft_filled_in_comes_back_as_the_body_and_the_attendance(example: Path, tmp_path: Path) -> None:
    college = load(example).college
    assert college is not None
    renderer = Renderer(college)
    document = documents.draft(college, BUREAU)
    filled = fill_draft(renderer.markdown(document))
    notes = tmp_path / "notes.docx"
    # Through the draft's own pipeline: Word keeps the document's properties.
    notes.write_bytes(renderer.docx(document, filled))
    meeting = example / "meetings" / f"{BUREAU}.md"
    front_before = front_matter_of(meeting)

    # As on the day after the meeting: attendance is noted once it is held (attendance-not-held).
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes", "--today", "2026-12-16")
    assert exit_code == 0, output
    body = body_of(meeting)
    assert body == "\n" + "\n".join(
        [
            "## I. Approbation du compte rendu de la réunion du 17 novembre 2026",
            "",
            "Intervenant : @cmoreau",
            "",
            "- Décision : Le compte rendu du 17 novembre est approuvé sans modification.",
            "",
            "## II. Plans 2027",
            "",
            "### a) Projet de plan de travail 2027 et bilan du plan de travail 2026",
            "",
            "Intervenant : @nbenali",
            "",
            "- Le bilan 2026 est *presque* complet.",
            "  - Trois actions restent à évaluer.",
            "    - Dont une en [santé mentale](https://exemple.fr/sm).",
            "- Point de vigilance : la charge des pilotes du siège.",
            "- Action : @nbenali — Compléter le bilan 2026 — échéance 2027-01-10",
            "",
            "### b) Projet de plan de formation 2027",
            "",
            "Intervenant : @sfaure",
            "",
            "- Question : Le plan de formation inclut-il le DPC ?",
            "- La question sera reprise en janvier.",  # a paragraph of its own in Word
            "",
            "### c) Projet de règlement intérieur 2027",
            "",
            "Intervenant : @elaurent",
            "",
            "- Point d'alerte : le règlement intérieur n'a pas été relu par la direction.",
            "",
            "## III. Préparation de la séance plénière du 16 mars 2027",
            "",
            "Intervenant : @cmoreau",
            "",
            "### Tour de table des délégations",
            "",
            "- @sfaure : Le siège propose une date en mars.",
            "  - Réponse de @cmoreau : Le 16 mars est retenu.",
            "- **DD 04, DD 05** : Préférence pour la visioconférence.",
            "- Plusieurs délégations demandent l'ordre du jour plus tôt.",
            "",
            "## IV. Bilan 2026 de la participation aux séances",
            "",
            "Intervenant : @nbenali",
            "",
            "## V. Fiches de poste reçues",
            "",
            "Intervenant : @nbenali",
            "",
            "- Quatre fiches reçues ; relance des autres délégations.",
            "",
        ]
    )
    # The front matter changed only by the attendance ticked in the table,
    # which says that the meeting took place: held, as `attend` notes it.
    front_after = front_matter_of(meeting).decode("utf-8").splitlines()
    added = [line for line in front_after if line not in front_before.decode("utf-8").splitlines()]
    assert sorted(added) == sorted(
        ["status: held", "attendance:", "  cmoreau: present", "  nbenali: present", "  sfaure: video",
         "  elaurent: excused"]
    )
    assert "status: planned" in front_before.decode("utf-8").splitlines()
    assert "4 présences notées.\nLa séance est désormais notée « tenue » (status: held).\n" in output
    assert "Laissé de côté : la section « Comment prendre les notes » du brouillon" in output
    # The attendance section's text is left, its ticks are not: said so, not « non importée ».
    assert ("Laissé de côté : le texte de la section « Présences », qui vient du dossier de la séance (les présences "
            "cochées dans son tableau sont proposées à part).") in output
    assert "non repris" not in output  # everything placed
    result = lint_records(example, dt.date(2026, 12, 20), changed={meeting})
    assert [d for d in result.diagnostics if d.location.path.resolve() == meeting.resolve() and d.is_error] == []


def test_attendance_ticked_before_the_meeting_is_not_noted(example: Path, tmp_path: Path) -> None:
    """A meeting to come has no attendance yet, only excuses (as `attend`):
    the minutes are taken, the excuse noted, the other ticks left, and the
    message says when to note them."""
    notes = filled_draft(example, tmp_path / "notes.docx")
    meeting = example / "meetings" / f"{BUREAU}.md"
    front_before = front_matter_of(meeting)
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes", "--today", "2026-12-01")
    assert exit_code == 0, output
    assert (
        "Présences : la séance du 15/12/2026 est à venir, seules les excuses cochées sont reprises. Après la "
        f"séance, relancez cette commande ou « collegekit attend {BUREAU} »."
    ) in output
    front_after = front_matter_of(meeting).decode("utf-8").splitlines()
    added = [line for line in front_after if line not in front_before.decode("utf-8").splitlines()]
    assert added == ["attendance:", "  elaurent: excused"]
    assert "1 présence notée." in output and "tenue" not in output
    assert "Action : @nbenali" in body_of(meeting)


def test_import_asks_only_in_a_terminal_and_never_replaces_minutes_without_force(example: Path, tmp_path: Path) -> None:
    notes = docx_from_markdown("## I. Ouverture\n\n- Décision : Approuvé.\n", tmp_path / "notes.docx")
    meeting = example / "meetings" / f"{BUREAU}.md"
    before = meeting.read_bytes()
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes))
    assert exit_code == 2, output
    assert "+- Décision : Approuvé." in output  # the change is shown first
    assert output.strip().splitlines()[-1] == (
        "collegekit : pas de terminal pour confirmer : rien n'a été écrit. Relisez les changements ci-dessus, "
        "puis relancez la commande avec --yes."
    )
    assert meeting.read_bytes() == before
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code == 0, output
    written = meeting.read_bytes()
    assert body_of(meeting) == "\n## I. Ouverture\n\n- Décision : Approuvé.\n"
    assert front_matter_of(meeting) == before[: before.index(b"\n---\n") + 5]
    other = docx_from_markdown("## I. Ouverture\n\n- Décision : Reporté.\n", tmp_path / "other.docx")
    exit_code, output = run_cli("import-minutes", BUREAU, str(other), "--yes")
    assert exit_code == 1, output
    assert f"records/meetings/{BUREAU}.md contient déjà un compte rendu : rien n'a été écrit." in output
    assert meeting.read_bytes() == written
    exit_code, output = run_cli("import-minutes", BUREAU, str(other), "--yes", "--force")
    assert exit_code == 0, output
    assert body_of(meeting) == "\n## I. Ouverture\n\n- Décision : Reporté.\n"
    exit_code, output = run_cli("import-minutes", BUREAU, str(other), "--yes")
    assert exit_code == 0 and "rien à changer" in output


# --- Minutes written in Word without the draft


def test_word_minutes_not_made_from_the_draft(example: Path, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png_1x1())
    markdown = "\n".join(
        [
            "Compte rendu de la réunion du bureau",
            "",
            "**I. Ouverture**",
            "",
            "Intervenants : Dr Claire Moreau et Mme Nadia Benali",
            "",
            "La séance est ouverte à 9 h 30.",
            "",
            "**a) Approbation**",
            "",
            "- Décision : Le compte rendu est approuvé[^1].",
            "- Vigilance : Les délais.",
            "",
            "| Indicateur | Valeur |",
            "|---|---|",
            "| Actions | 12 |",
            "",
            "![Logo](logo.png)",
            "",
            "**II - Questions diverses**",
            "",
            "1. Première question.",
            "2. Seconde question.",
            "",
            "[^1]: Par tous les présents.",
            "",
        ]
    )
    notes = docx_from_markdown(markdown, tmp_path / "cr.docx", f"--resource-path={tmp_path}")
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code in (0, 1), output
    assert body_of(example / "meetings" / f"{BUREAU}.md") == "\n" + "\n".join(
        [
            "## I. Ouverture",
            "",
            "Intervenants : @cmoreau, @nbenali",
            "",
            "- La séance est ouverte à 9 h 30.",
            "",
            "### a) Approbation",
            "",
            "- Décision : Le compte rendu est approuvé.",
            "- Vigilance : Les délais.",
            "",
            "## II. Questions diverses",
            "",
            "- Première question.",
            "- Seconde question.",
            "",
        ]
    )
    assert "4 éléments du document non repris (à recopier à la main s'il le faut) :" in output
    assert "  - texte (avant le premier titre) : « Compte rendu de la réunion du bureau »" in output
    assert "  - note de bas de page (sous « a) Approbation ») : « Par tous les présents. »" in output
    assert "  - tableau de 2 lignes (sous « a) Approbation ») : « Indicateur | Valeur »" in output
    assert "  - image (sous « a) Approbation ») : « Logo »" in output


def test_word_automatic_numbering_of_headings(example: Path, tmp_path: Path) -> None:
    typed = docx_from_markdown(
        "# I. Ouverture\n\n- Un mot d'accueil.\n\n# II. Plans\n\n## a) Plan de travail\n\n- Adopté.\n\n"
        "## b) Plan de formation\n\n### Volet DPC\n\n- Reporté.\n\n## Calendrier commun\n\n- Mars.\n\n"
        "# Conclusion\n\nFin à midi.\n\n## Prochaine étape\n\nEn mars.\n",
        tmp_path / "typed.docx",
    )
    numbered = headings_numbered_by_word(typed, tmp_path / "numbered.docx")
    ast = read_ast(numbered, pandoc_path(), "numbered.docx")
    assert [text_of(block["c"][2]) for block in ast["blocks"] if block["t"] == "Header"][:3] == [
        "Ouverture", "Plans", "Plan de travail",
    ]  # pandoc drops Word's numbering
    exit_code, output = run_cli("import-minutes", BUREAU, str(numbered), "--yes")
    assert exit_code in (0, 1), output
    assert body_of(example / "meetings" / f"{BUREAU}.md") == "\n" + "\n".join(
        [
            "## I. Ouverture",
            "",
            "- Un mot d'accueil.",
            "",
            "## II. Plans",
            "",
            "### a) Plan de travail",
            "",
            "- Adopté.",
            "",
            "### b) Plan de formation",
            "",
            "#### Volet DPC",
            "",
            "- Reporté.",
            "",
            "### Calendrier commun",
            "",
            "- Mars.",
            "",
            "## Conclusion",
            "",
            "Fin à midi.",
            "",
            "### Prochaine étape",
            "",
            "En mars.",
            "",
        ]
    )


def test_a_round_table_belongs_to_the_heading_above_it_in_level(example: Path, tmp_path: Path) -> None:
    notes = docx_from_markdown(
        "# I. Réforme\n\n## a) Bilan\n\n- Un point.\n\n### Tour de table des délégations\n\n"
        "- **DD 04 :** Accord.\n\n## b) Volets\n\n### Régulation\n\n#### Tour de table\n\n"
        "- **Plusieurs délégations :**\n    - Premier point.\n    - Vigilance : second point.\n\n"
        "## Tour de table final\n\n- Tous approuvent.\n",
        tmp_path / "notes.docx",
    )
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code in (0, 1), output
    assert body_of(example / "meetings" / f"{BUREAU}.md") == "\n" + "\n".join(
        [
            "## I. Réforme",
            "",
            "### a) Bilan",
            "",
            "- Un point.",
            "",
            "#### Tour de table des délégations",
            "",
            "- **DD 04** : Accord.",
            "",
            "### b) Volets",
            "",
            "#### Régulation",
            "",
            "##### Tour de table",
            "",
            "- **Plusieurs délégations** :",
            "  - Premier point.",
            "  - Vigilance : second point.",
            "",
            "### Tour de table final",
            "",
            "- Tous approuvent.",
            "",
        ]
    )


def test_an_agenda_skeleton_is_not_minutes_and_is_replaced_without_force(example: Path, tmp_path: Path) -> None:
    from collegekit.edit import replace_body

    meeting = example / "meetings" / f"{BUREAU}.md"
    skeleton = (
        "## I. Ouverture\n\nIntervenante : @cmoreau\n\n"
        "<!-- Points : « - texte », « - Décision : » -->\n\n## II. Plans 2027\n\nSupport : [Note](note.pdf)\n"
    )
    replace_body(meeting, skeleton)
    notes = docx_from_markdown("## I. Ouverture\n\n- Décision : Approuvé.\n", tmp_path / "notes.docx")
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code == 0, output
    assert "-<!-- Points : « - texte », « - Décision : » -->" in output
    assert body_of(meeting) == "\n## I. Ouverture\n\n- Décision : Approuvé.\n"
    replace_body(meeting, skeleton + "\n## Conclusion\n\nFin de séance à midi.\n")
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code == 1 and "contient déjà un compte rendu" in output


@pytest.mark.parametrize(("answers", "body_written", "attendance_written"), [("o\no\n", True, True), ("n\no\n", False, True), ("x\nn\nn\n", False, False)])
def test_in_a_terminal_each_change_is_asked_for(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: str, body_written: bool, attendance_written: bool
) -> None:
    from typer.testing import CliRunner

    from collegekit.cli import app

    monkeypatch.setattr("collegekit.cli.word._in_terminal", lambda: True)
    notes = docx_from_markdown(
        "## I. Ouverture\n\n- Décision : Approuvé.\n\n| Membre | Présent | Excusé |\n|---|---|---|\n| Dr Emma Laurent | | X |\n",
        tmp_path / "notes.docx",
    )
    meeting = example / "meetings" / f"{BUREAU}.md"
    before = meeting.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["import-minutes", BUREAU, str(notes)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Écrire ce compte rendu dans le dossier de la séance ? [o/n] (n):" in result.output
    # Dr Emma Laurent's file says « gender: f »: her presence agrees.
    assert "Présences cochées dans le document :\n  Dr Emma Laurent : excusée\n" in result.output
    if answers.startswith("x"):
        assert "Répondez « o » (oui) ou « n » (non)." in result.output
    after = meeting.read_text(encoding="utf-8")
    assert ("- Décision : Approuvé." in after) is body_written
    assert ("  elaurent: excused" in after) is attendance_written
    if not body_written and not attendance_written:
        assert after == before and result.output.rstrip().endswith("Rien n'a été écrit.")


def test_parts_and_items_typed_as_lists_word_numbers(example: Path, tmp_path: Path) -> None:
    # « I. **Ouverture** » typed; « II. » and « a) », « b) » numbered by Word as lists.
    notes = docx_from_markdown(
        "I. **Ouverture**\n\nTexte sous ouverture.\n\n- un point\n\nII. **Plans**\n\n"
        "a) Plan de travail\n\n- adopté\n\nb) Plan de formation\n",
        tmp_path / "notes.docx",
    )
    ast = read_ast(notes, pandoc_path(), "notes.docx")
    assert [block["t"] for block in ast["blocks"]][3:5] == ["OrderedList", "OrderedList"]
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code in (0, 1), output
    assert body_of(example / "meetings" / f"{BUREAU}.md") == "\n" + "\n".join(
        [
            "## I. Ouverture",
            "",
            "- Texte sous ouverture.",
            "- un point",
            "",
            "## II. Plans",
            "",
            "### a) Plan de travail",
            "",
            "- adopté",
            "",
            "### b) Plan de formation",
            "",
        ]
    )


def test_word_comments_are_listed_and_tracked_changes_said(example: Path, tmp_path: Path) -> None:
    notes = docx_from_markdown(
        '## I. Ouverture\n\n- Décision : [Approuvé sous réserve]{.comment-start id="1" author="Claire"}'
        'Le compte rendu est approuvé[]{.comment-end id="1"}.\n'
        '- [Ajouté en séance]{.insertion author="Claire" date="2026-12-15T10:00:00Z"}\n',
        tmp_path / "notes.docx",
    )
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes")
    assert exit_code in (0, 1), output
    assert "1 élément du document non repris (à recopier à la main s'il le faut) :" in output
    assert "  - commentaire Word (dans la marge) : « Approuvé sous réserve »" in output
    assert "Le document contient des modifications suivies : elles sont reprises comme acceptées" in output
    assert body_of(example / "meetings" / f"{BUREAU}.md") == (
        "\n## I. Ouverture\n\n- Décision : Le compte rendu est approuvé.\n- Ajouté en séance\n"
    )


# --- Round trip: render minutes → import-minutes → render minutes


def as_document(markdown: str) -> str:
    """A Markdown render as the document it is: its HTML, with a paragraph's
    soft line breaks as the spaces they mean. A Word document keeps no line
    wrapping, so the prose comes back unwrapped; nothing else may differ."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(markdown)
    for token in tokens:
        for child in token.children or []:
            if child.type == "softbreak":
                child.type, child.content = "text", " "
    return parser.renderer.render(tokens, parser.options, {})


@pytest.mark.parametrize("meeting", ["2025-11-25-pleniere", "2025-09-16-bureau", "2025-03-18-pleniere", "2026-03-17-pleniere"])
def test_render_import_render_gives_the_same_minutes(example: Path, meeting: str) -> None:
    exit_code, output = run_cli("render", "minutes", meeting, "--out", "before")
    assert exit_code == 0, output
    # The agenda too: its planned durations, which the minutes do not show, are kept.
    exit_code, output = run_cli("render", "agenda", meeting, "--format", "md", "--out", "before")
    assert exit_code == 0, output
    before_agenda = Path("before/ordres-du-jour", f"{meeting}-ordre-du-jour.md").read_text(encoding="utf-8")
    before_md = Path("before/comptes-rendus", f"{meeting}-compte-rendu.md").read_text(encoding="utf-8")
    before_docx = Path("before/comptes-rendus", f"{meeting}-compte-rendu.docx")
    path = example / "meetings" / f"{meeting}.md"
    front_matter = front_matter_of(path)

    exit_code, output = run_cli("import-minutes", meeting, str(before_docx), "--yes", "--force")
    assert exit_code == 0, output
    assert "non repris" not in output  # nothing of the document left unplaced
    assert f"records/meetings/{meeting}.md : aucune erreur." in output
    assert front_matter_of(path) == front_matter
    body_of(path)  # parses without a problem

    exit_code, output = run_cli("render", "minutes", meeting, "--out", "after")
    assert exit_code == 0, output
    after_md = Path("after/comptes-rendus", f"{meeting}-compte-rendu.md").read_text(encoding="utf-8")
    assert as_document(after_md) == as_document(before_md)
    exit_code, output = run_cli("render", "agenda", meeting, "--format", "md", "--out", "after")
    assert exit_code == 0, output
    assert Path("after/ordres-du-jour", f"{meeting}-ordre-du-jour.md").read_text(encoding="utf-8") == before_agenda
    # The Word documents read the same, paragraph by paragraph.
    after_docx = Path("after/comptes-rendus", f"{meeting}-compte-rendu.docx")
    assert read_ast(after_docx, pandoc_path(), "after")["blocks"] == read_ast(before_docx, pandoc_path(), "before")["blocks"]


@pytest.mark.parametrize(
    ("speakers", "named"),
    [
        ("Dr Claire Moreau, présidente", [("Dr Claire Moreau", "présidente")]),
        ("Dr Claire Moreau, la DGOS", [("Dr Claire Moreau", None), ("la DGOS", None)]),
        ("Dr Claire Moreau, présidente, l'ARS et les URPS",
         [("Dr Claire Moreau", "présidente"), ("l'ARS", None), ("les URPS", None)]),
        ("M. Paul Roux, secrétaire, le CHU", [("M. Paul Roux", "secrétaire"), ("le CHU", None)]),
        ("Dr Anne Martin, l’ARS", [("Dr Anne Martin", None), ("l’ARS", None)]),
    ],
)
def test_an_organisation_with_its_article_after_a_name_is_not_a_role(speakers: str, named: list[object]) -> None:
    """A role is printed after a name in lower case (« Dr Claire Moreau,
    présidente »); so is an organisation written with its article, which is a
    speaker of its own."""
    from collegekit.minutes.import_minutes import _Mapper

    assert _Mapper._named(speakers) == named


def test_planned_durations_go_back_under_their_own_headings() -> None:
    from collegekit.minutes.import_minutes import keep_planned_durations

    current = (
        "## I. Ouverture\n\nDurée : 10 min\n\n"
        "## II. Point\n\nIntervenant : @cmoreau\nDurée : 30 min\n\n"
        "### Tour de table\n\nDurée : 15 min\n\n"
        "## III. Autre point\n\n### Tour de table\n\nDurée : 20 min\n"
    )
    imported = (
        "## I. Ouverture\n\n- Approuvé.\n\n"
        "## II. Point\n\nIntervenant : @cmoreau\n\n- Dit.\n\n"
        "### Tour de table\n\n- Rien.\n\n"
        "## III. Autre point\n\nDurée : 45 min\n\n### Tour de table\n\n- Rien non plus.\n"
    )
    body, kept = keep_planned_durations(current, imported)
    assert kept == 4
    assert body == (
        "## I. Ouverture\n\nDurée : 10 min\n\n- Approuvé.\n\n"
        "## II. Point\n\nIntervenant : @cmoreau\nDurée : 30 min\n\n- Dit.\n\n"
        "### Tour de table\n\nDurée : 15 min\n\n- Rien.\n\n"
        "## III. Autre point\n\nDurée : 45 min\n\n### Tour de table\n\nDurée : 20 min\n\n- Rien non plus.\n"
    )


def test_a_document_made_for_another_meeting_is_refused(example: Path, tmp_path: Path) -> None:
    notes = filled_draft(example, tmp_path / "notes.docx")
    other = example / "meetings" / "2026-11-17-bureau.md"
    before = other.read_bytes()
    exit_code, output = run_cli("import-minutes", "2026-11-17-bureau", str(notes), "--yes", "--force",
                                "--today", "2026-12-16")
    assert exit_code == 1, output
    assert (
        f"a été fait par collegekit pour la séance {BUREAU} (ses propriétés le disent), pas pour 2026-11-17-bureau : "
        f"rien n'a été écrit. Importez-le dans cette séance-là (« collegekit import-minutes {BUREAU} … »), ou "
        "prenez les notes sur le brouillon de 2026-11-17-bureau (« collegekit draft 2026-11-17-bureau »)."
    ) in " ".join(output.split())
    assert other.read_bytes() == before


def test_attendance_lint_would_refuse_stops_the_whole_import(example: Path, tmp_path: Path) -> None:
    """A member ticked who was not a member that day: refused as `attend`
    refuses it, and neither the attendance nor the minutes are written."""
    notes = docx_from_markdown(
        "## I. Ouverture\n\n- Décision : Approuvé.\n\n| Membre | Présent | Excusé |\n|---|---|---|\n"
        "| Dr Zoé Aubert | X | |\n",
        tmp_path / "notes.docx",
    )
    (example / "members" / "zaubert.yaml").write_text(
        "title: Dr\nfirst_name: Zoé\nlast_name: Aubert\nprofession: physician\nstatus: misp\nsite: head-office\n"
        "memberships:\n  - start: 2020-01-01\n    end: 2023-12-31\n",
        encoding="utf-8",
    )
    meeting = example / "meetings" / f"{BUREAU}.md"
    before = meeting.read_bytes()
    exit_code, output = run_cli("import-minutes", BUREAU, str(notes), "--yes", "--today", "2026-12-16")
    assert exit_code == 1, output
    assert "erreur[attendance-not-a-member]" in output and "rien n'a été écrit" in output
    assert meeting.read_bytes() == before
