"""Enumerations with a French label, importable without pydantic (the command
line builds its choices from them before any record is read)."""

from __future__ import annotations

import enum

from collegekit.french import plain


class LabelledEnum(enum.StrEnum):
    """An enumeration whose value is the YAML spelling and whose label is French.

    A label said of a person (a profession, a role in the college, a
    presence) has a feminine form too, declared beside it: « infirmier »,
    « infirmière ». `label` stays the masculine form, which French also uses
    for a category (« Membres par profession : Infirmier, 12 »); a label said
    of one person goes through `Member.agreed`, which picks the form."""

    label: str
    feminine_label: str

    def __new__(cls, value: str, label: str, feminine_label: str | None = None) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.feminine_label = feminine_label or label
        return member

    def label_for(self, feminine: bool) -> str:
        """The label agreeing with a person: « présidente » for a woman."""
        return self.feminine_label if feminine else self.label

    @classmethod
    def named(cls, text: str) -> LabelledEnum | None:
        """The member a user names by its YAML spelling or its French label,
        either form, case and accents aside: « nurse », « infirmière »,
        « Medecin »."""
        wanted = plain(text.strip())
        for member in cls:
            if wanted in {plain(member.value), plain(member.label), plain(member.feminine_label)}:
                return member
        return None

