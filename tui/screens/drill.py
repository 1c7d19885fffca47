"""The drill console: the clock (1x/10x/60x, step, pause), the event log, decisions, resources and casualties."""

from __future__ import annotations

import queue
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header, RichLog, Static
from textual.worker import get_current_worker

from tui.drill_runner import SPEEDS, Command, RunnerState, drive
from tui.i18n import WIND_LABELS, clock, event_label, pick
from tui.screens.base import DrillsimScreen
from tui.widgets.badges import triage_badge
from tui.widgets.exercise import ExerciseBanner
from tui.widgets.footer import KeyFooter
from tui.widgets.gauge import gauge

KIND_STYLE = {
    "release": "bold red",
    "casualty_died": "bold white on red",
    "casualty_exposed": "red",
    "antidote_stockout": "bold red",
    "hospital_diverted": "yellow",
    "inject": "bold yellow",
    "decision": "bold yellow",
    "player_action": "bold cyan",
    "plan_gap": "bold magenta",
    "warning": "magenta",
    "esd_failed": "bold red",
    "leak_controlled": "bold green",
    "fire_controlled": "bold green",
    "all_clear": "bold green",
}
MARK = {
    "casualty_died": "†",
    "inject": "⚠",
    "decision": "?",
    "player_action": "▶",
    "plan_gap": "!",
    "esd_failed": "✗",
}


class DrillUpdate(Message):
    """Something from the drill worker: a snapshot, the finished timeline, an error."""

    def __init__(self, kind: str, payload: Any, state: RunnerState) -> None:
        super().__init__()
        self.kind = kind
        self.payload = payload
        self.state = state


def compass(deg: float, lang: str) -> str:
    """A wind bearing as the nearest of the eight compass names, with the degrees.

    >>> compass(90, "en"), compass(200, "zh")
    ('E (90°)', '南风 (200°)')
    """
    from drillsim.model import WIND_DIRS

    name = WIND_DIRS[round((deg % 360) / 45.0) % 8]
    zh, en = WIND_LABELS[name]
    return f"{pick(lang, zh, en)} ({deg:g}°)"


def event_line(e: Any, lang: str) -> Text:
    """One line of the event log: time, kind and what happened."""
    line = Text()
    line.append(f"{clock(e.t)} ", style="dim")
    style = KIND_STYLE.get(e.kind, "")
    line.append(f"{MARK.get(e.kind, '·')} {event_label(e.kind, lang)}", style=style or "bold")
    text = e.text(lang)
    if text:
        line.append("  " + text)
    if e.incident:
        line.append(f"  #{e.incident + 1}", style="dim")
    return line


class DrillConsole(DrillsimScreen):
    """Run one drill against the city's real capacity, with the players' decisions and orders."""

    CSS_PATH = "drill.tcss"
    HELP = (
        "演练台。空格 开始/暂停（暂停时伤情也冻结）；1/2/3 切换 1x/10x/60x；n 跳到下一事件；f 前进 5 分钟；"
        "出现需要决策的情况时弹出对话框，时钟不停（除非暂停）；a 下达指令；演练结束后自动进入评估。"
        "|The drill console. space starts/pauses (casualties freeze too); 1/2/3 set 1x/10x/60x; n steps to the "
        "next event; f goes forward 5 minutes; a decision pops up when an inject needs one, and the clock keeps "
        "running unless paused; a gives an order; at the end the drill goes straight to grading."
    )
    BINDINGS = [
        Binding("space", "toggle_run", "开始/暂停|Run/pause", key_display="␣"),
        Binding("1", "speed(1)", "1x|1x"),
        Binding("2", "speed(10)", "10x|10x"),
        Binding("3", "speed(60)", "60x|60x"),
        Binding("n", "step", "下一事件|Step"),
        Binding("f", "forward(5)", "+5分钟|+5 min"),
        Binding("enter", "decide", "决策|Decide"),
        Binding("a", "orders", "指令|Order"),
        Binding("i", "next_incident", "切换事故|Incident", show=False),
        Binding("g", "grade", "评估|Grade"),
        Binding("escape", "leave", "离开|Leave"),
    ]

    def __init__(self, scenario: str, seed: int, enterprise: str | None = None, hidden: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed = seed
        self.enterprise = enterprise
        self.hidden = hidden
        self.commands: queue.Queue[Command] = queue.Queue()
        self.snap: Any = None
        self.state = RunnerState(False, 10)
        self.timeline: Any = None
        self.failed = ""
        self.incident = 0
        self._logged = 0
        self._dialog: Any = None
        self._asked: set[str] = set()
        self._graded = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield ExerciseBanner()
        yield Static(id="drill-status")
        with Horizontal(id="drill-body"):
            yield RichLog(
                id="drill-log", wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20
            )
            with VerticalScroll(id="drill-side", can_focus=True):
                yield Static(id="drill-incidents")
                yield Static(id="drill-casualties")
                yield Static(id="drill-resources")
        yield Static(id="drill-decision")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._run_drill()
        self.query_one("#drill-log").focus()

    # ------------------------------------------------------------------ the worker
    @work(thread=True, exclusive=True, group="drill", exit_on_error=False)
    def _run_drill(self) -> None:
        from drillsim.engine import Drill

        content = self.drillsim.content_state.content
        worker = get_current_worker()
        drive(
            lambda: Drill(content, self.scenario, self.seed, self.enterprise),
            self.commands,
            lambda kind, payload, state: self.post_message(DrillUpdate(kind, payload, state)),
            lambda: worker.is_cancelled,
        )

    def send(self, op: str, value: Any = None, option: str = "") -> None:
        """Send a command to the drill worker."""
        self.commands.put(Command(op, value, option))

    def on_drill_update(self, message: DrillUpdate) -> None:
        self.state = message.state
        if message.kind == "snapshot":
            self.snap = message.payload
            self._refresh()
        elif message.kind == "finished":
            self.timeline = message.payload
            self.hidden = False
            self._refresh()
            self.notify(self.t("演练结束，进入评估", "the drill has ended: grading it"), timeout=5)
            self.action_grade()
        elif message.kind == "error":
            self.notify(str(message.payload), severity="warning", timeout=6, markup=False)
        elif message.kind == "fatal":
            self.failed = str(message.payload)
            self._refresh()

    # ------------------------------------------------------------------ drawing
    def apply_lang(self) -> None:
        self.sub_title = self.t("演练台", "drill console")
        self._rewrite_log()

    def _rewrite_log(self) -> None:
        self._logged = 0
        self.query_one("#drill-log", RichLog).clear()
        self._refresh()

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewrite_log)

    def _refresh(self) -> None:
        if not self.is_mounted:
            return
        self._status()
        snap = self.snap
        if snap is None:
            return
        log = self.query_one("#drill-log", RichLog)
        if log.scrollable_content_region.width > 0:  # lines wrap at the width they are written with
            for e in snap.events[self._logged :]:
                log.write(event_line(e, self.lang))
            self._logged = len(snap.events)
        self._incidents(snap)
        self._casualties(snap)
        self._resources(snap)
        self._decisions(snap)

    def _title(self) -> str:
        if self.hidden:
            return self.t("无脚本演练（情景保密）", "unscripted drill (scenario hidden)")
        scen = self.drillsim.content_state.content.scenarios.get(self.scenario)
        return pick(self.lang, scen.title_zh, scen.title_en) if scen else self.scenario

    def _status(self) -> None:
        out = Text()
        if self.failed:
            out.append(self.t("演练无法开始：", "the drill cannot start: ") + self.failed, style="bold red")
            self.query_one("#drill-status", Static).update(out)
            return
        t = self.snap.t if self.snap is not None else 0.0
        out.append(f" T+{clock(t)} ", style="bold reverse")
        if self.timeline is not None:
            out.append(self.t("  ■ 演练结束（g 评估）", "  ■ ended (g grades it)"), style="bold green")
        elif self.snap is None:
            out.append(self.t("  准备中…", "  preparing…"), style="dim")
        elif self.state.running:
            out.append(f"  ▶ {self.state.speed}x", style="bold green")
        else:
            out.append(self.t("  ⏸ 暂停（空格开始）", "  ⏸ paused (space runs)"), style="bold yellow")
            out.append(f"  {self.state.speed}x", style="dim")
        out.append(f"  {self._title()}", style="bold")
        out.append(f"  seed {self.seed}", style="dim")
        self.query_one("#drill-status", Static).update(out)

    def _incidents(self, snap: Any) -> None:
        content = self.drillsim.content_state.content
        out = Text()
        for inc in snap.incidents:
            chem = content.chemicals.get(inc["chemical"])
            name = pick(self.lang, chem.name_zh, chem.name_en) if chem else inc["chemical"]
            mark = "▸" if inc["index"] == self.incident else " "
            out.append(f"{mark}#{inc['index'] + 1} ", style="bold")
            out.append(pick(self.lang, inc["name_zh"], inc["name_en"]) + "\n")
            size = self.t("大量", "large") if inc["size"] == "large" else self.t("小量", "small")
            kind = {
                "leak": ("泄漏", "leak"),
                "fire": ("火灾", "fire"),
                "explosion": ("爆炸", "explosion"),
            }.get(inc["release_kind"], (inc["release_kind"], inc["release_kind"]))
            box = content.enterprises.get(inc["enterprise"])
            node = box.site.node(inc["node"]) if box is not None else None
            where = (
                (node.tag or pick(self.lang, node.name_zh, node.name_en)) if node is not None else inc["node"]
            )
            out.append(f"  {name} {size}{self.t('', ' ')}{self.t(*kind)} @ {where}\n")
            state = []
            if inc["leak_active"]:
                state.append(Text(self.t("● 泄漏中", "● leaking"), style="bold red"))
            elif inc["released"]:
                state.append(Text(self.t("○ 已控制", "○ controlled"), style="green"))
            if inc["fire_active"]:
                state.append(Text(self.t("▲ 燃烧中", "▲ burning"), style="bold red"))
            if inc["power_out"]:
                state.append(Text(self.t("停电", "power out"), style="yellow"))
            out.append("  ")
            out.append(Text(" ").join(state) if state else Text("—"))
            out.append(
                self.t(
                    f"\n  隔离 {inc['isolate_m']:g} m · 防护 {inc['protect_m'] / 1000:.1f} km · {compass(inc['wind_from_deg'], 'zh')}\n",
                    f"\n  isolate {inc['isolate_m']:g} m · protect {inc['protect_m'] / 1000:.1f} km · wind from {compass(inc['wind_from_deg'], 'en')}\n",
                ),
                style="dim",
            )
            out.append(
                self.t(
                    f"  现场：消防车 {inc['engines_on_scene']} · 化救 {inc['hazmat_on_scene']} · 救援组 {inc['rescue_pairs']}\n",
                    f"  on scene: engines {inc['engines_on_scene']} · hazmat {inc['hazmat_on_scene']} · rescue pairs {inc['rescue_pairs']}\n",
                ),
            )
        self.query_one("#drill-incidents", Static).update(out)

    def _casualties(self, snap: Any) -> None:
        c = snap.casualties
        out = Text(self.t("伤亡（按检伤分类）\n", "Casualties by triage\n"), style="bold")
        for colour, key in (
            ("red", "alive_red"),
            ("yellow", "alive_yellow"),
            ("green", "alive_green"),
            ("dead", "dead"),
        ):
            out.append_text(triage_badge(colour, self.lang, int(c.get(key, 0))))
            out.append(" ")
        out.append(self.t(f"\n共 {c.get('total', 0)} 人", f"\n{c.get('total', 0)} in all"), style="dim")
        treated = c.get("status_treated", 0)
        if treated:
            out.append(self.t(f" · 已救治 {treated}", f" · treated {treated}"), style="dim")
        self.query_one("#drill-casualties", Static).update(out)

    def _resources(self, snap: Any) -> None:
        t = self.t
        lang = self.lang
        out = Text("\n")
        units = snap.units
        eng = sum(u["engines"] for u in units)
        eng_used = sum(u["engines"] - u["engines_free"] for u in units)
        hz = sum(u["hazmat"] for u in units)
        hz_used = sum(u["hazmat"] - u["hazmat_free"] for u in units)
        amb = sum(a["total"] for a in snap.ambulances)
        amb_used = sum(a["total"] - a["free"] for a in snap.ambulances)
        out.append(t("全市力量（在用/总数）\n", "City resources (in use / total)\n"), style="bold")
        out.append_text(gauge(t("消防车", "engines"), eng_used, eng, 10, 8))
        out.append("\n")
        out.append_text(gauge(t("化学救援车", "hazmat units"), hz_used, hz, 10, 8))
        out.append("\n")
        out.append_text(gauge(t("救护车", "ambulances"), amb_used, amb, 10, 8))
        queued = sum(a["queued"] for a in snap.ambulances)
        if queued:
            out.append(t(f"  等待 {queued}", f"  waiting {queued}"), style="bold red")
        out.append("\n")
        busy = [u for u in units if u["engines_free"] < u["engines"] or u["hazmat_free"] < u["hazmat"]]
        if busy:
            out.append(t("\n出动中的站队\n", "\nStations turned out\n"), style="bold")
            for u in busy:
                name = pick(lang, u["name_zh"], u["name_en"])
                total = u["engines"] + u["hazmat"]
                used = total - u["engines_free"] - u["hazmat_free"]
                out.append_text(gauge(name, used, total, 16, 6))
                out.append("\n")
        antidotes = self._antidotes_of_interest(snap)
        out.append(
            t("\n医院（中毒床位 在用/总数）\n", "\nHospitals (poison beds in use / total)\n"), style="bold"
        )
        for h in sorted(snap.hospitals, key=lambda h: (-(h["poison"] - h["poison_free"]), h["id"])):
            if h["poison"] <= 0 and not any(h["antidotes"].get(a, 0) for a in antidotes):
                continue
            name = pick(lang, h["name_zh"], h["name_en"])
            out.append_text(gauge(name, h["poison"] - h["poison_free"], h["poison"], 16, 6))
            if h["poison_queue"]:
                out.append(t(f" 候床 {h['poison_queue']}", f" queue {h['poison_queue']}"), style="bold red")
            out.append("\n")
            stock = [f"{a} {h['antidotes'].get(a, 0)}" for a in antidotes]
            if stock:
                empty = all(h["antidotes"].get(a, 0) == 0 for a in antidotes)
                out.append("   " + " · ".join(stock) + "\n", style="bold red" if empty else "dim")
        self.query_one("#drill-resources", Static).update(out)

    def _antidotes_of_interest(self, snap: Any) -> list[str]:
        chems = self.drillsim.content_state.content.chemicals
        out: list[str] = []
        for inc in snap.incidents:
            chem = chems.get(inc["chemical"])
            for a in chem.antidotes if chem else ():
                if a not in out:
                    out.append(a)
        return out

    def _decisions(self, snap: Any) -> None:
        bar = self.query_one("#drill-decision", Static)
        open_ids = {d["id"] for d in snap.decisions}
        if self._dialog is not None:
            if self._dialog.decision["id"] not in open_ids:
                self._dialog.dismiss(None)
                self._dialog = None
                self.notify(
                    self.t(
                        "决策时限已到：已按默认选项执行", "decision deadline passed: the default was applied"
                    ),
                    severity="warning",
                )
            else:
                self._dialog.now = snap.t
                self._dialog.paused = not self.state.running
        if not snap.decisions:
            bar.update("")
            bar.display = False
            return
        bar.display = True
        d = snap.decisions[0]
        left = d["deadline"] - snap.t
        text = Text(f" ⚠ {pick(self.lang, d['title_zh'], d['title_en'])} ", style="bold black on yellow")
        text.append(
            self.t(f"  剩余 {clock(left)} · 回车决策", f"  {clock(left)} left · enter to decide"),
            style="bold",
        )
        if len(snap.decisions) > 1:
            text.append(self.t(f" (+{len(snap.decisions) - 1})", f" (+{len(snap.decisions) - 1} more)"))
        bar.update(text)
        fresh = [x for x in snap.decisions if x["id"] not in self._asked]
        if fresh and self._dialog is None and self.app.screen is self:
            self._ask(fresh[0])

    # ------------------------------------------------------------------ decisions and orders
    def _ask(self, decision: Any) -> None:
        from tui.dialogs.decision import DecisionDialog

        self._asked.add(decision["id"])
        dialog = DecisionDialog(decision, self.snap.t if self.snap else 0.0, paused=not self.state.running)
        self._dialog = dialog

        def answered(option: str | None) -> None:
            if self._dialog is dialog:
                self._dialog = None
            if option:
                self.send("decide", decision["id"], option)

        self.app.push_screen(dialog, answered)

    def action_decide(self) -> None:
        if self.snap is None or not self.snap.decisions:
            self.notify(self.t("目前没有待决策事项", "no decision is waiting"), timeout=3)
            return
        if self._dialog is None:
            self._ask(self.snap.decisions[0])

    def action_orders(self) -> None:
        from tui.dialogs.orders import OrdersDialog

        if self.snap is None or self.timeline is not None:
            return
        inc = next((i for i in self.snap.incidents if i["index"] == self.incident), None)
        label = f"#{self.incident + 1} {pick(self.lang, inc['name_zh'], inc['name_en'])}" if inc else ""

        def ordered(fields: dict[str, Any] | None) -> None:
            if fields:
                self.send("act", {**fields, "incident": self.incident})
                self.notify(self.t("指令已下达", "order given"), timeout=2)

        self.app.push_screen(OrdersDialog(self.snap.hospitals, label), ordered)

    def action_next_incident(self) -> None:
        if self.snap is not None and self.snap.incidents:
            self.incident = (self.incident + 1) % len(self.snap.incidents)
            self._refresh()

    # ------------------------------------------------------------------ the clock
    def action_toggle_run(self) -> None:
        if self.timeline is None:
            self.send("run", not self.state.running)
            self.state = RunnerState(not self.state.running, self.state.speed)
            self._status()

    def action_speed(self, speed: int) -> None:
        if speed in SPEEDS:
            self.send("speed", speed)
            self.state = RunnerState(self.state.running, speed)
            self._status()

    def action_step(self) -> None:
        if self.timeline is None:
            self.send("step")

    def action_forward(self, minutes: float) -> None:
        if self.timeline is None:
            self.send("forward", minutes)

    # ------------------------------------------------------------------ leaving
    def action_grade(self) -> None:
        if self.timeline is None:
            self.notify(
                self.t(
                    "演练结束后才能评估（或按 esc 放弃）",
                    "grading comes when the drill ends (esc abandons it)",
                ),
                timeout=4,
            )
            return
        self._graded = True
        self.drillsim.open_grading(self.timeline.to_json(), origin="simulated")

    def action_leave(self) -> None:
        if self.timeline is not None or self.failed:
            self.dismiss()
            return
        from tui.dialogs.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog(("放弃这次演练？（不会保存）", "Abandon this drill? (nothing is kept)")), confirmed
        )

    def on_unmount(self) -> None:
        self.send("stop")  # the worker ends its loop; Textual also cancels the screen's workers
