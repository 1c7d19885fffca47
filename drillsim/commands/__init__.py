"""Command registry and the context every command gets (content, language, output, JSON)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from drillsim.model import Content

# Each module defines NAME, HELP, configure(parser) and run(args, ctx). Order = order in --help.
COMMAND_MODULES = (
    "tui",
    "list_",
    "check",
    "search",
    "show",
    "export",
    "drill",
    "batch",
    "gaps",
    "grade",
    "history",
    "log",
    "synth",
)


def detect_lang(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """UI language: ``--lang`` wins, else LC_ALL / LC_MESSAGES / LANG starting with ``zh``, else English.

    >>> detect_lang(None, {"LANG": "zh_CN.UTF-8"}), detect_lang("en", {"LANG": "zh_CN.UTF-8"}), detect_lang(None, {})
    ('zh', 'en', 'en')
    """
    if explicit in ("zh", "en"):
        return explicit
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@dataclass
class Context:
    """What a command needs from the outside world, resolved once by the CLI."""

    root: Path
    lang: str = "en"
    json: bool = False
    db_path: Path | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _content: Content | None = None

    def content(self) -> Content:
        """Load and validate the content tree once (raises ContentError when invalid)."""
        if self._content is None:
            from drillsim.loading import load_content

            self._content = load_content(self.root)
        return self._content

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def emit_json(self, obj: Any) -> None:
        json.dump(obj, self.out, ensure_ascii=False, indent=2, default=_json_default)
        self.out.write("\n")

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def warn(self, text: str) -> None:
        self.err.write(text + "\n")

    @property
    def isatty(self) -> bool:
        return bool(getattr(self.out, "isatty", lambda: False)())


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    if hasattr(obj, "items"):
        return dict(obj.items())
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
