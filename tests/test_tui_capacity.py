"""TUI capacity: a clear "not yet computed" state, batch histograms once runs are stored, the gap matrix."""

from __future__ import annotations

from pathlib import Path

from tests.test_tui_support import copy_minimal, make_app, on_screen, ready, text_of, wait_for


async def test_not_yet_computed_then_a_batch_run_here_fills_the_histograms(tmp_path: Path) -> None:
    app = make_app(copy_minimal(tmp_path), tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        screen = await on_screen(pilot, "CapacityScreen")
        hist = screen.query_one("#cap-hist")
        await wait_for(pilot, lambda: "Not yet computed" in text_of(hist))
        assert "drillsim batch demo-leak" in text_of(hist)
        await pilot.press("b")
        await wait_for(pilot, lambda: "demo-leak" in screen.batches, timeout=120)
        body = text_of(hist)
        assert "Newest batch: 100 runs" in body and "█" in body


async def test_gap_matrix_shows_colour_letters_and_reasons(tmp_path: Path) -> None:
    app = make_app(copy_minimal(tmp_path), tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.open_capacity()
        screen = await on_screen(pilot, "CapacityScreen")
        await wait_for(pilot, lambda: screen.gaps is not None or screen.gaps_error, timeout=120)
        assert not screen.gaps_error
        await pilot.press("2")
        assert screen.query_one("TabbedContent").active == "cap-gaps"
        table = screen.query_one("#cap-matrix")
        assert table.row_count == len(screen.gaps["rows"]) >= 1
        row = [str(getattr(c, "plain", c)) for c in table.get_row_at(0)]
        assert any(cell.strip().split(" ")[0] in ("R", "Y", "G", "—") for cell in row[3:])
        assert "Why" in text_of(screen.query_one("#cap-why"))


async def test_refining_the_gap_matrix_can_be_cancelled(tmp_path: Path, monkeypatch) -> None:
    import time

    from drillsim import gaps

    def slow_runs(content, runs, seed):  # the engine runs of a real city take seconds
        time.sleep(1.0)
        return None

    monkeypatch.setattr(gaps, "engine_casualties", slow_runs)
    app = make_app(copy_minimal(tmp_path), tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.open_capacity()
        screen = await on_screen(pilot, "CapacityScreen")
        await wait_for(pilot, lambda: screen.gaps is not None, timeout=120)
        first = screen.gaps
        await pilot.press("u")
        assert screen.busy == "gaps"
        await pilot.press("k")
        assert screen.busy == ""
        await pilot.pause(1.5)
        assert screen.gaps is first and not screen.gaps_refined  # the cancelled refinement never lands
