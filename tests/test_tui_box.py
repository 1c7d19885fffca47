"""TUI handover box: its tabs, the site plan's zoom and pan, the evacuation wind key, SDS jumps, plans, language."""

from __future__ import annotations

from pathlib import Path

from tests.test_tui_support import MINIMAL, make_app, on_screen, ready, text_of, wait_for

TABS = ["overview", "siteplan", "evacuation", "sds", "plans", "history"]


async def _box(pilot, **kwargs):
    await ready(pilot)
    pilot.app.open_box("demo_plant", **kwargs)
    return await on_screen(pilot, "BoxScreen")


async def test_opening_a_box_shows_its_tabs_and_keys_switch_them(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot)
        tabs = box.query_one("TabbedContent")
        assert [p.id for p in tabs.query("TabPane")] == TABS
        for key, tab in zip(
            "mespho", ["siteplan", "evacuation", "sds", "plans", "history", "overview"], strict=True
        ):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
        overview = box.query_one("#overview-body")
        await wait_for(pilot, lambda: "0516-0000-0000" in text_of(overview))
        body = text_of(overview)
        assert "level 3" in body and "≠ declared level 2" in body  # GB 18218 computed from the inventory
        assert "Chlorine" in body and "TIH" in body


async def test_site_plan_zooms_pans_and_steps_through_nodes(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot, tab="siteplan")
        canvas = box.query_one("#siteplan-canvas")
        await wait_for(pilot, lambda: canvas.has_focus)
        rendered = canvas.render().plain
        assert "T" in rendered and "A" in rendered and "N↑" in rendered and "├" in rendered
        scale, centre = canvas.scale, canvas.centre
        await pilot.press("plus")
        assert canvas.scale < scale
        await pilot.press("left")
        assert canvas.centre[0] < centre[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert canvas.selected
        assert text_of(box.query_one("#siteplan-info")).strip()


async def test_search_hit_on_a_node_highlights_it(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot, tab="siteplan", node="t_cl")
        canvas = box.query_one("#siteplan-canvas")
        assert canvas.selected == "t_cl"
        await pilot.pause()
        assert "V-101" in text_of(box.query_one("#siteplan-info"))


async def test_evacuation_wind_key_turns_the_zone(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot, tab="evacuation")
        pane = box.query_one("EvacuationPane")
        assert pane.zone is not None and pane.routes
        before = pane.zone.wind_from_deg
        await pilot.press("w")
        assert pane.zone.wind_from_deg == (before + 45) % 360
        head = text_of(box.query_one("#evac-head"))
        assert "wind from NE" in head
        table = text_of(box.query_one("#evac-table"))
        assert "Filling hall" in table


async def test_sds_digits_jump_to_a_section(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot, tab="sds")
        viewer = box.query_one("SdsViewer")
        await pilot.press("4")
        assert viewer.section == 4
        await pilot.press("1", "6")
        assert viewer.section == 16
        await pilot.press("right_square_bracket")
        assert viewer.section == 1


async def test_plans_tab_renders_the_plan(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot, tab="plans", plan="demo-onsite")
        viewer = box.query_one("PlanViewer")
        md = box.query_one("#plan-body")
        await wait_for(pilot, lambda: viewer._shown == "demo-onsite" and md.table_of_contents)
        titles = [t for _, t, _ in md.table_of_contents]
        assert any("应急处置" in t for t in titles)
        assert box.query_one("#plan-sections").option_count >= 4


async def test_language_switches_at_run_time(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _box(pilot)
        tabs = box.query_one("TabbedContent")
        assert tabs.get_tab("overview").label.plain.startswith("Overview")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "zh"
        assert tabs.get_tab("overview").label.plain.startswith("概况")
        footer = [b.binding.description for b in box.active_bindings.values() if b.binding.show]
        assert "返回" in footer and "Back" not in footer


async def test_works_in_80_by_24(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _box(pilot, tab="evacuation")
        assert box.has_class("-narrow")
        canvas = box.query_one("#evac-canvas")
        assert canvas.size.width > 30 and canvas.size.height > 5
