"""Where the records are: the folder a command works on.

Apart from the loader (`collegekit.records`), so that finding the folder
imports none of the models: a lint whose result comes from the cache needs
only this.
"""

from __future__ import annotations

import os
from pathlib import Path

from collegekit.diagnostics import RecordsNotFoundError

COLLEGE_FILE = "college.yaml"
RECORDS_ENV = "COLLEGEKIT_RECORDS"
# The largest record file read: far beyond any college's record (a few kB).
MAX_FILE_BYTES = 2_000_000


def find_records(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The records folder: `--records`, then $COLLEGEKIT_RECORDS, then the
    first folder holding a college.yaml from the current one upwards."""
    if explicit is not None:
        return _checked_root(explicit, "l'option --records")
    from_env = os.environ.get(RECORDS_ENV)
    if from_env:
        return _checked_root(Path(from_env), f"la variable {RECORDS_ENV}")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / COLLEGE_FILE).is_file():
            return folder
        if (folder / "records" / COLLEGE_FILE).is_file():
            return folder / "records"
    raise RecordsNotFoundError(
        f"aucun dossier du collège trouvé : ni {start} ni ses dossiers parents ne contiennent {COLLEGE_FILE}.\n"
        f"Indiquez le dossier avec --records DOSSIER ou la variable {RECORDS_ENV}."
    )


def _checked_root(path: Path, origin: str) -> Path:
    if not path.is_dir():
        raise RecordsNotFoundError(f"le dossier « {path} » donné par {origin} n'existe pas.")
    if not (path / COLLEGE_FILE).is_file():
        raise RecordsNotFoundError(
            f"le dossier « {path} » donné par {origin} ne contient pas de {COLLEGE_FILE} : "
            "est-ce bien le dossier des dossiers du collège ?"
        )
    return path
