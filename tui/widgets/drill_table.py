"""A table of graded drills from the drill records; enter opens the grading of the highlighted one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tui.i18n import cells, pick, short_name


def load_drills(services: Any, enterprise: str = "") -> tuple[list[Any], str]:
    """(records, message): the graded drills (newest last), or an empty list with why."""
    try:
        db = services.records()
    except Exception as exc:  # a locked or newer database: say so
        from tui.errors import explain

        return [], explain(exc)
    if db is None:
        return [], ""
    with db:
        return db.drills(enterprise=enterprise or None), ""


class DrillTable(DataTable[Any]):
    """Graded drills: date, enterprise, scenario, origin, score."""

    class Open(Message):
        """Open the grading of a recorded drill."""

        def __init__(self, record: Any) -> None:
            super().__init__()
            self.record = record

    def __init__(self, *, id: str | None = None, show_enterprise: bool = True) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.records: list[Any] = []
        self.show_enterprise = show_enterprise

    def show(self, records: list[Any], lang: str, content: Any = None) -> None:
        self.records = list(reversed(records))
        self.clear(columns=True)
        cols = [
            pick(lang, "日期", "date"),
            pick(lang, "情景", "scenario"),
            pick(lang, "来源", "origin"),
            pick(lang, "得分", "score"),
            "%",
        ]
        if self.show_enterprise:
            cols.insert(1, pick(lang, "企业", "enterprise"))
        self.add_columns(*cols)
        for i, r in enumerate(self.records):
            pct = 100.0 * r.score / r.max_score if r.max_score else 0.0
            origin = pick(lang, "实战计时", "live") if r.origin == "live" else pick(lang, "模拟", "simulated")
            row: list[Any] = [
                r.drill_date,
                r.scenario,
                origin,
                f"{r.score:g}/{r.max_score:g}",
                Text(f"{pct:.0f}", style=_pct_style(pct)),
            ]
            if self.show_enterprise:
                box = content.enterprises.get(r.enterprise) if content is not None else None
                row.insert(
                    1,
                    short_name(box, lang) if box else r.enterprise,
                )
            self.add_row(*cells(*row), key=str(i))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        idx = int(event.row_key.value or 0)
        if 0 <= idx < len(self.records):
            self.post_message(self.Open(self.records[idx]))


def _pct_style(pct: float) -> str:
    if pct >= 80:
        return "bold green"
    if pct >= 60:
        return "bold yellow"
    return "bold red"
