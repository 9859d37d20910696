"""The start-up path stays light: `collegekit --help` must not pay for the
record models, the YAML parser or the document toolchain. A structural test
(what gets imported), not a timing."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pydantic", "ruamel", "jinja2", "babel", "pypandoc")


def test_cli_module_imports_nothing_heavy() -> None:
    probe = (
        "import sys, collegekit.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
