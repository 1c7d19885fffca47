"""TUI drill: set up, advance by keys, see events, answer a decision, give an order, finish into grading."""

from __future__ import annotations

import random
from pathlib import Path

from tests.test_tui_support import copy_minimal, make_app, on_screen, ready, screen_name, text_of, wait_for


async def _console(pilot, seed: str = "7"):
    await ready(pilot)
    await pilot.press("d")
    setup = await on_screen(pilot, "DrillSetupScreen")
    setup.query_one("#seed").value = seed
    setup.action_start()
    return await on_screen(pilot, "DrillConsole")


async def test_drill_advanced_by_keys_shows_events_and_accepts_a_decision(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path, with_decision=True)
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _console(pilot)
        await wait_for(pilot, lambda: console.snap is not None)
        assert (
            console.snap.t == 0 and not console.state.running
        )  # starts paused: the trainer starts the clock
        assert "EXERCISE / 演练" in text_of(console.query_one("ExerciseBanner"))
        for _ in range(40):  # step event by event until the ESD-fails decision pops up
            if screen_name(app) == "DecisionDialog":
                break
            before = len(console.snap.events)
            await pilot.press("n")
            await wait_for(
                pilot, lambda b=before: len(console.snap.events) > b or screen_name(app) == "DecisionDialog"
            )
        dialog = await on_screen(pilot, "DecisionDialog")
        assert "ESD valve did not close" in text_of(dialog.query_one("#decision-prompt"))
        assert "time left" in text_of(dialog.query_one("#decision-deadline"))
        await pilot.press("2")  # wait for the fire service
        await on_screen(pilot, "DrillConsole")
        await wait_for(pilot, lambda: any(a.kind == "decide" for a in console.snap.actions))
        chosen = next(a for a in console.snap.actions if a.kind == "decide")
        assert (chosen.decision, chosen.option) == ("esd_fails", "wait_fire")
        assert console.query_one("#drill-log").lines  # the event log shows what happened
        kinds = [e.kind for e in console.snap.events]
        assert kinds[0] == "release" and "esd_failed" in kinds
        await pilot.press("ctrl+l")  # the log is rewritten in Chinese, nothing lost
        await pilot.pause()
        log = console.query_one("#drill-log")
        assert console._logged == len(console.snap.events)
        assert any("泄漏发生" in "".join(seg.text for seg in line) for line in log.lines)


async def test_orders_enter_the_engine_and_the_clock_runs(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _console(pilot)
        await wait_for(pilot, lambda: console.snap is not None)
        await pilot.press("f")  # five minutes forward
        await wait_for(pilot, lambda: console.snap.t >= 1.0)
        await pilot.press("a")
        orders = await on_screen(pilot, "OrdersDialog")
        await pilot.press("down", "enter")  # dispatch a hazmat unit
        await on_screen(pilot, "DrillConsole")
        await wait_for(pilot, lambda: any(a.kind == "dispatch" for a in console.snap.actions))
        assert orders is not None
        await pilot.press("3", "space")  # 60x, run
        await wait_for(pilot, lambda: console.state.running and console.state.speed == 60)
        t = console.snap.t
        await wait_for(pilot, lambda: console.snap.t > t)
        await pilot.press("space")
        await wait_for(pilot, lambda: not console.state.running)
        assert "paused" in text_of(console.query_one("#drill-status"))


async def test_drill_runs_to_the_end_and_goes_straight_to_grading(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _console(pilot)
        await wait_for(pilot, lambda: console.snap is not None)
        for _ in range(60):
            if console.timeline is not None:
                break
            console.send("forward", 10)
            await pilot.pause(0.05)
        grading = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: grading.grade is not None)
        assert "Score" in text_of(grading.query_one("#grade-head"))
        assert grading.doc.seed == 7 and grading.doc.scenario == "demo-leak"


async def test_surprise_me_hides_the_scenario(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    app = make_app(root, tmp_path, "en", seed_source=random.Random(3))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await on_screen(pilot, "DrillSetupScreen")
        await pilot.press("s")
        console = await on_screen(pilot, "DrillConsole")
        await wait_for(pilot, lambda: console.snap is not None)
        status = text_of(console.query_one("#drill-status"))
        assert "scenario hidden" in status and "Demo leak" not in status


async def test_leaving_a_running_drill_asks_first(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    app = make_app(root, tmp_path, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        console = await _console(pilot)
        await wait_for(pilot, lambda: console.snap is not None)
        await pilot.press("escape")
        await on_screen(pilot, "ConfirmDialog")
        await pilot.press("n")
        await on_screen(pilot, "DrillConsole")
        await pilot.press("escape")
        await on_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await on_screen(pilot, "DrillSetupScreen")
