"""Helpers for the TUI tests: an app on a content tree with a fixed date, clock and seed, and ways to wait for it."""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
TODAY = date(2026, 11, 28)

DECISION = """    decision:
      prompt_zh: 切断阀拒动。是否派工艺处置队着气密服就地手动关阀？
      prompt_en: The ESD valve did not close. Send the process team in gas-tight suits to close it by hand?
      deadline_min: 5
      options:
        - {id: manual_close, label_zh: 着气密服手动关阀, label_en: Manual close in gas-tight suits, default: true}
        - {id: wait_fire, label_zh: 等待消防, label_en: Wait for the fire service}
"""


class FakeClock:
    """A wall clock the test moves by hand (seconds since the epoch)."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def copy_minimal(dst: Path, with_decision: bool = False) -> Path:
    """A writable copy of the minimal content tree; ``with_decision`` arms the ESD-fails inject with a decision."""
    root = dst / "content"
    shutil.copytree(MINIMAL, root)
    if with_decision:
        injects = root / "scenarios" / "injects.yaml"
        text = injects.read_text(encoding="utf-8")
        text = text.replace("probability: 0.3", "probability: 1.0").rstrip("\n") + "\n" + DECISION
        injects.write_text(text, encoding="utf-8")
    return root


def make_app(root: Path, tmp: Path, lang: str = "en", **kwargs: Any) -> Any:
    """The app on ``root`` with a pinned date, seed and clock, records and data under ``tmp``."""
    from tui.app import DrillsimApp

    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("seed_source", random.Random(7))
    kwargs.setdefault("wall_clock", FakeClock())
    kwargs.setdefault("data_dir", tmp / "data")
    kwargs.setdefault("open_index", False)
    db = kwargs.pop("db_path", tmp / "records.sqlite3")
    return DrillsimApp(root, lang, db, kwargs.pop("enterprise", None), **kwargs)


async def wait_for(
    pilot: Any, predicate: Callable[[], bool], timeout: float = 30.0, step: float = 0.05
) -> None:
    """Pause the pilot until ``predicate()`` holds; fail the test after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {predicate}")
        await pilot.pause(step)


async def ready(pilot: Any, index: bool = False) -> None:
    """Wait until the content has loaded (and the search index, when asked)."""
    app = pilot.app
    await wait_for(pilot, lambda: app.content_state.status != "loading")
    if index:
        await wait_for(pilot, lambda: app.index_state.status in ("ready", "failed"), timeout=120)
    await pilot.pause()


def screen_name(app: Any) -> str:
    return type(app.screen).__name__


async def on_screen(pilot: Any, name: str, timeout: float = 30.0) -> Any:
    """Wait until the screen named ``name`` is on top and mounted; return it."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == name and app.screen.is_mounted, timeout)
    await pilot.pause()
    await pilot.pause()
    return app.screen


def text_of(widget: Any) -> str:
    """The plain text a Static widget shows (whatever it was given: str, Text, Table, Group)."""
    import io

    from rich.console import Console

    obj = getattr(widget, "content", None)
    if obj is None:
        obj = widget.render()
    if isinstance(obj, str):
        return obj
    if hasattr(obj, "plain"):
        return str(obj.plain)
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(obj)
    return console.export_text()
