"""Atomic writes: the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collegekit.files import FileExistsRefusal, write_atomically


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "record.yaml"
    write_atomically(target, "a: 1\n")
    assert target.read_text() == "a: 1\n" and oct(target.stat().st_mode & 0o777) == "0o644"
    write_atomically(target, "a: 2\n")
    assert target.read_text() == "a: 2\n"


def test_refuses_to_replace_when_asked_not_to(tmp_path: Path) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("ancien\n")
    with pytest.raises(FileExistsRefusal):
        write_atomically(target, "nouveau\n", overwrite=False)
    assert target.read_text() == "ancien\n"
    assert os.listdir(tmp_path) == ["record.yaml"]


def test_a_failure_mid_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("ancien\n")

    def crash(*_: object) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomically(target, "nouveau\n")
    assert target.read_text() == "ancien\n"
    assert os.listdir(tmp_path) == ["record.yaml"]
