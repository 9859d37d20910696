"""Questions asked in a terminal: rich's prompt, answering mistakes in French.

rich says "Please select one of the available options" when an answer is not
one of the choices; the bureau reads French. Imported only by the commands
that ask (rich is not part of the start-up).
"""

from __future__ import annotations

from rich import prompt
from rich.text import Text


class Prompt(prompt.Prompt):
    validate_error_message = "[prompt.invalid]Réponse non valable : recommencez."
    illegal_choice_message = "[prompt.invalid.choice]Répondez par l'un des choix proposés entre crochets."


class Confirm(prompt.Confirm):
    """A yes-or-no question answered « o » (oui) or « n » (non)."""

    validate_error_message = "[prompt.invalid]Répondez « o » (oui) ou « n » (non)."
    choices = ["o", "n"]

    def process_response(self, value: str) -> bool:
        value = value.strip().lower()
        if value in ("o", "oui", "y", "yes"):
            return True
        if value in ("n", "non", "no"):
            return False
        raise prompt.InvalidResponse(self.validate_error_message)

    def render_default(self, default: object) -> Text:
        return Text("(o)" if default else "(n)", "prompt.default")
