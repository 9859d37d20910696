"""A child process converting many documents, bounded document by document.

Starting pandoc or the Typst compiler costs more than converting one of a
college's documents, so one child converts many (pandoc.py's `pandoc lua`
script, layout.py's compiler). It answers with one JSON line per document,
in order, as soon as that document is done. Its bounds stay those of one
document: the child's memory bound is set as for a single run, and each
answer must come within the time bound, counted from the previous one. A
child stopped by a bound (or failing) leaves the documents it answered for
answered; the caller reports the stop for the document it was working on,
then starts another child for the documents after it. So a document's
failure is its own, never its batch's.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Stop:
    """How a child stopped before answering for every document: on the
    document after its last answer."""

    timed_out: bool
    returncode: int | None  # None when stopped by a bound
    stderr: bytes
    over_memory: bool = False


# How often the child's memory is looked at, in seconds, when it is watched.
_WATCH = 0.05


def answers(
    arguments: list[str],
    source: bytes,
    count: int,
    seconds: float,
    env: Mapping[str, str] | None = None,
    memory_mb: int | None = None,
) -> tuple[list[dict[str, Any]], Stop | None]:
    """The child's answers for the first documents of `source`, and how it
    stopped if it did not answer for all `count` of them. With `memory_mb`,
    the child is stopped when its resident memory goes past it, where the
    system tells (Linux's /proc). An OSError when the child cannot be
    started."""
    if count == 0:
        return [], None
    process = subprocess.Popen(
        arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    lines: queue.Queue[bytes | None] = queue.Queue()
    stderr = bytearray()
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    stdin, stdout, errors = process.stdin, process.stdout, process.stderr

    def feed() -> None:
        # A child that stops early closes its end: what it did not read is no longer wanted.
        try:
            stdin.write(source)
            stdin.close()
        except OSError:
            pass

    def read() -> None:
        for line in stdout:
            lines.put(line)
        lines.put(None)

    def drain() -> None:
        stderr.extend(errors.read())

    threads = [threading.Thread(target=target, daemon=True) for target in (feed, read, drain)]
    for thread in threads:
        thread.start()
    answered: list[dict[str, Any]] = []
    timed_out = over_memory = finished = False
    deadline = time.monotonic() + seconds
    try:
        while len(answered) < count:
            wait = deadline - time.monotonic()
            if wait <= 0:
                timed_out = True
                break
            try:
                line = lines.get(timeout=min(wait, _WATCH) if memory_mb is not None else wait)
            except queue.Empty:
                if memory_mb is not None and _resident_mb(process.pid) > memory_mb:
                    over_memory = True
                    break
                continue
            if line is None:
                finished = True  # the child closed its output: it is ending by itself
                break
            try:
                answer = json.loads(line)
            except ValueError:
                break
            if not isinstance(answer, dict):
                break
            answered.append(answer)
            deadline = time.monotonic() + seconds
        else:
            finished = True
    finally:
        _end(process, seconds if finished else 0)
        for thread in threads:
            thread.join()
    if len(answered) == count:
        return answered, None
    stopped = timed_out or over_memory
    return answered, Stop(timed_out, None if stopped else process.returncode, bytes(stderr), over_memory)


def _resident_mb(pid: int) -> float:
    """The process's resident memory in MB; 0 where the system does not tell."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _end(process: subprocess.Popen[bytes], seconds: float) -> None:
    """Wait `seconds` at most for the child to end by itself, then end it."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
