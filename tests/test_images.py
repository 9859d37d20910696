"""Images in a record's prose: files of the records go into the Word document;
no other file of the machine, and no address, ever does (issue #19, item 1)."""

from __future__ import annotations

import http.server
import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from collegekit.images import ImageFolder, image_targets, refusal
from collegekit.render import pandoc
from collegekit.render.environment import builtin_templates
from tests.conftest import run_cli


def png(red: int) -> bytes:
    """A valid one-pixel PNG; `red` makes each one's bytes different."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes([0, red, 0, 0])))
        + chunk(b"IEND", b"")
    )


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        _CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png(1))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    """A server on the loopback address that counts what is asked of it."""
    _CountingHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def media(docx: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [archive.read(name) for name in sorted(archive.namelist()) if name.startswith("word/media/")]


def to_docx(markdown: str, images: ImageFolder | None) -> bytes:
    return pandoc.to_docx(
        markdown,
        reference=builtin_templates() / "reference.docx",
        epoch=0,
        subject="Collège",
        description="",
        properties={},
        pandoc=pandoc.pandoc_path(),
        images=images,
    )


def test_only_files_of_the_records_reach_the_document(tmp_path: Path, web_server: str) -> None:
    root = tmp_path / "records"
    (root / "meetings" / "annexes").mkdir(parents=True)
    (root / "meetings" / "annexes" / "carte.png").write_bytes(png(200))
    secret = tmp_path / "secret.png"  # a file of the machine, outside the records
    secret.write_bytes(png(100))
    (root / "meetings" / "annexes" / "lien.png").symlink_to(secret)
    markdown = "\n\n".join(
        [
            "# Compte rendu",
            "![Carte](annexes/carte.png)",
            f"![Secret]({secret})",
            "![Remonter](../../secret.png)",
            "![Lien](annexes/lien.png)",
            f"![Adresse]({web_server}/image.png)",
            "![Référence][ref]",
            f"[ref]: {web_server}/autre.png",
            "![Fichier](file:///etc/passwd)",
            "![Texte](/etc/passwd)",
        ]
    )
    docx = to_docx(markdown, ImageFolder(base=root / "meetings", root=root))
    assert media(docx) == [png(200)]  # the map, and nothing else
    assert _CountingHandler.requests == []
    # Without a folder to take images from, a document has none at all.
    assert media(to_docx(markdown, None)) == []
    assert _CountingHandler.requests == []


def test_refused_images_leave_their_description(tmp_path: Path) -> None:
    docx = to_docx("![Les mots de passe](/etc/passwd)\n", ImageFolder(base=tmp_path, root=tmp_path))
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "Les mots de passe" in document
    assert "root:" not in document


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("annexes/carte.png", None),
        ("annexes/carte%2Epng", None),  # as a forge writes a dot or a space
        ("/etc/passwd", "l'image « /etc/passwd » est un chemin absolu, hors du dossier des dossiers"),
        ("%2Fetc%2Fpasswd", "l'image « /etc/passwd » est un chemin absolu, hors du dossier des dossiers"),
        ("C:\\Windows\\win.ini", "l'image « C:\\Windows\\win.ini » est une adresse, pas un fichier du dossier des dossiers"),
        ("https://exemple.fr/a.png", "l'image « https://exemple.fr/a.png » est une adresse, pas un fichier du dossier des dossiers"),
        ("../../dehors.png", "l'image « ../../dehors.png » mène hors du dossier des dossiers"),
        ("annexes/absente.png", "l'image « annexes/absente.png » est introuvable"),
        ("annexes/notes.txt", "« annexes/notes.txt » n'est pas une image PNG, JPEG ou GIF"),
        ("", "une image sans fichier"),
    ],
)
def test_the_rule(tmp_path: Path, target: str, reason: str | None) -> None:
    root = tmp_path / "records"
    (root / "meetings" / "annexes").mkdir(parents=True)
    (root / "meetings" / "annexes" / "carte.png").write_bytes(png(1))
    (root / "meetings" / "annexes" / "notes.txt").write_text("notes")
    (tmp_path / "dehors.png").write_bytes(png(2))
    assert refusal(target, ImageFolder(base=root / "meetings", root=root)) == reason


def test_targets_are_found_in_every_image_syntax() -> None:
    text = "a ![x](<annexes/a b.png> \"t\") ![r][ref] ![ref]\n\n- ![z](%2Fetc)\n\n[ref]: http://x/y.png\n"
    assert list(image_targets(text)) == ["annexes/a b.png", "http://x/y.png", "http://x/y.png", "/etc"]
    assert list(image_targets("Aucune image ici : [un lien](/etc/passwd).")) == []


def test_a_meeting_shows_its_own_image(college_dir: Path, tmp_path: Path) -> None:
    """End to end: the image beside the meeting is in its minutes, the same bytes."""
    meeting = college_dir / "meetings" / "2024-10-08-pleniere.md"
    (college_dir / "meetings" / "annexes").mkdir()
    (college_dir / "meetings" / "annexes" / "carte.png").write_bytes(png(42))
    meeting.write_text(meeting.read_text() + "\n![Carte des secteurs](annexes/carte.png)\n", encoding="utf-8")
    exit_code, output = run_cli("lint", "--records", str(college_dir), "--today", "2024-12-20")
    assert exit_code == 0, output
    out = tmp_path / "out"
    exit_code, output = run_cli(
        "render", "minutes", "2024-10-08-pleniere", "--records", str(college_dir), "--out", str(out), "--format", "docx"
    )
    assert exit_code == 0, output
    docx = (out / "comptes-rendus" / "2024-10-08-pleniere-compte-rendu.docx").read_bytes()
    assert media(docx) == [png(42)]
