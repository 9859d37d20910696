"""The PDF's layout by the Typst compiler of the typst wheel, in a child
process bounded in memory and time, as pandoc is (`pandoc.run_bounded`): the
compiler runs inside Python, where a document made to exhaust the machine
(an immense table in a record) could not be stopped, and would take the
command with it. The child gets the folder pandoc's Typst source was
written to; Typst reads nothing outside it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from collegekit.files import system_reason
from collegekit.render.errors import PandocError

# Far above what a college's documents need (a few tens of MB and half a
# second for a twenty-page plan).
TYPST_MEMORY_MB = 2048
TYPST_SECONDS = 120.0

_COMPILE_FAILED = 3
_OUT_OF_MEMORY = 4

# Run with `python -I -c`: the memory bound is set before the compiler is
# loaded; its error's first line goes to stderr, the PDF to stdout.
_CHILD = f"""
import sys
try:
    import resource
    limit = int(sys.argv[4]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
except (ImportError, ValueError, OSError):
    pass
try:
    import typst
    pdf = typst.compile(sys.argv[1], root=sys.argv[2], timestamp=int(sys.argv[3]),
                        ignore_system_fonts=True, font_paths=[])
except MemoryError:
    sys.exit({_OUT_OF_MEMORY})
except Exception as error:
    lines = str(error).strip().splitlines()
    sys.stderr.write(lines[0] if lines else type(error).__name__)
    sys.exit({_COMPILE_FAILED})
sys.stdout.buffer.write(pdf)
"""


def compile_pdf(main: Path, *, root: Path, epoch: int) -> bytes:
    """The PDF of the Typst file `main`, reading only inside `root`, dated
    `epoch` (the record's date, so that the same record gives the same bytes)."""
    arguments = [sys.executable, "-I", "-c", _CHILD, str(main), str(root), str(epoch), str(TYPST_MEMORY_MB)]
    try:
        completed = subprocess.run(arguments, capture_output=True, check=False, timeout=TYPST_SECONDS)
    except subprocess.TimeoutExpired:
        raise PandocError(
            f"la mise en page du PDF n'a pas fini en {TYPST_SECONDS:g} secondes : le document est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        ) from None
    except OSError as error:
        raise PandocError(f"la mise en page du PDF ne peut pas être lancée ({system_reason(error)}).") from None
    # An allocation refused inside the compiler aborts the child (Rust's
    # policy) rather than raising MemoryError in Python.
    if completed.returncode in (_OUT_OF_MEMORY, -signal.SIGABRT):
        raise PandocError(
            f"la mise en page du PDF a besoin de plus de {TYPST_MEMORY_MB} Mo de mémoire pour ce document : "
            "il est démesuré (un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip() or f"code {completed.returncode}"
        raise PandocError(f"la mise en page du PDF a échoué : {reason}")
    return completed.stdout
