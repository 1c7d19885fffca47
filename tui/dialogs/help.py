"""Help: every key of the screen underneath (shown or hidden in the footer) and what the screen is for."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.i18n import split_bi
from tui.screens.base import DrillsimModal


def key_rows(screen: Any, lang: str) -> list[tuple[str, str]]:
    """(keys, description) of every binding active on ``screen``, de-duplicated, in order."""
    rows: dict[str, str] = {}
    seen_actions: dict[str, int] = {}
    for _key, active in screen.active_bindings.items():
        b = active.binding
        desc = split_bi(b.description, lang) or b.action
        display = screen.app.get_key_display(b)
        ident = f"{id(active.node)}:{b.action}"
        if ident in seen_actions:
            prev = list(rows)[seen_actions[ident]]
            if display not in prev.split(" / "):
                rows[f"{prev} / {display}"] = rows.pop(prev)
            continue
        seen_actions[ident] = len(rows)
        rows[display] = desc
    return list(rows.items())


class HelpDialog(DrillsimModal[None]):
    """The keys of the screen underneath, with a short note on the screen."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "关闭|Close")]

    def __init__(self, under: Any) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(id="help-title", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-body")
            yield Static(id="help-foot", classes="dialog-foot")

    def apply_lang(self) -> None:
        lang = self.lang
        self.query_one("#help-title", Static).update(self.t("帮助 · 按键", "Help · keys"))
        note = getattr(self.under, "HELP", None)
        body = Text()
        if note:
            body.append(split_bi(note, lang) + "\n\n")
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, desc in key_rows(self.under, lang):
            table.add_row(keys, desc)
        group = Table.grid()
        group.add_row(body)
        group.add_row(table)
        group.add_row(
            Text(
                self.t(
                    "\n全部操作均可用键盘完成；底部栏列出当前可用按键。ctrl+l 切换中/英文。",
                    "\nEverything works from the keyboard; the footer lists the keys in use. ctrl+l switches 中文/English.",
                ),
                style="dim",
            )
        )
        self.query_one("#help-body", Static).update(group)
        self.query_one("#help-foot", Static).update(self.t("esc 关闭", "esc close"))

    def action_dismiss(self) -> None:
        self.dismiss(None)
