"""Player orders during a drill: dispatch units, divert casualties, or order a response action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import pick, plain
from tui.screens.base import DrillsimModal

# Response actions a player may order, who carries each out, and its name.
ORDERS: tuple[tuple[str, str, str, str], ...] = (
    ("evacuate", "shift_leader", "下令疏散", "order evacuation"),
    ("raise_alarm", "control_room", "发出厂内警报", "raise the site alarm"),
    ("call_119", "shift_leader", "拨打 119", "call 119 (fire)"),
    ("call_120", "shift_leader", "拨打 120", "call 120 (EMS)"),
    ("report_unit_head", "shift_leader", "报告主要负责人", "report to the unit head"),
    ("report_authority", "unit_head", "报告应急管理部门", "report to the authority"),
    ("activate_esd", "control_room", "远程紧急切断", "activate the ESD (remote)"),
    ("manual_esd", "process_team", "就地手动关阀", "close the valve by hand"),
    ("mobilize_team", "emergency_team", "集结应急处置队", "mobilise the emergency team"),
    ("set_isolation", "emergency_team", "设立警戒隔离区", "set the isolation zone"),
    ("water_curtain", "emergency_team", "喷雾水幕稀释", "water curtain"),
    ("leak_seal", "emergency_team", "堵漏", "seal the leak"),
    ("extract_casualties", "emergency_team", "搜救伤员", "extract casualties"),
    ("decontaminate", "emergency_team", "洗消", "decontaminate"),
    ("monitor_gas", "safety_officer", "气体检测", "monitor the gas"),
    ("headcount", "security", "清点人数", "head count"),
    ("guide_responders", "security", "引导救援车辆", "guide responders in"),
    ("request_mutual_aid", "unit_head", "请求增援", "request mutual aid"),
    ("all_clear", "unit_head", "解除警报", "all clear"),
)


def order_options(
    hospitals: tuple[Mapping[str, Any], ...], lang: str
) -> list[tuple[str, dict[str, Any], str]]:
    """(option id, PlayerAction fields, label) for every order the dialog offers."""
    out: list[tuple[str, dict[str, Any], str]] = [
        (
            "dispatch:engine",
            {"kind": "dispatch", "unit": "engine"},
            pick(lang, "增派消防车（最近空闲站）", "dispatch an engine (nearest free station)"),
        ),
        (
            "dispatch:hazmat",
            {"kind": "dispatch", "unit": "hazmat"},
            pick(lang, "增派化学救援车", "dispatch a hazmat unit"),
        ),
    ]
    for action, actor, zh, en in ORDERS:
        out.append(
            (f"action:{action}", {"kind": "action", "action": action, "actor": actor}, pick(lang, zh, en))
        )
    for h in hospitals:
        name = pick(lang, h["name_zh"], h["name_en"])
        out.append(
            (
                f"divert:{h['id']}",
                {"kind": "divert", "hospital": h["id"]},
                pick(lang, f"伤员优先送往 {name}", f"send casualties to {name}"),
            )
        )
    return out


class OrdersDialog(DrillsimModal[dict[str, Any] | None]):
    """Pick one order; returns the PlayerAction fields (kind, action, actor, unit, hospital) or None."""

    BINDINGS = [Binding("escape", "cancel", "取消|Cancel")]

    def __init__(self, hospitals: tuple[Mapping[str, Any], ...], incident_label: str = "") -> None:
        super().__init__()
        self.hospitals = hospitals
        self.incident_label = incident_label
        self._fields: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog orders"):
            yield Static(id="orders-title", classes="dialog-title")
            yield OptionList(id="orders-list")
            yield Static(id="orders-foot", classes="dialog-foot")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def apply_lang(self) -> None:
        title = self.t("下达指令", "Give an order")
        if self.incident_label:
            title += f" · {self.incident_label}"
        self.query_one("#orders-title", Static).update(Text(title, style="bold"))
        ol = self.query_one(OptionList)
        ol.clear_options()
        self._fields.clear()
        group = ""
        for ident, fields, label in order_options(self.hospitals, self.lang):
            kind = ident.partition(":")[0]
            if kind != group:
                group = kind
                head = {
                    "dispatch": ("调派力量", "Dispatch"),
                    "action": ("处置行动", "Response actions"),
                    "divert": ("伤员转送", "Casualty transport"),
                }[kind]
                ol.add_option(Option(Text(self.t(*head), style="bold"), disabled=True))
            self._fields[ident] = fields
            ol.add_option(Option(plain("  " + label), id=ident))
        ol.highlighted = 1
        self.query_one("#orders-foot", Static).update(
            self.t(
                "回车 下达 · esc 取消；指令记入演练记录",
                "enter gives the order · esc cancels; orders are recorded",
            )
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self._fields:
            self.dismiss(dict(self._fields[event.option.id]))

    def action_cancel(self) -> None:
        self.dismiss(None)
