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
from tui.i18n import clock, pick
from tui.screens.base import DrillsimScreen
from tui.widgets.drill_panes import casualties_text, event_line, incidents_text, resources_text
from tui.widgets.exercise import ExerciseBanner
from tui.widgets.footer import KeyFooter


class DrillUpdate(Message):
    """Something from the drill worker: a snapshot, the finished timeline, an error."""

    def __init__(self, kind: str, payload: Any, state: RunnerState) -> None:
        super().__init__()
        self.kind = kind
        self.payload = payload
        self.state = state


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
        content = self.drillsim.content_state.content
        self.query_one("#drill-incidents", Static).update(
            incidents_text(snap, content, self.lang, self.incident)
        )
        self.query_one("#drill-casualties", Static).update(casualties_text(snap, self.lang))
        self.query_one("#drill-resources", Static).update(resources_text(snap, content, self.lang))
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
