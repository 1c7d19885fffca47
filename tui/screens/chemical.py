"""A chemical and its safety data sheet, reached from a search hit (not tied to one enterprise)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from tui.i18n import pick
from tui.screens.base import DrillsimScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.sds_viewer import SdsViewer


class ChemicalScreen(DrillsimScreen):
    """Every chemical of the content, the chosen one open at the chosen SDS section."""

    HELP = (
        "化学品及其安全技术说明书。左侧选择化学品；数字键跳到第 1-16 节（如 1 然后 6 = 第 16 节）；[ ] 上一节/下一节。"
        "|A chemical and its safety data sheet. Pick a chemical on the left; digits jump to sections 1-16 "
        "(1 then 6 = section 16); [ and ] step through the sections."
    )
    BINDINGS = [Binding("escape", "back", "返回|Back")]

    def __init__(self, chemical: str, section: int | None = None) -> None:
        super().__init__()
        self.chemical = chemical
        self.section = section

    def compose(self) -> ComposeResult:
        content = self.drillsim.content_state.content
        chems = sorted(
            content.chemicals, key=lambda c: (c != self.chemical, content.chemicals[c].name_en.lower())
        )
        yield Header(show_clock=False, icon="⚠")
        yield SdsViewer(chems, content, selected=self.chemical, section=self.section, id="chemical-sds")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SdsViewer).focus_target().focus()

    def apply_lang(self) -> None:
        chem = self.drillsim.content_state.content.chemicals.get(self.chemical)
        self.sub_title = pick(self.lang, "化学品 · SDS", "chemical · SDS") + (f" · {chem.id}" if chem else "")

    def action_back(self) -> None:
        self.dismiss()
