"""Overview tab: the site packet at a glance — risk, major-hazard grade, phone, top hazards, team, help nearby."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import SHIFT_LABELS, cells, pick
from tui.screens.base import LangWidget
from tui.widgets.badges import risk_badge

LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
SHIFTS = ("day", "night", "holiday")


def level_text(level: int | None, lang: str) -> str:
    """A GB 18218 grade in words.

    >>> level_text(2, "zh"), level_text(2, "en"), level_text(None, "en")
    ('二级', 'level 2', 'not a major hazard installation')
    """
    if level is None:
        return pick(lang, "未构成重大危险源", "not a major hazard installation")
    return pick(lang, LEVEL_ZH.get(level, str(level)), f"level {level}")


def _num(v: float | None, unit: str = "") -> str:
    return "—" if v is None else f"{v:g}{unit}"


def _minutes(v: float) -> str:
    return f"{v:.0f} min"


class OverviewPane(LangWidget):
    """The packet of one enterprise, rendered as text tables; ``s`` cycles the shift shown."""

    BINDINGS = [Binding("n", "next_shift", "班次|Shift")]
    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.packet: Any = None
        self.error = ""
        self.shift = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-scroll", can_focus=True):
            yield Static(id="overview-body")

    def set_packet(self, packet: Any, error: str = "") -> None:
        self.packet = packet
        self.error = error
        if packet is not None and not self.shift:
            self.shift = packet.shift
        self.apply_lang()

    def action_next_shift(self) -> None:
        self.shift = SHIFTS[(SHIFTS.index(self.shift) + 1) % 3] if self.shift in SHIFTS else "day"
        self.apply_lang()

    def apply_lang(self) -> None:
        body = self.query_one("#overview-body", Static)
        if self.error:
            body.update(Text(self.error, style="bold red"))
            return
        if self.packet is None:
            body.update(Text(self.t("正在计算交底信息…", "computing the site packet…"), style="dim"))
            return
        body.update(self.render_packet(self.packet))

    # ------------------------------------------------------------------ the packet as text
    def render_packet(self, p: Any) -> Group:
        t = self.t
        lang = self.lang
        b = p.box
        head = Text()
        head.append_text(risk_badge(b.risk, lang, long=True))
        head.append(" ")
        head.append(pick(lang, b.name_zh, b.name_en), style="bold")
        if b.fictional:
            head.append(t("（虚构）", " (fictional)"), style="dim")
        lines = [head]
        where = " · ".join(
            x for x in (pick(lang, p.park_zh, p.park_en), pick(lang, p.district_zh, p.district_en)) if x
        )
        lines.append(
            Text(
                f"{pick(lang, b.industry_zh, b.industry_en)}\n{pick(lang, b.address_zh, b.address_en)} · {where}"
            )
        )
        phone = Text()
        phone.append(t("24 小时电话 ", "24-h phone "))
        phone.append(b.phone_24h, style="bold reverse")
        verified = t(
            f"  核实于 {b.last_verified.isoformat()}（{p.days_since_verified} 天前）",
            f"  last verified {b.last_verified.isoformat()} ({p.days_since_verified} days ago)",
        )
        phone.append(verified)
        if p.stale:
            phone.append(t("  ! 已过期，需重新核实", "  ! STALE: re-verify"), style="bold black on yellow")
        lines.append(phone)
        grade = Text()
        grade.append(t("重大危险源：", "Major hazard (GB 18218): "), style="bold")
        grade.append(level_text(p.computed_level, lang))
        if p.declared_level != p.computed_level:
            grade.append(
                t(
                    f"  ≠ 申报 {level_text(p.declared_level, lang)}",
                    f"  ≠ declared {level_text(p.declared_level, lang)}",
                ),
                style="bold black on yellow",
            )
        lines.append(grade)
        parts: list[Any] = [*lines, Text(""), self._hazards(p), Text(""), self._units(p)]
        parts += [Text(""), self._responders(p), Text(""), self._team(p), Text(""), self._places(p)]
        if b.contacts:
            parts += [Text(""), self._contacts(p)]
        if p.warnings:
            warn = Text(t("标准核查提示：\n", "Standards check notes:\n"), style="bold")
            for w in p.warnings:
                warn.append(f"! {w}\n", style="yellow")
            parts += [Text(""), warn]
        return Group(*parts)

    def _table(self, title: str) -> Table:
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            expand=False,
            box=None,
            padding=(0, 1),
            show_edge=False,
        )
        return table

    def _hazards(self, p: Any) -> Table:
        t = self.t
        table = self._table(t("主要危险化学品（ERG 2024 距离）", "Top hazards (ERG 2024 distances)"))
        table.add_column(t("化学品", "chemical"), no_wrap=True)
        table.add_column(t("吨", "t"), justify="right")
        table.add_column(t("小量泄漏 隔离/昼/夜", "small: isolate/day/night"))
        table.add_column(t("大量泄漏 隔离/昼/夜", "large: isolate/day/night"))
        table.add_column(t("解毒剂", "antidote"))
        for h in p.hazards[:8]:
            c = h.chemical
            name = Text(pick(self.lang, c.name_zh, c.name_en))
            if c.tih:
                name.append(" TIH", style="bold red")
            if c.un_numbers:
                name.append(f" UN{c.un_numbers[0]}", style="dim")
            small = f"{_num(h.small_isolate_m, ' m')} / {_num(h.small_day_km, ' km')} / {_num(h.small_night_km, ' km')}"
            large = f"{_num(h.large_isolate_m, ' m')} / {_num(h.large_day_km, ' km')} / {_num(h.large_night_km, ' km')}"
            if h.fire_isolate_m:
                large += t(f"；火灾 {h.fire_isolate_m:g} m", f"; fire {h.fire_isolate_m:g} m")
            table.add_row(*cells(name, f"{h.total_t:g}", small, large, ", ".join(h.antidotes) or "—"))
        return table

    def _units(self, p: Any) -> Table:
        t = self.t
        box = p.box
        table = self._table(
            t(
                "重大危险源辨识（GB 18218-2018，按库存计算）",
                "Major hazard identification (GB 18218-2018, from inventory)",
            )
        )
        table.add_column(t("单元", "unit"))
        table.add_column("S", justify="right")
        table.add_column("R", justify="right")
        table.add_column(t("计算", "computed"))
        table.add_column(t("申报", "declared"))
        for g in p.grades:
            unit = box.unit(g.unit_id)
            name = pick(self.lang, unit.name_zh, unit.name_en) if unit else g.unit_id
            mark = Text(level_text(g.declared_level, self.lang) if g.declared_level else "—")
            if g.mismatch:
                mark.append(" ≠", style="bold black on yellow")
            table.add_row(
                *cells(
                    name, f"{g.s:.2f}", f"{g.r:.1f}", level_text(g.level, self.lang) if g.major else "—", mark
                )
            )
        return table

    def _responders(self, p: Any) -> Table:
        t = self.t
        lang = self.lang
        table = self._table(
            t("最近的救援力量（正午路况，含出动时间）", "Help nearby (midday traffic, turnout included)")
        )
        table.add_column(t("类别", "what"))
        table.add_column(t("名称", "who"))
        table.add_column(t("分钟", "min"), justify="right")
        table.add_column(t("说明", "detail"))
        groups = (
            (t("化学救援", "hazmat"), p.hazmat),
            (t("消防站", "fire"), p.fire),
            (t("中毒救治医院", "poison care"), p.poison_hospitals),
        )
        for label, rows in groups:
            if not rows:
                table.add_row(
                    *cells(label, Text(t("无可达力量", "none reachable"), style="bold red"), "—", "")
                )
            for i, r in enumerate(rows):
                table.add_row(
                    *cells(
                        label if i == 0 else "",
                        pick(lang, r.name_zh, r.name_en),
                        _minutes(r.minutes),
                        r.detail,
                    )
                )
        for antidote, rows in p.antidote_sources.items():
            if not rows:
                table.add_row(
                    *cells(
                        t("解毒剂", "antidote"),
                        Text(
                            f"{antidote}: " + t("全市无库存", "none in stock in the city"), style="bold red"
                        ),
                        "—",
                        "",
                    )
                )
            for i, r in enumerate(rows[:2]):
                table.add_row(
                    *cells(
                        f"{antidote}" if i == 0 else "",
                        pick(lang, r.name_zh, r.name_en),
                        _minutes(r.minutes),
                        r.detail,
                    )
                )
        return table

    def _team(self, p: Any) -> Table:
        t = self.t
        box = p.box
        shift = self.shift or p.shift
        zh, en = SHIFT_LABELS.get(shift, (shift, shift))
        people = sum(n.occupancy.get(shift) for n in box.site.nodes)
        table = self._table(
            t(
                f"当班力量（{zh}，按 n 切换）· 厂内约 {people} 人",
                f"On shift ({en}; n to switch) · about {people} people on site",
            )
        )
        table.add_column(t("岗位", "role"))
        table.add_column(t("人数", "n"), justify="right")
        for r in box.roles:
            n = r.on_shift.get(shift)
            table.add_row(
                *cells(
                    pick(self.lang, r.name_zh, r.name_en), Text(str(n), style="bold red" if n == 0 else "")
                )
            )
        res = box.resources
        table.add_row(
            *cells(
                t("空气呼吸器 / 备用气瓶", "SCBA sets / spare cylinders"),
                f"{res.scba_sets} / {res.spare_cylinders}",
            )
        )
        table.add_row(*cells(t("重型防化服", "gas-tight suits"), str(res.gas_tight_suits)))
        return table

    def _places(self, p: Any) -> Table:
        t = self.t
        lang = self.lang
        table = self._table(t("集合点与紧急切断", "Assembly points and ESD points"))
        table.add_column("", no_wrap=True)
        table.add_column(t("名称", "name"))
        table.add_column(t("说明", "detail"))
        for n in p.assembly_points:
            table.add_row(
                *cells(
                    Text(" A ", style="bold black on bright_green"),
                    pick(lang, n.name_zh, n.name_en),
                    t(f"容纳 {n.capacity} 人", f"holds {n.capacity}"),
                )
            )
        for n in p.esd_points:
            where = t("远程", "remote") if n.remote else t("就地", "local")
            table.add_row(
                *cells(
                    Text(" E ", style="bold black on magenta"),
                    pick(lang, n.name_zh, n.name_en),
                    f"{where} · {', '.join(n.controls)}",
                )
            )
        table.add_row(
            *cells(Text(" H ", style="bold blue"), t(f"消火栓 {p.hydrants} 个", f"{p.hydrants} hydrants"), "")
        )
        return table

    def _contacts(self, p: Any) -> Table:
        t = self.t
        table = self._table(t("联系人", "Contacts"))
        table.add_column(t("岗位", "role"))
        table.add_column(t("姓名", "name"))
        table.add_column(t("电话", "phone"))
        for c in p.box.contacts:
            table.add_row(*cells(c.role, pick(self.lang, c.name_zh, c.name_en), c.phone))
        return table
