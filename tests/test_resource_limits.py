"""Bounds on what rendering may take: pandoc's and the PDF layout's memory and time, a college
template's time, memory and single steps, and the size a reference document
unpacks to. Each ends in a French message naming what to look at. The bounds
are lowered here to make the tests quick; no timing is asserted.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from collegekit.records import load
from collegekit.render import Renderer, documents, environment, layout, pandoc
from collegekit.render.errors import PandocError, ReferenceDocumentError, TemplateError
from tests.conftest import BASE_RECORDS

BUILTIN_REFERENCE = Path(__file__).parent.parent / "templates" / "reference.docx"


def docx_of(markdown: str) -> bytes:
    return pandoc.to_docx(
        markdown,
        reference=BUILTIN_REFERENCE,
        epoch=0,
        subject="Collège",
        description="",
        properties={},
        pandoc=pandoc.pandoc_path(),
    )


HUGE_WORD_TABLE = "# Titre\n\n| a | b |\n|---|---|\n" + "".join(
    f"| {index} | {'mot ' * 20} |\n" for index in range(40_000)
)


def test_pandoc_past_its_memory_stops_with_a_french_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bound a document of a college passes (pandoc itself takes some 100 MB), an immense table does not.
    monkeypatch.setattr(pandoc, "PANDOC_MEMORY_MB", 200)
    assert docx_of("# Titre\n\nUn paragraphe.\n").startswith(b"PK")
    with pytest.raises(PandocError, match=r"^pandoc a besoin de plus de 200 Mo de mémoire pour ce document : il est démesuré"):
        docx_of(HUGE_WORD_TABLE)


def test_pandoc_s_memory_bound_holds_on_the_command_line_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Word file read for import-minutes is one pandoc run, bounded by pandoc's runtime (+RTS -M).
    monkeypatch.setattr(pandoc, "PANDOC_MEMORY_MB", 16)
    with pytest.raises(PandocError, match=r"^pandoc a besoin de plus de 16 Mo de mémoire pour ce document : il est démesuré"):
        pandoc.run_bounded([pandoc.pandoc_path(), f"--from={pandoc.READER}", "--to=json"], HUGE_WORD_TABLE.encode())


def test_pandoc_past_its_time_stops_with_a_french_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc, "PANDOC_SECONDS", 0.001)
    with pytest.raises(PandocError, match=r"^pandoc n'a pas fini en 0.001 secondes : le document est démesuré"):
        docx_of("# Titre\n\n" + "Un paragraphe.\n\n" * 50_000)


HUGE_TABLE = "# Titre\n\n| a | b |\n|---|---|\n" + "".join(f"| {index} | mot mot mot mot |\n" for index in range(30_000))


def pdf_of(markdown: str) -> bytes:
    return pandoc.to_pdf(markdown, epoch=0, subject="Collège", description="", pandoc=pandoc.pandoc_path())


def test_the_pdf_layout_past_its_memory_stops_with_a_french_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "TYPST_MEMORY_MB", 300)
    assert pdf_of("# Titre\n\nUn paragraphe.\n").startswith(b"%PDF-")
    with pytest.raises(
        PandocError,
        match=r"^la mise en page du PDF a besoin de plus de 300 Mo de mémoire pour ce document : il est démesuré",
    ):
        pdf_of(HUGE_TABLE)


def test_the_pdf_layout_past_its_time_stops_with_a_french_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "TYPST_SECONDS", 0.001)
    with pytest.raises(PandocError, match=r"^la mise en page du PDF n'a pas fini en 0.001 secondes : le document est démesuré"):
        pdf_of("# Titre\n\nUn paragraphe.\n")


def test_a_word_file_read_past_pandoc_s_time_stops_with_a_french_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collegekit.minutes.word_file import WordFileError, read_ast

    notes = tmp_path / "notes.docx"
    notes.write_bytes(docx_of("# Titre\n\nUn paragraphe.\n"))
    assert read_ast(notes, pandoc.pandoc_path(), "notes.docx")["blocks"]
    monkeypatch.setattr(pandoc, "PANDOC_SECONDS", 0.001)
    with pytest.raises(WordFileError, match=r"^pandoc n'a pas fini en 0.001 secondes : le document est démesuré"):
        read_ast(notes, pandoc.pandoc_path(), "notes.docx")


def college_with_template(tmp_path: Path, template: str) -> Renderer:
    shutil.copytree(BASE_RECORDS, tmp_path / "records")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "minutes.md.j2").write_text(template, encoding="utf-8")
    college = load(tmp_path / "records").college
    assert college is not None
    return Renderer(college)


def minutes_of(renderer: Renderer) -> str:
    return renderer.markdown(documents.minutes(renderer.college, "2024-03-12-pleniere"))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         "le modèle n'a pas fini en 0.5 secondes (une boucle sans fin ?)."),
        ('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
         "le modèle demande plus de 48 Mo de mémoire (un texte ou une liste qui grossit sans fin ?)."),
        ('{{ "a" * 10**9 }}', "« * » ferait plus de 1000000 éléments"),
        ('{{ [1, 2] * 600000 }}', "« * » ferait plus de 1000000 éléments"),
        ('{{ "a".ljust(10**9) }}', "« ljust » : un nombre de plus de 1000000 y est refusé"),
        ('{{ "a" | center(1000000000) }}', "filtre « center » : un nombre de plus de 1000000 y est refusé"),
        ('{{ "{:>999999999}".format(1) }}', "largeur de champ démesurée dans « {:>999999999} »"),
        ('{{ "%999999999d" % 1 }}', "largeur de champ démesurée dans « %999999999d »"),
        ('{{ "%999999999d" | format(1) }}', "largeur de champ démesurée dans « %999999999d »"),
        ("{{ 7 ** 100000000 }}", "« ** » : exposant démesuré"),
    ],
    ids=["endless-loop", "growing-text", "repeated-text", "repeated-list", "ljust", "center", "format-width",
         "percent-width", "format-filter", "power"],
)  # fmt: skip
def test_a_template_without_bounds_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, message: str
) -> None:
    monkeypatch.setattr(environment, "TEMPLATE_SECONDS", 0.5)
    monkeypatch.setattr(environment, "TEMPLATE_MEMORY_MB", 48)
    renderer = college_with_template(tmp_path, template)
    with pytest.raises(TemplateError) as stopped:
        minutes_of(renderer)
    assert str(stopped.value).startswith("templates/minutes.md.j2:1 : ") or str(stopped.value).startswith(
        f"{tmp_path}/templates/minutes.md.j2:1 : "
    ), stopped.value
    assert message in str(stopped.value)


def test_bounded_templates_still_do_what_templates_do(tmp_path: Path) -> None:
    renderer = college_with_template(
        tmp_path,
        '{{ "ab" * 3 }} {{ "%05d" % 42 }} {{ "{:>4}".format(7) }} {{ 3 ** 4 }} {{ "x" | center(5) }}|'
        '{{ "y".ljust(3) }}|{{ [1, 2] * 2 }}{% for i in range(3) %}{{ i }}{% endfor %}',
    )
    # (Runs of spaces are made one, and brackets escaped, by the Markdown tidying.)
    assert minutes_of(renderer).rstrip().endswith("ababab 00042 7 81 x|y|\\[1, 2, 1, 2\\]012")


def bomb(tmp_path: Path, declared_mb: int) -> Path:
    """The built-in reference document with a styles part of `declared_mb` MB,
    which deflates to a few hundred KB."""
    target = tmp_path / "reference.docx"
    with zipfile.ZipFile(BUILTIN_REFERENCE) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/styles.xml":
                data += b" " * (declared_mb * 2**20)
            out.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_a_zip_bomb_reference_is_refused_before_anything_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = bomb(tmp_path, 200)
    assert reference.stat().st_size < 2**20

    def no_unpacking(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the reference document was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "read", no_unpacking)
    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    with pytest.raises(ReferenceDocumentError) as refused:
        pandoc.check_reference(reference)
    assert "le document Word de référence est inutilisable : une fois décompressé, il ferait 200 Mo, plus que les " \
        "64 Mo qu'un document de référence peut faire" in str(refused.value)


def test_a_large_but_bounded_reference_is_still_read(tmp_path: Path) -> None:
    pandoc.check_reference(bomb(tmp_path, 10))


@pytest.mark.parametrize("template", ['{{ "a" * 10**9 }}', '{{ "a" | center(10**9) }}', '{{ "%999999999d" % 1 }}'])
def test_the_site_templates_run_in_the_same_bounded_sandbox(tmp_path: Path, template: str) -> None:
    from jinja2.exceptions import SecurityError

    from collegekit.render.environment import make_environment

    with pytest.raises(SecurityError):
        make_environment([tmp_path], "fr_FR", html=True).from_string(template).render()
