"""Drill records: every graded drill kept in the records database; enter reopens its grading."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from tui.screens.base import DrillsimScreen
from tui.widgets.drill_table import DrillTable, load_drills
from tui.widgets.footer import KeyFooter


class RecordsScreen(DrillsimScreen):
    """All graded drills (or one enterprise's), newest first."""

    HELP = (
        "演练记录：评估后按 r 保存的演练。回车打开评估；命令行 drillsim history 可导出演练档案与趋势。"
        "|Drill records: drills kept with r after grading. Enter opens the grading; `drillsim history` exports the "
        "drill file and trends."
    )
    BINDINGS = [Binding("escape", "back", "返回|Back")]

    def __init__(self, enterprise: str = "") -> None:
        super().__init__()
        self.enterprise = enterprise
        self.records: list[Any] = []
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield Static(id="records-head")
        yield DrillTable(id="records-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DrillTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.records, self.message = load_drills(self.drillsim.services, self.enterprise)
        self.apply_lang()

    def apply_lang(self) -> None:
        self.sub_title = self.t("演练记录", "drill records")
        head = self.query_one("#records-head", Static)
        if self.message:
            head.update(Text(self.message, style="bold red"))
        elif not self.records:
            head.update(
                Text(
                    self.t(
                        "还没有保存的评估记录（评估页按 r 保存）。",
                        "No graded drill kept yet (r on the grading screen keeps one).",
                    ),
                    style="dim",
                )
            )
        else:
            path = self.drillsim.services.db_path
            head.update(
                Text(
                    self.t(f"{len(self.records)} 次演练 · {path}", f"{len(self.records)} drills · {path}"),
                    style="dim",
                )
            )
        self.query_one(DrillTable).show(self.records, self.lang, self.drillsim.content_state.content)

    @on(DrillTable.Open)
    def _open(self, event: DrillTable.Open) -> None:
        self.drillsim.open_grading(dict(event.record.timeline), record=event.record)

    def action_back(self) -> None:
        self.dismiss()
