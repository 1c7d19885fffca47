"""A decision put to the players: the inject, its options, and the deadline counting down in drill time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import clock, pick, plain
from tui.screens.base import DrillsimModal
from tui.widgets.exercise import ExerciseBanner


class DecisionDialog(DrillsimModal[str | None]):
    """Pick an option (enter, or its number); esc leaves it open — the clock keeps running unless paused."""

    BINDINGS = [
        Binding("escape", "later", "稍后|Later"),
        *(Binding(str(i), f"choose({i})", "", show=False) for i in range(1, 10)),
    ]

    now: reactive[float] = reactive(0.0)
    paused: reactive[bool] = reactive(False)

    def __init__(self, decision: Mapping[str, Any], now: float, paused: bool = False) -> None:
        super().__init__()
        self.decision = decision
        self.set_reactive(DecisionDialog.now, now)
        self.set_reactive(DecisionDialog.paused, paused)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog decision"):
            yield ExerciseBanner()
            yield Static(id="decision-title", classes="dialog-title")
            yield Static(id="decision-prompt")
            yield Static(id="decision-deadline")
            yield OptionList(id="decision-options")
            yield Static(id="decision-foot", classes="dialog-foot")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def apply_lang(self) -> None:
        d = self.decision
        lang = self.lang
        self.query_one("#decision-title", Static).update(
            Text("⚠ " + pick(lang, d.get("title_zh", ""), d.get("title_en", "")), style="bold")
        )
        self.query_one("#decision-prompt", Static).update(
            plain(pick(lang, d.get("prompt_zh", ""), d.get("prompt_en", "")))
        )
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        for i, o in enumerate(d.get("options", ()), 1):
            label = Text(f"{i}. {pick(lang, o['label_zh'], o['label_en'])}")
            if o.get("default"):
                label.append(self.t("（超时默认）", " (default at the deadline)"), style="dim")
            ol.add_option(Option(label, id=o["id"]))
        ol.highlighted = keep if keep is not None else 0
        self.query_one("#decision-foot", Static).update(
            self.t(
                "回车或数字键 选择 · esc 稍后决定（回车键在演练台重新打开）",
                "enter or a number chooses · esc decides later (enter on the console reopens it)",
            )
        )
        self._show_deadline()

    def watch_now(self) -> None:
        if self.is_mounted:
            self._show_deadline()

    def watch_paused(self) -> None:
        if self.is_mounted:
            self._show_deadline()

    def _show_deadline(self) -> None:
        left = float(self.decision.get("deadline", 0.0)) - self.now
        text = Text(self.t("剩余时间 ", "time left "), style="bold")
        text.append(clock(max(left, 0.0)), style="bold reverse" if left < 1.0 else "bold")
        text.append(self.t("（演练时间）", " (drill time)"), style="dim")
        if self.paused:
            text.append(self.t("  ⏸ 已暂停", "  ⏸ paused"), style="bold yellow")
        self.query_one("#decision-deadline", Static).update(text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, n: int) -> None:
        options = self.decision.get("options", ())
        if 1 <= n <= len(options):
            self.dismiss(options[n - 1]["id"])

    def action_later(self) -> None:
        self.dismiss(None)
