"""Compiled templates, kept in the cache folder beside the records.

Compiling the templates of a document costs more than rendering it (a tenth
of a second for the minutes' templates, each run). Jinja compiles a template
to Python code and can keep that code between runs (a bytecode cache); it is
kept here as every other cache file is (`collegekit.cache`): signed with the
user's key, so that code is only ever loaded from a file this user's
collegekit wrote, never from one committed beside the records.

A compiled template is valid for its source (Jinja checks the source's
checksum), for this collegekit and Jinja (the namespace), and for one kind of
environment: the documents' Markdown and the site's HTML escape differently
and compile to different code, so each has its own `flavour` in the key.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from collegekit import cache


class SignedBytecodeCache(BytecodeCache):
    def __init__(self, folder: Path, flavour: str) -> None:
        self.folder = folder
        self.flavour = flavour

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        text = f"{cache.namespace()}|{self.flavour}|{name}|{filename or ''}"
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"templates-{cache.namespace()}-{bucket.key}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = cache.read_file(self._path(bucket), max_bytes=64_000_000)
        if payload is not None:
            # Jinja checks its own magic and the source's checksum, and
            # resets the bucket on a mismatch: the template is compiled.
            try:
                bucket.load_bytecode(io.BytesIO(payload))
            except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
                bucket.reset()  # ours, but unreadable to this Jinja: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        stream = io.BytesIO()
        bucket.write_bytecode(stream)
        cache.write_file(self.folder, self._path(bucket), stream.getvalue())


def for_records(root: Path, flavour: str) -> SignedBytecodeCache | None:
    """The compiled templates' cache of the records at `root`, or None when
    the cache is off or cannot be used safely."""
    if not cache.wanted():
        return None
    folder = cache.open_folder(root)
    return None if folder is None else SignedBytecodeCache(folder, flavour)
