"""TUI speed: process start to first screen, next to ``import textual`` and a tiny Textual app; keystroke to results.

Start-up is timed from the parent: wall clock just before the child is spawned to the wall-clock stamp
the child prints once its first screen is up (so interpreter start and every import count, and the
child's shutdown does not). The app runs headless; its auto-pilot waits for the first screen to be
mounted and stamps the time in a ``call_after_refresh`` callback, i.e. once that screen has been
rendered. (``Pilot.pause()`` is not used: it waits for the whole process to go idle, which includes
the content still loading in a worker thread, and would count that as start-up.)
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, Figure, Section, child_env, log, python

IMPORT_TEXTUAL = "import time, textual; print(time.time())"

TINY_APP = """
import time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Tiny(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def auto(pilot):
    import asyncio
    while not pilot.app.screen.is_mounted:
        await asyncio.sleep(0.001)
    painted = asyncio.get_running_loop().create_future()
    pilot.app.screen.call_after_refresh(lambda: painted.set_result(time.time()))
    print(await painted, flush=True)
    pilot.app.exit()

Tiny().run(headless=True, auto_pilot=auto, size=(120, 40))
"""

DRILLSIM_APP = """
import sys, time
from pathlib import Path
from tui.app import DrillsimApp

root, db, data = sys.argv[1:4]
app = DrillsimApp(Path(root), "en", Path(db), data_dir=Path(data))

async def auto(pilot):
    import asyncio
    from tui.screens.home import HomeScreen
    for _ in range(20000):
        if isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.is_mounted:
            break
        await asyncio.sleep(0.001)
    painted = asyncio.get_running_loop().create_future()
    pilot.app.screen.call_after_refresh(lambda: painted.set_result(time.time()))
    print(await painted, flush=True)
    pilot.app.exit()

app.run(headless=True, auto_pilot=auto, size=(120, 40))
"""

KEYSTROKES = """
import asyncio, json, sys, time
from pathlib import Path
from textual import events
from tui.app import DrillsimApp

root, db, data, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
PREFIX, LAST = "chlorin", "e"

async def main():
    app = DrillsimApp(Path(root), "en", Path(db), data_dir=Path(data))
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        t0 = time.perf_counter()
        while app.index_state.status not in ("ready", "failed"):
            if time.perf_counter() - t0 > 600:
                raise SystemExit("index not ready after 600 s")
            await pilot.pause(0.05)
        out["index_ready_s"] = round(time.perf_counter() - t0, 3)
        out["index_mode"] = app.index_state.mode
        if app.index_state.status != "ready":
            raise SystemExit("search index failed: " + app.index_state.message)
        app.screen.query_one("#search").focus()

        async def press(key):
            # the key goes straight into the app's queue (Pilot.press would add its own idle waits)
            app.marks.pop("search_to_results_s", None)
            start = time.perf_counter()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            while "search_to_results_s" not in app.marks:
                if time.perf_counter() - start > 30:
                    raise SystemExit("no results 30 s after a keystroke")
                await asyncio.sleep(0.0005)
            painted = asyncio.get_running_loop().create_future()
            app.screen.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
            return await painted - start, app.marks["search_to_results_s"]

        for ch in PREFIX[:-1]:
            await pilot.press(ch)
        await press(PREFIX[-1])
        samples, inner = [], []
        for i in range(n + 1):
            wall, app_s = await press(LAST if i % 2 == 0 else "backspace")
            if i:  # the first is a warm-up
                samples.append(wall)
                inner.append(app_s)
        out["keystroke_s"] = samples
        out["app_measured_s"] = inner
        out["queries"] = [PREFIX + LAST, PREFIX]
    print(json.dumps(out))

asyncio.run(main())
"""


def _spawn_to_stamp(code: str, args: list[str], env: dict[str, str], timeout: float) -> tuple[float, float]:
    """(seconds from spawn to the child's printed stamp, seconds from spawn to exit)."""
    t0 = time.time()
    proc = subprocess.run(
        [python(), "-c", code, *args], capture_output=True, text=True, env=env, cwd=str(REPO), timeout=timeout
    )
    t_exit = time.time() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
        raise RuntimeError(f"exit {proc.returncode}: {tail or '(no output)'}")
    return float(lines[-1]) - t0, t_exit


def measure(root: Path, work: Path, repeats: int, keystrokes: int) -> Section:
    """Fill the TUI section."""
    sec = Section("tui")
    try:
        import textual  # noqa: F401

        import tui.app  # noqa: F401
    except ImportError as exc:
        sec.unavailable = f"the TUI is not importable ({exc})"
        return sec
    work.mkdir(parents=True, exist_ok=True)
    env = child_env(DRILLSIM_CACHE=str(work / "cache"))
    for var in ("TEXTUAL_SCREENSHOT", "TEXTUAL_PRESS"):  # either would change what the child does
        env.pop(var, None)
    args = [str(root), str(work / "records.sqlite"), str(work / "data")]
    cases = {
        "import_textual": (IMPORT_TEXTUAL, []),
        "tiny_app": (TINY_APP, []),
        "drillsim_app": (DRILLSIM_APP, args),
    }
    stamps: dict[str, list[float]] = {k: [] for k in cases}
    exits: dict[str, list[float]] = {k: [] for k in cases}
    log(f"tui: start-up x{repeats} (+1 warm-up) for each of {len(cases)} programs")
    try:
        for i in range(repeats + 1):
            for name, (code, a) in cases.items():  # interleaved, so load noise hits all three alike
                s, e = _spawn_to_stamp(code, a, env, timeout=120)
                if i:
                    stamps[name].append(s)
                    exits[name].append(e)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        sec.unavailable = f"the TUI did not start headless: {exc}"
        return sec
    first = {k: Figure.of(v) for k, v in stamps.items()}
    sec.data["startup_s"] = round(first["drillsim_app"].median, 3)
    sec.data["first_screen_s"] = first["drillsim_app"].to_json()
    sec.data["import_textual_s"] = first["import_textual"].to_json()
    sec.data["tiny_app_first_screen_s"] = first["tiny_app"].to_json()
    sec.data["process_exit_s"] = {k: Figure.of(v).to_json() for k, v in exits.items()}
    sec.row("first screen, drillsim app (goal < 0.6 s)", first["drillsim_app"].show("{:.3f}") + " s")
    sec.row("python -c 'import textual'", first["import_textual"].show("{:.3f}") + " s")
    sec.row("tiny Textual app, first screen", first["tiny_app"].show("{:.3f}") + " s")

    log(f"tui: {keystrokes} search keystrokes on the sample city")
    try:
        proc = subprocess.run(
            [python(), "-c", KEYSTROKES, *args, str(keystrokes)],
            capture_output=True,
            text=True,
            env=env,
            cwd=str(REPO),
            timeout=900,
        )
        if proc.returncode != 0:
            tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
            raise RuntimeError(f"exit {proc.returncode}: {tail}")
        ks: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    except (RuntimeError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        sec.notes.append(f"keystroke measurement failed: {exc}")
        sec.data["keystroke_to_results_ms"] = None
        return sec
    wall = Figure.of(ks["keystroke_s"]).scaled(1000)
    inner = Figure.of(ks["app_measured_s"]).scaled(1000)
    sec.data["keystroke_to_results_ms"] = round(wall.median, 2)
    sec.data["keystroke"] = {
        "wall_ms": wall.to_json(2),
        "app_measured_ms": inner.to_json(2),
        "queries": ks["queries"],
        "index_ready_s": ks["index_ready_s"],
        "index_mode": ks["index_mode"],
    }
    sec.row(
        f"keystroke to results painted, '{ks['queries'][1]}' <-> '{ks['queries'][0]}' (goal < 50 ms)",
        wall.show("{:.1f}") + " ms",
    )
    sec.row("  as the app measures it (input changed to results shown)", inner.show("{:.1f}") + " ms")
    return sec
