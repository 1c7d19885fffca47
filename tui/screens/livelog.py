"""Live drill logger: a stopwatch for a real drill, one key per milestone, notes, corrections with an audit trail.

The log is the same file ``drillsim log`` uses, so a drill started at the command line can be stamped here
and the other way round.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static

from drillsim.livelog import MILESTONE_KEYS, LiveLog, parse_clock
from tui.errors import guarded
from tui.i18n import cells, clock, event_label, pick
from tui.screens.base import DrillsimScreen
from tui.widgets.exercise import ExerciseBanner
from tui.widgets.footer import KeyFooter


class LiveLoggerScreen(DrillsimScreen):
    """Time a real drill: s starts the clock, a key per milestone stamps it, c corrects, v voids, e ends."""

    CSS_PATH = "livelog.tcss"
    HELP = (
        "现场演练计时。s 开始计时（t=0）；每个节点一个键（见左侧列表）；n 记备注；c 更正选中的记录（新时间与理由）；"
        "v 作废选中的记录（需理由）；更正与作废都保留在审计记录中；e 结束并进入评估。与 drillsim log 共用同一文件。"
        "|Live drill timing. s starts the clock (t = 0); one key per milestone (listed on the left); n adds a note; "
        "c corrects the highlighted stamp (new time and a reason); v voids it (with a reason); corrections and voids "
        "stay in the audit trail; e ends the drill and grades it. Shares its file with `drillsim log`."
    )
    BINDINGS = [
        Binding("s", "start", "开始计时|Start"),
        Binding("n", "note", "备注|Note"),
        Binding("c", "correct", "更正|Correct"),
        Binding("v", "void", "作废|Void"),
        Binding("e", "end", "结束并评估|End"),
        Binding("escape", "back", "返回|Back"),
        *(Binding(key, f"stamp('{key}')", "", show=False) for key in MILESTONE_KEYS),
    ]

    def __init__(self, enterprise: str = "") -> None:
        super().__init__()
        self.enterprise = enterprise
        self.state: Any = None
        self.error = ""

    @property
    def log_file(self) -> LiveLog:
        services = self.drillsim.services
        return LiveLog(services.livelog_path, clock=services.wall_clock)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield ExerciseBanner()
        yield Static(id="live-clock")
        with Horizontal(id="live-body"):
            with VerticalScroll(id="live-keys-scroll"):
                yield Static(id="live-keys")
            yield DataTable(id="live-stamps", cursor_type="row", zebra_stripes=True)
        yield Static(id="live-audit")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._reload()
        self.set_interval(0.5, self._tick)
        self.query_one("#live-stamps").focus()

    # ------------------------------------------------------------------ state
    def _reload(self) -> None:
        self.error = ""
        log = self.log_file
        if not log.path.exists():
            self.state = None
        else:
            try:
                self.state = log.state()
            except Exception as exc:  # a damaged log file: show why, keep the screen
                from tui.errors import explain

                self.state = None
                self.error = explain(exc, self.lang)
        if self.state is not None and self.state.ended:
            self.state = None  # an ended log: s starts a new one
        self.apply_lang()

    @property
    def running(self) -> bool:
        return self.state is not None and not self.state.ended

    def _tick(self) -> None:
        self._clock()

    # ------------------------------------------------------------------ drawing
    def apply_lang(self) -> None:
        self.sub_title = self.t("现场演练计时", "live drill logger")
        self._clock()
        self._keys()
        self._stamps()
        self._audit()

    def _clock(self) -> None:
        out = Text()
        if self.error:
            out.append(self.error, style="bold red")
        elif not self.running:
            box = self.drillsim.content_state.content.enterprises.get(self.enterprise)
            who = (
                self.t(
                    f"（{pick(self.lang, box.name_zh, box.name_en)}）",
                    f" ({pick(self.lang, box.name_zh, box.name_en)})",
                )
                if box
                else self.t("（开始时选择企业）", " (you pick the enterprise)")
            )
            out.append(
                self.t(
                    f" 未开始 · 按 s 开始计时{who}，t = 0 为按下的时刻",
                    f" not started · s starts the clock{who}; t = 0 is the moment you press it",
                ),
                style="bold yellow",
            )
        else:
            try:
                elapsed = self.log_file.elapsed_min()
            except Exception:  # the file went away under us
                elapsed = 0.0
            out.append(f" T+{clock(elapsed)} ", style="bold reverse")
            header = self.state.header
            box = self.drillsim.content_state.content.enterprises.get(header.get("enterprise", ""))
            name = pick(self.lang, box.name_zh, box.name_en) if box else header.get("enterprise", "")
            out.append(f"  {name} · {header.get('scenario', '')}", style="bold")
            out.append(f"  {self.log_file.path}", style="dim")
        self.query_one("#live-clock", Static).update(out)

    def _stamped(self) -> dict[str, float]:
        out: dict[str, float] = {}
        if self.state is not None:
            for e in self.state.events:
                out.setdefault(e["kind"], e["t"])
        return out

    def _keys(self) -> None:
        stamped = self._stamped()
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(justify="right")
        for key, kind in MILESTONE_KEYS.items():
            t = stamped.get(kind)
            mark = Text(f"✓ {clock(t)}", style="green") if t is not None else Text("·", style="dim")
            table.add_row(*cells(Text(f"[{key}]"), event_label(kind, self.lang), mark))
        self.query_one("#live-keys", Static).update(table)

    def _stamps(self) -> None:
        dt = self.query_one("#live-stamps", DataTable)
        keep = dt.cursor_row
        dt.clear(columns=True)
        dt.add_columns("#", self.t("时间", "time"), self.t("节点", "milestone"), self.t("说明", "detail"))
        if self.state is None:
            return
        for e in self.state.events:
            label = event_label(e["kind"], self.lang) if e["kind"] != "note" else self.t("备注", "note")
            dt.add_row(*cells(str(e["n"]), clock(e["t"]), label, e.get("detail", "")), key=str(e["n"]))
        if self.state.events:
            dt.move_cursor(row=min(keep if keep is not None else 0, len(self.state.events) - 1))

    def _audit(self) -> None:
        out = Text()
        if self.state is not None and self.state.audit:
            out.append(self.t("审计记录：", "Audit trail: "), style="bold")
            for a in self.state.audit[-3:]:
                if a["op"] == "fix":
                    out.append(
                        self.t(
                            f"#{a['target']} {clock(a['before']['t'])}→{clock(a['after']['t'])}（{a['reason']}）  ",
                            f"#{a['target']} {clock(a['before']['t'])}→{clock(a['after']['t'])} ({a['reason']})  ",
                        )
                    )
                else:
                    out.append(
                        self.t(
                            f"#{a['target']} 作废（{a['reason']}）  ",
                            f"#{a['target']} voided ({a['reason']})  ",
                        )
                    )
        self.query_one("#live-audit", Static).update(out)

    # ------------------------------------------------------------------ actions
    def action_start(self) -> None:
        if self.running:
            self.notify(
                self.t("计时已在进行中（e 结束）", "the clock is already running (e ends it)"), timeout=3
            )
            return
        content = self.drillsim.content_state.content
        if self.enterprise and self.enterprise in content.enterprises:
            self._start(self.enterprise)
            return
        from tui.dialogs.choice import ChoiceDialog

        items = [
            (b.id, (b.name_zh, b.name_en)) for b in sorted(content.enterprises.values(), key=lambda b: b.id)
        ]

        def chosen(ent: str | None) -> None:
            if ent:
                self.enterprise = ent
                self._start(ent)

        self.app.push_screen(
            ChoiceDialog(("在哪家企业演练？", "Which enterprise is drilling?"), items), chosen
        )

    @guarded
    def _start(self, enterprise: str) -> None:
        content = self.drillsim.content_state.content
        scenario = next((s.id for s in content.scenarios.values() if enterprise in s.enterprises), "live")
        self.log_file.start(enterprise, scenario, force=True)
        self._reload()

    @guarded
    def action_stamp(self, key: str) -> None:
        if not self.running:
            self.notify(
                self.t("先按 s 开始计时", "press s to start the clock first"), severity="warning", timeout=3
            )
            return
        n = self.log_file.stamp(key)
        self._reload()
        self.notify(f"#{n} {event_label(MILESTONE_KEYS[key], self.lang)}", timeout=1.5, markup=False)

    def action_note(self) -> None:
        from tui.dialogs.prompt import PromptDialog

        if not self.running:
            return

        def got(text: str | None) -> None:
            if text:
                self._note(text)

        self.app.push_screen(PromptDialog(("备注（记录当前时刻）", "Note (stamped now)")), got)

    @guarded
    def _note(self, text: str) -> None:
        self.log_file.note(text)
        self._reload()

    def _selected(self) -> int | None:
        dt = self.query_one("#live-stamps", DataTable)
        if self.state is None or not self.state.events or dt.cursor_row is None:
            return None
        row = dt.get_row_at(dt.cursor_row)
        return int(str(row[0]))

    def action_correct(self) -> None:
        from tui.dialogs.prompt import PromptDialog

        n = self._selected()
        if n is None or not self.running:
            return
        current = next(e for e in self.state.events if e["n"] == n)

        def got_time(text: str | None) -> None:
            if not text:
                return

            def got_reason(reason: str | None) -> None:
                if reason:
                    self._fix(n, text, reason)

            self.app.push_screen(
                PromptDialog(
                    ("更正理由（保留在审计记录中）", "Reason for the correction (kept in the audit trail)")
                ),
                got_reason,
            )

        self.app.push_screen(
            PromptDialog(
                (f"#{n} 的正确时间（分:秒）", f"Correct time of #{n} (MM:SS)"),
                value=clock(current["t"]),
                note=("例如 07:30 或 1:02:00", "e.g. 07:30 or 1:02:00"),
            ),
            got_time,
        )

    @guarded
    def _fix(self, n: int, text: str, reason: str) -> None:
        self.log_file.fix(n, reason, t=parse_clock(text))
        self._reload()

    def action_void(self) -> None:
        from tui.dialogs.prompt import PromptDialog

        n = self._selected()
        if n is None or not self.running:
            return

        def got(reason: str | None) -> None:
            if reason:
                self._void(n, reason)

        self.app.push_screen(PromptDialog((f"作废 #{n} 的理由", f"Reason for voiding #{n}")), got)

    @guarded
    def _void(self, n: int, reason: str) -> None:
        self.log_file.void(n, reason)
        self._reload()

    def action_end(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        if not self.running:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._end()

        self.app.push_screen(
            ConfirmDialog(("结束演练计时并评估？", "End the drill clock and grade it?")), confirmed
        )

    @guarded
    def _end(self) -> None:
        timeline = self.log_file.end()
        self._reload()
        self.drillsim.open_grading(timeline, origin="live")

    def action_back(self) -> None:
        self.dismiss()
