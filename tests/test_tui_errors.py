"""TUI errors: bad content, a bad timeline file, an unknown enterprise — readable messages, never a crash."""

from __future__ import annotations

from pathlib import Path

from tests.test_tui_support import copy_minimal, make_app, on_screen, ready, screen_name, text_of, wait_for


async def test_broken_content_lists_the_problems_with_path_and_line(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    box = root / "kb" / "enterprises" / "demo_plant.yaml"
    box.write_text(box.read_text(encoding="utf-8").replace("risk: red", "risk: purple"), encoding="utf-8")
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await on_screen(pilot, "ProblemsScreen")
        body = text_of(screen.query_one("#problems"))
        assert "kb/enterprises/demo_plant.yaml:" in body and "purple" in body
        assert app.content_state.status in ("degraded", "failed")
        if app.content_state.status == "degraded":
            await pilot.press("c")
            await on_screen(pilot, "HomeScreen")


async def test_fixing_the_content_and_reloading_clears_the_problems(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    box = root / "kb" / "enterprises" / "demo_plant.yaml"
    good = box.read_text(encoding="utf-8")
    box.write_text(good.replace("risk: red", "risk: purple"), encoding="utf-8")
    app = make_app(root, tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await on_screen(pilot, "ProblemsScreen")
        box.write_text(good, encoding="utf-8")
        await pilot.press("r")
        await wait_for(pilot, lambda: app.content_state.status == "ready")
        assert screen_name(app) == "HomeScreen"


async def test_a_bad_timeline_file_is_a_message_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": []}', encoding="utf-8")
    app = make_app(copy_minimal(tmp_path), tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("g")
        prompt = await on_screen(pilot, "PromptDialog")
        prompt.query_one("#prompt-input").value = str(bad)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("not a drill timeline" in n.message for n in app._notifications))
        assert screen_name(app) == "HomeScreen"
        assert app.is_running


async def test_unknown_enterprise_on_the_command_line_is_a_message(tmp_path: Path) -> None:
    app = make_app(copy_minimal(tmp_path), tmp_path, "en", enterprise="no_such_plant")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: any("no_such_plant" in n.message for n in app._notifications))
        assert screen_name(app) == "HomeScreen"


async def test_help_lists_the_keys_of_the_screen_underneath(tmp_path: Path) -> None:
    app = make_app(copy_minimal(tmp_path), tmp_path, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        dialog = await on_screen(pilot, "HelpDialog")
        body = text_of(dialog.query_one("#help-body"))
        assert "演练" in body and "退出" in body and "检索" in body
        await pilot.press("escape")
        await on_screen(pilot, "HomeScreen")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_brackets_in_queries_and_content_are_shown_literally(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    box = root / "kb" / "enterprises" / "demo_plant.yaml"
    text = box.read_text(encoding="utf-8")
    text = text.replace("name_en: Demo Chemical Plant", "name_en: Demo [/b] Plant [red]")
    text = text.replace("name_en: Filling hall", 'name_en: "Filling hall [R-201～R-204]"')
    box.write_text(text, encoding="utf-8")
    app = make_app(root, tmp_path, "en", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, index=True)
        await pilot.press("slash", "left_square_bracket", "slash", "b", "right_square_bracket")
        home = app.screen
        await wait_for(pilot, lambda: home.shown_query == "[/b]")
        assert "[/b]" in text_of(home.query_one("#results-title"))
        app.open_box("demo_plant", tab="evacuation")
        screen = await on_screen(pilot, "BoxScreen")
        assert "Filling hall [R-201～R-204]" in text_of(screen.query_one("#evac-table"))
        await pilot.press("o")
        pane = screen.query_one("OverviewPane")
        await wait_for(pilot, lambda: pane.packet is not None)
        assert "Demo [/b] Plant [red]" in text_of(screen.query_one("#overview-body"))
        assert app.is_running
