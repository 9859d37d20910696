"""Questions asked in a terminal: rich's prompt, answering mistakes in French.

rich says "Please select one of the available options" when an answer is not
one of the choices; the bureau reads French. Imported only by the commands
that ask (rich is not part of the start-up).
"""

from __future__ import annotations

from rich import prompt


class Prompt(prompt.Prompt):
    validate_error_message = "[prompt.invalid]Réponse non valable : recommencez."
    illegal_choice_message = "[prompt.invalid.choice]Répondez par l'un des choix proposés entre crochets."
