"""The Textual app: wires services, screens and global key bindings; the screens do the work."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from tui.background import in_background
from tui.errors import guarded, show_error
from tui.i18n import localize_bindings, other
from tui.messages import ContentLoaded, IndexOpened
from tui.services import ContentState, IndexState, Services, load_content_state, open_index_state


class DrillsimApp(App[int]):
    """drillsim's terminal UI: look up, drill, grade, all from the keyboard."""

    CSS_PATH = ["app.tcss", "widgets/widgets.tcss"]
    TITLE = "drillsim"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出|Quit", priority=True),
        Binding("question_mark,f1", "help", "帮助|Help"),
        Binding("ctrl+l,f2", "toggle_lang", "English|中文", key_display="^l"),
    ]

    lang: reactive[str] = reactive("en", init=False)
    content_state: reactive[ContentState] = reactive(ContentState("loading"), always_update=True, init=False)
    index_state: reactive[IndexState] = reactive(IndexState("waiting"), always_update=True, init=False)

    def __init__(
        self,
        root: Path,
        lang: str = "en",
        db_path: Path | None = None,
        enterprise: str | None = None,
        *,
        today: date | None = None,
        wall_clock: Callable[[], float] | None = None,
        seed_source: Any = None,
        data_dir: Path | None = None,
        open_index: bool = True,
    ) -> None:
        super().__init__()
        self.services = Services(Path(root), db_path, data_dir=data_dir)
        if today is not None:
            self.services.today = today
        if wall_clock is not None:
            self.services.wall_clock = wall_clock
        if seed_source is not None:
            self.services.rng = seed_source
        self._start_enterprise = enterprise
        self._want_index = open_index
        self.set_reactive(DrillsimApp.lang, lang if lang in ("zh", "en") else "en")
        self.marks: dict[str, float] = {"start": time.perf_counter()}
        self._loading = threading.Event()
        self._indexing = threading.Event()

    # ------------------------------------------------------------------ start-up
    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        localize_bindings(self, self.lang)
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        self.marks["first_screen"] = time.perf_counter()
        self._load_content()  # only now: loading competes with the first frame for the interpreter

    def _load_content(self) -> None:
        def load(cancelled: Any, root: Path) -> None:
            state = load_content_state(root)
            if not cancelled.is_set():
                self.post_message(ContentLoaded(state))

        self._loading.set()
        self._loading = in_background("content", load, self.services.root)

    def _open_index(self, content: Any) -> None:
        def open_(cancelled: Any, content: Any, root: Path) -> None:
            state = open_index_state(content, root)
            if cancelled.is_set():
                if state.index is not None:
                    state.index.close()
                return
            self.post_message(IndexOpened(state))

        self._indexing.set()
        self._indexing = in_background("index", open_, content, self.services.root)

    def on_content_loaded(self, message: ContentLoaded) -> None:
        state = message.state
        self.marks["content"] = time.perf_counter()
        self.content_state = state
        if state.usable and self._want_index:
            self.index_state = IndexState("opening")
            self._open_index(state.content)
        if state.status in ("failed", "degraded"):
            from tui.screens.problems import ProblemsScreen

            self.push_screen(ProblemsScreen(state))
        elif self._start_enterprise:
            self.open_box(self._start_enterprise)
            self._start_enterprise = None

    def on_index_opened(self, message: IndexOpened) -> None:
        old = self.index_state.index
        if old is not None and old is not message.state.index:
            old.close()
        self.marks["index"] = time.perf_counter()
        self.index_state = message.state
        for w in message.state.warnings:
            self.notify(w, severity="warning", timeout=8, markup=False)

    def reload_content(self) -> None:
        """Read the content tree again (after fixing files) and reopen the index."""
        self.content_state = ContentState("loading")
        self._load_content()

    # ------------------------------------------------------------------ language
    def watch_lang(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.refresh_bindings()

    def action_toggle_lang(self) -> None:
        self.lang = other(self.lang)

    def action_help(self) -> None:
        from tui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.screen))

    # ------------------------------------------------------------------ navigation (screens call these)
    def content(self) -> Any:
        """The loaded content, or None (with a message) while it is still loading or failed."""
        state = self.content_state
        if state.usable:
            return state.content
        if state.status == "loading":
            self.notify("内容加载中…" if self.lang == "zh" else "content is still loading…", timeout=3)
        else:
            self.notify(
                "内容无法加载，见错误列表"
                if self.lang == "zh"
                else "the content could not be loaded: see the problems",
                severity="error",
            )
        return None

    @guarded
    def open_box(
        self, enterprise: str, tab: str = "overview", node: str = "", plan: str = "", anchor: str = ""
    ) -> None:
        content = self.content()
        if content is None:
            return
        if enterprise not in content.enterprises:
            self.notify(f"unknown enterprise {enterprise!r}", severity="error")
            return
        from tui.screens.box import BoxScreen

        self.push_screen(BoxScreen(enterprise, tab=tab, node=node, plan=plan, anchor=anchor))

    @guarded
    def open_chemical(self, chemical: str, section: int | None = None) -> None:
        if self.content() is None:
            return
        from tui.screens.chemical import ChemicalScreen

        self.push_screen(ChemicalScreen(chemical, section))

    @guarded
    def open_city_plan(self, plan: str, anchor: str = "") -> None:
        if self.content() is None:
            return
        from tui.screens.cityplans import CityPlansScreen

        self.push_screen(CityPlansScreen(plan, anchor))

    @guarded
    def open_drill_setup(self, enterprise: str = "", scenario: str = "") -> None:
        if self.content() is None:
            return
        from tui.screens.drill_setup import DrillSetupScreen

        self.push_screen(DrillSetupScreen(enterprise, scenario))

    @guarded
    def open_drill(self, scenario: str, seed: int, enterprise: str | None, hidden: bool) -> None:
        if self.content() is None:
            return
        from tui.screens.drill import DrillConsole

        self.push_screen(DrillConsole(scenario, seed, enterprise, hidden))

    @guarded
    def open_grading(
        self, timeline: Any, *, record: Any = None, rubric: str | None = None, origin: str = ""
    ) -> None:
        if self.content() is None:
            return
        from tui.screens.grading import GradingScreen

        self.push_screen(GradingScreen(timeline, record=record, rubric=rubric, origin=origin))

    @guarded
    def open_live_log(self, enterprise: str = "") -> None:
        if self.content() is None:
            return
        from tui.screens.livelog import LiveLoggerScreen

        self.push_screen(LiveLoggerScreen(enterprise))

    @guarded
    def open_capacity(self) -> None:
        if self.content() is None:
            return
        from tui.screens.capacity import CapacityScreen

        self.push_screen(CapacityScreen())

    @guarded
    def open_records(self, enterprise: str = "") -> None:
        if self.content() is None:
            return
        from tui.screens.records import RecordsScreen

        self.push_screen(RecordsScreen(enterprise))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications are literal text by default: messages quote names, paths and queries."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def on_unmount(self) -> None:
        self._loading.set()
        self._indexing.set()
        index = self.index_state.index
        if index is not None:
            index.close()


def run_app(
    root: Path | str,
    lang: str = "en",
    db_path: Path | str | None = None,
    enterprise: str | None = None,
) -> int:
    """Run the terminal UI on the content at ``root``; returns the exit code."""
    app = DrillsimApp(Path(root), lang, Path(db_path) if db_path else None, enterprise)
    result = app.run()
    return int(app.return_code or 0) if result is None else int(result)
