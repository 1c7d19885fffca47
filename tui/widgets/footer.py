"""The footer: every key of the screen, the global ones (help, quit, language) first so a narrow terminal keeps them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A compact footer listing the app's keys, then the screen's, then the focused widget's."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        rows = [
            (node, b, enabled, tip)
            for node, b, enabled, tip in self.screen.active_bindings.values()
            if b.show
        ]

        def rank(node: object) -> int:
            if isinstance(node, App):
                return 0
            if isinstance(node, Screen):
                return 1
            return 2

        rows.sort(key=lambda r: rank(r[0]))  # stable: the order within each level is kept
        seen: set[tuple[int, str]] = set()
        count = 0
        for node, b, enabled, tip in rows:
            ident = (id(node), b.action)
            if ident in seen:
                continue
            seen.add(ident)
            count += 1
            yield FooterKey(
                b.key,
                self.app.get_key_display(b),
                b.description,
                b.action,
                disabled=not enabled,
                tooltip=tip,
            ).data_bind(compact=Footer.compact)
        self.styles.grid_size_columns = max(count, 1)
