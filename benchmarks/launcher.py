"""Run one command; report its wall time, its own peak memory and its exit status.

`run.py` starts every measured command through this small process rather
than directly, because on Linux a process's peak resident memory (ru_maxrss)
survives fork and exec: a command spawned by `run.py`, which holds the
generator and its data, would start with `run.py`'s peak as its own, and even
`python -c pass` would seem to need tens of megabytes. Run as
`python -S -I launcher.py`, this launcher holds about as little memory as a
Python process can, no more than any command measured, so the figure it
reports (from `os.wait4`, the resource usage of that one child) is the
command's own. It imports nothing but built-in modules, for the same reason.

Usage: python -S -I launcher.py STDOUT_FILE STDERR_FILE COMMAND [ARGUMENT...]
Prints one line: "<wall seconds> <peak RSS in bytes> <exit status>".
"""

import os
import sys
import time


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    stdout_path, stderr_path, *command = sys.argv[1:]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    stdin = os.open(os.devnull, os.O_RDONLY)
    stdout = os.open(stdout_path, flags, 0o600)
    stderr = os.open(stderr_path, flags, 0o600)
    redirections = [(os.POSIX_SPAWN_DUP2, fd, target) for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2))]
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=redirections)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    # Linux reports kibibytes, macOS bytes.
    peak_rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    print(f"{seconds:.6f} {peak_rss} {os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
