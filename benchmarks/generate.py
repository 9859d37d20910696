"""Generate synthetic, valid colleges of any size, for the benchmarks.

The benchmarks need colleges much larger than the example in `records/`, and
they must be *valid*: a college full of errors would time the error path of
`collegekit lint` instead of the path the bureau actually runs every day. So
every generated record follows the models in `collegekit.models` and the
rules a college lives by (no overlapping memberships, one president at a
time, speakers who were at the meeting, owners who were members on the date,
fiche shares adding up to 100, plans presented before the end of March...).

The files are also meant to look like hand-written records, in size and in
shape (a member file of about fifteen lines, a meeting of 80 to 200 lines,
block YAML with 2-space indentation, quoted département codes and clock
times), because parse and validation costs grow with the size and nesting of
a file, not with its count alone.

A bigger college is a *longer* college, not a wider one: the number of members
active on any date (hence the size of each meeting's attendance list) stays
that of a realistic college, while members come and go over the years. This
keeps every file typical in size whatever the total, at the price of dates
going back centuries for the largest colleges, which nothing in lint minds.

Everything is drawn from `random.Random(seed)` and nothing iterates over a
set or a hash-ordered structure, so a seed always gives byte-identical files.

Usage as a module::

    from generate import generate
    generate("out/college", members=150, years=20, meetings_per_year=4, seed=0)

Usage as a script::

    python benchmarks/generate.py --out /tmp/college --members 150 --years 20
    python benchmarks/generate.py --out /tmp/big --files 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# The last year of every generated college: a fixed year (not today's) so
# that a seed gives the same files on any day, and a past year so that every
# meeting is held and every minutes approved, as in a real archive.
LAST_YEAR = 2025

# Share of members who are physicians or pharmacists, who each have a fiche de
# poste: used to estimate how many files a college of a given shape holds.
PROFESSION_WEIGHTS = {
    "physician": 42,
    "pharmacist": 18,
    "nurse": 12,
    "health-manager": 8,
    "midwife": 6,
    "dentist": 4,
    "psychologist": 6,
    "other": 4,
}
FICHE_PROFESSIONS = ("physician", "pharmacist")
FICHE_SHARE = sum(PROFESSION_WEIGHTS[p] for p in FICHE_PROFESSIONS) / sum(PROFESSION_WEIGHTS.values())

# Members active on a given date, as a share of all members who ever belonged,
# when the caller does not say: 60 of 150 over 20 years, a turnover of about
# 7 % a year, as in a regional college.
DEFAULT_ACTIVE_SHARE = 0.4

PRESIDENT_TERM_YEARS = 5
BUREAU_TERM_YEARS = 3
BUREAU_SEATS = 3
PLAN_KINDS = ("work", "training")

# The longest history a generated college spans: a century, 1926 to 2025,
# well within the years a record's dates may take (1900 onwards), fiches
# written before a member's first period included. A larger college is a
# denser one.
MAX_YEARS = 100

# ---------------------------------------------------------------------------
# Vocabulary: small lists, combined at random.
# ---------------------------------------------------------------------------

DEPARTEMENTS = {
    "04": ("Alpes-de-Haute-Provence", "des Alpes-de-Haute-Provence"),
    "05": ("Hautes-Alpes", "des Hautes-Alpes"),
    "06": ("Alpes-Maritimes", "des Alpes-Maritimes"),
    "13": ("Bouches-du-Rhône", "des Bouches-du-Rhône"),
    "83": ("Var", "du Var"),
    "84": ("Vaucluse", "de Vaucluse"),
}
SITE_WEIGHTS = {"head-office": 45, "13": 15, "06": 12, "83": 10, "84": 8, "04": 5, "05": 5}

FUNCTIONS = {
    "veille-sanitaire": "Veille et sécurité sanitaires",
    "inspection-controle": "Inspection, contrôle et évaluation",
    "offre-de-soins": "Offre de soins hospitalière et ambulatoire",
    "sante-mentale": "Santé mentale et psychiatrie",
    "medico-social": "Offre médico-sociale",
    "sante-environnement": "Santé environnement",
    "prevention": "Prévention et promotion de la santé",
    "produits-de-sante": "Produits de santé et pharmacie",
    "urgences-crise": "Urgences, soins non programmés et gestion de crise",
}

FEMALE_FIRST_NAMES = (
    "Claire Nadia Sophie Marie Laure Élise Isabelle Hélène Valérie Anne Céline Sylvie Sarah Pauline Julie "
    "Camille Emma Manon Aurélie Léa Jeanne Monique Catherine Nathalie Christine Agnès Mathilde Chloé Inès "
    "Amélie Béatrice Cécile Delphine Florence Lucie Maëlle Noémie Odile Josiane Géraldine"
).split()
MALE_FIRST_NAMES = (
    "Philippe Julien Thomas Antoine François Romain David Bruno Marc Louis Karim Thierry Olivier Yann "
    "Bernard Guillaume Nicolas Rémi Pierre Gilles Jérôme Stéphane Hervé Frédéric Mathieu Sébastien Loïc "
    "Cédric Benoît Christophe Denis Étienne Fabrice Grégoire Hugo Jean-Luc Laurent Maxime Pascal Vincent"
).split()
LAST_NAMES = (
    "Moreau Garnier Benali Faure Lambert Rousseau Nguyen Perrin Dubois Mercier Blanc Chevalier Girard "
    "Bonnet Lemaire Fontaine Giraud Colin Roux Joly Arnaud Vincent André Martinez Morel Picard Fournier "
    "Gauthier Simon Michel Robin Clément Leroy David Bertrand Marchand Durand Caron Barbier Dumas Martin "
    "Petit Richard Lefebvre Leroux Fabre Aubert Roche Meunier Brun Blanchard Guérin Boyer Lopez Hamidi "
    "Pons Castelli Orsini Bartoli Ferrand Reynaud Imbert Sauvage Maurel Chabert Rey Peyre Daumas "
    "Audibert Gasquet Bonifay Camoin Mathéron Truc Roubaud Giordano Sanchez Haddad Ollivier"
).split()

HEAD_OFFICE_SERVICES = (
    "Direction de la santé publique — pôle veille et sécurité sanitaires",
    "Direction de la santé publique — prévention et promotion de la santé",
    "Direction de la santé publique — santé environnement",
    "Direction de la santé publique — cellule de veille, d'alerte et de gestion sanitaires",
    "Direction de l'offre de soins — offre hospitalière",
    "Direction de l'offre de soins — soins de ville",
    "Direction de l'offre de soins — santé mentale et psychiatrie",
    "Direction de l'offre de soins — qualité et sécurité des soins",
    "Direction de l'offre de soins — département pharmacie et biologie",
    "Direction de l'offre médico-sociale — personnes âgées et personnes handicapées",
    "Direction générale — mission inspection, contrôle et évaluation",
)
CORPS = {
    "nurse": "infirmiers de l'État",
    "health-manager": "cadres de santé paramédicaux",
    "midwife": "sages-femmes des hôpitaux",
}
INVITED_EMPLOYERS = (
    "Ville de Marseille — service communal d'hygiène et de santé",
    "Cour d'appel d'Aix-en-Provence — médecin expert",
    "Préfecture des Bouches-du-Rhône — service interministériel de défense et de protection civiles",
    "Ville de Nice — direction de la santé publique",
    "Assistance publique — Hôpitaux de Marseille",
    "Centre hospitalier d'Avignon",
    "Rectorat de l'académie d'Aix-Marseille — service médical",
    "Santé publique France — cellule régionale Provence-Alpes-Côte d'Azur",
)
LEAVING_NOTES = (
    "Départ à la retraite",
    "Mutation dans une autre ARS",
    "Départ vers un centre hospitalier",
    "Mise en disponibilité",
    "Détachement auprès d'une collectivité territoriale",
    "Fin de contrat",
)
JOINING_NOTES = ("Recrutement", "Arrivée par mutation", "Prise de poste après concours")
INVITED_NOTES = ("Membre invité depuis son départ de l'agence", "Invité à titre d'ancien membre")

ROOMS = ("salle du conseil", "salle Calanques", "salle Sainte-Victoire", "salle Frioul", "salle Garlaban")
DD_ROOMS = {
    "06": "Délégation départementale des Alpes-Maritimes, Nice",
    "83": "Délégation départementale du Var, Toulon",
    "84": "Délégation départementale de Vaucluse, Avignon",
}
VIDEO_LINK = "https://visio.ars-paca.example/college"

# One entry a theme: the part of the agenda that a plenary devotes to it.
THEMES = (
    {
        "theme": "Politique régionale de psychiatrie et nouvelles pratiques en santé mentale",
        "slug": "sante-mentale",
        "organisation": "Centre hospitalier Valvert",
        "items": (
            "Feuille de route régionale de santé mentale et de psychiatrie",
            "Équipes mobiles de psychiatrie et infirmiers en pratique avancée",
            "Retour d'expérience des projets territoriaux de santé mentale",
        ),
        "facts": (
            "La feuille de route régionale fixe quatre priorités, dont la psychiatrie périnatale.",
            "Les équipes mobiles couvrent désormais cinq des six départements.",
            "Les projets territoriaux de santé mentale arrivent à leur première évaluation.",
        ),
        "alert": "Les délais d'attente en centre médico-psychologique dépassent six mois dans le Haut-Var.",
        "decision": "Un groupe de travail sur la pédopsychiatrie est constitué au sein du collège.",
    },
    {
        "theme": "Plan maladies neurodégénératives et nouvelles thérapies",
        "slug": "maladies-neurodegeneratives",
        "organisation": "Centre mémoire de ressources et de recherche de Nice",
        "items": (
            "Bilan régional du plan maladies neurodégénératives",
            "Arrivée des anticorps monoclonaux : organisation des consultations mémoire",
            "Parcours des patients jeunes atteints de maladie d'Alzheimer",
        ),
        "facts": (
            "Les consultations mémoire ont reçu près de 18 000 patients l'an dernier.",
            "Les nouvelles thérapies exigent une imagerie de surveillance régulière.",
            "Trois plateformes de répit ont ouvert dans les Bouches-du-Rhône et le Var.",
        ),
        "alert": "L'accès à l'IRM de surveillance reste très inégal entre le littoral et les Alpes.",
        "decision": "Le collège rendra un avis sur le cahier des charges des consultations mémoire.",
    },
    {
        "theme": "Accès à un médecin traitant",
        "slug": "medecin-traitant",
        "organisation": "Caisse primaire d'assurance maladie des Bouches-du-Rhône",
        "items": (
            "Patients en affection de longue durée sans médecin traitant",
            "Zonage des médecins et aides à l'installation",
            "Assistants médicaux et exercice coordonné",
        ),
        "facts": (
            "Près de 6 % des patients en affection de longue durée n'ont pas de médecin traitant.",
            "Le nouveau zonage classe la moitié du territoire alpin en zone d'intervention prioritaire.",
            "Plus de 300 contrats d'assistants médicaux ont été signés dans la région.",
        ),
        "alert": "Plusieurs départs en retraite non remplacés sont annoncés dans le Vaucluse.",
        "decision": "Les délégations départementales recenseront les communes sans médecin traitant.",
    },
    {
        "theme": "Permanence des soins ambulatoires",
        "slug": "permanence-des-soins",
        "organisation": "Union régionale des professionnels de santé médecins libéraux",
        "items": (
            "Cahier des charges régional de la permanence des soins",
            "Régulation libérale au sein du service d'accès aux soins",
            "Secteurs de garde en difficulté",
        ),
        "facts": (
            "Le service d'accès aux soins fonctionne dans les six départements.",
            "La participation des médecins libéraux à la régulation progresse de 12 %.",
            "Quatre secteurs de garde ont été fusionnés dans les Hautes-Alpes.",
        ),
        "alert": "Les nuits profondes ne sont plus couvertes dans deux secteurs des Alpes-de-Haute-Provence.",
        "decision": "Le collège propose une révision du cahier des charges avant l'été.",
    },
    {
        "theme": "Réforme des autorisations de médecine d'urgence",
        "slug": "urgences",
        "organisation": "Observatoire régional des urgences",
        "items": (
            "Nouvelles autorisations de médecine d'urgence",
            "Antennes de médecine d'urgence et structures mobiles",
            "Organisation estivale des urgences",
        ),
        "facts": (
            "Les nouvelles autorisations distinguent structures fixes, mobiles et antennes.",
            "Les passages aux urgences ont augmenté de 4 % sur l'année.",
            "La régulation préalable a été généralisée la nuit dans trois établissements.",
        ),
        "alert": "Des fermetures ponctuelles de lignes de SMUR sont à craindre pendant l'été.",
        "decision": "Un suivi hebdomadaire des tensions est présenté au bureau de juin à septembre.",
    },
    {
        "theme": "Prévention et promotion de la santé",
        "slug": "prevention",
        "organisation": "Comité régional d'éducation pour la santé",
        "items": (
            "Programme régional de prévention",
            "Dépistages organisés des cancers",
            "Rendez-vous de prévention aux âges clés de la vie",
        ),
        "facts": (
            "Le taux de participation au dépistage du cancer colorectal reste inférieur à 30 %.",
            "Les rendez-vous de prévention sont proposés à quatre âges de la vie.",
            "Les contrats locaux de santé portent désormais tous un volet prévention.",
        ),
        "alert": "La couverture du dépistage du cancer du col recule chez les femmes de plus de 50 ans.",
        "decision": "Le collège relaiera la campagne régionale de dépistage auprès des délégations.",
    },
    {
        "theme": "Attractivité des métiers de la santé",
        "slug": "attractivite",
        "organisation": "Faculté des sciences médicales et paramédicales d'Aix-Marseille",
        "items": (
            "Postes d'internes et docteurs juniors en zones sous-denses",
            "Fidélisation des professionnels paramédicaux",
            "Attractivité des postes de médecin inspecteur",
        ),
        "facts": (
            "La région accueille 120 docteurs juniors de médecine générale à la prochaine rentrée.",
            "Le taux de postes vacants d'infirmiers atteint 8 % dans les établissements publics.",
            "Deux postes de médecin inspecteur sont vacants depuis plus d'un an.",
        ),
        "alert": "Les postes de médecin inspecteur des délégations alpines restent sans candidat.",
        "decision": "Le bureau rédigera une note sur l'attractivité des postes médicaux de l'agence.",
    },
    {
        "theme": "Coopération avec les maisons et centres de santé",
        "slug": "centres-de-sante",
        "organisation": "Fédération des maisons de santé de Provence-Alpes-Côte d'Azur",
        "items": (
            "Déploiement des maisons de santé pluriprofessionnelles",
            "Communautés professionnelles territoriales de santé",
            "Protocoles de coopération entre professionnels",
        ),
        "facts": (
            "La région compte plus de 150 maisons de santé pluriprofessionnelles.",
            "Les communautés professionnelles territoriales couvrent 85 % de la population.",
            "Onze protocoles de coopération sont actifs dans la région.",
        ),
        "alert": "Le financement de la coordination reste fragile dans les petites structures.",
        "decision": "Une journée d'échanges avec les maisons de santé sera organisée à l'automne.",
    },
    {
        "theme": "Télémédecine et télésurveillance",
        "slug": "telemedecine",
        "organisation": "Groupement régional d'appui au développement de la e-santé",
        "items": (
            "Téléconsultation en établissement d'hébergement pour personnes âgées",
            "Télésurveillance des maladies chroniques",
            "Télé-expertise en dermatologie et en cardiologie",
        ),
        "facts": (
            "Plus de 400 établissements pour personnes âgées sont équipés pour la téléconsultation.",
            "La télésurveillance de l'insuffisance cardiaque est entrée dans le droit commun.",
            "La télé-expertise en dermatologie réduit de moitié les délais d'avis.",
        ),
        "alert": "La couverture en très haut débit limite la téléconsultation dans les vallées alpines.",
        "decision": "Le collège participera au comité de suivi régional de la télésurveillance.",
    },
    {
        "theme": "Santé environnement : qualité de l'eau et fortes chaleurs",
        "slug": "sante-environnement",
        "organisation": "Santé publique France, cellule régionale",
        "items": (
            "Plan régional santé environnement",
            "Gestion des épisodes de fortes chaleurs",
            "Contrôle sanitaire des eaux de consommation",
        ),
        "facts": (
            "Le plan régional santé environnement compte quatre axes et vingt actions.",
            "Trois épisodes de canicule ont déclenché le niveau orange l'été dernier.",
            "Le contrôle sanitaire a porté sur plus de 2 000 unités de distribution.",
        ),
        "alert": "Des non-conformités répétées sont relevées sur de petites unités de distribution de montagne.",
        "decision": "Une fiche réflexe fortes chaleurs sera diffusée aux délégations départementales.",
    },
    {
        "theme": "Vaccination et couverture vaccinale",
        "slug": "vaccination",
        "organisation": "Centre de vaccination de la Ville de Marseille",
        "items": (
            "Couverture vaccinale des nourrissons et des adolescents",
            "Campagne de vaccination contre les papillomavirus au collège",
            "Préparation de la campagne de vaccination hivernale",
        ),
        "facts": (
            "La couverture vaccinale contre la rougeole atteint 92 % à deux ans.",
            "La campagne en collège a touché un élève de cinquième sur trois.",
            "Les pharmaciens réalisent désormais la majorité des vaccinations antigrippales.",
        ),
        "alert": "La couverture vaccinale des professionnels des établissements médico-sociaux reste basse.",
        "decision": "Le collège soutient l'extension des compétences vaccinales des sages-femmes.",
    },
)
ROUND_TABLE_POINTS = (
    "Difficultés de recrutement de médecins coordonnateurs en établissement pour personnes âgées.",
    "Tensions sur les lignes de SMUR pendant la période estivale.",
    "Signalements d'événements indésirables graves en hausse depuis le début de l'année.",
    "Bonne dynamique des contrats locaux de santé sur le territoire.",
    "Inspection programmée de deux établissements au cours du trimestre.",
    "Projet de centre de santé porté par une commune rurale.",
    "Besoin d'un appui régional pour l'instruction des dossiers de pharmacie.",
    "Épisode de cas groupés de légionellose clos sans nouveau cas.",
    "Difficultés d'accès aux soins psychiatriques pour les adolescents.",
    "Mise en place d'une astreinte médicale partagée entre délégations.",
)
REPLIES = (
    "La direction de l'offre de soins a été saisie et apportera une réponse d'ici la prochaine séance.",
    "Le point sera inscrit à l'ordre du jour du prochain comité de direction.",
    "Un appui de la cellule régionale est possible ; la demande est à adresser au bureau.",
)
FOLLOW_UPS = (
    "Diffuser le diaporama et le compte rendu aux membres du collège",
    "Préparer une note de synthèse pour le comité de direction",
    "Recenser les besoins de formation des délégations départementales",
    "Inviter les partenaires concernés à la prochaine séance",
    "Mettre à jour la cartographie des fonctions médicales",
    "Relancer les fiches de poste non transmises au président",
    "Proposer un calendrier des séances de l'année suivante",
)

WORK_AXES = (
    "Veille, sécurité sanitaire et gestion de crise",
    "Organisation de l'offre de soins et accès aux soins",
    "Santé mentale et parcours de soins",
    "Prévention et santé environnement",
    "Inspection, contrôle et qualité des prises en charge",
)
WORK_ORIENTATIONS = (
    "Renforcer la coordination entre le siège et les délégations",
    "Partager les pratiques et les outils",
    "Éclairer les décisions de la direction générale",
    "Accompagner les professionnels et les établissements",
)
WORK_ACTIONS = (
    "Élaborer une procédure régionale commune",
    "Organiser un retour d'expérience annuel",
    "Produire un tableau de bord trimestriel",
    "Rédiger un avis du collège à l'intention du directeur général",
    "Animer un réseau de référents départementaux",
    "Mettre à jour les fiches réflexes",
    "Conduire une enquête auprès des établissements",
    "Proposer des indicateurs de suivi partagés",
)
TRAINING_AXES = (
    "Formations réglementaires et inspection",
    "Santé publique et gestion des crises sanitaires",
    "Pratiques professionnelles et outils numériques",
)
TRAINING_ACTIONS = (
    ("Formation à la méthodologie de l'inspection-contrôle", 14, True),
    ("Journée régionale de gestion de crise sanitaire", 7, True),
    ("Atelier sur l'analyse des événements indésirables graves", 7, True),
    ("Formation aux outils de télémédecine", 3, False),
    ("Séminaire sur la santé mentale des adolescents", 7, True),
    ("Formation à la conduite de réunions en visioconférence", 3, False),
    ("Mise à jour des connaissances en vaccinologie", 7, True),
    ("Formation à la lecture critique des données épidémiologiques", 14, True),
)
INDICATORS = (
    "Nombre de réunions tenues",
    "Part des délégations départementales associées",
    "Document produit et diffusé",
    "Nombre de professionnels formés",
    "Taux de satisfaction des participants",
)
REVIEWS = {
    "done": "Action réalisée dans les délais ; document diffusé à l'ensemble des membres.",
    "in-progress": "Action engagée, à poursuivre l'an prochain.",
    "postponed": "Action reportée faute de disponibilité des pilotes.",
    "abandoned": "Action abandonnée après réorganisation des services.",
}

def french_date(day: dt.date, weekday: bool = False) -> str:
    """A date as French minutes write it: « mardi 12 mars 2024 »."""
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale="fr_FR")


# ---------------------------------------------------------------------------
# A small YAML writer, so the files look hand-written.
# ---------------------------------------------------------------------------


class Flow(tuple):
    """A short list of ids or codes, written on one line as people do: [a, b]."""


class Folded(str):
    """A long text, written as a folded block scalar (>-) wrapped at 96 columns."""


# A plain scalar is safe when it cannot start a YAML construct, holds no ":"
# or "#" (which could end or comment it) and would not resolve to another type.
_PLAIN_SAFE = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`\s])[^\n\t:#]*(?<!\s)")
_LOOKS_TYPED = re.compile(
    r"[-+.]?\d[\d_.,:eE+-]*|(?i:y|n|yes|no|on|off|true|false|null|~)|\d{4}-\d\d?-\d\d?([ Tt].*)?"
)
_WRAP = 96
# Keeps « guillemets » with their words when a text is wrapped.
NBSP = "\u00a0"


def yaml_scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text and _PLAIN_SAFE.fullmatch(text) and not _LOOKS_TYPED.fullmatch(text):
        return text
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def yaml_block(value: dict | list | tuple, indent: int = 0) -> list[str]:
    """Block-style YAML lines of a mapping or a sequence, 2-space indented."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines.extend(_key_lines(pad, str(key), item, indent))
        return lines
    for item in value:
        if isinstance(item, dict | list) or (isinstance(item, tuple) and not isinstance(item, Flow)):
            nested = yaml_block(item, indent + 2)
            nested[0] = f"{pad}- {nested[0][indent + 2:]}"
            lines.extend(nested)
        else:
            lines.extend(_key_lines(pad, "", item, indent, dash=True))
    return lines


def _key_lines(pad: str, key: str, item: object, indent: int, dash: bool = False) -> list[str]:
    head = f"{pad}- " if dash else f"{pad}{key}: "
    if isinstance(item, Flow):
        return _flow_lines(head, item, indent)
    if isinstance(item, Folded):
        return [f"{head}>-", *(f"{pad}  {line}" for line in _wrap(item, _WRAP - indent))]
    if isinstance(item, dict | list | tuple):
        if not item:
            return [f"{head}{'{}' if isinstance(item, dict) else '[]'}"]
        return [head.rstrip(), *yaml_block(item, indent + 2)]
    return [f"{head}{yaml_scalar(item)}"]


def _flow_lines(head: str, items: Flow, indent: int) -> list[str]:
    words = [yaml_scalar(item) for item in items]
    lines = _wrap(", ".join(words), _WRAP - len(head))
    if len(lines) == 1:
        return [f"{head}[{lines[0]}]"]
    continuation = " " * (indent + 2)
    return [f"{head}[{lines[0]}", *(f"{continuation}{line}" for line in lines[1:-1]), f"{continuation}{lines[-1]}]"]


def yaml_document(value: dict, comment: str | None = None) -> str:
    lines = [f"# {line}" for line in _wrap(comment, _WRAP - 2)] if comment else []
    return "\n".join([*lines, *yaml_block(value)]) + "\n"


# ---------------------------------------------------------------------------
# People and their memberships.
# ---------------------------------------------------------------------------


@dataclass
class Period:
    start: dt.date
    end: dt.date | None
    role: str
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Person:
    id: str
    first_name: str
    last_name: str
    profession: str
    status: str
    site: str
    service: str | None
    management_post: bool
    joined: dt.date
    left: dt.date | None = None
    invited_until: dt.date | None = None
    invited: bool = False
    employer: str | None = None
    roles: list[Period] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    attendance_propensity: float = 0.8

    @property
    def title(self) -> str | None:
        if self.profession in ("physician", "dentist"):
            return "Dr"
        return None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def active_through(self, start: dt.date, end: dt.date) -> bool:
        """Is the person an ordinary (not invited) member over the whole span?"""
        return self.joined <= start and (self.left is None or self.left >= end)

    def holds_role_during(self, start: dt.date, end: dt.date) -> bool:
        return any(role.start <= end and (role.end is None or start <= role.end) for role in self.roles)

    def period_on(self, day: dt.date) -> Period | None:
        for period in self.periods:
            if period.covers(day):
                return period
        return None


def _unique_names(rng: random.Random, count: int) -> list[tuple[str, str, bool]]:
    """Distinct (first name, last name, female) triples: hyphenated last names
    are drawn once the simple ones run short, as in a large administration."""
    seen: set[tuple[str, str]] = set()
    names: list[tuple[str, str, bool]] = []
    while len(names) < count:
        female = rng.random() < 0.55
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        if (first, last) in seen:
            second = rng.choice(LAST_NAMES)
            last = f"{last}-{second}"
            if second in last.split("-")[:-1] or (first, last) in seen:
                continue
        seen.add((first, last))
        names.append((first, last, female))
    return names


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _status_for(rng: random.Random, profession: str) -> str:
    if profession == "physician":
        return "misp" if rng.random() < 0.6 else "contract"
    if profession == "pharmacist":
        return "phisp" if rng.random() < 0.8 else "contract"
    if profession in CORPS:
        return "civil-servant" if rng.random() < 0.6 else "contract"
    return "contract"


def _make_people(rng: random.Random, count: int) -> list[Person]:
    people = []
    for index, (first, last, _) in enumerate(_unique_names(rng, count), start=1):
        profession = _weighted(rng, PROFESSION_WEIGHTS)
        site = _weighted(rng, SITE_WEIGHTS)
        if site == "head-office":
            service = rng.choice(HEAD_OFFICE_SERVICES)
        else:
            service = f"Délégation départementale {DEPARTEMENTS[site][1]}"
        management_post = rng.random() < 0.2
        # Head-office staff come more often; staff with a management post less.
        propensity = 0.85 if site == "head-office" else 0.75
        propensity -= 0.2 if management_post else 0.0
        people.append(
            Person(
                id=f"m{index:05d}",
                first_name=first,
                last_name=last,
                profession=profession,
                status=_status_for(rng, profession),
                site=site,
                service=service,
                management_post=management_post,
                joined=dt.date.min,
                attendance_propensity=propensity,
            )
        )
    return people


def _simulate_turnover(rng: random.Random, people: list[Person], active: int, first: dt.date, last: dt.date) -> None:
    """Founders join on the first day; each later arrival replaces someone
    who leaves shortly before, so about `active` people are members on any
    date whatever the total. Ids follow the order of arrival."""
    founders, joiners = people[:active], people[active:]
    for person in founders:
        person.joined = first
    span = (last - first).days
    offsets = sorted(rng.randint(min(180, span), max(min(180, span), span - 30)) for _ in joiners)
    present = list(founders)
    for person, offset in zip(joiners, offsets, strict=True):
        day = first + dt.timedelta(days=offset)
        person.joined = day
        # Leave a month or two before the replacement arrives, after at least a year.
        leaving_day = day - dt.timedelta(days=rng.randint(1, 60))
        candidates = [p for p in present if p.joined + dt.timedelta(days=365) <= leaving_day]
        if candidates:
            leaver = rng.choice(candidates)
            leaver.left = leaving_day
            present.remove(leaver)
            if rng.random() < 0.15:
                # Some of those who leave stay on as invited members for a few years.
                leaver.invited = True
                leaver.status = "other"
                leaver.employer = rng.choice(INVITED_EMPLOYERS)
                leaver.service = None
                until = leaving_day + dt.timedelta(days=rng.randint(2 * 365, 6 * 365))
                leaver.invited_until = until if until < last else None
        present.append(person)


def _assign_roles(rng: random.Random, people: list[Person], first_year: int, last_year: int) -> None:
    """One president and a few bureau seats at any time, each held for a term
    of calendar years by someone who is a member over the whole term."""
    last_day = dt.date(last_year, 12, 31)
    tracks = [("president", PRESIDENT_TERM_YEARS, 0)]
    tracks += [("bureau", BUREAU_TERM_YEARS, seat) for seat in range(BUREAU_SEATS)]
    for role, term_years, stagger in tracks:
        year = first_year
        # Stagger the bureau seats so the bureau is never renewed all at once.
        first_term_years = term_years - stagger % term_years if role == "bureau" else term_years
        length = first_term_years
        while year <= last_year:
            start = dt.date(year, 1, 1)
            end = min(dt.date(year + length - 1, 12, 31), last_day)
            free = [p for p in people if p.active_through(start, end) and not p.holds_role_during(start, end)]
            if role == "president":
                free = [p for p in free if p.profession == "physician"] or free
            if free:
                holder = rng.choice(free)
                holder.roles.append(Period(start, None if end == last_day and holder.left is None else end, role))
            year += length
            length = term_years


def _build_periods(rng: random.Random, person: Person) -> None:
    """Cut the person's time in the college into non-overlapping periods:
    roles where they hold one, `member` between them, `invited` after."""
    periods: list[Period] = []
    cursor: dt.date | None = person.joined
    for role in sorted(person.roles, key=lambda period: period.start):
        if cursor is not None and cursor < role.start:
            periods.append(Period(cursor, role.start - dt.timedelta(days=1), "member"))
        periods.append(role)
        cursor = None if role.end is None else role.end + dt.timedelta(days=1)
    if cursor is not None and (person.left is None or cursor <= person.left):
        periods.append(Period(cursor, person.left, "member"))
    if person.left is not None:
        periods[-1].note = rng.choice(LEAVING_NOTES)
    elif len(periods) == 1 and rng.random() < 0.3:
        periods[0].note = rng.choice(JOINING_NOTES)
    if person.invited and person.left is not None:
        periods.append(
            Period(person.left + dt.timedelta(days=1), person.invited_until, "invited", rng.choice(INVITED_NOTES))
        )
    person.periods = periods


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def member_record(rng: random.Random, person: Person) -> dict:
    record: dict = {"id": person.id}
    if person.title:
        record["title"] = person.title
    record |= {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "profession": person.profession,
        "status": person.status,
    }
    if person.status == "civil-servant":
        record["corps"] = CORPS[person.profession]
    record["site"] = person.site
    if person.service:
        record["service"] = person.service
    if person.employer:
        record["employer"] = person.employer
    record["management_post"] = person.management_post
    memberships = []
    for period in person.periods:
        entry: dict = {"start": period.start}
        if period.end is not None:
            entry["end"] = period.end
        entry["role"] = period.role
        if period.note:
            entry["note"] = period.note
        memberships.append(entry)
    record["memberships"] = memberships
    if not person.invited and rng.random() < 0.7:
        # Fictional contacts: a reserved domain and ARCEP's range for fiction.
        record["contact"] = {
            "email": f"{_ascii(person.first_name)}.{_ascii(person.last_name)}@ars-paca.example",
            "phone": f"04 65 71 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
        }
    return record


# ---------------------------------------------------------------------------
# Meetings.
# ---------------------------------------------------------------------------


@dataclass
class MeetingPlan:
    day: dt.date
    kind: str
    number: int | None
    stem: str = ""
    attendance: dict[str, str] = field(default_factory=dict)


def _meeting_days(rng: random.Random, year: int, count: int) -> list[dt.date]:
    """Tuesdays and Thursdays spread over the year, none in August or over the holidays."""
    candidates = [
        day
        for day in (dt.date(year, 1, 1) + dt.timedelta(days=offset) for offset in range(366))
        if day.year == year and day.weekday() in (1, 3) and day.month != 8
        and dt.date(year, 1, 10) <= day <= dt.date(year, 12, 18)
    ]
    count = min(count, len(candidates))
    chosen: list[int] = []
    for index in range(count):
        position = int((index + 0.5) * len(candidates) / count) + rng.randint(-2, 2)
        position = max(chosen[-1] + 1 if chosen else 0, min(position, len(candidates) - (count - index)))
        chosen.append(position)
    return [candidates[position] for position in chosen]


def _plan_meetings(rng: random.Random, first_year: int, last_year: int, per_year: int) -> list[MeetingPlan]:
    """Each year: plenaries, and one bureau meeting for every four meetings."""
    meetings = []
    bureau_count = per_year // 4
    for year in range(first_year, last_year + 1):
        days = _meeting_days(rng, year, per_year)
        bureau_positions = {int((index + 0.5) * len(days) / bureau_count) for index in range(bureau_count)}
        number = 0
        for position, day in enumerate(days):
            if position in bureau_positions:
                meetings.append(MeetingPlan(day, "bureau", None, f"{day.isoformat()}-bureau"))
            else:
                number += 1
                meetings.append(MeetingPlan(day, "plenary", number, f"{day.isoformat()}-pleniere"))
    return meetings


class AttendanceDrawer:
    """Draws who came to each meeting, and how.

    Lint flags long runs of absence and meetings short of the quorum, and a
    generated college must be clean: so a member never misses more than
    `max_streak` meetings in a row (of any kind, nor of one kind), and at
    least half of the members expected come to every meeting.
    """

    def __init__(self, rng: random.Random, max_streak: int) -> None:
        self.rng = rng
        self.max_streak = max_streak
        self.streaks: dict[tuple[str, str], int] = {}

    def draw_meeting(
        self, expected: dict[str, str], people: dict[str, Person], kind: str, meeting_format: str
    ) -> dict[str, str]:
        """Presence of each expected member (id -> role on the date), by id."""
        came = {}
        for member_id, role in expected.items():
            streak = max(self.streaks.get((member_id, "*"), 0), self.streaks.get((member_id, kind), 0))
            propensity = 0.35 if role == "invited" else people[member_id].attendance_propensity
            came[member_id] = streak >= self.max_streak or self.rng.random() < propensity
        # Invited members are not bound to come, so they do not count towards the half.
        bound = [member_id for member_id, role in expected.items() if role != "invited"] or list(expected)
        missing = [member_id for member_id in bound if not came[member_id]]
        shortfall = (len(bound) + 1) // 2 - (len(bound) - len(missing))
        for member_id in missing[: max(0, shortfall)]:
            came[member_id] = True
        attendance = {}
        for member_id in expected:
            keys = ((member_id, "*"), (member_id, kind))
            for key in keys:
                self.streaks[key] = 0 if came[member_id] else self.streaks.get(key, 0) + 1
            if came[member_id]:
                attendance[member_id] = self._mode(people[member_id], meeting_format)
            else:
                attendance[member_id] = "excused" if self.rng.random() < 0.65 else "absent"
        return attendance

    def _mode(self, person: Person, meeting_format: str) -> str:
        if meeting_format in ("video", "in-person"):
            return "video" if meeting_format == "video" else "present"
        # In a hybrid meeting, the délégations mostly join by video.
        return "video" if self.rng.random() < (0.3 if person.site == "head-office" else 0.75) else "present"


def _points(rng: random.Random, theme: dict) -> list:
    facts = list(theme["facts"])
    rng.shuffle(facts)
    points: list = [facts[0]]
    points.append({"text": facts[1], "points": [facts[2]]} if rng.random() < 0.5 else facts[1])
    points.append({"kind": "vigilance" if rng.random() < 0.4 else "alert", "text": theme["alert"]})
    if rng.random() < 0.3:
        points.append({"kind": Flow(("question", "alert")), "text": "Quels moyens pour les délégations ?"})
    points.append({"kind": "decision", "text": theme["decision"]})
    return points


def _round_table(rng: random.Random, attendees: list[str], reply_by: str | None) -> list[dict]:
    entries = []
    for member_id in rng.sample(attendees, min(len(attendees), rng.randint(2, 4))):
        entries.append({"by": member_id, "points": [rng.choice(ROUND_TABLE_POINTS)]})
    code = rng.choice(list(DEPARTEMENTS))
    group: dict = {
        "by": {"organisation": f"Délégation départementale {DEPARTEMENTS[code][1]}"},
        "points": rng.sample(ROUND_TABLE_POINTS, 2),
    }
    if reply_by:
        group["reply"] = {"by": reply_by, "text": rng.choice(REPLIES)}
    entries.append(group)
    return entries


def _agenda(
    rng: random.Random, meeting: MeetingPlan, previous: MeetingPlan | None, theme: dict, chair: str,
    attendees: list[str], guest: dict | None,
) -> list[dict]:
    def some_speakers(count: int) -> Flow:
        return Flow(sorted(rng.sample(attendees, min(count, len(attendees)))))

    opening_items = []
    if previous is not None:
        opening_items.append(
            {
                "title": f"Approbation du compte rendu de la séance du {french_date(previous.day)}",
                "speakers": Flow((chair,)),
                "points": [{"kind": "decision", "text": "Le compte rendu est approuvé sans modification."}],
            }
        )
    opening_items.append(
        {
            "title": "Actualités de l'agence",
            "speakers": Flow((chair,)),
            "points": [
                "Point sur les travaux du comité de direction et les priorités de la direction générale.",
                f"Calendrier des prochaines séances du collège en {meeting.day.year}.",
            ],
        }
    )
    if meeting.kind == "bureau":
        return [
            {"title": "Suivi des travaux du collège", "items": opening_items},
            {
                "title": "Fiches de poste et plans",
                "points": [
                    "Point sur les fiches de poste reçues par le président depuis la dernière réunion.",
                    {"kind": "vigilance", "text": "Plusieurs fiches de poste restent à transmettre au président."},
                    f"Avancement du plan de travail {meeting.day.year} : actions engagées et actions à relancer.",
                ],
            },
            {
                "title": "Préparation de la prochaine séance plénière",
                "points": [
                    f"Thème retenu : {theme['theme'].lower()}.",
                    {
                        "kind": "decision",
                        "text": "L'ordre du jour est arrêté et sera adressé au comité de direction.",
                    },
                ],
            },
        ]
    theme_items = []
    for index, title in enumerate(rng.sample(theme["items"], 2)):
        item: dict = {"title": title}
        if index == 0 and guest is not None:
            item["speakers"] = [*some_speakers(1), {"name": guest["name"], "organisation": guest["organisation"]}]
        else:
            item["speakers"] = some_speakers(rng.randint(1, 2))
        item["duration_minutes"] = rng.choice((30, 45, 60))
        slides = f"{meeting.day.isoformat()}-{theme['slug']}-{index + 1}.pdf"
        item["material"] = [{"title": "Diaporama", "file": slides}]
        item["points"] = _points(rng, theme)
        if index == 0:
            item["round_table"] = _round_table(rng, attendees, chair)
        theme_items.append(item)
    parts = [
        {"title": "Informations générales", "items": opening_items},
        {"title": theme["theme"], "items": theme_items},
    ]
    if rng.random() < 0.6:
        parts.append(
            {
                "title": "Questions diverses",
                "points": [
                    rng.choice(ROUND_TABLE_POINTS),
                    {"kind": "question", "text": "Date de la séance de rentrée ?"},
                ],
            }
        )
    return parts


def _meeting_body(meeting: MeetingPlan, theme: dict, actions: list[dict], people: dict[str, Person]) -> str:
    kind = "Séance plénière" if meeting.kind == "plenary" else "Réunion du bureau"
    attended = sum(1 for presence in meeting.attendance.values() if presence in ("present", "video"))
    lines = [
        f"# {kind} du {french_date(meeting.day, weekday=True)}",
        "",
        "## Synthèse",
        "",
        *_wrap(
            f"La séance s'est tenue en présence de {attended} membres sur {len(meeting.attendance)} attendus. "
            f"Elle a été consacrée au thème «{NBSP}{theme['theme'].lower()}{NBSP}», présenté par "
            "les pilotes du collège et discuté lors d'un tour de table des délégations départementales.",
            _WRAP,
        ),
        "",
        *_wrap(" ".join(theme["facts"]), _WRAP),
        "",
        "## Points d'attention",
        "",
        f"- {theme['alert']}",
        f"- {theme['decision']}",
        "",
        "## Suites à donner",
        "",
        *(f"- {action['text']} ({people[action['owner']].full_name}, pour le {french_date(action['due'])})."
          for action in actions),
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Fiches and plans.
# ---------------------------------------------------------------------------


def _split_shares(rng: random.Random, count: int) -> list[int]:
    """`count` shares, multiples of 5, at least 5 each, adding to 100."""
    cuts = sorted(rng.sample(range(1, 20), count - 1))
    return [5 * (b - a) for a, b in zip([0, *cuts], [*cuts, 20], strict=True)]


def fiche_record(rng: random.Random, person: Person, last_day: dt.date) -> dict:
    end = person.left or last_day
    set_on = min(person.joined + dt.timedelta(days=rng.randint(20, 200)), end)
    functions = rng.sample(list(FUNCTIONS), rng.randint(1, 3))
    codes = list(DEPARTEMENTS) if person.site == "head-office" else [person.site]
    neighbours = [code for code in DEPARTEMENTS if code not in codes]
    counts = {"regional": rng.randint(1, 2), "departmental": rng.randint(1, 2), "interdepartmental": rng.randint(0, 1)}
    shares = iter(_split_shares(rng, sum(counts.values())))
    activities: dict[str, list] = {}
    for level, count in counts.items():
        activities[level] = []
        for _ in range(count):
            function = rng.choice(functions)
            title = f"{FUNCTIONS[function]} : {rng.choice(WORK_ACTIONS).lower()}"
            activity: dict = {"title": title, "share": next(shares), "function": function}
            if level == "departmental":
                covered = codes[:1] if person.site != "head-office" else sorted(rng.sample(codes, 2))
                activity["departements"] = Flow(covered)
            elif level == "interdepartmental" and neighbours:
                activity["departements"] = Flow(sorted([*codes[:1], rng.choice(neighbours)]))
            activities[level].append(activity)
    profession = "Médecin" if person.profession == "physician" else "Pharmacien"
    manager_first, manager_last, manager_female = _unique_names(rng, 1)[0]
    if person.site == "head-office":
        manager_title = "Cheffe de service" if manager_female else "Chef de service"
    else:
        head = "Déléguée départementale" if manager_female else "Délégué départemental"
        manager_title = f"{head} {DEPARTEMENTS[person.site][1]}"
    return {
        "member": person.id,
        "post_title": f"{profession} — {FUNCTIONS[functions[0]].lower()}",
        "service": person.service or "Direction générale",
        "departements": Flow(codes),
        "line_manager": {"name": f"{manager_first} {manager_last}", "title": manager_title},
        "set_on": set_on,
        "sent_to_president_on": min(set_on + dt.timedelta(days=rng.randint(5, 40)), last_day),
        "functions": Flow(functions),
        "activities": activities,
    }


def _action_status(rng: random.Random) -> tuple[str, int]:
    status = rng.choices(("done", "in-progress", "postponed", "abandoned"), weights=(60, 20, 15, 5))[0]
    progress = {"done": 100, "in-progress": rng.choice((40, 60, 80)), "postponed": rng.choice((0, 10, 20))}
    return status, progress.get(status, 0)


def plan_record(
    rng: random.Random, year: int, kind: str, owners: list[str], meetings: list[MeetingPlan], first_year: int,
    gone: frozenset[str] = frozenset(),
) -> dict:
    plenaries = [m for m in meetings if m.kind == "plenary"] or meetings
    presented_on = plenaries[0].day if plenaries and plenaries[0].day.month <= 3 else dt.date(year, 3, 10)
    number = 0

    def action(title: str) -> dict:
        nonlocal number
        number += 1
        status, progress = _action_status(rng)
        entry: dict = {"number": number, "title": title, "owner": rng.choice(owners)}
        if status == "in-progress" and entry["owner"] in gone:
            # An action still running under someone who has left the
            # college is a warning (owner-left): theirs were completed.
            status, progress = "done", 100
        contributors = sorted(rng.sample(owners, min(len(owners), rng.randint(0, 2))))
        if contributors:
            entry["contributors"] = Flow(contributors)
        entry["territory"] = "region" if rng.random() < 0.6 else Flow(sorted(rng.sample(list(DEPARTEMENTS), 2)))
        entry["deadline"] = dt.date(year, rng.choice((6, 9, 12)), 30)
        entry["indicators"] = rng.sample(INDICATORS, 2)
        entry["status"] = status
        entry["progress"] = progress
        entry["review"] = REVIEWS[status]
        if plenaries and rng.random() < 0.5:
            entry["meetings"] = Flow([rng.choice(plenaries).stem])
        if year > first_year and rng.random() < 0.1:
            entry["carried_over_from"] = year - 1
        return entry

    record: dict = {"year": year, "kind": kind}
    if kind == "work":
        record["title"] = f"Plan de travail annuel {year} des médecins et professionnels de santé"
    else:
        record["title"] = f"Plan de formation {year} du collège"
    record |= {
        "status": "validated",
        "presented_on": presented_on,
        "validated_on": presented_on + dt.timedelta(days=rng.randint(0, 14)),
        "introduction": Folded(
            f"Ce plan a été préparé par le bureau à partir des orientations de la direction générale pour "
            f"{year}. Il a été présenté au collège puis validé ; chaque action a un pilote, un territoire "
            "et une échéance."
        ),
    }
    axes = []
    if kind == "work":
        for axis_title in rng.sample(WORK_AXES, 3):
            orientations = []
            for orientation_title in rng.sample(WORK_ORIENTATIONS, 2):
                titles = rng.sample(WORK_ACTIONS, 2)
                orientations.append({"title": orientation_title, "actions": [action(title) for title in titles]})
            axes.append({"title": axis_title, "orientations": orientations})
        record["axes"] = axes
        record["review"] = {
            "presented_on": dt.date(year + 1, 2, rng.randint(1, 28)),
            "summary": Folded(
                "Le bilan du plan a été présenté au collège au début de l'année suivante. La plupart des "
                "actions ont été réalisées ; les actions reportées sont reprises dans le plan suivant."
            ),
        }
    else:
        for axis_title in TRAINING_AXES:
            actions = []
            for title, hours, dpc in rng.sample(TRAINING_ACTIONS, 2):
                entry = action(title)
                entry["hours"] = hours
                entry["dpc"] = dpc
                actions.append(entry)
            axes.append({"title": axis_title, "actions": actions})
        record["axes"] = axes
    return record


STANDING_TITLES = {"rules": "Règlement intérieur du collège", "organisation": "Organisation des fonctions médicales"}


def standing_plan_record(year: int, kind: str, meetings: list[MeetingPlan]) -> dict:
    """The internal rules or the organisation of medical functions: one
    version, written the first year, in force until a new one replaces it.
    No random draw, so the rest of a generated college stays as it was."""
    plenaries = [m for m in meetings if m.kind == "plenary"] or meetings
    presented_on = plenaries[0].day if plenaries and plenaries[0].day.month <= 3 else dt.date(year, 3, 10)
    return {
        "year": year,
        "kind": kind,
        "title": f"{STANDING_TITLES[kind]} — {year}",
        "status": "validated",
        "presented_on": presented_on,
        "validated_on": presented_on + dt.timedelta(days=7),
        "sections": [
            {
                "title": "Objet",
                "text": Folded(
                    "Ce document a été préparé par le bureau, présenté au collège puis validé par le comité de "
                    "direction. Il reste en vigueur jusqu'à sa prochaine version."
                ),
            }
        ],
    }


# ---------------------------------------------------------------------------
# The college.
# ---------------------------------------------------------------------------


def college_record(plenaries_per_year: int) -> dict:
    return {
        "name": "Collège régional des médecins et professionnels de santé de l'ARS Provence-Alpes-Côte d'Azur",
        "short_name": "Collège des professionnels de santé — ARS PACA",
        "agency": "Agence régionale de santé Provence-Alpes-Côte d'Azur",
        "region": "Provence-Alpes-Côte d'Azur",
        "head_office": {"name": "Siège de l'ARS", "city": "Marseille"},
        "departements": [{"code": code, "name": names[0]} for code, names in DEPARTEMENTS.items()],
        "steering_committee": "Comité de direction de l'ARS (CODIR)",
        "functions": [{"id": key, "name": name} for key, name in FUNCTIONS.items()],
        "rules": {
            "min_plenary_meetings_per_year": min(3, plenaries_per_year),
            "absence_streak_alert": 3,
            "invited_count_in_rates": False,
            "quorum_percent": 30,
            "small_group_threshold": 3,
            "fiche_professions": Flow(FICHE_PROFESSIONS),
            "plans_due_month": 3,
            "locale": "fr_FR",
        },
    }


@dataclass(frozen=True)
class Summary:
    """What a generation wrote: counts by kind of record, and bytes."""

    members: int
    years: int
    meetings_per_year: int
    attendees_per_meeting: int
    files: dict[str, int]
    bytes: int

    @property
    def total_files(self) -> int:
        return sum(self.files.values())


def default_attendees(members: int) -> int:
    return max(min(members, 8), round(members * DEFAULT_ACTIVE_SHARE))


def expected_files(members: int, years: int, meetings_per_year: int) -> float:
    """Record files a college of this shape holds, on average over seeds."""
    return 1 + members * (1 + FICHE_SHARE) + years * (meetings_per_year + len(PLAN_KINDS))


def plan_for_files(
    files: int, members: int = 150, years: int = 20, meetings_per_year: int = 4
) -> tuple[int, int, int, int]:
    """Members, years, attendees and meetings a year for a college of about `files` files.

    Members and years grow by the same factor, so the mix of record kinds is
    that of the `members` x `years` college; the members active on a date stay
    those of that college, so each file stays typical in size. Records' dates
    cannot go back beyond 1900, so past `MAX_YEARS` the history grows denser instead
    of longer: members and meetings keep growing by one factor (more people
    pass through, more meetings a year), while plans, two a year, stop
    growing.
    """
    scale = (files - 1) / (expected_files(members, years, meetings_per_year) - 1)
    attendees = default_attendees(members)
    if round(years * scale) <= MAX_YEARS:
        scaled_members = max(1, round(members * scale))
        return scaled_members, max(1, round(years * scale)), min(scaled_members, attendees), meetings_per_year
    growing = members * (1 + FICHE_SHARE) + years * meetings_per_year
    scale = (files - 1 - MAX_YEARS * len(PLAN_KINDS)) / growing
    denser = max(1, round(meetings_per_year * scale * years / MAX_YEARS))
    return round(members * scale), MAX_YEARS, attendees, denser


def generate(
    path: str | Path,
    members: int = 150,
    years: int = 20,
    meetings_per_year: int = 4,
    attendees_per_meeting: int | None = None,
    seed: int = 0,
    last_year: int = LAST_YEAR,
) -> Summary:
    """Write a valid college of `members` people over `years` years ending
    with `last_year` into `path` (which must not hold records yet).

    `attendees_per_meeting` is the number of members on any date, hence the
    length of a plenary's attendance list; by default 40 % of `members`.
    """
    if members < 1 or years < 1 or meetings_per_year < 1:
        raise ValueError("members, years and meetings per year must be at least 1")
    root = Path(path)
    if (root / "college.yaml").exists() or any((root / kind).exists() for kind in ("members", "meetings")):
        raise FileExistsError(f"{root} already holds records; choose an empty folder")
    rng = random.Random(seed)
    active = min(members, attendees_per_meeting or default_attendees(members))
    first_year = last_year - years + 1
    first_day, last_day = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)

    people = _make_people(rng, members)
    _simulate_turnover(rng, people, active, first_day, last_day)
    _assign_roles(rng, people, first_year, last_year)
    for person in people:
        _build_periods(rng, person)
    by_id = {person.id: person for person in people}

    meetings = _plan_meetings(rng, first_year, last_year, meetings_per_year)
    plenaries_per_year = meetings_per_year - meetings_per_year // 4
    files: dict[str, int] = {"college": 0, "members": 0, "meetings": 0, "fiches": 0, "plans": 0}
    written = 0

    def write(relative: str, text: str, kind: str) -> None:
        nonlocal written
        target = root / relative
        target.write_text(text, encoding="utf-8")
        files[kind] += 1
        written += len(text.encode("utf-8"))

    for folder in ("members", "meetings", "fiches", "plans"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    comment = "Collège synthétique généré pour les mesures de performance."
    write("college.yaml", yaml_document(college_record(plenaries_per_year), comment), "college")
    for person in people:
        write(f"members/{person.id}.yaml", yaml_document(member_record(rng, person)), "members")
        if person.profession in FICHE_PROFESSIONS:
            write(f"fiches/{person.id}.yaml", yaml_document(fiche_record(rng, person, last_day)), "fiches")

    # People sorted by join date, so the members on a date are found by
    # scanning the prefix that had joined by then.
    by_arrival = sorted(people, key=lambda person: person.joined)
    attendance = AttendanceDrawer(rng, max_streak=2)
    previous_of_kind: dict[str, MeetingPlan] = {}
    for index, meeting in enumerate(meetings):
        roles = {}
        for person in by_arrival:
            if person.joined > meeting.day:
                break
            period = person.period_on(meeting.day)
            if period is not None:
                roles[person.id] = period.role
        if meeting.kind == "bureau":
            # The bureau meets alone; should no seat be filled, the college is convened instead.
            bureau = {member_id: role for member_id, role in roles.items() if role in ("president", "bureau")}
            roles = bureau or roles
        meeting_format = rng.choices(("hybrid", "video", "in-person"), weights=(70, 20, 10))[0]
        meeting.attendance = attendance.draw_meeting(dict(sorted(roles.items())), by_id, meeting.kind, meeting_format)
        previous = previous_of_kind.get(meeting.kind)
        text = _meeting_file(rng, meeting, meetings, index, previous, roles, by_id, meeting_format)
        write(f"meetings/{meeting.stem}.md", text, "meetings")
        previous_of_kind[meeting.kind] = meeting

    # Who is no longer a member on the day the colleges are linted.
    last_day = dt.date(last_year, 12, 31)
    gone = frozenset(p.id for p in people if p.period_on(last_day) is None)
    for year in range(first_year, last_year + 1):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        owners = [p.id for p in people if p.active_through(start, end)]
        # Failing that, anyone who was an ordinary member for part of the year:
        # invited members come to meetings but do not carry the plan.
        owners = owners or [
            p.id
            for p in people
            if any(
                period.role != "invited" and period.start <= end and (period.end is None or period.end >= start)
                for period in p.periods
            )
        ]
        year_meetings = [meeting for meeting in meetings if meeting.day.year == year]
        for kind in PLAN_KINDS:
            record = plan_record(rng, year, kind, owners, year_meetings, first_year, gone)
            write(f"plans/{year:04d}-{kind}.yaml", yaml_document(record), "plans")
        if year == first_year:
            for kind in STANDING_TITLES:
                record = standing_plan_record(year, kind, year_meetings)
                write(f"plans/{year:04d}-{kind}.yaml", yaml_document(record), "plans")

    return Summary(members, years, meetings_per_year, active, files, written)


def _meeting_file(
    rng: random.Random, meeting: MeetingPlan, meetings: list[MeetingPlan], index: int,
    previous: MeetingPlan | None, roles: dict[str, str], people: dict[str, Person], meeting_format: str,
) -> str:
    attendees = [member_id for member_id, presence in meeting.attendance.items() if presence in ("present", "video")]
    chair = next((m for m in attendees if roles[m] == "president"), None)
    chair = chair or next((m for m in attendees if roles[m] == "bureau"), None)
    chair = chair or attendees[0]
    theme = THEMES[(meeting.day.year * 7 + index) % len(THEMES)]
    guest = None
    if meeting.kind == "plenary" and rng.random() < 0.5:
        first, last, _ = _unique_names(rng, 1)[0]
        guest = {"name": f"Dr {first} {last}", "organisation": theme["organisation"], "role": "Intervenant"}

    following = next((m for m in meetings[index + 1:] if m.kind == meeting.kind), None)
    approved_on = following.day if following and following.day <= meeting.day + dt.timedelta(days=120) else (
        meeting.day + dt.timedelta(days=rng.randint(15, 30))
    )
    actions = []
    for text in rng.sample(FOLLOW_UPS, rng.randint(1, 3)):
        actions.append(
            {
                "owner": rng.choice(attendees),
                "text": text,
                "due": meeting.day + dt.timedelta(days=rng.randint(20, 90)),
                "status": "done",
            }
        )

    front: dict = {"kind": meeting.kind}
    if meeting.number is not None:
        front["number"] = meeting.number
    front |= {
        "title": "Séance plénière du collège" if meeting.kind == "plenary" else "Réunion du bureau du collège",
        "theme": theme["theme"],
        "date": meeting.day,
        "start": "14:00",
        "end": "17:00",
    }
    if meeting_format != "video":
        place = rng.choice(list(DD_ROOMS.values())) if rng.random() < 0.1 else None
        front["place"] = place or f"Siège de l'ARS, Marseille — {rng.choice(ROOMS)}"
    front["format"] = meeting_format
    if meeting_format != "in-person":
        front["video_link"] = VIDEO_LINK
    front["status"] = "minutes-approved"
    front["invited"] = Flow(meeting.attendance)
    front["attendance"] = meeting.attendance
    if guest:
        front["guests"] = [guest]
    front["recipients"] = ["Membres du collège", "Comité de direction de l'ARS (CODIR)"]
    agenda = _agenda(rng, meeting, previous, theme, chair, attendees, guest)
    # The later status of each action (by number) stays in the front matter.
    front["follow_up"] = {number: action["status"] for number, action in enumerate(actions, start=1)}
    front["minutes_approved_on"] = approved_on
    front["sent_to_committee"] = {
        "agenda": meeting.day - dt.timedelta(days=rng.randint(7, 14)),
        "minutes": approved_on + dt.timedelta(days=rng.randint(2, 10)),
    }
    if following is not None:
        front["next_meeting"] = following.day
    front_matter = "\n".join(yaml_block(front))
    prose = _meeting_body(meeting, theme, actions, people)
    return f"---\n{front_matter}\n---\n\n{_minutes(agenda, actions, prose)}"


def _minutes(agenda: list[dict], actions: list[dict], prose: str) -> str:
    """The body: the prose, then the agenda and the actions written as the
    minutes' conventions say (collegekit's own writer, from the models)."""
    from collegekit.minutes.convert import markdown_texts
    from collegekit.minutes.write import write_body
    from collegekit.models.meeting import AgendaPart, FollowUpAction, Prose

    parts = [AgendaPart.model_validate(markdown_texts(part)) for part in agenda]
    decided = [
        FollowUpAction.model_validate(markdown_texts({key: value for key, value in action.items() if key != "status"}))
        for action in actions
    ]
    return write_body(parts, decided, [Prose(after_part=0, text=prose.strip())])


# ---------------------------------------------------------------------------
# Command line.
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic, valid college of any size (for the benchmarks).",
    )
    parser.add_argument("--out", required=True, type=Path, help="folder to write the records into (must be empty)")
    parser.add_argument("--members", type=int, default=150, help="people who ever belonged (default 150)")
    parser.add_argument("--years", type=int, default=20, help="years of history (default 20)")
    parser.add_argument("--meetings-per-year", type=int, default=4, help="meetings a year (default 4)")
    parser.add_argument(
        "--attendees",
        type=int,
        default=None,
        help="members on any date, i.e. a plenary's attendance (default 40%% of members)",
    )
    parser.add_argument(
        "--files", type=int, default=None,
        help="aim at about this many record files, scaling --members and --years together (then meetings a year)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)

    members, years, attendees = args.members, args.years, args.attendees
    if args.files is not None:
        members, years, planned_attendees, meetings_per_year = plan_for_files(
            args.files, members, years, args.meetings_per_year
        )
        attendees = attendees or planned_attendees
    else:
        meetings_per_year = args.meetings_per_year
    try:
        summary = generate(args.out, members, years, meetings_per_year, attendees, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{count} {kind}" for kind, count in summary.files.items())
    print(
        f"{args.out}: {summary.total_files} files ({counts}), {summary.bytes / 1e6:.1f} MB; "
        f"{summary.members} members, {summary.years} years, {summary.attendees_per_meeting} members on a date"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
