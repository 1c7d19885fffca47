"""The core never imports the UI: drillsim works with Textual absent from sys.modules."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import drillsim


def _core_modules() -> list[str]:
    names = ["drillsim"]
    for info in pkgutil.walk_packages(drillsim.__path__, "drillsim."):
        if info.name.startswith("drillsim._sample") or info.name == "drillsim.__main__":
            continue
        names.append(info.name)
    return names


def test_core_never_imports_textual_or_tui() -> None:
    mods = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'tui')) or m == 'tui')\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported UI modules: {out.stdout.strip()}"


def test_cli_help_is_light() -> None:
    """``drillsim --help`` must not drag in whoosh, simpy or textual."""
    code = (
        "import sys\nfrom drillsim.cli import build_parser\nbuild_parser()\n"
        "print(','.join(sorted(m for m in ('whoosh', 'simpy', 'textual') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
