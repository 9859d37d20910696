"""The kinds of plan and a plan's id: what collegekit knows of each kind, in
one place, importable without pydantic (the command line's --kind choices
are built from it)."""

from __future__ import annotations

from dataclasses import dataclass

from collegekit.models.labels import LabelledEnum


class PlanKind(LabelledEnum):
    """A kind of plan, and all collegekit knows of it: its YAML spelling
    (`value`), its French label, its title in a report, the slug of its
    documents' files, whether the college makes one every year, and whether
    it is the college's own."""

    WORK = "work", "plan de travail annuel"
    TRAINING = "training", "plan de formation"
    RULES = "rules", "règlement intérieur"
    ORGANISATION = "organisation", "organisation des fonctions médicales"
    # A plan of the agency that the college keeps and works on (a regional
    # prevention plan): written by others, not presented by the bureau.
    REGIONAL = "regional", "plan régional"

    @property
    def title(self) -> str:
        """« Plan de travail annuel », « Projet d'organisation des fonctions médicales »."""
        return _PLAN_KIND_FACTS[self][0]

    @property
    def slug(self) -> str:
        """Its documents' file names: « plan-de-travail »."""
        return _PLAN_KIND_FACTS[self][1]

    @property
    def own(self) -> bool:
        """Prepared by the college and presented for validation early in the
        year (plan-late); a regional plan is the agency's."""
        return _PLAN_KIND_FACTS[self][3]

    @property
    def yearly(self) -> bool:
        """Made every year, with a review (bilan) of its actions; the others
        (the internal rules, the organisation) stay in force until replaced."""
        return _PLAN_KIND_FACTS[self][2]


_PLAN_KIND_FACTS = {
    PlanKind.WORK: ("Plan de travail annuel", "plan-de-travail", True, True),
    PlanKind.TRAINING: ("Plan de formation", "plan-de-formation", True, True),
    PlanKind.RULES: ("Règlement intérieur", "reglement-interieur", False, True),
    PlanKind.ORGANISATION: ("Projet d'organisation des fonctions médicales", "organisation-des-fonctions-medicales", False, True),
    PlanKind.REGIONAL: ("Plan régional", "plan-regional", False, False),
}
YEARLY_KINDS = tuple(kind for kind in PlanKind if kind.yearly)


@dataclass(frozen=True, order=True)
class PlanId:
    """A plan's id, its file's name without .yaml: « 2025-work ». `kind` is
    None for a file whose name does not give a kind (lint reports it)."""

    year: int
    kind: PlanKind | None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.kind.value if self.kind else '?'}"

    @classmethod
    def parse(cls, text: str) -> PlanId | None:
        """« 2025-work » (or plans/2025-work.yaml) → PlanId(2025, WORK); None
        when it does not start with a year and a dash."""
        stem = text.removesuffix(".yaml").rsplit("/", 1)[-1]
        year_text, dash, kind_text = stem.partition("-")
        if not (dash and len(year_text) == 4 and year_text.isascii() and year_text.isdigit()):
            return None
        kind = PlanKind(kind_text) if kind_text in {k.value for k in PlanKind} else None
        return cls(int(year_text), kind)
