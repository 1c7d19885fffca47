"""TUI live drill logger: the clock starts on a key, one key per milestone, corrections keep an audit trail."""

from __future__ import annotations

from pathlib import Path

from drillsim.livelog import MILESTONE_KEYS, LiveLog
from tests.test_tui_support import FakeClock, copy_minimal, make_app, on_screen, ready, text_of, wait_for


async def _logger(pilot):
    await ready(pilot)
    pilot.app.open_live_log("demo_plant")
    return await on_screen(pilot, "LiveLoggerScreen")


async def test_milestone_keys_stamp_the_drill_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(copy_minimal(tmp_path), tmp_path, "en", wall_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _logger(pilot)
        assert "not started" in text_of(screen.query_one("#live-clock"))
        await pilot.press("2")  # before the start: refused, nothing written
        assert not app.services.livelog_path.exists()
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.running)
        clock.advance(90)
        await pilot.press("1")
        clock.advance(60)
        await pilot.press("2")
        clock.advance(150)
        await pilot.press("4")
        events = [(e["kind"], e["t"]) for e in screen.state.events]
        assert events == [(MILESTONE_KEYS["1"], 1.5), (MILESTONE_KEYS["2"], 2.5), (MILESTONE_KEYS["4"], 5.0)]
        assert "✓ 01:30" in text_of(screen.query_one("#live-keys"))
        assert "T+05:00" in text_of(screen.query_one("#live-clock"))


async def test_a_correction_needs_a_reason_and_is_audited(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(copy_minimal(tmp_path), tmp_path, "en", wall_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _logger(pilot)
        await pilot.press("s")
        clock.advance(120)
        await pilot.press("2")
        await pilot.press("c")
        prompt = await on_screen(pilot, "PromptDialog")
        prompt.query_one("#prompt-input").value = "01:10"
        await pilot.press("enter")
        first = prompt
        await wait_for(pilot, lambda: app.screen is not first)
        prompt = await on_screen(pilot, "PromptDialog")
        prompt.query_one("#prompt-input").value = "pressed late: alarm log says 01:10"
        await pilot.press("enter")
        await on_screen(pilot, "LiveLoggerScreen")
        assert abs(screen.state.events[0]["t"] - 70 / 60) < 1e-3
        audit = screen.state.audit[0]
        assert audit["before"]["t"] == 2.0 and audit["reason"].startswith("pressed late")
        assert "02:00→01:10" in text_of(screen.query_one("#live-audit"))
        assert (
            len(LiveLog(app.services.livelog_path).state().audit) == 1
        )  # the same file `drillsim log` reads


async def test_ending_the_drill_grades_the_live_timeline(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(copy_minimal(tmp_path), tmp_path, "en", wall_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _logger(pilot)
        await pilot.press("s")
        clock.advance(150)
        await pilot.press("2")
        clock.advance(180)
        await pilot.press("4")
        await pilot.press("n")
        note = await on_screen(pilot, "PromptDialog")
        note.query_one("#prompt-input").value = "gate guard did not know the assembly point"
        await pilot.press("enter")
        await on_screen(pilot, "LiveLoggerScreen")
        await pilot.press("e")
        await on_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        grading = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: grading.grade is not None)
        assert grading.doc.origin == "live"
        alarm = next(c for c in grading.grade.criteria if c.id == "alarm")
        assert alarm.actual == 2.5 and alarm.points == 2
