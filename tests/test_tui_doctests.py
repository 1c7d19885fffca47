"""The doctests of the TUI package (pure helpers: labels, padding, bars, bins, line drawing)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tui

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(tui.__path__, "tui.") if not m.ispkg or m.name == "tui.screens.box"
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_first_screen_imports_stay_light() -> None:
    """The app module must not pull in the engine, search or loading layers before the first screen."""
    import subprocess
    import sys

    code = (
        "import sys, tui.app, tui.screens.home; "
        "heavy = [m for m in ('simpy', 'whoosh', 'networkx', 'drillsim.loading', 'drillsim.engine') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
