"""TUI home screen: search as you type in Chinese and English, grouped hits, enter opens the right place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_tui_support import MINIMAL, make_app, on_screen, ready, text_of, wait_for


async def _search(pilot, query: str) -> list[str]:
    app = pilot.app
    await pilot.press("slash")
    for ch in query:
        await pilot.press("space" if ch == " " else ch)
    home = app.screen
    await wait_for(pilot, lambda: home.shown_query == query and not home._searching)
    return [o.id for o in home.query_one("#results").options if o.id]


async def test_zh_query_finds_chlorine(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "zh", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, index=True)
        ids = await _search(pilot, "液氯")
        assert ids[0] == "chemical:chlorine"
        status = text_of(app.screen.query_one("#status"))
        assert "条结果" in status


async def test_en_query_finds_the_enterprise_and_enter_opens_its_box(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, index=True)
        ids = await _search(pilot, "Demo Chemical Plant")
        assert ids[0] == "enterprise:demo_plant"
        await pilot.press("enter")
        await on_screen(pilot, "BoxScreen")
        assert app.screen.enterprise == "demo_plant"


async def test_sds_hit_opens_the_section(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, index=True)
        home = app.screen
        await _search(pilot, "first aid")
        hit = next(o.id for o in home.query_one("#results").options if o.id and o.id.startswith("sds:"))
        home.open_hit(hit)
        screen = await on_screen(pilot, "ChemicalScreen")
        viewer = screen.query_one("SdsViewer")
        assert viewer.selected == "chlorine"
        assert viewer.section == int(hit.rpartition(":")[2])


async def test_typing_before_the_index_is_ready_searches_when_it_is(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"chlorine")
        await ready(pilot, index=True)
        home = app.screen
        await wait_for(pilot, lambda: home._result is not None)
        assert home.query_one("#results").options[1].id == "chemical:chlorine"


async def test_enterprise_list_groups_by_park_with_risk_letters(tmp_path: Path) -> None:
    app = make_app(MINIMAL, tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        options = app.screen.query_one("#enterprises").options
        assert options[0].disabled  # the park heading
        assert "R red" in str(options[1].prompt)
        await pilot.press("enter")
        await on_screen(pilot, "BoxScreen")


@pytest.mark.slow
async def test_sample_city_pinyin_initials(tmp_path: Path, sample_root: Path) -> None:
    app = make_app(sample_root, tmp_path, "zh", open_index=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, index=True)
        if app.content_state.status != "ready":
            pytest.skip("sample content has errors right now")
        await pilot.press("escape")  # the problems screen, if any
        ids = await _search(pilot, "yl")
        assert ids[0] == "chemical:chlorine"
