"""Pick one item from a short list (a rubric, an indicator, a rating); returns its id or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import plain
from tui.screens.base import DrillsimModal


class ChoiceDialog(DrillsimModal[str | None]):
    """A titled list; enter picks, esc cancels. Items are (id, (zh, en)) pairs."""

    BINDINGS = [Binding("escape", "cancel", "取消|Cancel")]

    def __init__(
        self,
        title: tuple[str, str],
        items: list[tuple[str, tuple[str, str]]],
        note: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(id="choice-title", classes="dialog-title")
            yield Static(id="choice-note", classes="dialog-note")
            yield OptionList(id="choice-list")
            yield Static(id="choice-foot", classes="dialog-foot")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def apply_lang(self) -> None:
        self.query_one("#choice-title", Static).update(plain(self.t(*self.title_text)))
        note = self.query_one("#choice-note", Static)
        note.update(plain(self.t(*self.note)) if self.note else "")
        note.display = self.note is not None
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        for ident, label in self.items:
            ol.add_option(Option(plain(self.t(*label)), id=ident))
        ol.highlighted = keep if keep is not None else 0
        self.query_one("#choice-foot", Static).update(
            self.t("回车 选择 · esc 取消", "enter picks · esc cancels")
        )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
