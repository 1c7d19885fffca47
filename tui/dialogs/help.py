"""Help: every key of the screen underneath (shown or hidden in the footer) and what the screen is for."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.i18n import cells, split_bi
from tui.screens.base import DrillsimModal

GROUPS = (
    ("app", ("全局", "Everywhere")),
    ("screen", ("本屏幕", "This screen")),
    ("pane", ("当前面板", "This pane")),
    ("nav", ("移动与选择", "Moving around")),
)


def _group(node: Any) -> str:
    from textual.app import App
    from textual.screen import Screen

    if isinstance(node, App):
        return "app"
    if isinstance(node, Screen):
        return "screen"
    return "nav" if type(node).__module__.startswith("textual.") else "pane"


def key_rows(screen: Any, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Group → [(keys, description)] of every binding active on ``screen``; keys of one action merged."""
    out: dict[str, dict[tuple[int, str], tuple[str, str]]] = {g: {} for g, _ in GROUPS}
    for active in screen.active_bindings.values():
        b = active.binding
        desc = split_bi(b.description, lang) or b.action
        display = screen.app.get_key_display(b)
        rows = out[_group(active.node)]
        ident = (id(active.node), b.action)
        if ident in rows:
            keys, d = rows[ident]
            if display not in keys.split(" / "):
                rows[ident] = (f"{keys} / {display}", d)
            continue
        rows[ident] = (display, desc)
    return {g: list(rows.values()) for g, rows in out.items() if rows}


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
        rows = key_rows(self.under, lang)
        for group, (zh, en) in GROUPS:
            if group not in rows:
                continue
            table.add_row(*cells(Text(self.t(zh, en), style="bold underline"), ""))
            for keys, desc in rows[group]:
                table.add_row(*cells(keys, Text(desc, style="dim" if group == "nav" else "")))
        group_table = Table.grid()
        group_table.add_row(*cells(body))
        group_table.add_row(*cells(table))
        group_table.add_row(
            *cells(
                Text(
                    self.t(
                        "\n全部操作均可用键盘完成；底部栏列出当前可用按键。ctrl+l 切换中/英文。",
                        "\nEverything works from the keyboard; the footer lists the keys in use. ctrl+l switches 中文/English.",
                    ),
                    style="dim",
                )
            )
        )
        self.query_one("#help-body", Static).update(group_table)
        self.query_one("#help-foot", Static).update(self.t("esc 关闭", "esc close"))

    def action_dismiss(self) -> None:
        self.dismiss(None)
