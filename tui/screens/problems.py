"""Content problems: every error in the content tree as ``path:line: message``, readable, never a traceback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from tui.screens.base import DrillsimScreen
from tui.services import ContentState
from tui.widgets.footer import KeyFooter


class ProblemsScreen(DrillsimScreen):
    """What is wrong with the content, and whether the rest can still be used."""

    BINDINGS = [
        Binding("c", "continue", "继续使用|Continue anyway"),
        Binding("r", "reload", "重新加载|Reload"),
        Binding("escape", "continue", "返回|Back", show=False),
    ]

    def __init__(self, state: ContentState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield Static(id="problems-head")
        with VerticalScroll(id="problems-scroll", can_focus=True):
            yield Static(id="problems")
        yield KeyFooter()

    def apply_lang(self) -> None:
        st = self.state
        self.sub_title = self.t("内容错误", "content problems")
        errors = st.errors
        if st.status == "failed":
            head = self.t(
                "内容无法加载。请修正以下问题后按 r 重新加载（drillsim check 列出同样的问题）。",
                "The content could not be loaded. Fix the problems below, then press r to reload (`drillsim check` lists the same).",
            )
        else:
            head = self.t(
                f"内容有 {len(errors)} 处错误；其余部分仍可使用（按 c 继续），涉及的记录可能不完整。",
                f"The content has {len(errors)} error(s); the rest can still be used (press c), affected records may be incomplete.",
            )
        text = Text(head, style="bold")
        if st.message:
            text.append("\n" + st.message, style="")
        self.query_one("#problems-head", Static).update(text)
        body = Text()
        for p in errors or st.problems:
            body.append(f"{p.path}:{p.line}", style="bold")
            body.append(f": {p.message}\n")
        self.query_one("#problems", Static).update(body)

    def action_continue(self) -> None:
        if self.state.status == "failed":
            self.notify(
                self.t("内容未加载，无法继续", "nothing was loaded to continue with"), severity="warning"
            )
            return
        self.dismiss()

    def action_reload(self) -> None:
        self.dismiss()
        self.drillsim.reload_content()
