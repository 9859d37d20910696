"""What a Word document (.docx) holds, as `collegekit import-minutes` reads it.

`check_word_file` stops, with one French sentence, unless the file is a .docx
pandoc can read (not an old .doc, a password-protected file, a PDF, an Excel
workbook...). Pandoc reads the document into its JSON AST (`read_ast`), not
into Markdown: the AST says what is a heading, a list, a table, bold or a
footnote, where Pandoc's Markdown writer would escape, wrap and turn tables
into HTML. Word's automatic numbering of headings ("I.", "a)" made by a
numbered heading style) does not reach the AST: pandoc drops it. It is read
from the document's own XML (`heading_numbering`), one flag per heading, in
order; so are the comments and tracked changes (`review_marks`) and
collegekit's own properties (`document_properties`).
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from collegekit.diagnostics import CollegekitError
from collegekit.files import system_reason

# --- What the file is --------------------------------------------------------


class WordFileError(CollegekitError):
    """The file cannot be read as a Word document: damaged, protected, old .doc, not Word."""

    exit_code = 2


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The name of the stream Office puts an encrypted .docx in, as written in an
# OLE directory entry (UTF-16 little-endian).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_WORD_MAIN}}}"


def check_word_file(path: Path, shown: str) -> None:
    """Stop, with one French sentence, unless `path` is a .docx pandoc can read."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
            data = head + stream.read() if head == _OLE_MAGIC else b""
    except IsADirectoryError:
        raise WordFileError(f"{shown} est un dossier, pas un document Word.") from None
    except OSError as error:
        raise WordFileError(f"lecture impossible de {shown} : {system_reason(error)}.") from None
    if head == _OLE_MAGIC:
        if _ENCRYPTED_PACKAGE in data:
            raise WordFileError(
                f"{shown} est protégé par un mot de passe : ouvrez-le dans Word, retirez le mot de passe "
                "(Fichier > Informations > Protéger le document), enregistrez-le, puis relancez la commande."
            )
        raise WordFileError(
            f"{shown} est un ancien document Word (.doc) ou un autre fichier Office ancien : ouvrez-le dans Word "
            "et enregistrez-le au format .docx (Fichier > Enregistrer sous > Document Word), puis relancez la commande."
        )
    if head[:4] != b"PK\x03\x04":
        what = _what_else(head)
        raise WordFileError(
            f"{shown} n'est pas un document Word{what} : enregistrez les notes au format .docx, puis relancez la commande."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise WordFileError(
                    f"{shown} n'est pas un document Word (c'est une archive{_office_kind(names)}) : "
                    "enregistrez les notes au format .docx, puis relancez la commande."
                )
            # Every entry read once, its checksum checked: what is read later cannot fail.
            if archive.testzip() is not None:
                raise WordFileError(_damaged(shown))
            ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, KeyError, zipfile.LargeZipFile, zlib.error):
        raise WordFileError(_damaged(shown)) from None
    except (OSError, RuntimeError, NotImplementedError):
        # A zip entry compressed in a way Python cannot read, or a truncated entry.
        raise WordFileError(_damaged(shown)) from None


def _damaged(shown: str) -> str:
    return (
        f"{shown} est endommagé (archive .docx illisible) : ouvrez-le dans Word, qui propose de le réparer, "
        "enregistrez-le sous un autre nom, puis relancez la commande."
    )


def _what_else(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return " (c'est un PDF)"
    if head.startswith(b"{\\rtf"):
        return " (c'est un fichier RTF)"
    return ""


def _office_kind(names: set[str]) -> str:
    if "content.xml" in names:
        return " OpenDocument, par exemple de LibreOffice"
    if any(name.startswith("xl/") for name in names):
        return " Excel"
    if any(name.startswith("ppt/") for name in names):
        return " PowerPoint"
    return ""


# --- Pandoc -------------------------------------------------------------------


def read_ast(path: Path, pandoc: str, shown: str) -> dict[str, Any]:
    """The document as pandoc's JSON AST. Sandboxed and bounded in memory and
    time, as every pandoc run: a document's linked images or fields make
    pandoc read or fetch nothing, and an immense one stops with a message."""
    from collegekit.render.errors import PandocError
    from collegekit.render.pandoc import run_bounded

    try:
        source = path.read_bytes()
    except OSError as error:
        raise WordFileError(f"lecture impossible de {shown} : {system_reason(error)}.") from None
    try:
        output = run_bounded([pandoc, "--from=docx", "--to=json"], source)
    except PandocError as error:
        # pandoc ran and refused the file: damaged; stopped by its bounds or not started: its own sentence.
        raise WordFileError(_damaged(shown) if error.detail else str(error)) from None
    try:
        ast = json.loads(output)
    except ValueError:
        raise WordFileError(_damaged(shown)) from None
    if not isinstance(ast, dict) or not isinstance(ast.get("blocks"), list):
        raise WordFileError(_damaged(shown))
    return ast


_HEADING_STYLE_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def heading_numbering(path: Path) -> list[bool]:
    """For each heading paragraph of the document, in order: whether Word numbers it.

    A heading is numbered when its paragraph, or its style (or a style it is
    based on), carries a numbering (`w:numPr` with a numId other than 0).
    Headings are found by their style's name ("heading 1"...), as pandoc does;
    empty headings are left out, as pandoc leaves them out.
    """
    with zipfile.ZipFile(path) as archive:
        document = ElementTree.fromstring(archive.read("word/document.xml"))
        try:
            styles = ElementTree.fromstring(archive.read("word/styles.xml"))
        except KeyError:
            styles = None
    names: dict[str, str] = {}
    based_on: dict[str, str] = {}
    numbered_style: dict[str, bool] = {}
    if styles is not None:
        for style in styles.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            name = style.find(f"{_W}name")
            names[style_id] = name.get(f"{_W}val", "") if name is not None else style_id
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(f"{_W}val", "")
            numbering = style.find(f"{_W}pPr/{_W}numPr")
            if numbering is not None:
                numbered_style[style_id] = _numbers(numbering)

    def style_numbered(style_id: str) -> bool:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in numbered_style:
                return numbered_style[style_id]
            style_id = based_on.get(style_id, "")
        return False

    flags = []
    body = document.find(f"{_W}body")
    for paragraph in body.iter(f"{_W}p") if body is not None else ():
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(f"{_W}val", "") if style is not None else ""
        if not _HEADING_STYLE_NAME.match(names.get(style_id, style_id)) and not _HEADING_STYLE_NAME.match(style_id):
            continue
        if not "".join(text.text or "" for text in paragraph.iter(f"{_W}t")).strip():
            continue
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        flags.append(_numbers(numbering) if numbering is not None else style_numbered(style_id))
    return flags


def _numbers(numbering: ElementTree.Element) -> bool:
    number = numbering.find(f"{_W}numId")
    return number is not None and number.get(f"{_W}val", "0") != "0"


def review_marks(path: Path) -> tuple[list[str], bool]:
    """The text of the Word comments of a document (pandoc leaves them out),
    and whether it holds tracked changes (pandoc reads them accepted)."""
    comments: list[str] = []
    tracked = False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/comments.xml" in names:
                root = ElementTree.fromstring(archive.read("word/comments.xml"))
                for comment in root.iter(f"{_W}comment"):
                    text = " ".join("".join(node.text or "" for node in paragraph.iter(f"{_W}t")) for paragraph in comment.iter(f"{_W}p"))
                    if text.strip():
                        comments.append(text.strip())
            document = archive.read("word/document.xml")
            tracked = b"<w:ins " in document or b"<w:del " in document
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        pass
    return comments, tracked


def document_properties(path: Path) -> dict[str, str]:
    """The custom properties of a .docx (collegekit writes `source` and `command`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
    found = {}
    for prop in root:
        name = prop.get("name")
        if name:
            found[name] = "".join(prop.itertext()).strip()
    return found
