"""The index directory on disk: content fingerprints, the ``current.json`` pointer, atomic swaps, clean-up."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_BASE = "search-3"


def _code_fingerprint() -> str:
    """A hash of the search package's modules, so a change to what is indexed or how rebuilds old indexes."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(here.glob("*.py")):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(path.name.encode())
    return h.hexdigest()[:12]


SCHEMA_VERSION = f"{SCHEMA_BASE}-{_code_fingerprint()}"  # old indexes are rebuilt when this changes
CONTENT_DIRS = ("kb", "plans", "scenarios")
CONTENT_SUFFIXES = (".yaml", ".yml", ".md")
POINTER = "current.json"
_STALE_TMP_S = 3600.0

FileEntry = tuple[int, int, str]  # size, mtime_ns, sha256


def content_files(root: Path, previous: Mapping[str, FileEntry] | None = None) -> dict[str, FileEntry]:
    """Every content file under ``root`` with size, mtime and hash (reused from ``previous`` when unchanged)."""
    previous = previous or {}
    out: dict[str, FileEntry] = {}
    prefix = len(str(root).rstrip(os.sep)) + 1
    for top in CONTENT_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or not name.endswith(CONTENT_SUFFIXES):
                    continue
                full = os.path.join(dirpath, name)
                rel = full[prefix:].replace(os.sep, "/")
                st = os.stat(full)
                old = previous.get(rel)
                if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                    out[rel] = (st.st_size, st.st_mtime_ns, old[2])
                    continue
                with open(full, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
                out[rel] = (st.st_size, st.st_mtime_ns, digest)
    return out


def content_digest(files: Mapping[str, FileEntry]) -> str:
    """One hash over every content file's path and bytes (and the index schema version).

    >>> content_digest({}) == content_digest({})
    True
    """
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for rel in sorted(files):
        h.update(f"{rel}\0{files[rel][2]}\n".encode())
    return h.hexdigest()


def root_key(root: Path) -> str:
    """A directory name for one content root: readable stem plus a hash of its absolute path."""
    resolved = str(root.resolve())
    stem = "".join(ch if ch.isalnum() else "_" for ch in root.resolve().name)[:24] or "root"
    return f"{stem}-{hashlib.sha1(resolved.encode()).hexdigest()[:12]}"


@dataclass(slots=True)
class Pointer:
    """What ``current.json`` says: the live index generation and the content it was built from."""

    version: str
    gen: str
    digest: str
    doc_count: int
    files: dict[str, FileEntry] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    index_files: dict[str, int] = field(default_factory=dict)
    built_at: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "gen": self.gen,
            "digest": self.digest,
            "doc_count": self.doc_count,
            "built_at": self.built_at,
            "index_files": self.index_files,
            "groups": self.groups,
            "files": {k: list(v) for k, v in self.files.items()},
        }


class PointerError(ValueError):
    """``current.json`` is missing fields or is not JSON."""


def read_pointer(base: Path) -> Pointer | None:
    """The pointer in ``base``; None when there is none. Raises :class:`PointerError` when unreadable."""
    p = base / POINTER
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise PointerError(f"{p}: {exc}") from exc
    try:
        d = json.loads(raw)
        return Pointer(
            version=str(d["version"]),
            gen=str(d["gen"]),
            digest=str(d["digest"]),
            doc_count=int(d["doc_count"]),
            files={str(k): (int(v[0]), int(v[1]), str(v[2])) for k, v in dict(d.get("files", {})).items()},
            groups={str(k): str(v) for k, v in dict(d.get("groups", {})).items()},
            index_files={str(k): int(v) for k, v in dict(d.get("index_files", {})).items()},
            built_at=float(d.get("built_at", 0.0)),
        )
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise PointerError(f"{p}: {exc}") from exc


def write_pointer(base: Path, pointer: Pointer) -> None:
    """Replace ``current.json`` atomically (write a temporary file, then ``os.replace``)."""
    tmp = base / f".{POINTER}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(pointer.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, base / POINTER)


def index_file_sizes(directory: Path) -> dict[str, int]:
    """Sizes of the index's files (lock files excluded), to notice truncated or missing files on open."""
    return {
        p.name: p.stat().st_size
        for p in sorted(directory.iterdir())
        if p.is_file() and not p.name.endswith("_LOCK") and "WRITELOCK" not in p.name
    }


def files_intact(directory: Path, expected: Mapping[str, int]) -> str | None:
    """None when every recorded index file is present with its size; else what is wrong."""
    if not expected:
        return None
    for name, size in expected.items():
        try:
            actual = (directory / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if actual != size:
            return f"{name} has {actual} bytes, expected {size}"
    return None


def new_tmp_dir(base: Path) -> Path:
    """A fresh build directory ``tmp-<pid>-<random>`` under ``base``."""
    d = base / f"tmp-{os.getpid()}-{uuid.uuid4().hex[:10]}"
    d.mkdir()
    return d


def publish(base: Path, tmp: Path) -> str:
    """Rename a finished build directory to its generation name; returns the name."""
    ns = time.time_ns()  # fixed-width nanoseconds: names sort by publication time even within one second
    gen = f"g-{time.strftime('%Y%m%dT%H%M%S', time.localtime(ns // 1_000_000_000))}-{ns % 1_000_000_000:09d}-{uuid.uuid4().hex[:8]}"
    os.rename(tmp, base / gen)
    return gen


def link_copy(src: Path, dst: Path) -> None:
    """Copy an index directory into ``dst`` by hard links (segment files are never rewritten in place)."""
    for p in src.iterdir():
        if not p.is_file() or "LOCK" in p.name:
            continue
        try:
            os.link(p, dst / p.name)
        except OSError:
            shutil.copy2(p, dst / p.name)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def collect_garbage(base: Path, keep: set[str]) -> None:
    """Remove generations older than every one in ``keep`` and abandoned build directories.

    Generation names sort by time: one newer than those kept was published by another process
    meanwhile and stays. A build directory is abandoned when its process is gone or after an hour.
    """
    now = time.time()
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    newest_kept = max(keep) if keep else ""
    for p in entries:
        if p.is_dir() and p.name.startswith("g-") and p.name not in keep and p.name < newest_kept:
            shutil.rmtree(p, ignore_errors=True)
    for p in entries:
        if not (p.is_dir() and p.name.startswith("tmp-")):
            continue
        try:
            pid = int(p.name.split("-")[1])
            age = now - p.stat().st_mtime
        except (ValueError, IndexError, OSError):
            pid, age = -1, _STALE_TMP_S + 1
        if age > _STALE_TMP_S or (pid != os.getpid() and not _pid_alive(pid)):
            shutil.rmtree(p, ignore_errors=True)
