"""E-mail drafts: the message the bureau checks and sends itself.

collegekit never sends mail. `collegekit send` writes a standard .eml file
(RFC 5322, built and serialised by the standard library's `email` package)
with the documents attached, marked `X-Unsent: 1` so that Outlook opens it
as a new message ready to send (Thunderbird: « Modifier comme nouveau
message »). Its subject and text come from a template a college can
override (templates/courriel-*.txt.j2): the first line of the rendered text
is the subject, the rest the message.

Addresses are personal data: they appear in the draft only, never in a
document or in the command's output.
"""

from __future__ import annotations

import email.policy
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from collegekit.diagnostics import CollegekitError
from collegekit.facts import convened
from collegekit.records import College

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
    ".md": ("text", "markdown"),
    ".ics": ("text", "calendar"),
}
TEMPLATES = {"agenda": "courriel-ordre-du-jour.txt.j2", "minutes": "courriel-compte-rendu.txt.j2"}


class MailTemplateError(CollegekitError):
    """The e-mail template gave no subject."""

    exit_code = 2


@dataclass(frozen=True)
class Recipients:
    addresses: list[str]  # the members' first, then the college's own recipients
    without_email: list[str]  # member ids convened but with no address


def recipients(college: College, meeting_id: str) -> Recipients:
    """The convened members' addresses (the meeting's `invited`, or else
    everyone facts.convened names that day) and the recipients college.yaml
    names for every mail."""
    meeting = college.meetings[meeting_id]
    members = list(meeting.invited) or convened(college, meeting.date, meeting.kind)
    addresses: list[str] = []
    without: list[str] = []
    for member_id in members:
        member = college.members.get(member_id)
        address = member.contact.email if member is not None and member.contact is not None else None
        if address and is_address(address):
            addresses.append(address)
        else:
            without.append(member_id)
    for address in college.settings.mail.recipients:
        if address not in addresses:
            addresses.append(address)
    return Recipients(list(dict.fromkeys(addresses)), without)


def is_address(text: str) -> bool:
    _, address = parseaddr(text)
    return bool(address) and "@" in address and address == text.strip()


def render_text(environment: Any, kind: str, values: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) from the kind's template: first line, then the rest."""
    text = environment.get_template(TEMPLATES[kind]).render(values)
    subject, _, body = text.lstrip("\n").partition("\n")
    if not subject.strip():
        raise MailTemplateError(f"le modèle {TEMPLATES[kind]} ne donne pas d'objet : sa première ligne doit être l'objet du courriel.")
    return " ".join(subject.split()), body.strip("\n") + "\n"


def draft(
    *, sender: str | None, to: Iterable[str], subject: str, body: str, attachments: Iterable[tuple[str, bytes]]
) -> bytes:
    """The .eml bytes of an unsent message with its attachments."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft to send
    if sender:
        message["From"] = Address(addr_spec=sender)
    addresses = list(to)
    if addresses:
        message["To"] = [Address(addr_spec=address) for address in addresses]
    message["Subject"] = subject
    message.set_content(body, charset="utf-8")
    digest = hashlib.sha256(body.encode("utf-8"))
    for name, content in attachments:
        maintype, subtype = MIME_TYPES.get(Path(name).suffix, ("application", "octet-stream"))
        params = {"charset": "utf-8"} if maintype == "text" else {}
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name, params=params)
        digest.update(content)
    if message.is_multipart():
        # The same draft gives the same bytes (the default boundary is random).
        message.set_boundary(f"collegekit-{digest.hexdigest()[:32]}")
    return message.as_bytes()

