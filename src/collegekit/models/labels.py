"""Enumerations with a French label, importable without pydantic (the command
line builds its choices from them before any record is read)."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """An enumeration whose value is the YAML spelling and whose label is French."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
