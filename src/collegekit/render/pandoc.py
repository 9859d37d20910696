"""Markdown to Word with the pandoc of the pypandoc-binary wheel.

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
- Deterministic: SOURCE_DATE_EPOCH fixes the dates pandoc writes (document
  properties and zip entries) to the record's date, not the clock.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from collegekit.render.errors import PandocError, ReferenceDocumentError, shown

READER = (
    "markdown-raw_html-raw_attribute-raw_tex-yaml_metadata_block-smart"
    "-bracketed_spans-fenced_divs-native_divs-native_spans"
    "-link_attributes-header_attributes-inline_code_attributes-fenced_code_attributes"
)
_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")
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


def check_reference(path: Path) -> None:
    """A reference document pandoc can use, or a clear error naming it."""
    problem = None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = [part for part in _REQUIRED_PARTS if part not in names]
            if missing:
                problem = f"il y manque {', '.join(missing)}"
            else:
                ElementTree.fromstring(archive.read("word/styles.xml"))
                ElementTree.fromstring(archive.read("word/document.xml"))
    except zipfile.BadZipFile:
        problem = "ce n'est pas un fichier .docx (archive illisible)"
    except ElementTree.ParseError as error:
        problem = f"ses styles sont illisibles ({error})"
    except OSError as error:
        problem = f"lecture impossible ({error.strerror or error})"
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
) -> bytes:
    arguments = [
        pandoc,
        f"--from={READER}",
        "--to=docx",
        f"--reference-doc={reference}",
        "--shift-heading-level-by=-1",
        "--metadata=lang:fr-FR",
        f"--metadata=subject:{subject}",
        f"--metadata=description:{description}",
        *(f"--metadata={key}:{value}" for key, value in properties.items()),
        "--output=-",
    ]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        completed = subprocess.run(
            arguments, input=markdown.encode("utf-8"), capture_output=True, env=environment, check=False
        )
    except OSError as error:
        raise PandocError(f"pandoc ne peut pas être lancé ({shown(pandoc)} : {error.strerror or error}).") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        if "reference" in message.lower() or str(reference) in message:
            raise ReferenceDocumentError(
                f"{shown(reference)} : pandoc ne peut pas utiliser ce document Word de référence ({message})."
            )
        raise PandocError(f"pandoc a échoué (code {completed.returncode}) : {message}")
    return with_header_subject(completed.stdout, subject)


def with_header_subject(docx: bytes, subject: str) -> bytes:
    """Write the subject as the shown value of SUBJECT fields in headers and
    footers, so that Word shows the college's name without updating fields.

    The archive is rewritten entry by entry with the same names, dates and
    order: the result is as deterministic as pandoc's output.
    """
    source = zipfile.ZipFile(io.BytesIO(docx))
    run = f'<w:r><w:t xml:space="preserve">{_xml_text(subject)}</w:t></w:r>'
    changed = False
    parts: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info in source.infolist():
        data = source.read(info)
        if re.fullmatch(r"word/(header|footer)\d*\.xml", info.filename):
            xml = data.decode("utf-8")
            new_xml = _SUBJECT_FIELD.sub(lambda match: match[1] + run + match[2], xml)
            if new_xml != xml:
                data, changed = new_xml.encode("utf-8"), True
        parts.append((info, data))
    if not changed:
        return docx
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info, data in parts:
            archive.writestr(info, data, compress_type=info.compress_type)
    return output.getvalue()


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
