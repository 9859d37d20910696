"""The PDF's layout by the Typst compiler of the typst wheel, in a child
process bounded in memory and time, as pandoc is (`pandoc.run_bounded`): the
compiler runs inside Python, where a document made to exhaust the machine
(an immense table in a record) could not be stopped, and would take the
command with it. One child lays out many documents (starting it and loading
the compiler's fonts costs more than a document), each within the bounds of
one (bounded.py), each reading only its own folder: the one pandoc's Typst
source was written to, which Typst is given as the document's root.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from collegekit.files import system_reason
from collegekit.render.bounded import Stop, answers
from collegekit.render.errors import PandocError

# Far above what a college's documents need (a few tens of MB and half a
# second for a twenty-page plan); the time bound holds for each document.
TYPST_MEMORY_MB = 2048
TYPST_SECONDS = 120.0

_OUT_OF_MEMORY = 4

# Run with `python -I -c`: the memory bound is set before the compiler is
# loaded. The documents come on stdin; for each, its PDF is written to its
# output and a line of JSON answers, with the first line of the compiler's
# error when it fails.
_CHILD = f"""
import json
import sys
try:
    import resource
    limit = int(sys.argv[1]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
except (ImportError, ValueError, OSError):
    pass
try:
    import typst
    compiler = typst.Compiler(ignore_system_fonts=True, font_paths=[])
    for job in json.load(sys.stdin):
        try:
            pdf = compiler.compile(input=job["main"], root=job["root"], timestamp=job["epoch"])
            with open(job["output"], "wb") as output:
                output.write(pdf)
            answer = {{"output": job["output"]}}
        except MemoryError:
            raise
        except Exception as error:
            lines = str(error).strip().splitlines()
            answer = {{"error": lines[0] if lines else type(error).__name__}}
        sys.stdout.write(json.dumps(answer) + "\\n")
        sys.stdout.flush()
except MemoryError:
    sys.exit({_OUT_OF_MEMORY})
"""


@dataclass(frozen=True)
class Job:
    """A document to lay out: its Typst file `main`, read only inside `root`,
    dated `epoch` (the record's date, so that the same record gives the same
    bytes), its PDF written to `output` (outside `root`)."""

    main: Path
    root: Path
    epoch: int
    output: Path


def compile_many(jobs: Sequence[Job]) -> list[bytes | PandocError]:
    """Each job's PDF, or the French sentence saying why it has none."""
    arguments = [sys.executable, "-I", "-c", _CHILD, str(TYPST_MEMORY_MB)]
    results: list[bytes | PandocError] = []
    while len(results) < len(jobs):
        pending = jobs[len(results) :]
        source = json.dumps(
            [{"main": str(job.main), "root": str(job.root), "epoch": job.epoch, "output": str(job.output)}
             for job in pending]
        ).encode("utf-8")
        try:
            answered, stop = answers(arguments, source, len(pending), TYPST_SECONDS)
        except OSError as error:
            raise PandocError(f"la mise en page du PDF ne peut pas être lancée ({system_reason(error)}).") from None
        for job, answer in zip(pending, answered, strict=False):
            if "error" in answer:
                results.append(PandocError(f"la mise en page du PDF a échoué : {answer['error']}"))
            else:
                results.append(job.output.read_bytes())
        if stop is not None:
            results.append(_stopped(stop))
    return results


def _stopped(stop: Stop) -> PandocError:
    """Why the layout stopped on a document, in French."""
    if stop.timed_out:
        return PandocError(
            f"la mise en page du PDF n'a pas fini en {TYPST_SECONDS:g} secondes : le document est démesuré "
            "(un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    # An allocation refused inside the compiler aborts the child (Rust's
    # policy) rather than raising MemoryError in Python.
    if stop.returncode in (_OUT_OF_MEMORY, -signal.SIGABRT):
        return PandocError(
            f"la mise en page du PDF a besoin de plus de {TYPST_MEMORY_MB} Mo de mémoire pour ce document : "
            "il est démesuré (un texte ou un tableau immense dans un dossier ?). Rien n'a été écrit."
        )
    reason = stop.stderr.decode("utf-8", "replace").strip() or f"code {stop.returncode}"
    return PandocError(f"la mise en page du PDF a échoué : {reason}")
