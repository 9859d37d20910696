"""Documents already converted, kept in the cache folder beside the records.

Pandoc's Word writer and Typst's layout cost some 35 and 20 ms of CPU a
document however they are batched (benchmarks/README): converting a
college's seventy documents takes seconds each time `render all` or `site`
runs, though most of them have not changed since the last run. Each file a
conversion makes (a document's HTML for the site, its Word file, its PDF)
is kept under the key of everything it is made from (`key`):

- what pandoc is given of the document: its Markdown, the record's date,
  the subject, description and custom properties written in the file;
- the format, and for a Word file the reference document's bytes;
- the conversion itself: the versions of collegekit and of the pandoc and
  Typst wheels, the code that runs them, and the pandoc executable run.

The same key gives the same bytes, so a file taken from here is the file a
conversion would make. A document that shows an image is never kept: its
images are files of their own, read as it is converted.

Kept as every cache file is (`collegekit.cache`): signed with the user's
key, so that nothing committed beside the records can put its own content
into a document or a page of the site; a file that does not verify is a
miss. A file no run has used for `UNUSED_DAYS` is removed when a run adds
files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from collegekit import cache
from collegekit.render.pandoc import Source

PREFIX = "converted"
UNUSED_DAYS = 30
# Far above any document of a college (a plan's PDF is a few hundred KB).
MAX_FILE_BYTES = 64_000_000


def key(source: Source, name: str, conversion: str) -> str | None:
    """The key of `source`'s file in format `name` made by `conversion`
    (see `conversion`), or None for a document that shows images (every
    image syntax starts with `![`)."""
    if "![" in source.markdown:
        return None
    made_from = [conversion, name, source.markdown, source.epoch, source.subject, source.description,
                 sorted(source.properties.items())]
    return hashlib.sha256(json.dumps(made_from, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def conversion(pandoc_path: str, reference: Path | None) -> str:
    """What a conversion's output depends on besides its document: the
    versions of collegekit, of the pandoc and Typst wheels, the code that
    runs them (by content, so that a fresh install of the same code, as in
    CI, gives the same keys), the pandoc executable run, and the Word
    reference document's bytes when there is one (None: a format without
    it)."""
    from importlib.metadata import version

    from collegekit import files
    from collegekit.render import layout, pandoc

    parts = [version("collegekit"), version("pypandoc-binary"), version("typst"), pandoc_path]
    parts += [hashlib.sha256(Path(str(module.__file__)).read_bytes()).hexdigest() for module in (pandoc, layout, files)]
    if reference is not None:
        parts.append(hashlib.sha256(reference.read_bytes()).hexdigest())
    return "\0".join(parts)


class ConvertedFiles:
    """The converted files of one records folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, root: Path) -> ConvertedFiles | None:
        """The converted files kept beside the records at `root`, or None
        when the cache is off or cannot be used safely."""
        if not cache.wanted():
            return None
        folder = cache.open_folder(root)
        return None if folder is None else cls(folder)

    def get(self, file_key: str) -> bytes | None:
        path = self._path(file_key)
        content = cache.read_file(path, max_bytes=MAX_FILE_BYTES)
        if content is not None:
            # Its time says when a run last used it (see `forget_unused`).
            # Never through a link put there since it was read (where the
            # system can tell a link's time from its target's).
            if os.utime in os.supports_follow_symlinks:
                with contextlib.suppress(OSError):
                    os.utime(path, follow_symlinks=False)
        return content

    def put(self, file_key: str, content: bytes) -> None:
        cache.write_file(self.folder, self._path(file_key), content)

    def forget_unused(self) -> None:
        """Remove the files of another collegekit, and those no run has used
        for UNUSED_DAYS (those of records changed since)."""
        cache.remove_stale(self.folder, PREFIX, suffix=".bin")
        unused_since = time.time() - UNUSED_DAYS * 86400
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name.startswith(f"{PREFIX}-") and entry.stat(follow_symlinks=False).st_mtime < unused_since:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _path(self, file_key: str) -> Path:
        return self.folder / f"{PREFIX}-{cache.namespace()}-{file_key}.bin"
