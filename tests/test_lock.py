"""requirements.txt (what pip installs) is the export of uv.lock (the lock)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_requirements_pin_exactly_what_uv_lock_resolved() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = {p["name"]: p["version"] for p in lock["package"] if p["name"] != "collegekit"}
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\;]+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    assert pinned == locked
    assert "--hash=sha256:" in (ROOT / "requirements.txt").read_text()
