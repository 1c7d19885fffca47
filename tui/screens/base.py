"""Language-aware base classes: screens, modals and widgets that follow the app's language at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from tui.i18n import localize_bindings, pick

if TYPE_CHECKING:
    from tui.app import DrillsimApp

R = TypeVar("R")


class LangMixin:
    """Follows ``app.lang``: footer descriptions written ``"中文|English"`` and :meth:`apply_lang`."""

    app: Any

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def t(self, zh: str, en: str) -> str:
        """Pick the text for the current language."""
        return pick(self.lang, zh, en)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification whose text is literal (names and paths may hold brackets), unless asked otherwise."""
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _lang_setup(self) -> None:
        localize_bindings(self, self.lang)
        self.watch(self.app, "lang", self._lang_changed, init=False)  # type: ignore[attr-defined]

    def _lang_changed(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.refresh_bindings()  # type: ignore[attr-defined]
        self.apply_lang()

    def apply_lang(self) -> None:
        """Redraw language-dependent text (override)."""


class DrillsimScreen(LangMixin, Screen[Any]):
    """A full screen of the app."""

    @property
    def drillsim(self) -> DrillsimApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self._lang_setup()
        self.apply_lang()


class DrillsimModal(LangMixin, ModalScreen[R], Generic[R]):
    """A modal dialog that follows the app's language."""

    def on_mount(self) -> None:
        self._lang_setup()
        self.apply_lang()


class LangWidget(LangMixin, Widget):
    """A widget whose bindings and text follow the app's language."""

    def on_mount(self) -> None:
        self._lang_setup()
        self.apply_lang()
