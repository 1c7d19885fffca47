"""TUI grading: a score for a simulated and a live timeline, qualitative ratings, records and the exported report."""

from __future__ import annotations

from pathlib import Path

from tests.test_tui_support import copy_minimal, make_app, on_screen, ready, text_of, wait_for


def _timeline(root: Path) -> dict:
    from drillsim.engine import run_drill
    from drillsim.loading import load_content

    return run_drill(load_content(root), "demo-leak", 11).to_json()


async def test_grading_shows_a_score_records_and_exports(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    timeline = _timeline(root)
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.open_grading(timeline, origin="simulated")
        screen = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: screen.grade is not None)
        head = text_of(screen.query_one("#grade-head"))
        assert f"Score {screen.grade.score:g} / {screen.grade.max:g}" in head
        table = screen.query_one("#grade-table")
        assert table.row_count == len(screen.grade.criteria) == 2
        assert "No simulated batch" in text_of(screen.query_one("#grade-notes"))
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.record_id is not None)
        from drillsim.records import DrillRecords

        with DrillRecords(tmp_path / "records.sqlite3") as db:
            rows = db.drills()
        assert len(rows) == 1 and rows[0].score == screen.grade.score
        await pilot.press("x")
        reports = tmp_path / "data" / "reports"
        await wait_for(pilot, lambda: len(list(reports.glob("*.html"))) == 1)
        md = next(reports.glob("*.md")).read_text(encoding="utf-8")
        assert "EXERCISE / 演练" in md and "演练评估报告" in md


async def test_comparison_with_simulated_runs_when_a_batch_is_stored(tmp_path: Path) -> None:
    from drillsim.loading import load_content
    from drillsim.records import DrillRecords

    root = copy_minimal(tmp_path)
    timeline = _timeline(root)
    content = load_content(root)
    rows = [{"t_alarm": float(v)} for v in range(1, 21)]  # at least MIN_RUNS to be compared with
    with DrillRecords(tmp_path / "records.sqlite3") as db:
        db.store_batch("demo-leak", content.digest, 1, rows)
    app = make_app(root, tmp_path, "zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.open_grading(timeline)
        screen = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: screen.grade is not None)
        assert "alarm" in screen.cmps
        assert "次模拟中" in text_of(screen.query_one("#grade-notes"))


async def test_a_qualitative_rating_needs_a_reason_and_counts(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    rubric = root / "scenarios" / "rubrics" / "demo-rubric.yaml"
    rubric.write_text(
        rubric.read_text(encoding="utf-8").replace(
            "qualitative: []",
            "qualitative:\n  - {id: command, name_zh: 现场指挥, name_en: On-scene command, weight: 1, source: fixture}",
        ),
        encoding="utf-8",
    )
    timeline = _timeline(root)
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.open_grading(timeline)
        screen = await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: screen.grade is not None)
        top = screen.grade.max
        await pilot.press("q")
        first = await on_screen(pilot, "ChoiceDialog")
        await pilot.press("enter")  # the command indicator
        await wait_for(pilot, lambda: app.screen is not first)
        await on_screen(pilot, "ChoiceDialog")
        await pilot.press("down", "enter")  # S
        prompt = await on_screen(pilot, "PromptDialog")
        await pilot.press("enter")  # empty: refused, the dialog stays
        assert app.screen is prompt
        prompt.query_one("#prompt-input").value = "slow to set up the command post"
        await pilot.press("enter")
        await on_screen(pilot, "GradingScreen")
        await wait_for(pilot, lambda: screen.grade.max == top + 2)
        rated = next(c for c in screen.grade.criteria if c.id == "command")
        assert (rated.rating, rated.points) == ("S", 1)
