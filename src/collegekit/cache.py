"""The cache of validated records: `<records>/.collegekit-cache/`.

Like a linter's or a type checker's cache: what loading a record file found
(the values it holds, the Markdown body's agenda of a meeting, and every
diagnostic with its exact line and column) is kept beside the records, keyed
by the file's content (SHA-256), so that an unchanged file is not parsed
again. Values are kept as the plain data the YAML held and validated again
when read back: validating is a tenth of loading a file, and it gives exactly
the record a fresh load gives, with nothing trusted from the cache but data.

Nothing in it is trusted blindly, since whoever writes the records can write
it too (a pull request could commit a cache that says its broken records are
clean): every file is signed with a key of this user's, kept outside the
records (`key()`), and a file whose signature is not this key's is ignored;
JSON only (never pickle); a shard whose format, collegekit version, source,
owner or shape is not this process's own is ignored and rewritten, an entry
that does not read back is a miss. The folder is refused (and the records
loaded without a cache) if it is a symbolic link or belongs to someone
else. Folder and files are the owner's only (0700, 0600): they hold
what the records hold. Each shard is replaced in one step (a temporary file
renamed), so two processes at once lose at worst an entry, never corrupt a
shard; no fsync: a shard cut short by a crash reads as corrupt and is rebuilt.

Entries are spread over shards by path: a changed file rewrites one shard,
a cold load writes a few dozen files rather than one per record.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

FOLDER = ".collegekit-cache"
NO_CACHE_ENV = "COLLEGEKIT_NO_CACHE"
FORMAT = 2
SHARDS = 64
# Larger than any college's shard (the whole of a 100,000-file college is
# about 500 MB): beyond it the file is not read.
MAX_SHARD_BYTES = 256_000_000
_IGNORE_ALL = "# Écrit par collegekit : le cache des dossiers validés, à ne pas versionner.\n*\n"

_disabled = False


def disable() -> None:
    """`--no-cache`: this process neither reads nor writes the cache."""
    global _disabled
    _disabled = True


def wanted() -> bool:
    return not _disabled and not os.environ.get(NO_CACHE_ENV)


def namespace() -> str:
    """What a cached file is valid for: this format, this collegekit (its
    version, and the size and time of each of its modules, so that a
    developer's change counts too) and the libraries installed beside it
    (whose parser messages and validation the cache keeps). Found without
    importing them: a warm run imports neither pydantic nor the YAML parser
    when it does not need them."""
    global _namespace
    if _namespace is None:
        import importlib.util

        from collegekit import __version__

        digest = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
        package = Path(__file__).parent
        for folder, folders, files in os.walk(package):
            folders[:] = sorted(name for name in folders if name != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        status = os.stat(os.path.join(folder, name))
                        digest.update(f"{folder}/{name}|{status.st_size}|{status.st_mtime_ns}\n".encode())
        # Every distribution installed where pydantic is: their versions.
        with contextlib.suppress(ImportError, ValueError, OSError):
            spec = importlib.util.find_spec("pydantic")
            if spec is not None and spec.origin:
                installed = Path(spec.origin).parent.parent
                digest.update("|".join(sorted(e.name for e in os.scandir(installed)
                                              if e.name.endswith(".dist-info"))).encode())
        _namespace = digest.hexdigest()[:20]
    return _namespace


_namespace: str | None = None


# The key every cache file is signed with: this user's, made once, kept in the
# user's cache folder (outside any records, so that nothing committed beside
# them can sign a file), readable by its owner alone. A cache written under
# another key (a copy from another machine or user, a forged one) is ignored.

KEY_BYTES = 32
_key: bytes | None = None
_no_key = False


def key() -> bytes | None:
    """This user's signing key, made on first use; None when it cannot be
    kept (no writable home): then the cache is not used."""
    global _key, _no_key
    if _key is None and not _no_key:
        with contextlib.suppress(OSError):
            _key = _read_or_make_key()
        _no_key = _key is None  # asked once a process
    return _key


def _read_or_make_key() -> bytes | None:
    from platformdirs import user_cache_path

    folder = user_cache_path("collegekit", appauthor=False)
    path = folder / "cache-key"
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Made whole under another name, then linked in place: a process
            # reading it at the same moment finds the whole key or none.
            made = folder / f".cache-key-{os.getpid()}-{os.urandom(4).hex()}"
            descriptor = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(os.urandom(KEY_BYTES))
                with contextlib.suppress(FileExistsError):  # another process's key came first: that one
                    os.link(made, path)
            finally:
                os.unlink(made)
            continue
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if (
                not stat.S_ISREG(status.st_mode)
                or status.st_uid != _owner()
                # Windows has no such bits: its user folder is the owner's already.
                or (sys.platform != "win32" and stat.S_IMODE(status.st_mode) & 0o077)
                or status.st_size != KEY_BYTES
            ):
                return None  # not a key of ours: no cache rather than one others could sign
            value = stream.read(KEY_BYTES + 1)
        return value if len(value) == KEY_BYTES else None
    return None


_SIGNED = b"collegekit-cache "


def signed(payload: bytes) -> bytes | None:
    """`payload` with its signature in front, or None without a key."""
    secret = key()
    if secret is None:
        return None
    return _SIGNED + hmac.new(secret, payload, hashlib.sha256).hexdigest().encode("ascii") + b"\n" + payload


def verified(data: bytes) -> bytes | None:
    """The payload of a file `signed` wrote with this user's key, or None."""
    secret = key()
    head, newline, payload = data.partition(b"\n")
    if secret is None or not newline or not head.startswith(_SIGNED):
        return None
    expected = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode("ascii")
    return payload if hmac.compare_digest(head[len(_SIGNED):], expected) else None


def open_folder(root: Path) -> Path | None:
    """The cache folder of `root` (made on the first write), or None when it
    cannot be used safely: a link, a file, someone else's folder."""
    if key() is None:
        return None
    folder = root / FOLDER
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return folder
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != _owner():
        return None
    return folder


def read_file(path: Path, max_bytes: int = MAX_SHARD_BYTES) -> bytes | None:
    """The verified payload of a cache file: a regular file of this user's,
    never a link, signed with this user's key; None otherwise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_uid != _owner() or status.st_size > max_bytes:
                return None
            return verified(stream.read())
    except OSError:
        return None


def write_file(folder: Path, path: Path, payload: bytes) -> None:
    """Sign and write a cache file in one step. Never fails the command: a
    cache that cannot be written is only a slower next run."""
    data = signed(payload)
    if data is None:
        return
    with contextlib.suppress(OSError, ValueError):
        ensure_folder(folder)
        if path.is_dir() and not path.is_symlink():
            path.rmdir()  # an empty folder in a file's place; a full one stays, and so does the miss
        _replace(path, data)


def ensure_folder(folder: Path) -> None:
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        status = os.lstat(folder)
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != _owner():
            raise OSError(f"{folder} is not a cache folder of ours") from None
        if stat.S_IMODE(status.st_mode) & 0o077:
            os.chmod(folder, 0o700)
    ignore = folder / ".gitignore"
    if not os.path.lexists(ignore):
        _replace(ignore, _IGNORE_ALL.encode("utf-8"))


def remove_stale(folder: Path, prefix: str, suffix: str = ".json") -> None:
    """Files `prefix`-*`suffix` of another format or collegekit version are
    left by an upgrade: removed once one of this version is written."""
    current = f"{prefix}-{namespace()}"
    for path in folder.glob(f"{prefix}-*{suffix}"):
        if not path.name.startswith(current):
            with contextlib.suppress(OSError):
                path.unlink()


def content_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class RecordCache:
    """The cache of one records folder, for one load."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.namespace = namespace()
        self._shards: dict[str, dict[str, list[str]]] = {}
        self._dirty: set[str] = set()

    @classmethod
    def open(cls, root: Path) -> RecordCache | None:
        """The cache of `root`, or None when it cannot be used safely: then the
        records load as without a cache."""
        folder = open_folder(root)
        return None if folder is None else cls(folder)

    # Reading.

    def get(self, relative: str, key: str) -> Any:
        """The entry of the file at `relative` if its content is still `key`."""
        stored = self._shard(relative).get(relative)
        if stored is None or stored[0] != key:
            return None
        try:
            return loads(stored[1])
        except (ValueError, TypeError, RecursionError):
            return None

    def has(self, relative: str) -> bool:
        return relative in self._shard(relative)

    def _shard(self, relative: str) -> dict[str, list[str]]:
        name = _shard_name(relative)
        shard = self._shards.get(name)
        if shard is None:
            shard = self._shards[name] = self._read_shard(name)
        return shard

    def _read_shard(self, name: str) -> dict[str, list[str]]:
        path = self._path(name)
        if not os.path.lexists(path):
            return {}
        payload = read_file(path)
        try:
            if payload is None:
                raise ValueError("not a shard of ours")
            content = json.loads(payload)
            entries = content["entries"]
            if (
                content.get("format") != FORMAT
                or content.get("namespace") != self.namespace
                or content.get("shard") != name
                or not isinstance(entries, dict)
                or not all(
                    isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)
                    for value in entries.values()
                )
            ):
                raise ValueError("not this collegekit's shard")
        except (ValueError, TypeError, KeyError, RecursionError):
            self._dirty.add(name)
            return {}
        return entries

    # Writing.

    def put(self, relative: str, key: str, entry: Any) -> None:
        self._shard(relative)[relative] = [key, dumps(entry)]
        self._dirty.add(_shard_name(relative))

    def forget_others(self, kept: set[str]) -> None:
        """After a load of the whole college: entries of files that no longer
        exist are dropped from the shards read (others stay as they are)."""
        for name, shard in self._shards.items():
            gone = [relative for relative in shard if relative not in kept]
            for relative in gone:
                del shard[relative]
            if gone:
                self._dirty.add(name)

    def save(self) -> None:
        """Write the shards changed by this load. Never fails the command: a
        cache that cannot be written is only a slower next run."""
        if not self._dirty:
            return
        for name in sorted(self._dirty):
            content = {"format": FORMAT, "namespace": self.namespace, "shard": name,
                       "entries": self._shards.get(name, {})}
            write_file(self.folder, self._path(name), json.dumps(content, ensure_ascii=False).encode("utf-8"))
        self._dirty.clear()
        if self.folder.is_dir():
            remove_stale(self.folder, "records")

    def _path(self, name: str) -> Path:
        return self.folder / f"records-{self.namespace}-{name}.json"


def _shard_name(relative: str) -> str:
    return f"{zlib.crc32(relative.encode('utf-8')) % SHARDS:02x}"


def _owner() -> int:
    return os.geteuid() if sys.platform != "win32" else 0


def _replace(path: Path, data: bytes) -> None:
    # Not files.write_atomically: that one fsyncs every file and gives new
    # files the usual 644; a cache wants neither (see the module's note).
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# Plain YAML data <-> JSON, exactly: a mapping with keys that are not all
# text (follow_up: {1: ...}) is kept as its pairs under a marker key; data
# that would read back otherwise (a mapping holding that very key) is not kept.

_PAIRS = "\x00collegekit-pairs"


def encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(type(key) is str for key in value):
            return {key: encode(item) for key, item in value.items()}
        return {_PAIRS: [[encode(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    return value


def _pairs(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _PAIRS in mapping:
        return {_hashable(key): item for key, item in mapping[_PAIRS]}
    return mapping


def _hashable(key: Any) -> Any:
    if isinstance(key, list | dict):
        raise ValueError("a key that is a list or a mapping")  # the YAML reader refuses them anyway
    return key


def loads(text: str) -> Any:
    """JSON written by `dumps`, its mappings of non-text keys restored
    (by json's own walk: a hook per mapping, not a second walk in Python)."""
    return json.loads(text, object_hook=_pairs)


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, allow_nan=True)


def round_trips(value: Any) -> bool:
    """Does `value` come back from the cache exactly as it is (same types,
    same keys, same order)? Only then is it kept."""
    try:
        back = loads(dumps(value))
    except (ValueError, TypeError, RecursionError):
        return False
    return repr(back) == repr(value)
