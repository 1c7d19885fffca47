"""City-level plans (not tied to one enterprise), reached from a search hit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from tui.screens.base import DrillsimScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.plan_viewer import PlanViewer


class CityPlansScreen(DrillsimScreen):
    """The plans whose owner is the city (or no loaded enterprise)."""

    HELP = (
        "城市级应急预案。左上选择预案，左下选择章节跳转；] 下一章。"
        "|City-level response plans. Pick a plan (top left) and a section (bottom left) to jump to it; ] next section."
    )
    BINDINGS = [Binding("escape", "back", "返回|Back")]

    def __init__(self, plan: str, anchor: str = "") -> None:
        super().__init__()
        self.plan = plan
        self.goto_anchor = anchor

    def compose(self) -> ComposeResult:
        content = self.drillsim.content_state.content
        plans = sorted(
            (p for p in content.plans.values() if p.enterprise not in content.enterprises), key=lambda p: p.id
        )
        yield Header(show_clock=False, icon="⚠")
        yield PlanViewer(plans, selected=self.plan, anchor=self.goto_anchor, id="city-plans")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(PlanViewer).focus_target().focus()

    def apply_lang(self) -> None:
        self.sub_title = self.t("城市预案", "city plans")

    def action_back(self) -> None:
        self.dismiss()
