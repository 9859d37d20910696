"""Reading YAML: the 1.2 core schema for plain scalars, text for the rest."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from collegekit.sourcemap import parse_yaml, split_front_matter


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1", 1),
        ("-2", -2),
        ("+3", 3),
        ("0x1F", 31),
        ("0o17", 15),
        ("04", 4),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.INF", -math.inf),
        ("~", None),
        ("null", None),
        ("", None),
        ("true", True),
        ("False", False),
        # YAML 1.1 read these as booleans, numbers or dates; YAML 1.2 does not.
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("1_000", "1_000"),
        ("14:00", "14:00"),
        ("2024-01-01", "2024-01-01"),
        ('"3"', "3"),
        ("'true'", "true"),
        ("!!str 7", "7"),
        ('!!int "7"', 7),
    ],
)
def test_plain_scalars_follow_yaml_1_2(written: str, read: object) -> None:
    document, problems = parse_yaml(f"value: {written}\n", Path("x.yaml"))
    assert problems == []
    assert document is not None
    assert document.data["value"] == read and type(document.data["value"]) is type(read)


def test_nan_is_read() -> None:
    document, _ = parse_yaml("value: .nan\n", Path("x.yaml"))
    assert document is not None and math.isnan(document.data["value"])


def test_alias_bomb_is_refused_at_the_first_repeat() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for index in range(1, 10):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    document, problems = parse_yaml("\n".join(lines) + "\n", Path("bomb.yaml"))
    assert document is None
    assert [p.code for p in problems] == ["yaml-alias"]


def test_positions_count_the_front_matter_fence() -> None:
    front, _ = split_front_matter("---\ntitle: x\ndate: 2024-01-01\n---\nbody\n", Path("m.md"))
    assert front is not None and front.body == "body\n"
    document, _ = parse_yaml(front.yaml_text, Path("m.md"), front.line_offset)
    assert document is not None
    location = document.location(("date",))
    assert (location.line, location.column) == (3, 7)
    assert document.location(("date",), at_key=True).column == 1


def test_a_missing_key_points_at_its_closest_parent() -> None:
    document, _ = parse_yaml("a:\n  b:\n    - c: 1\n", Path("x.yaml"))
    assert document is not None
    assert document.location(("a", "b", 0, "missing")).line == 3
    assert document.location(("a", "b", 5)).line == 3
