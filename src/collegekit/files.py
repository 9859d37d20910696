"""Writing files so that nothing is ever half-written or silently replaced.

Every file collegekit writes (a new record, an edited one, a rendered
document, a schema) goes through `write_atomically`: the content goes to a
temporary file beside the target, is flushed to disk, then renamed over it in
one step. A reader, or a crash, sees the old file or the new one, never half
of one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
import tempfile
from pathlib import Path

from collegekit.diagnostics import CollegekitError

# The system's own words are English; a French message quotes these instead.
_SYSTEM_REASONS = {
    errno.ENOENT: "dossier ou fichier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "disque en lecture seule",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "le fichier existe déjà",
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EBUSY: "fichier ou périphérique occupé",
    errno.ETXTBSY: "fichier occupé par un programme",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques (ou un lien refusé)",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts sur le système",
    errno.EXDEV: "déplacement impossible d'un disque à un autre",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EFBIG: "fichier trop gros",
    errno.ENOMEM: "mémoire insuffisante",
    errno.EAGAIN: "ressource temporairement indisponible",
    errno.EINVAL: "argument invalide",
    errno.ENXIO: "périphérique introuvable",
    errno.ENODEV: "périphérique introuvable",
    errno.EPIPE: "sortie fermée par le programme qui la lisait",
}


def system_reason(error: OSError) -> str:
    """What went wrong, in French, for a message that ends "… : <reason>"."""
    reason = _SYSTEM_REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    name = errno.errorcode.get(error.errno or 0)
    return f"erreur du système {name}" if name else "erreur du système"


def resolved(path: Path) -> Path:
    """`path.resolve()`, with a loop of symbolic links an OSError (ELOOP), as
    from Python 3.13, which every command reports in French, rather than
    Python 3.11's RuntimeError."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def real_path(path: Path) -> Path:
    """Where `path` leads, for comparing paths: never raises, a loop of
    links being left as it is written (Path.resolve raises RuntimeError)."""
    return Path(os.path.realpath(path))


def zip_entry_date(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """The date of a zip entry (of a Word or Excel file) for a record's date.

    A zip entry's date lies between 1980 and 2107: a date beyond either end
    dates the entry at that end (the document's properties keep the real one).
    """
    if when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if when.year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


class FileExistsRefusal(CollegekitError):
    """The target exists and the caller did not ask to replace it."""

    exit_code = 1


class OutputPathError(CollegekitError):
    """An output that cannot be written where the user named it (a usage error, exit code 2)."""


def check_output_file(out: Path, example: str, records: Path | None) -> None:
    """Refuse (OutputPathError) an --out that cannot become the file asked
    for, before anything is written; `example` is a file name to suggest.

    Every command that writes a file it was given checks it here: never a
    record (nothing inside the records folder), never a device or other
    special file (as root, replacing /dev/null would break the system), never
    a folder or a path with no file name.
    """
    # `--out ""`, `.`, `/` and `..` name a folder, not a file: no name to
    # write to (and none to derive a charts folder's name from).
    if out.name in ("", ".", ".."):
        raise OutputPathError(
            f"--out ne nomme pas de fichier : indiquez le fichier à écrire, par exemple --out {example}."
        )
    if out.is_dir():
        raise OutputPathError(
            f"« {out} » est un dossier : indiquez un nom de fichier avec --out, par exemple --out {out / example}."
        )
    _refuse_special_file(out)
    for folder in (out.parent, *out.parent.parents):
        # The deepest part of the path that exists must be a folder; the
        # parts below it are created when the file is written.
        if folder.exists():
            if not folder.is_dir():
                raise OutputPathError(
                    f"« {folder} » est un fichier, pas un dossier : impossible d'y écrire « {out} ». "
                    "Choisissez un autre --out."
                )
            break
    _refuse_inside_records(out, records)


def check_output_folder(out: Path, records: Path | None) -> None:
    """The same for an --out that names the folder to write documents in."""
    if out.exists() and not out.is_dir():
        raise OutputPathError(f"« {out} » est un fichier, pas un dossier : choisissez un autre --out.")
    _refuse_inside_records(out, records)


def _refuse_special_file(path: Path) -> None:
    try:
        mode = path.stat().st_mode  # through a link: what would be replaced or written to
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise OutputPathError(
            f"« {path} » n'est pas un fichier ordinaire (un périphérique, un tube...) : collegekit ne le "
            "remplace pas. Choisissez un autre --out."
        )


def _refuse_inside_records(out: Path, records: Path | None) -> None:
    if records is None:
        return
    root = resolved(records)
    if resolved(out) == root or resolved(out).is_relative_to(root):
        # The folder beside the records, named as from where the command runs
        # (from inside records/, a bare "build" is the very mistake).
        beside = resolved(root.parent / "build")
        try:
            suggested = os.path.relpath(beside)
        except ValueError:  # another drive (Windows)
            suggested = str(beside)
        raise OutputPathError(
            f"« {out} » est dans le dossier des dossiers ({records}) : collegekit n'y écrit que des dossiers "
            f"du collège. Choisissez un --out hors de ce dossier, par exemple --out {suggested}."
        )


def write_atomically(path: Path, content: str | bytes, *, overwrite: bool = True) -> None:
    """Write `content` to `path` in one step; with `overwrite=False`, refuse
    (FileExistsRefusal) rather than replace an existing file. A device or
    other special file is never replaced (OutputPathError)."""
    _refuse_special_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file readable by its owner only: keep the old
        # file's mode, or give a new one the usual 644.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, path)
        else:
            # A hard link fails if the target exists, even if another process
            # created it a moment ago: no window where it could be replaced.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise FileExistsRefusal(
                    f"{path} existe déjà : collegekit ne remplace pas un dossier existant."
                ) from None
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
