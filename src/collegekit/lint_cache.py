"""lint's last result, given back while nothing it depends on has changed.

A second lint of a college nobody has touched since the first finds exactly
what the first found. The result is kept in the cache folder
(`collegekit.cache`: signed with this user's key, owner-only, written in one
step) under a key made of everything lint reads or is told: each file and
folder under the records (the content of every text file, the size and time
of the others: images, documents), the day judged, the checks asked, the
files a git change touches (`--changed`), where lint runs (the paths it
prints), and collegekit itself (`cache.namespace`). The result comes back
without importing a model or reading a record: such a lint costs little more
than starting Python.

Only the last result is kept: a lint of other records, another day or other
checks replaces it. Anything unexpected in the file (cut short, another
key's signature, another shape) is a miss, and the records are linted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from collegekit import cache
from collegekit.diagnostics import Diagnostic, Location, Severity
from collegekit.records_folder import MAX_FILE_BYTES

# Text files are known by their content, as the cache of validated records
# knows them; beyond the size lint reads (it refuses such a file anyway) and
# for the other files, by size and modification time, as git and make know them.
_TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".md", ".txt", ".j2", ".json", ".csv"})
_SKIPPED = frozenset({".git", cache.FOLDER})


def key(
    root: Path,
    today: dt.date,
    select: Iterable[str],
    ignore: Sequence[str],
    changed: set[Path] | None,
) -> str | None:
    """The key of a lint of `root` so asked, or None when the records cannot
    all be looked at (then lint runs as without this cache)."""
    digest = hashlib.sha256()
    try:
        for part in (cache.namespace(), str(root), os.getcwd(), today.isoformat(), ",".join(select),
                     ",".join(ignore), "\0".join(sorted(map(str, changed))) if changed is not None else "-"):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        _walk(root, "", digest)
    except (OSError, RecursionError):  # a folder that cannot be listed, a working folder since removed
        return None
    return digest.hexdigest()


def _walk(folder: Path, relative: str, digest: hashlib._Hash) -> None:
    """Every entry under `folder`, in name order; links are not followed
    (lint refuses those leading outside, and reads the others where they lead,
    which this walk sees too)."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name in _SKIPPED:
            continue
        name = f"{relative}/{entry.name}"
        status = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(status.st_mode):
            digest.update(f"L{name}\0{os.readlink(entry.path)}\0".encode("utf-8", "surrogateescape"))
        elif stat.S_ISDIR(status.st_mode):
            digest.update(f"D{name}\0{stat.S_IMODE(status.st_mode)}\0".encode("utf-8", "surrogateescape"))
            _walk(Path(entry.path), name, digest)
        elif stat.S_ISREG(status.st_mode) and os.path.splitext(entry.name)[1].lower() in _TEXT_SUFFIXES \
                and status.st_size <= MAX_FILE_BYTES:
            try:
                with open(entry.path, "rb") as stream:
                    content = hashlib.sha256(stream.read()).hexdigest()
            except OSError as error:  # unreadable: lint says so, and a readable one later is another key
                content = f"unreadable {error.errno}"
            digest.update(f"T{name}\0{content}\0".encode("utf-8", "surrogateescape"))
        else:
            digest.update(f"F{name}\0{status.st_mode}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\0"
                          .encode("utf-8", "surrogateescape"))


def _path(folder: Path) -> Path:
    return folder / f"lint-{cache.namespace()}.json"


def recall(root: Path, lint_key: str) -> tuple[list[Diagnostic], int] | None:
    """The diagnostics and file count of the last lint, if it had this key."""
    folder = cache.open_folder(root)
    payload = None if folder is None else cache.read_file(_path(folder))
    if payload is None:
        return None
    try:
        content = json.loads(payload)
        if content["key"] != lint_key:
            return None
        diagnostics = [
            Diagnostic(str(code), Severity(severity), Location(Path(path), int(line), int(column)), str(message),
                       None if hint is None else str(hint))
            for code, severity, path, line, column, message, hint in content["diagnostics"]
        ]
        return diagnostics, int(content["files"])
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def remember(root: Path, lint_key: str, diagnostics: list[Diagnostic], files: int) -> None:
    folder = cache.open_folder(root)
    if folder is None:
        return
    content = {
        "key": lint_key,
        "files": files,
        "diagnostics": [
            [d.code, d.severity.value, str(d.location.path), d.location.line, d.location.column, d.message, d.hint]
            for d in diagnostics
        ],
    }
    cache.write_file(folder, _path(folder), json.dumps(content, ensure_ascii=False).encode("utf-8"))
    cache.remove_stale(folder, "lint")
