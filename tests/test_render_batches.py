"""Word documents and PDFs are made many at a time (one pandoc process, one
Typst process for a batch): each document's bytes are those it has alone,
and a document that fails, fails alone, with its own message. No timing is
asserted; the bounds are lowered to make the hostile documents quick.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collegekit.records import load
from collegekit.render import Renderer, documents, layout, pandoc
from collegekit.render.build import BATCH, batches
from collegekit.render.errors import PandocError
from tests.conftest import BASE_RECORDS, EXAMPLE_RECORDS, run_cli

BUILTIN_REFERENCE = Path(__file__).parent.parent / "templates" / "reference.docx"


Example = tuple[Renderer, list[tuple[documents.Document, str]], list[dict[str, pandoc.Outcome]]]


@pytest.fixture(scope="module")
def example() -> Example:
    """Every document of the example college, its HTML, Word file and PDF made together in one batch."""
    college = load(EXAMPLE_RECORDS).college
    assert college is not None
    renderer = Renderer(college)
    items = [(document, renderer.markdown(document)) for document in documents.every_document(college)]
    return renderer, items, renderer.convert_many(items, ("html", "docx", "pdf"))


@pytest.mark.parametrize("output_format", ["html", "docx", "pdf"])
def test_every_document_of_the_example_college_in_one_batch_is_the_same_bytes_as_alone(
    example: Example, output_format: str
) -> None:
    renderer, items, together = example
    # The example college's documents, a plan with an image among them.
    assert len(items) > 40 and any("![" in text for _, text in items)
    for (document, text), files in zip(items, together, strict=True):
        made = files[output_format]
        assert isinstance(made, bytes), (document.output, made)
        assert made == renderer.convert_many([(document, text)], (output_format,))[0][output_format], document.output


HUGE_TABLE = "# Titre\n\n| a | b |\n|---|---|\n" + "".join(f"| {index} | {'mot ' * 20} |\n" for index in range(40_000))


def source(markdown: str) -> pandoc.Source:
    return pandoc.Source(markdown, epoch=0, subject="Collège", description="", properties={"source": "x"})


def test_a_document_past_pandoc_s_memory_fails_alone_in_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc, "PANDOC_MEMORY_MB", 200)
    sources = [source("# Premier\n\nUn paragraphe.\n"), source(HUGE_TABLE), source("# Troisième\n\n- un point\n")]
    first, huge, third = pandoc.to_docx_many(sources, reference=BUILTIN_REFERENCE, pandoc=pandoc.pandoc_path())
    assert isinstance(huge, PandocError)
    assert str(huge).startswith("pandoc a besoin de plus de 200 Mo de mémoire pour ce document : il est démesuré")
    # The documents before and after it are made, as they are alone (pandoc started again after it).
    for made, alone in ((first, sources[0]), (third, sources[2])):
        assert made == pandoc.to_docx_many([alone], reference=BUILTIN_REFERENCE, pandoc=pandoc.pandoc_path())[0]


def test_a_document_past_the_layout_s_memory_fails_alone_in_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "TYPST_MEMORY_MB", 300)
    huge = "# Titre\n\n| a | b |\n|---|---|\n" + "".join(f"| {index} | mot mot mot mot |\n" for index in range(30_000))
    sources = [source("# Premier\n\nUn paragraphe.\n"), source(huge), source("# Troisième\n\n- un point\n")]
    first, failed, third = pandoc.to_pdf_many(sources, pandoc=pandoc.pandoc_path())
    assert isinstance(failed, PandocError)
    assert str(failed).startswith(
        "la mise en page du PDF a besoin de plus de 300 Mo de mémoire pour ce document : il est démesuré"
    )
    for made, alone in ((first, sources[0]), (third, sources[2])):
        assert made == pandoc.to_pdf_many([alone], pandoc=pandoc.pandoc_path())[0]


def test_a_hostile_record_stops_render_all_with_its_message_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    meeting = records / "meetings" / "2024-03-12-pleniere.md"
    # Below the size of a record lint refuses (2 MB), and far above what pandoc is given here.
    table = "| a | b |\n|---|---|\n" + "".join(f"| {index} | {'mot ' * 20} |\n" for index in range(15_000))
    text = meeting.read_text(encoding="utf-8")
    assert "\nLe compte rendu en prose.\n" in text
    meeting.write_text(text.replace("\nLe compte rendu en prose.\n", f"\nLe compte rendu en prose.\n\n{table}\n"), encoding="utf-8")
    monkeypatch.setattr(pandoc, "PANDOC_MEMORY_MB", 200)
    out = tmp_path / "build"
    exit_code, output = run_cli("render", "all", "--records", str(records), "--format", "docx", "--out", str(out))
    assert exit_code == 2
    # Its own message, naming its record: the other documents were made, and are not written either.
    assert output == (
        "collegekit : records/meetings/2024-03-12-pleniere.md : pandoc a besoin de plus de 200 Mo de mémoire "
        "pour ce document : il est démesuré (un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit.\n"
    )
    assert "Traceback" not in output
    assert not out.exists() or not any(path.is_file() for path in out.rglob("*"))


def test_batches_cut_the_documents_in_order_for_both_cores() -> None:
    assert batches(0, 2) == []
    assert batches(1, 2) == [range(0, 1)]
    assert batches(5, 2) == [range(0, 3), range(3, 5)]
    assert batches(5, 1) == [range(0, 5)]
    for count in (68, 864):
        cut = batches(count, 2)
        assert [index for part in cut for index in part] == list(range(count))
        # As many batches as a multiple of the cores, none larger than BATCH, of even sizes.
        assert len(cut) % 2 == 0 and max(len(part) for part in cut) <= BATCH
        assert max(len(part) for part in cut) - min(len(part) for part in cut) <= 1


# What the documents were made with before the batches, one pandoc command a
# document: the batches must give the same bytes (the headings shifted as
# --shift-heading-level-by=-1 does, the metadata as --metadata gives it).
EDGES = (
    "# Premier titre\n\n# Second titre\n\nTexte.\n\n# Un autre niveau 1\n\n## Partie\n\n"
    "> # Dans une citation\n>\n> ### Plus bas\n\n###### Six\n\n- point\n\n  # Dans une liste\n"
)


def command_line(markdown: str, to: list[str], metadata: dict[str, str]) -> bytes:
    return pandoc.run_bounded(
        [pandoc.pandoc_path(), f"--from={pandoc.READER}", *to, "--shift-heading-level-by=-1",
         "--metadata=lang:fr-FR", *(f"--metadata={key}:{value}" for key, value in metadata.items())],
        markdown.encode("utf-8"),
    )


@pytest.mark.parametrize(
    ("properties", "markdown"),
    [
        ({"source": "records/x.md", "command": "collegekit render all"}, EDGES),
        # Values pandoc's command line reads as booleans.
        ({"source": "true", "command": "FALSE"}, "Pas de titre.\n\n## Partie\n"),
    ],
)
def test_the_batches_give_what_pandoc_s_command_line_gave(
    tmp_path: Path, properties: dict[str, str], markdown: str
) -> None:
    metadata = {"subject": "Collège", "description": "Une note : Source : x.", **properties}
    docx = command_line(markdown, ["--to=docx", f"--reference-doc={BUILTIN_REFERENCE}", "--output=-"], metadata)
    made = pandoc.to_docx(markdown, reference=BUILTIN_REFERENCE, epoch=86_400, subject="Collège",
                          description=metadata["description"], properties=properties, pandoc=pandoc.pandoc_path())
    assert made == pandoc._finished(docx, "Collège", 86_400)
    typst = command_line(
        markdown,
        ["--to=typst", "--standalone", *(f"--variable={key}:{value}" for key, value in pandoc.TYPST_VARIABLES.items())],
        {"subject": "Collège", "description": metadata["description"]},
    )
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "document.typ").write_bytes(typst)
    (pdf,) = layout.compile_many([layout.Job(tmp_path / "root" / "document.typ", tmp_path / "root", 86_400,
                                             tmp_path / "document.pdf")])
    assert pdf == pandoc.to_pdf(markdown, epoch=86_400, subject="Collège", description=metadata["description"],
                                pandoc=pandoc.pandoc_path())
