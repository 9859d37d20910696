"""Records and options at the edges: nesting deep enough to overflow the
parser's stack, numbers too long to convert, dates at the ends of the
calendar. Each gets a located diagnostic or a French usage error, never a
traceback or a signal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from collegekit import sourcemap
from tests.conftest import BASE_RECORDS

DEPTHS = [1, 39, 40, 41, 42, 1_000, 1_001, 5_000, 25_000, 30_000, 100_000]
# The deepest each shape may go: the root mapping is level 0, `a`'s value level
# 1; the innermost empty list of the first shape is at `depth`, the innermost
# scalar of the others one level below.
SHAPES = {"flow-sequence": 40, "flow-mapping": 39, "block-sequence": 39}


def nested(shape: str, depth: int) -> str:
    if shape == "flow-sequence":
        return "a: " + "[" * depth + "]" * depth + "\n"
    if shape == "flow-mapping":
        return "a: " + "{b: " * depth + "1" + "}" * depth + "\n"
    return "a:\n  " + "- " * depth + "x\n"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_nesting_is_refused_before_the_parser_recurses(shape: str) -> None:
    # In a child process: a stack overflow kills the process (signal 11)
    # instead of failing a test.
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                from pathlib import Path
                from collegekit.sourcemap import parse_yaml
                from tests.test_extreme_values import nested
                for depth in {DEPTHS!r}:
                    document, diagnostics = parse_yaml(nested({shape!r}, depth), Path("x.yaml"))
                    print(depth, document is not None, *[d.code for d in diagnostics])
            """),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert sourcemap.MAX_DEPTH == 40
    expected = [f"{d} True" if d <= SHAPES[shape] else f"{d} False yaml-too-deep" for d in DEPTHS]
    assert child.stdout.splitlines() == expected


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("depth", [39, 40, 41, 60, 1_200])
def test_the_count_before_composing_agrees_with_the_composer(shape: str, depth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = nested(shape, depth)
    answers = []
    for threshold in (0, 10**9):  # always count first, never count first
        monkeypatch.setattr(sourcemap, "_NESTING_SAFE_TO_COMPOSE", threshold)
        _, diagnostics = sourcemap.parse_yaml(text, Path("x.yaml"))
        answers.append([(d.code, d.location.line, d.location.column, d.message) for d in diagnostics])
    assert answers[0] == answers[1]


def test_lint_names_the_too_deep_record_at_thirty_thousand_levels(tmp_path: Path) -> None:


    records = tmp_path / "records"
    shutil.copytree(BASE_RECORDS, records)
    (records / "members" / "zz.yaml").write_text(nested("flow-sequence", 30_000), encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-m", "collegekit", "lint", "--records", str(records)], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 1, child.stderr[-2000:]
    assert "zz.yaml:1:44: erreur[yaml-too-deep] les données sont imbriquées sur plus de 40 niveaux" in child.stdout
