"""A yes/no question; y or enter says yes, n or esc says no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.i18n import plain
from tui.screens.base import DrillsimModal


class ConfirmDialog(DrillsimModal[bool]):
    """Ask a yes/no question."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "是|Yes"),
        Binding("n,escape", "answer(False)", "否|No"),
    ]

    def __init__(self, question: tuple[str, str]) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(id="confirm-question", classes="dialog-title")
            yield Static(id="confirm-foot", classes="dialog-foot")

    def apply_lang(self) -> None:
        self.query_one("#confirm-question", Static).update(plain(self.t(*self.question)))
        self.query_one("#confirm-foot", Static).update(self.t("y 是 · n 否", "y yes · n no"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
