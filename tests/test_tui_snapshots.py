"""SVG snapshots of key TUI screens at fixed terminal sizes, on the minimal content with a pinned date, seed and clock.

Nothing in these frames depends on the wall clock: the date is fixed, the drill is paused and stepped by
keys, no timings are shown. Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` after
checking the new frames by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_tui_support import MINIMAL, copy_minimal, make_app, on_screen, ready, wait_for

pytestmark = pytest.mark.slow


def test_home_80x24(snap_compare, tmp_path: Path) -> None:
    async def before(pilot) -> None:
        await ready(pilot)

    assert snap_compare(make_app(MINIMAL, tmp_path, "en"), terminal_size=(80, 24), run_before=before)


def test_box_overview_zh_80x24(snap_compare, tmp_path: Path) -> None:
    async def before(pilot) -> None:
        await ready(pilot)
        pilot.app.open_box("demo_plant")
        box = await on_screen(pilot, "BoxScreen")
        pane = box.query_one("OverviewPane")
        await wait_for(pilot, lambda: pane.packet is not None)

    assert snap_compare(make_app(MINIMAL, tmp_path, "zh"), terminal_size=(80, 24), run_before=before)


def test_site_plan_100x30(snap_compare, tmp_path: Path) -> None:
    async def before(pilot) -> None:
        await ready(pilot)
        pilot.app.open_box("demo_plant", tab="siteplan", node="t_cl")
        await on_screen(pilot, "BoxScreen")

    assert snap_compare(make_app(MINIMAL, tmp_path, "en"), terminal_size=(100, 30), run_before=before)


def test_evacuation_zh_80x24(snap_compare, tmp_path: Path) -> None:
    async def before(pilot) -> None:
        await ready(pilot)
        pilot.app.open_box("demo_plant", tab="evacuation")
        await on_screen(pilot, "BoxScreen")
        await pilot.press("w", "w")

    assert snap_compare(make_app(MINIMAL, tmp_path, "zh"), terminal_size=(80, 24), run_before=before)


def test_drill_decision_100x30(snap_compare, tmp_path: Path) -> None:
    root = copy_minimal(tmp_path, with_decision=True)

    async def before(pilot) -> None:
        app = pilot.app
        await ready(pilot)
        app.open_drill("demo-leak", 7, None, hidden=False)
        console = await on_screen(pilot, "DrillConsole")
        await wait_for(pilot, lambda: console.snap is not None)
        for _ in range(40):
            if type(app.screen).__name__ == "DecisionDialog":
                break
            before_n = len(console.snap.events)
            await pilot.press("n")
            await wait_for(
                pilot,
                lambda b=before_n: (
                    len(console.snap.events) > b or type(app.screen).__name__ == "DecisionDialog"
                ),
            )
        await on_screen(pilot, "DecisionDialog")

    assert snap_compare(make_app(root, tmp_path, "en"), terminal_size=(100, 30), run_before=before)


TIMELINE = {  # a fixed timeline: the frame does not move when the engine changes
    "scenario": "demo-leak",
    "enterprise": "demo_plant",
    "seed": 11,
    "events": [
        {"t": 0.0, "kind": "release", "actor": "demo_plant", "detail": "leak of chlorine at t_cl"},
        {"t": 0.9, "kind": "detected", "actor": "gas_detector", "detail": "gas detector alarm"},
        {"t": 2.8, "kind": "alarm_internal", "actor": "control_room", "detail": "site alarm raised"},
        {"t": 13.7, "kind": "call_119", "actor": "shift_leader", "detail": "119 called"},
    ],
}


def test_grading_80x24(snap_compare, tmp_path: Path) -> None:
    timeline = TIMELINE

    async def before(pilot) -> None:
        await ready(pilot)
        pilot.app.open_grading(timeline)
        screen = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: screen.grade is not None)

    assert snap_compare(make_app(MINIMAL, tmp_path, "en"), terminal_size=(80, 24), run_before=before)
