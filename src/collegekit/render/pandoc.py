"""Markdown to Word and PDF with the pandoc of the pypandoc-binary wheel
(and, for PDF, the Typst compiler of the typst wheel, run by `layout`).

- Pandoc reads `markdown-raw_html-raw_attribute-raw_tex`, so no record can
  slip raw HTML, TeX or Word XML (`` `...`{=openxml} ``) into a document;
  also without `yaml_metadata_block` (a `---` block in a meeting's prose
  cannot set the document's metadata), without `smart` (quotes and dashes
  come out as written), and without spans, divs and attributes
  (`[x]{custom-style="Title"}`, `::: {.class}`, `{#id}`): a meeting's prose
  keeps its Markdown (emphasis, lists, tables) but cannot style the document.
- `--shift-heading-level-by=-1`: the Markdown's only level-1 heading becomes
  the Word document's title (style Title, and the title of its properties);
  `##` parts become Heading 1, and so on.
- `lang=fr-FR`, the college's name as subject (shown in the header of the
  reference document), and the provenance note as description; the note's
  source and command are also custom properties.
- `--sandbox`: pandoc reads no file and fetches no address on its own, so
  an image in a record (`![](/etc/passwd)`, `![](http://…)`) cannot copy a
  file of this machine into the document or make it fetch anything. The
  images a document may show (files of the records, see `images.py`; the
  charts of a report) are handed to it as data, through its JSON form.
- Deterministic: the dates of the document's properties and of its zip
  entries are the record's date, not the clock (`_finished`).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from collegekit.files import system_reason, zip_entry_date
from collegekit.images import IMAGE_TYPES, ImageFolder, read_image
from collegekit.render.errors import PandocError, ReferenceDocumentError, shown
from collegekit.render.layout import compile_pdf

READER = (
    "markdown-raw_html-raw_attribute-raw_tex-yaml_metadata_block-smart"
    "-bracketed_spans-fenced_divs-native_divs-native_spans"
    "-link_attributes-header_attributes-inline_code_attributes-fenced_code_attributes"
)
_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")
_SUFFIX_OF = {media_type: suffix for suffix, media_type in IMAGE_TYPES.items()}
_CORE_DATE = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")
_SUBJECT_FIELD = re.compile(r'(<w:fldSimple\s+w:instr="\s*SUBJECT\b[^"]*"[^>]*>).*?(</w:fldSimple>)', re.DOTALL)


def pandoc_path() -> str:
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as error:
        raise PandocError(
            f"pandoc est introuvable ({error}) : réinstallez collegekit avec son paquet pypandoc-binary."
        ) from None
    return str(path)


# A Word document's styles and layout take a few hundred KB, its images a few
# MB; a reference document that would unpack to more is refused from the
# sizes its archive declares, before a byte is unpacked (a "zip bomb" of a
# few KB can declare gigabytes). Python's reader never unpacks more than an
# entry declares, and pandoc's memory is bounded (PANDOC_MEMORY_MB) if an
# entry lies.
REFERENCE_MAX_MB = 64


def check_reference(path: Path) -> None:
    """A reference document pandoc can use, or a clear error naming it."""
    problem = None
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            missing = [part for part in _REQUIRED_PARTS if part not in names]
            unpacked = sum(entry.file_size for entry in entries)
            if path.stat().st_size > REFERENCE_MAX_MB * 2**20 or unpacked > REFERENCE_MAX_MB * 2**20:
                problem = (
                    f"une fois décompressé, il ferait {max(unpacked, path.stat().st_size) // 2**20} Mo, plus que "
                    f"les {REFERENCE_MAX_MB} Mo qu'un document de référence peut faire"
                )
            elif missing:
                problem = f"il y manque {', '.join(missing)}"
            else:
                ElementTree.fromstring(archive.read("word/styles.xml"))
                ElementTree.fromstring(archive.read("word/document.xml"))
    except zipfile.BadZipFile:
        problem = "ce n'est pas un fichier .docx (archive illisible)"
    except ElementTree.ParseError as error:
        problem = f"ses styles sont illisibles ({error})"
    except OSError as error:
        problem = f"lecture impossible ({system_reason(error)})"
    if problem:
        raise ReferenceDocumentError(
            f"{shown(path)} : le document Word de référence est inutilisable : {problem}. "
            "Enregistrez-le à nouveau depuis Word (format .docx), ou supprimez-le pour revenir "
            "au document de référence de collegekit."
        )


def to_docx(
    markdown: str,
    *,
    reference: Path,
    epoch: int,
    subject: str,
    description: str,
    properties: dict[str, str],
    pandoc: str,
    images: ImageFolder | None = None,
) -> bytes:
    """The Word document of `markdown`; its images come from `images` only
    (none without it)."""
    source, reader = markdown.encode("utf-8"), READER
    if "![" in markdown:  # every image syntax starts so: the rest need no second run
        json_source = run_bounded([pandoc, f"--from={READER}", "--to=json"], source)
        source, reader = _with_images(json_source, images, _as_data_uri), "json"
    arguments = [
        pandoc,
        f"--from={reader}",
        "--to=docx",
        f"--reference-doc={reference}",
        "--shift-heading-level-by=-1",
        "--metadata=lang:fr-FR",
        f"--metadata=subject:{subject}",
        f"--metadata=description:{description}",
        *(f"--metadata={key}:{value}" for key, value in properties.items()),
        "--output=-",
    ]
    try:
        docx = run_bounded(arguments, source)
    except PandocError as error:
        if "reference" in str(error).lower() or str(reference) in str(error):
            raise ReferenceDocumentError(
                f"{shown(reference)} : pandoc ne peut pas utiliser ce document Word de référence ({error.detail})."
            ) from None
        raise
    return _finished(docx, subject, epoch)


# Bounds on one pandoc run, far above what a college's documents need (a
# few MB and a tenth of a second): a record made to exhaust the machine stops
# with a message instead. Pandoc's own runtime enforces the memory bound
# (+RTS -M), and exits with this code when it is reached.
PANDOC_MEMORY_MB = 1024
PANDOC_SECONDS = 120.0
_HEAP_EXHAUSTED = 251


def run_bounded(arguments: list[str], source: bytes, sandbox: bool = True) -> bytes:
    """One pandoc run, sandboxed unless told otherwise, within its memory and
    time bounds. Fails with a French sentence; the error's detail is what
    pandoc said when it ran and refused its input (empty otherwise)."""
    arguments = [arguments[0], "+RTS", f"-M{PANDOC_MEMORY_MB}m", "-RTS", *(["--sandbox"] if sandbox else []),
                 *arguments[1:]]
    try:
        completed = subprocess.run(
            arguments, input=source, capture_output=True, check=False, timeout=PANDOC_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise PandocError(
            f"pandoc n'a pas fini en {PANDOC_SECONDS:g} secondes : le document est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        ) from None
    except OSError as error:
        raise PandocError(f"pandoc ne peut pas être lancé ({shown(arguments[0])} : {system_reason(error)}).") from None
    if completed.returncode == _HEAP_EXHAUSTED and b"Heap exhausted" in completed.stderr:
        raise PandocError(
            f"pandoc a besoin de plus de {PANDOC_MEMORY_MB} Mo de mémoire pour ce document : il est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise PandocError(
            f"pandoc a échoué (code {completed.returncode}) : {message}", detail=message or f"code {completed.returncode}"
        )
    return completed.stdout


def _with_images(document_json: bytes, images: ImageFolder | None, place: Callable[[str, bytes], str]) -> bytes:
    """The document with each allowed image given to pandoc as `place`
    returns it (from its media type and bytes), and each refused one
    replaced by its description alone."""
    document = json.loads(document_json)
    stack: list[Any] = [document["blocks"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            for index, child in enumerate(node):
                if isinstance(child, dict) and child.get("t") == "Image":
                    attributes, description, (target, title) = child["c"]
                    found = read_image(target, images) if images is not None else None
                    if found is None:
                        node[index] = {"t": "Span", "c": [["", [], []], description]}
                    else:
                        child["c"] = [attributes, description, [place(*found), title]]
                stack.append(child)
    return json.dumps(document).encode("utf-8")


def _as_data_uri(media_type: str, data: bytes) -> str:
    """An image pandoc embeds in a Word document without reading anything."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def to_pdf(
    markdown: str,
    *,
    epoch: int,
    subject: str,
    description: str,
    pandoc: str,
    images: ImageFolder | None = None,
) -> bytes:
    """The PDF of `markdown`: pandoc writes Typst, the compiler of the typst
    wheel lays it out (A4, French hyphenation, tagged headings).

    Typst reads only the folder it is given: a scratch folder holding the
    allowed images, copied there under names of collegekit's choosing.
    """
    with tempfile.TemporaryDirectory(prefix="collegekit-pdf-") as scratch:
        folder = Path(scratch)
        source, reader = markdown.encode("utf-8"), READER
        if "![" in markdown:
            placed: list[str] = []

            def place(media_type: str, data: bytes) -> str:
                name = f"image-{len(placed) + 1}{_SUFFIX_OF[media_type]}"
                (folder / name).write_bytes(data)
                placed.append(name)
                return name

            json_source = run_bounded([pandoc, f"--from={READER}", "--to=json"], source)
            source, reader = _with_images(json_source, images, place), "json"
        arguments = [
            pandoc,
            f"--from={reader}",
            "--to=typst",
            "--standalone",
            "--shift-heading-level-by=-1",
            "--metadata=lang:fr-FR",
            f"--metadata=subject:{subject}",
            f"--metadata=description:{description}",
            "--variable=papersize:a4",
            "--variable=page-numbering:1",
            # French hyphenation of the whole text, not only justified paragraphs.
            "--variable=header-includes:#set text(hyphenate: true)",
        ]
        main = folder / "document.typ"
        main.write_bytes(run_bounded(arguments, source))
        return compile_pdf(main, root=folder, epoch=epoch)


# One pandoc process converts many documents to HTML: pandoc's own Lua runs
# the reader and the writer for each, apart (a document's footnotes, link
# definitions or unclosed code block cannot reach the next one), its reader
# sandboxed (no file read). Starting pandoc and loading its reader costs more
# than a document's conversion: one process for many is three times faster.
# A failing document gives its error, not the batch's.
_BATCH = """
local input = pandoc.json.decode(io.read('a'), false)
local results = {}
for i, item in ipairs(input.documents) do
  local ok, output = pcall(function ()
    -- 72 columns, as on the command line: a wide table gets the same widths as in Word.
    local document = pandoc.read(item.text, item.from, {columns = 72}, {})
    if input.to == 'json' then
      return pandoc.write(document, 'json')
    end
    return pandoc.write(document, 'html5', {wrap_text = 'none'})
  end)
  results[i] = ok and {output = output} or {error = tostring(output)}
end
io.write(pandoc.json.encode(results))
"""


def to_html(markdown: str, *, pandoc: str, images: ImageFolder | None = None) -> str:
    """An HTML fragment of `markdown` for the college's site: see to_html_many."""
    return to_html_many([(markdown, images)], pandoc=pandoc)[0]


def to_html_many(documents: list[tuple[str, ImageFolder | None]], *, pandoc: str) -> list[str]:
    """HTML fragments of Markdown documents for the college's site, in one
    pandoc process: the same reader as the Word and PDF documents (no raw
    HTML passes: a `<script>` in a record comes out as text), sandboxed,
    images embedded as data from each document's `images` only. Headings keep
    their level: the document's `#` title is the page's only h1."""
    items: list[dict[str, str]] = [{"text": text, "from": READER} for text, _ in documents]
    with_images = [index for index, (text, _) in enumerate(documents) if "![" in text]
    if with_images:
        # Their images are placed as data between reading and writing: each
        # is read to pandoc's JSON form first (one more process for them all).
        json_forms = _batch([items[index] for index in with_images], pandoc, "json")
        for index, json_form in zip(with_images, json_forms, strict=True):
            items[index] = {
                "text": _with_images(json_form.encode("utf-8"), documents[index][1], _as_data_uri).decode("utf-8"),
                "from": "json",
            }
    return [html + "\n" for html in _batch(items, pandoc, "html5")]


def _batch(items: list[dict[str, str]], pandoc: str, to: str) -> list[str]:
    """Each item's text, read `from` its format, written `to` html5 or json:
    one `pandoc lua` process (which takes no --sandbox: its script sandboxes
    the reader; the bounds on memory and time hold as for any run)."""
    source = json.dumps({"to": to, "documents": items}).encode("utf-8")
    results = json.loads(run_bounded([pandoc, "lua", "-e", _BATCH], source, sandbox=False))
    for result in results:
        if "error" in result:
            raise PandocError(f"pandoc a échoué : {result['error']}", detail=result["error"])
    return [result["output"] for result in results]


def _finished(docx: bytes, subject: str, epoch: int) -> bytes:
    """pandoc's document, finished where pandoc could not do it itself.

    - The subject is written as the shown value of SUBJECT fields in headers
      and footers, so that Word shows the college's name without updating
      fields.
    - The dates: sandboxed, pandoc cannot read SOURCE_DATE_EPOCH and dates
      everything 1970; the document properties and the archive's entries
      get the record's date instead.

    The archive is rewritten entry by entry with the same names and order:
    the result is as deterministic as pandoc's output.
    """
    when = dt.datetime.fromtimestamp(epoch, dt.UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    entry_date = zip_entry_date(when)
    run = f'<w:r><w:t xml:space="preserve">{_xml_text(subject)}</w:t></w:r>'
    source = zipfile.ZipFile(io.BytesIO(docx))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if re.fullmatch(r"word/(header|footer)\d*\.xml", info.filename):
                xml = data.decode("utf-8")
                data = _SUBJECT_FIELD.sub(lambda match: match[1] + run + match[2], xml).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(lambda match: match[1] + stamp + match[2], data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=entry_date)
            entry.external_attr = info.external_attr
            archive.writestr(entry, data, compress_type=info.compress_type)
    return output.getvalue()


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
