"""Drill history tab: the enterprise's graded drills from the drill records; enter opens one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from tui.screens.base import LangWidget
from tui.widgets.drill_table import DrillTable, load_drills


class HistoryPane(LangWidget):
    """Graded drills of one enterprise."""

    def __init__(self, enterprise: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.enterprise = enterprise
        self.records: list[Any] = []
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static(id="history-head")
        yield DrillTable(id="history-table", show_enterprise=False)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.records, self.message = load_drills(self.app.services, self.enterprise)
        self.apply_lang()

    def focus_target(self) -> Any:
        return self.query_one(DrillTable)

    def apply_lang(self) -> None:
        head = self.query_one("#history-head", Static)
        if self.message:
            head.update(Text(self.message, style="bold red"))
        elif not self.records:
            head.update(
                Text(
                    self.t(
                        "尚无评估记录。按 d 在此企业演练，演练结束后评估并记录（r）。",
                        "No graded drills yet. Press d to drill here; grade it at the end and record it (r).",
                    ),
                    style="dim",
                )
            )
        else:
            head.update(
                Text(
                    self.t(
                        f"{len(self.records)} 次评估记录（最新在上，回车打开）",
                        f"{len(self.records)} graded drills (newest first; enter opens)",
                    ),
                    style="dim",
                )
            )
        self.query_one(DrillTable).show(self.records, self.lang)

    @on(DrillTable.Open)
    def _open(self, event: DrillTable.Open) -> None:
        self.app.open_grading(dict(event.record.timeline), record=event.record)
