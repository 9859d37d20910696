"""Images in the records' prose: files of the records, and nothing else.

A record's Markdown may show an image (a map, a chart) kept beside it in the
records, written as a path relative to the record itself, the way the forge's
preview reads it: `![Carte des secteurs](annexes/secteurs.png)` in
`meetings/2025-03-18-pleniere.md` is `meetings/annexes/secteurs.png`.

Anything else would let a record reach beyond the repository when a document
is made from it: an absolute path or a link out of the records copies a file
of the machine that renders it into the Word document, and an address makes
that machine fetch it. `lint` reports such an image (check `image-not-allowed`)
and rendering leaves it out: pandoc runs sandboxed (it reads no file and
fetches nothing) and is handed the allowed images' bytes itself.

This module is the one place that decides; the check and the renderer both
ask it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

# The formats Word shows and pandoc embeds as they are. SVG is left out: an
# SVG file can itself point at other files and addresses.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class ImageFolder:
    """Where the images of one text may come from: paths are read relative to
    `base` and must lead to a file inside `root` (links followed)."""

    base: Path
    root: Path


def image_targets(markdown: str) -> Iterator[str]:
    """The target of every image in a Markdown text, as written (CommonMark,
    reference-style images included)."""
    for target, _ in images_in(markdown):
        yield target


def images_in(markdown: str) -> Iterator[tuple[str, str]]:
    """The target and the alternative text (as written between the brackets)
    of every image in a Markdown text."""
    if "![" not in markdown:  # every image syntax starts so; most texts have none
        return
    from markdown_it import MarkdownIt

    stack = list(MarkdownIt("commonmark").parse(markdown))
    while stack:
        token = stack.pop(0)
        if token.type == "image":
            yield unquote(str(token.attrs.get("src", ""))), token.content
        if token.children:
            stack[:0] = token.children


def refusal(target: str, folder: ImageFolder) -> str | None:
    """Why the image at `target` cannot be shown (French, for the bureau), or
    None when it is a file of the records that a document may include."""
    return _allowed(target, folder)[1]


def read_image(target: str, folder: ImageFolder) -> tuple[str, bytes] | None:
    """The media type and bytes of an allowed image, or None."""
    path, _ = _allowed(target, folder)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Read, then measured: the file may have grown since it was looked at.
    return (IMAGE_TYPES[path.suffix.lower()], data) if len(data) <= MAX_IMAGE_BYTES else None


def _allowed(target: str, folder: ImageFolder) -> tuple[Path | None, str | None]:
    """The file an image target names, once resolved, or why it is refused."""
    target = unquote(target).strip()
    if not target:
        return None, "une image sans fichier"
    if _SCHEME.match(target):
        return None, f"l'image « {target} » est une adresse, pas un fichier du dossier des dossiers"
    if target.startswith(("/", "\\", "~")):
        return None, f"l'image « {target} » est un chemin absolu, hors du dossier des dossiers"
    try:
        resolved = (folder.base / target).resolve()
        if not resolved.is_relative_to(folder.root.resolve()):
            return None, f"l'image « {target} » mène hors du dossier des dossiers"
        if not resolved.is_file():
            return None, f"l'image « {target} » est introuvable"
        if resolved.suffix.lower() not in IMAGE_TYPES:
            return None, f"« {target} » n'est pas une image PNG, JPEG ou GIF"
        if resolved.stat().st_size > MAX_IMAGE_BYTES:
            return None, f"l'image « {target} » dépasse {MAX_IMAGE_BYTES // (1024 * 1024)} Mo"
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte, an unreadable folder
        return None, f"l'image « {target} » ne mène à aucun fichier lisible"
    return resolved, None


HINT = (
    "Une image doit être un fichier PNG, JPEG ou GIF rangé dans le dossier des dossiers, "
    "indiqué par un chemin relatif au fichier, par exemple ![Carte](annexes/carte.png)."
)
FILE_HINT = (
    "Une image d'un plan doit être un fichier PNG, JPEG ou GIF rangé dans le dossier des dossiers, "
    "indiqué par un chemin relatif au fichier du plan, par exemple file: annexes/carte.png."
)
