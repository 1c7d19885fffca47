"""Reading content files safely: size cap, UTF-8, YAML (safe_load only) with the line of every key.

Mappings come back as :class:`LDict` and sequences as :class:`LList`, which remember the line where they
and each of their keys/items started, so that later validation can say ``path:line``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024


class LDict(dict):
    """A dict that remembers its own line and the line of each key (1-based)."""

    __slots__ = ("key_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[Any, int] = {}


class LList(list):
    """A list that remembers its own line and the line of each item (1-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.item_lines: list[int] = []


class DuplicateKey(Exception):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: same safety, ~5x faster


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader (libyaml-backed when available) that builds LDict/LList and refuses duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in out:
            raise DuplicateKey(key, line)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    out = LList()
    out.line = node.start_mark.line + 1
    for child in node.value:
        out.append(loader.construct_object(child, deep=True))
        out.item_lines.append(child.start_mark.line + 1)
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class SourceError(Exception):
    """A file could not be read or parsed; ``line`` is where (1-based, 0 if unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_text(path: Path) -> tuple[str, bytes]:
    """Read a content file as UTF-8 text, enforcing the size cap; returns (text, raw bytes)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte cap (expected a smaller file)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}") from None
    if not raw.strip():
        raise SourceError("file is empty (expected content)", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded (expected UTF-8 text)", line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, raw


def parse_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML with :func:`yaml.safe_load` semantics, returning LDict/LList with line numbers."""
    if line_offset:
        text = "\n" * line_offset + text  # so that every recorded line is a line of the whole file
        line_offset = 0
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader subclass: safe_load semantics
    except DuplicateKey as exc:
        raise SourceError(
            f"duplicate key {exc.key!r} (expected each key once)", exc.line + line_offset
        ) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = (mark.line + 1 if mark else 0) + line_offset
        problem = exc.problem or "cannot construct value"
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip(" '!") if "tag" in problem else ""
            problem = f"unsafe or unknown YAML tag refused: !{tag} (expected plain YAML)"
        raise SourceError(problem, line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 0) + line_offset
        what = exc.problem or exc.context or "syntax error"
        raise SourceError(f"YAML syntax error: {what}", line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML error: {exc}", line_offset) from None


def within_root(root: Path, candidate: Path) -> bool:
    """True when ``candidate`` (symlinks resolved) lies inside ``root``."""
    try:
        candidate.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def content_files(root: Path) -> list[Path]:
    """Every file of the content tree that the loader reads, sorted, relative paths stable."""
    out: list[Path] = []
    for top in ("kb", "plans", "scenarios"):
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                if name.endswith((".yaml", ".yml", ".md")):
                    out.append(Path(dirpath) / name)
    return sorted(out)


def digest_files(root: Path, files: list[Path]) -> str:
    """A hash of the content tree (relative names and bytes): the search index key."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    return h.hexdigest()[:20]
