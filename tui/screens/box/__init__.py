"""The handover box (应急交底箱) of one enterprise, in tabs: overview, site plan, evacuation, SDS, plans, history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, Static, TabbedContent, TabPane

from tui.i18n import pick
from tui.screens.base import DrillsimScreen
from tui.screens.box.evacuation import EvacuationPane
from tui.screens.box.history import HistoryPane
from tui.screens.box.overview import OverviewPane
from tui.screens.box.siteplan import SitePlanPane
from tui.widgets.badges import risk_badge
from tui.widgets.footer import KeyFooter
from tui.widgets.plan_viewer import PlanViewer
from tui.widgets.sds_viewer import SdsViewer

TABS = (
    ("overview", "o", "概况", "Overview"),
    ("siteplan", "m", "总平图", "Site plan"),
    ("evacuation", "e", "疏散", "Evacuation"),
    ("sds", "s", "SDS", "SDS"),
    ("plans", "p", "预案", "Plans"),
    ("history", "h", "演练记录", "History"),
)


class PacketReady(Message):
    """The site packet of the box was computed (or failed)."""

    def __init__(self, packet: Any, error: str = "") -> None:
        super().__init__()
        self.packet = packet
        self.error = error


class BoxScreen(DrillsimScreen):
    """Everything in one enterprise's handover box."""

    CSS_PATH = Path(__file__).with_name("box.tcss")
    HELP = (
        "一家企业的应急交底箱。o/m/e/s/p/h 切换标签（也可 tab 在标签内移动焦点）；总平图可缩放平移；"
        "疏散页按 w 选择风向、r 选择泄漏点；SDS 页按数字跳到第 1-16 节；d 在此企业开始演练。"
        "|One enterprise's handover box. o/m/e/s/p/h switch tabs (tab moves focus inside a tab); the site plan zooms "
        "and pans; on the evacuation tab w picks the wind and r the release point; on the SDS tab digits jump to "
        "sections 1-16; d starts a drill at this enterprise."
    )
    BINDINGS = [
        Binding("escape", "back", "返回|Back"),
        *(Binding(key, f"tab('{tab}')", f"{zh}|{en}", show=False) for tab, key, zh, en in TABS),
        Binding("ctrl+right", "cycle_tab(1)", "下一页|Next tab", key_display="^→"),
        Binding("ctrl+left", "cycle_tab(-1)", "", show=False),
        Binding("d", "drill", "演练|Drill"),
        Binding("l", "live_log", "现场计时|Live log", show=False),
    ]

    def __init__(
        self, enterprise: str, tab: str = "overview", node: str = "", plan: str = "", anchor: str = ""
    ) -> None:
        super().__init__()
        self.enterprise = enterprise
        self.start_tab = tab if tab in {t[0] for t in TABS} else "overview"
        self.node = node
        self.plan = plan
        self.goto_anchor = anchor

    @property
    def content(self) -> Any:
        return self.drillsim.content_state.content

    @property
    def box(self) -> Any:
        return self.content.enterprises[self.enterprise]

    def compose(self) -> ComposeResult:
        content = self.content
        box = self.box
        yield Header(show_clock=False, icon="⚠")
        yield Static(id="box-title")
        with TabbedContent(initial=self.start_tab, id="box-tabs"):
            with TabPane("overview", id="overview"):
                yield OverviewPane(id="overview-pane")
            with TabPane("siteplan", id="siteplan"):
                yield SitePlanPane(box, content.chemicals, node=self.node, id="siteplan-pane")
            with TabPane("evacuation", id="evacuation"):
                yield EvacuationPane(box, content.chemicals, id="evacuation-pane")
            with TabPane("sds", id="sds"):
                yield SdsViewer(list(box.chemical_ids), content, id="sds-pane")
            with TabPane("plans", id="plans"):
                plans = sorted(
                    content.plans_for(box.id),
                    key=lambda p: (
                        ("comprehensive", "special", "onsite").index(p.kind)
                        if p.kind in ("comprehensive", "special", "onsite")
                        else 9,
                        p.id,
                    ),
                )
                yield PlanViewer(plans, selected=self.plan, anchor=self.goto_anchor, id="plans-pane")
            with TabPane("history", id="history"):
                yield HistoryPane(box.id, id="history-pane")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._build_packet(self.content, self.enterprise)
        self.call_after_refresh(self._focus_active)

    @work(thread=True, exclusive=True, group="packet", exit_on_error=False)
    def _build_packet(self, content: Any, enterprise: str) -> None:
        try:
            from drillsim.packet import build_packet

            packet = build_packet(
                content, enterprise, today=self.drillsim.services.today, hour=12.0, shift="day"
            )
        except Exception as exc:  # shown in the overview tab
            from tui.errors import explain

            self.post_message(PacketReady(None, explain(exc, self.lang)))
            return
        self.post_message(PacketReady(packet))

    def on_packet_ready(self, message: PacketReady) -> None:
        self.query_one(OverviewPane).set_packet(message.packet, message.error)

    def apply_lang(self) -> None:
        box = self.box
        self.sub_title = self.t("应急交底箱", "handover box")
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append_text(risk_badge(box.risk, self.lang))
        title.append(f" ☎ {box.phone_24h} ", style="bold reverse")
        title.append(" ")
        title.append(pick(self.lang, box.name_zh, box.name_en), style="bold")
        self.query_one("#box-title", Static).update(title)
        tabs = self.query_one(TabbedContent)
        for tab, key, zh, en in TABS:
            tabs.get_tab(tab).label = f"{pick(self.lang, zh, en)} ({key})"

    # ------------------------------------------------------------------ tabs and focus
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_cycle_tab(self, step: int) -> None:
        ids = [t[0] for t in TABS]
        tabs = self.query_one(TabbedContent)
        i = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(i + step) % len(ids)]

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.call_after_refresh(self._focus_active)

    def _focus_active(self, tries: int = 10) -> None:
        """Focus the main widget of the active tab (once the tab is on screen, so the footer shows its keys)."""
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active)
        target = None
        for child in pane.children:
            finder = getattr(child, "focus_target", None)
            target = (
                finder() if finder is not None else next((w for w in child.query("*") if w.focusable), None)
            )
            if target is not None:
                break
        if target is None:
            return
        if not target.region.area and tries:
            self.set_timer(0.02, lambda: self._focus_active(tries - 1))
            return
        target.focus()

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        self.dismiss()

    def action_drill(self) -> None:
        self.drillsim.open_drill_setup(self.enterprise)

    def action_live_log(self) -> None:
        self.drillsim.open_live_log(self.enterprise)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.query_one(HistoryPane).reload()
