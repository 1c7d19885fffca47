"""Help: every key of the screen underneath (shown or hidden in the footer) and what the screen is for."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.i18n import split_bi
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


def _bilingual(node: Any, binding: Any) -> str:
    """The binding's description as first written (``"中文|English"``), before any language rewrite."""
    original = getattr(node, "_drillsim_original_bindings", None)
    if original is not None:
        for b in original.key_to_bindings.get(binding.key, ()):
            if b.action == binding.action:
                return str(b.description)
    return str(binding.description)


def capture_keys(screen: Any) -> list[tuple[str, str, str, tuple[int, str]]]:
    """(group, key display, bilingual description, identity) of every binding active on ``screen`` now.

    Taken while ``screen`` is on top: once a dialog covers it, its focused widget no longer counts.
    """
    out = []
    for active in screen.active_bindings.values():
        b = active.binding
        desc = _bilingual(active.node, b)
        if not desc:
            continue  # a second key of an action listed under its first key
        group = _group(active.node)
        if group != "app" and "|" not in desc:
            group = "nav"  # Textual's own keys (focus, copy, cursor movement)
        out.append((group, screen.app.get_key_display(b), desc, (id(active.node), b.action)))
    return out


def key_rows(
    captured: list[tuple[str, str, str, tuple[int, str]]], lang: str
) -> dict[str, list[tuple[str, str]]]:
    """Group → [(keys, description)]; the keys of one action on one node are merged."""
    out: dict[str, dict[tuple[int, str], tuple[str, str]]] = {g: {} for g, _ in GROUPS}
    for group, display, desc, ident in captured:
        rows = out[group]
        text = split_bi(desc, lang) or ident[1]
        if ident in rows:
            keys, d = rows[ident]
            if display not in keys.split(" / "):
                rows[ident] = (f"{keys} / {display}", d)
            continue
        rows[ident] = (display, text)
    return {g: list(rows.values()) for g, rows in out.items() if rows}


class HelpDialog(DrillsimModal[None]):
    """The keys of the screen underneath, with a short note on the screen."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "关闭|Close")]

    def __init__(self, under: Any) -> None:
        super().__init__()
        self.under = under
        self.captured = capture_keys(under)

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
        parts: list[Any] = []
        if note:
            parts.append(Text(split_bi(note, lang) + "\n"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        rows = key_rows(self.captured, lang)
        for group, (zh, en) in GROUPS:
            if group not in rows:
                continue
            table.add_row(Text(self.t(zh, en), style="bold underline"), Text(""))
            for keys, desc in rows[group]:
                table.add_row(Text(keys), Text(desc, style="dim" if group == "nav" else ""))
        parts.append(table)
        parts.append(
            Text(
                self.t(
                    "\n全部操作均可用键盘完成；底部栏列出当前可用按键。ctrl+l 切换中/英文。",
                    "\nEverything works from the keyboard; the footer lists the keys in use. ctrl+l switches 中文/English.",
                ),
                style="dim",
            )
        )
        self.query_one("#help-body", Static).update(Group(*parts))
        self.query_one("#help-foot", Static).update(self.t("esc 关闭", "esc close"))

    def action_dismiss(self) -> None:
        self.dismiss(None)
