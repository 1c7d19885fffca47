"""A one-line text prompt (a note, a reason, a file name, a time); returns the text or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.i18n import plain
from tui.screens.base import DrillsimModal


class PromptDialog(DrillsimModal[str | None]):
    """Ask for one line of text; enter confirms, esc cancels. ``required`` refuses an empty answer."""

    BINDINGS = [Binding("escape", "cancel", "取消|Cancel")]

    def __init__(
        self,
        question: tuple[str, str],
        placeholder: str = "",
        value: str = "",
        required: bool = True,
        note: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value
        self.required = required
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Static(id="prompt-question", classes="dialog-title")
            yield Static(id="prompt-note", classes="dialog-note")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(id="prompt-foot", classes="dialog-foot")

    def apply_lang(self) -> None:
        self.query_one("#prompt-question", Static).update(plain(self.t(*self.question)))
        note = self.query_one("#prompt-note", Static)
        note.update(plain(self.t(*self.note)) if self.note else "")
        note.display = self.note is not None
        self.query_one("#prompt-foot", Static).update(
            self.t("回车 确认 · esc 取消", "enter confirm · esc cancel")
        )

    @on(Input.Submitted, "#prompt-input")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text and self.required:
            self.notify(
                self.t("请填写后回车，或按 esc 取消", "type something, or esc to cancel"), severity="warning"
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
