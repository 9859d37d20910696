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
- Sandboxed: pandoc's reader reads no file and fetches no address on its
  own, so an image in a record (`![](/etc/passwd)`, `![](http://…)`) cannot
  copy a file of this machine into the document or make it fetch anything.
  The images a document may show (files of the records, see `images.py`;
  the charts of a report) are handed to it as data, through its JSON form;
  any other image is left out before a writer sees the document.
- Many documents a process (`_BATCH`, `pandoc lua`), each converted as the
  command line `pandoc --sandbox` with the options above would: the same
  bytes, one path for one document or many.
- Deterministic: the dates of the document's properties and of its zip
  entries are the record's date, not the clock (`_finished`).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from collegekit.files import system_reason, zip_entry_date
from collegekit.images import IMAGE_TYPES, ImageFolder, read_image
from collegekit.render import layout
from collegekit.render.bounded import Stop, answers
from collegekit.render.errors import PandocError, ReferenceDocumentError, RenderError, shown

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


@dataclass(frozen=True)
class Source:
    """A document for pandoc: its Markdown (the provenance note left out),
    what its files' properties say, and where its images may be read (none
    without `images`)."""

    markdown: str
    epoch: int = 0  # the record's date: the files' dates, so the same record gives the same bytes
    subject: str = ""
    description: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)  # Word's custom properties
    images: ImageFolder | None = None


# What each document gives in a format: its file, or the error that stopped it.
Outcome = bytes | RenderError
# What convert_many makes, in the order of its files: HTML for the site, Word, PDF.
FORMATS = ("html", "docx", "pdf")
_WRITER = {"html": "html5", "docx": "docx", "pdf": "typst"}  # pandoc's writer of each


def one(outcomes: list[Outcome]) -> bytes:
    """The file of a batch of one, or its error raised."""
    (outcome,) = outcomes
    if isinstance(outcome, RenderError):
        raise outcome
    return outcome


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
    """The Word document of `markdown`: see convert_many."""
    source = Source(markdown, epoch, subject, description, properties, images)
    return one(to_docx_many([source], reference=reference, pandoc=pandoc))


def to_docx_many(sources: Sequence[Source], *, reference: Path, pandoc: str) -> list[Outcome]:
    """The Word document of each source, or its error: see convert_many."""
    return [files["docx"] for files in convert_many(sources, ("docx",), pandoc=pandoc, reference=reference)]


def to_pdf(
    markdown: str,
    *,
    epoch: int,
    subject: str,
    description: str,
    pandoc: str,
    images: ImageFolder | None = None,
) -> bytes:
    """The PDF of `markdown`: see convert_many."""
    return one(to_pdf_many([Source(markdown, epoch, subject, description, images=images)], pandoc=pandoc))


def to_pdf_many(sources: Sequence[Source], *, pandoc: str) -> list[Outcome]:
    """The PDF of each source, or its error: see convert_many."""
    return [files["pdf"] for files in convert_many(sources, ("pdf",), pandoc=pandoc)]


def to_html(markdown: str, *, pandoc: str, images: ImageFolder | None = None) -> str:
    """An HTML fragment of `markdown` for the college's site: see convert_many."""
    return to_html_many([(markdown, images)], pandoc=pandoc)[0]


def to_html_many(documents: Sequence[tuple[str, ImageFolder | None]], *, pandoc: str) -> list[str]:
    """HTML fragments for the college's site; the first document's error raised."""
    sources = [Source(text, images=images) for text, images in documents]
    return [one([files["html"]]).decode("utf-8") for files in convert_many(sources, ("html",), pandoc=pandoc)]


# Given to pandoc's Typst template, as `--variable` on the command line.
TYPST_VARIABLES = {
    "papersize": "a4",
    "page-numbering": "1",
    # French hyphenation of the whole text, not only justified paragraphs.
    "header-includes": "#set text(hyphenate: true)",
}


def convert_many(
    sources: Sequence[Source], formats: Collection[str], *, pandoc: str, reference: Path | None = None
) -> list[dict[str, Outcome]]:
    """Each source in each of `formats`, by one `pandoc lua` process (see
    _BATCH) that reads each document once, and for PDFs one Typst process:

    - html: a fragment for the college's site (UTF-8), headings at their
      level (the document's `#` title is the page's only h1), images
      embedded as data;
    - docx: byte for byte what `pandoc --sandbox --to=docx
      --reference-doc=REFERENCE` with this module's options makes, then
      `_finished`; images embedded as data;
    - pdf: pandoc writes Typst (as `--to=typst --standalone` with
      TYPST_VARIABLES), the compiler of the typst wheel lays it out (A4,
      French hyphenation, tagged headings; see layout.py). Each document's
      Typst reads only its own scratch folder, which holds its allowed
      images, copied there under names of collegekit's choosing.

    A document's error is its own: the others are made all the same.
    """
    writes = [_WRITER[name] for name in FORMATS if name in formats]
    with tempfile.TemporaryDirectory(prefix="collegekit-") as scratch:
        folders = [Path(scratch, str(index)) for index in range(len(sources))]
        json_forms = _json_forms(sources, pandoc)
        items: list[dict[str, Any] | PandocError] = []
        where: list[dict[str, int]] = []  # for each document, the item each writer's output comes from
        for index, source in enumerate(sources):
            folders[index].mkdir()
            item: dict[str, Any] = {
                "text": source.markdown, "from": READER, "writes": writes,
                "meta": _metadata(source), "properties": _command_line_values(source.properties),
                "output": str(folders[index].with_suffix(".docx")),
            }
            json_form = json_forms.get(index)
            if json_form is None or isinstance(json_form, PandocError):
                where.append(dict.fromkeys(writes, len(items)))
                items.append(item if json_form is None else json_form)
                continue
            # Its images are placed between reading and writing: as data for
            # HTML and Word, as files of the document's own folder for Typst.
            placed: dict[str, int] = {}
            as_data = [name for name in writes if name != "typst"]
            if as_data:
                placed.update(dict.fromkeys(as_data, len(items)))
                text = _with_images(json_form, source.images, _as_data_uri).decode("utf-8")
                items.append({**item, "writes": as_data, "from": "json", "text": text})
            if "typst" in writes:
                placed["typst"] = len(items)
                text = _with_images(json_form, source.images, _placed_in(folders[index])).decode("utf-8")
                items.append({**item, "writes": ["typst"], "from": "json", "text": text})
            where.append(placed)
        answers = _batch(items, pandoc, reference=str(reference) if reference else "", variables=TYPST_VARIABLES)
        results: list[dict[str, Outcome]] = []
        jobs: dict[int, layout.Job] = {}
        for index, source in enumerate(sources):
            files: dict[str, Outcome] = {}
            for name in FORMATS:
                if name not in formats:
                    continue
                answer = answers[where[index][_WRITER[name]]]
                if isinstance(answer, PandocError):
                    files[name] = _reference_error(answer, reference) if name == "docx" else answer
                elif name == "html":
                    files[name] = (answer["html5"] + "\n").encode("utf-8")
                elif name == "docx":
                    docx = folders[index].with_suffix(".docx").read_bytes()
                    files[name] = _finished(docx, source.subject, source.epoch)
                else:
                    main = folders[index] / "document.typ"
                    main.write_text(answer["typst"], encoding="utf-8")
                    jobs[index] = layout.Job(main, folders[index], source.epoch, folders[index].with_suffix(".pdf"))
            results.append(files)
        for index, pdf in zip(jobs, layout.compile_many(list(jobs.values())), strict=True):
            results[index]["pdf"] = pdf
        return results


def _json_forms(sources: Sequence[Source], pandoc: str) -> dict[int, bytes | PandocError]:
    """The JSON form of each source that shows images (every image syntax
    starts with `![`: the others need none), read by one more process."""
    with_images = [index for index, source in enumerate(sources) if "![" in source.markdown]
    if not with_images:
        return {}
    items: list[dict[str, Any] | PandocError] = [
        {"text": sources[index].markdown, "from": READER, "writes": ["json"]} for index in with_images
    ]
    return {
        index: answer if isinstance(answer, PandocError) else answer["json"].encode("utf-8")
        for index, answer in zip(with_images, _batch(items, pandoc), strict=True)
    }


def _reference_error(error: PandocError, reference: Path | None) -> RenderError:
    """pandoc's error, or the reference document's when it is the cause."""
    if reference is not None and ("reference" in str(error).lower() or str(reference) in str(error)):
        return ReferenceDocumentError(
            f"{shown(reference)} : pandoc ne peut pas utiliser ce document Word de référence ({error.detail})."
        )
    return error


def _placed_in(folder: Path) -> Callable[[str, bytes], str]:
    """Where a PDF's allowed images go: its Typst folder, by numbered names."""
    placed: list[str] = []

    def place(media_type: str, data: bytes) -> str:
        name = f"image-{len(placed) + 1}{_SUFFIX_OF[media_type]}"
        (folder / name).write_bytes(data)
        placed.append(name)
        return name

    return place


def _metadata(source: Source) -> dict[str, str | bool]:
    """The document's metadata in Word and PDF, as `--metadata=KEY:VALUE` would give it."""
    return _command_line_values({"lang": "fr-FR", "subject": source.subject, "description": source.description})


def _command_line_values(values: Mapping[str, str]) -> dict[str, str | bool]:
    """`--metadata` values as pandoc reads them: a boolean when spelled as
    one, a string otherwise."""
    booleans = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
    return {key: booleans.get(value, value) for key, value in values.items()}


# Bounds on pandoc, far above what a college's documents need (a few MB and
# a tenth of a second each): a record made to exhaust the machine stops with
# a message instead. Pandoc's own runtime enforces the memory bound (+RTS
# -M) on a command-line run, and exits with this code when it is reached.
# Under `pandoc lua` it only slows pandoc down (its heap's overflow is not
# delivered while the Lua script runs): there its resident memory is watched
# too (bounded.py). The time bound holds for each document.
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
        raise _stopped(Stop(timed_out=True, returncode=None, stderr=b"")) from None
    except OSError as error:
        raise _not_started(arguments[0], error) from None
    if completed.returncode != 0:
        raise _stopped(Stop(timed_out=False, returncode=completed.returncode, stderr=completed.stderr))
    return completed.stdout


def _stopped(stop: Stop) -> PandocError:
    """Why pandoc stopped on a document, in French."""
    if stop.timed_out:
        return PandocError(
            f"pandoc n'a pas fini en {PANDOC_SECONDS:g} secondes : le document est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    if stop.over_memory or (stop.returncode == _HEAP_EXHAUSTED and b"Heap exhausted" in stop.stderr):
        return PandocError(
            f"pandoc a besoin de plus de {PANDOC_MEMORY_MB} Mo de mémoire pour ce document : il est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    message = stop.stderr.decode("utf-8", "replace").strip()
    return PandocError(
        f"pandoc a échoué (code {stop.returncode}) : {message}", detail=message or f"code {stop.returncode}"
    )


def _not_started(pandoc: str, error: OSError) -> PandocError:
    return PandocError(f"pandoc ne peut pas être lancé ({shown(pandoc)} : {system_reason(error)}).")


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


# One pandoc process converts many documents: pandoc's own Lua runs the
# reader and the writers for each, apart (a document's footnotes, link
# definitions or unclosed code block cannot reach the next one), its reader
# sandboxed (no file read). Starting pandoc and loading its reader costs more
# than a document's conversion, and reading a document as much as writing
# it: one process for many, each document read once for all its formats.
# Each answer is a line of JSON, written as soon as its document is done
# (bounded.py). Word and Typst get what the command line gives them: its
# reader's 72 columns, the metadata (the custom properties for Word only),
# and --shift-heading-level-by=-1, done as pandoc's headerShift does it.
# The Word writer's output is binary: it is written to the file the item
# names. Nothing is fetched or read by the writers: images reach them as
# data (HTML, Word) or as files of the document's own folder (Typst).
_BATCH = """
local input = pandoc.json.decode(io.read('a'), false)
local typst_template = nil

-- --shift-heading-level-by=-1: each level-1 heading at the very start
-- becomes the title in turn, other headings go one level up, and a level-1
-- heading elsewhere becomes a paragraph.
local function shifted (document)
  while #document.blocks > 0 and document.blocks[1].t == 'Header' and document.blocks[1].level == 1 do
    document.meta.title = document.blocks[1].content
    document.blocks:remove(1)
  end
  return document:walk{Header = function (heading)
    if heading.level > 1 then
      heading.level = heading.level - 1
      return heading
    end
    return pandoc.Para(heading.content)
  end}
end

local function convert (item)
  local wants = {}
  for _, name in ipairs(item.writes) do
    wants[name] = true
  end
  -- 72 columns, as on the command line: a wide table gets the same widths as in Word.
  local document = pandoc.read(item.text, item.from, {columns = 72}, {})
  local outputs = {}
  if wants.json then
    outputs.json = pandoc.write(document, 'json')
  end
  if wants.html5 then
    outputs.html5 = pandoc.write(document, 'html5', {wrap_text = 'none'})
  end
  if not (wants.typst or wants.docx) then
    return outputs
  end
  for key, value in pairs(item.meta) do
    document.meta[key] = value
  end
  document = shifted(document)
  if wants.typst then
    typst_template = typst_template or pandoc.template.compile(pandoc.template.default('typst'))
    outputs.typst = pandoc.write(document, 'typst', {template = typst_template, variables = input.variables})
  end
  if wants.docx then
    for key, value in pairs(item.properties) do
      document.meta[key] = value
    end
    local docx = pandoc.write(document, 'docx', {reference_doc = input.reference})
    local file = assert(io.open(item.output, 'wb'))
    assert(file:write(docx))
    assert(file:close())
  end
  return outputs
end

for _, item in ipairs(input.documents) do
  local ok, outputs = pcall(convert, item)
  io.write(pandoc.json.encode(ok and {outputs = outputs} or {error = tostring(outputs)}), '\\n')
  io.stdout:flush()
end
"""


def _batch(items: Sequence[dict[str, Any] | PandocError], pandoc: str, **options: Any) -> list[dict[str, str] | PandocError]:
    """Each item's text, read `from` its format, and what each of its
    `writes` made of it (Word's output is written to the item's `output`):
    one `pandoc lua` process for them all (`pandoc lua` takes no --sandbox:
    the script sandboxes the reader), or one more after each document that
    stopped it. An item that is already an error stays one."""
    results: list[dict[str, str] | PandocError] = [item if isinstance(item, PandocError) else {} for item in items]
    pending = [index for index, item in enumerate(items) if not isinstance(item, PandocError)]
    # Sandboxed pandoc dates a Word document 1970 (`_finished` then dates it); so does this one.
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    arguments = [pandoc, "+RTS", f"-M{PANDOC_MEMORY_MB}m", "-RTS", "lua", "-e", _BATCH]
    while pending:
        source = json.dumps({**options, "documents": [items[index] for index in pending]}).encode("utf-8")
        try:
            answered, stop = answers(arguments, source, len(pending), PANDOC_SECONDS, environment, PANDOC_MEMORY_MB)
        except OSError as error:
            raise _not_started(pandoc, error) from None
        for index, answer in zip(pending, answered, strict=False):
            if "error" in answer:
                results[index] = PandocError(f"pandoc a échoué : {answer['error']}", detail=str(answer["error"]))
            else:
                outputs = answer.get("outputs")
                results[index] = outputs if isinstance(outputs, dict) else {}
        if stop is None:
            break
        results[pending[len(answered)]] = _stopped(stop)
        pending = pending[len(answered) + 1 :]
    return results


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
