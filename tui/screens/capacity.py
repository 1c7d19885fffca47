"""Capacity: batch results (a histogram per KPI) and the jurisdiction gap matrix, with colours, letters and reasons."""

from __future__ import annotations

import threading
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, OptionList, ProgressBar, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.capacity_data import CELL_LABELS, KPI_LABELS, status_cell, stored_batches
from tui.errors import explain
from tui.i18n import cells, pick, short_name
from tui.screens.base import DrillsimScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.histogram import histogram

BATCH_RUNS = 100
"""Runs of a batch started from this screen (the command line does any number, on more workers)."""
GAP_RUNS = 10
"""Engine runs per worst case when the gap matrix is refined (as ``drillsim gaps`` by default)."""


class BatchLoaded(Message):
    def __init__(self, batches: dict[str, Any], error: str = "") -> None:
        super().__init__()
        self.batches = batches
        self.error = error


class BatchProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class GapsReady(Message):
    def __init__(self, data: Any, error: str = "", refined: bool = False) -> None:
        super().__init__()
        self.data = data
        self.error = error
        self.refined = refined


class Cancelled(Exception):
    """Raised inside a batch's progress callback to stop it when the user cancels."""


class CapacityScreen(DrillsimScreen):
    """Is our capacity enough for the chemicals on our ground?"""

    CSS_PATH = "capacity.tcss"
    HELP = (
        "能力评估。批量研究页：每个情景最近一次批量模拟（drillsim batch）的各项指标直方图；b 在此运行 100 次（k 取消）。"
        "缺口矩阵页：每家企业 × 可信最坏情景的化救到场、第二化救、解毒剂、中毒床位与专业能力，红/黄/绿并附原因；"
        "u 用引擎模拟细化伤员估计。"
        "|Capacity. Batch tab: histograms of every KPI from the newest `drillsim batch` of each scenario; b runs "
        "100 here (k cancels). Gap matrix tab: each enterprise × credible worst case judged on first and second "
        "hazmat unit, antidote, poison beds and specialist capability, red/yellow/green with the reason; u refines "
        "the casualty estimates with engine runs."
    )
    BINDINGS = [
        Binding("escape", "back", "返回|Back"),
        Binding("b", "run_batch", "运行批量|Run batch"),
        Binding("k", "cancel", "取消|Cancel"),
        Binding("u", "refine_gaps", "细化缺口|Refine gaps"),
        Binding("1", "tab('cap-batch')", "批量|Batch"),
        Binding("2", "tab('cap-gaps')", "缺口|Gaps"),
        Binding("ctrl+right", "cycle_tab", "切换页|Next tab", key_display="^→", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.batches: dict[str, Any] = {}
        self.batch_error = ""
        self.scenario = ""
        self.gaps: Any = None
        self.gaps_error = ""
        self.gaps_refined = False
        self.busy = ""
        self._gaps_cancel = threading.Event()

    @property
    def content(self) -> Any:
        return self.drillsim.content_state.content

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        with TabbedContent(id="cap-tabs"):
            with TabPane("batch", id="cap-batch"), Horizontal(id="cap-batch-row"):
                yield OptionList(id="cap-scenarios")
                with VerticalScroll(id="cap-hist-scroll", can_focus=True):
                    yield Static(id="cap-hist")
            with TabPane("gaps", id="cap-gaps"):
                yield Static(id="cap-gaps-head")
                yield DataTable(id="cap-matrix", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="cap-why-scroll", can_focus=True):
                    yield Static(id="cap-why")
        yield ProgressBar(id="cap-progress", show_eta=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self._load_batches()
        self._study_gaps(False)
        self.query_one("#cap-scenarios").focus()

    # ------------------------------------------------------------------ workers
    @work(thread=True, exclusive=True, group="cap-load", exit_on_error=False)
    def _load_batches(self) -> None:
        try:
            self.post_message(BatchLoaded(stored_batches(self.drillsim.services, self.content)))
        except Exception as exc:  # records unreadable
            self.post_message(BatchLoaded({}, explain(exc, self.lang)))

    def on_batch_loaded(self, message: BatchLoaded) -> None:
        self.batches = message.batches
        self.batch_error = message.error
        self._fill_scenarios()
        self._show_batch()

    def _study_gaps(self, refine: bool) -> None:
        """Compute the gap matrix in a daemon thread (a refine with engine runs takes seconds; quitting never waits)."""
        from tui.background import in_background

        self._gaps_cancel.set()
        self._gaps_cancel = in_background("gaps", self._gaps_thread, self.content, refine, self.lang)

    def _gaps_thread(self, cancelled: Any, content: Any, refine: bool, lang: str) -> None:
        try:
            from drillsim import gaps
        except ImportError:
            self.post_message(GapsReady(None, "gaps-missing"))
            return
        try:
            runs = gaps.engine_casualties(content, GAP_RUNS, 1) if refine else None
            data = gaps.to_json(gaps.study(content, runs))
        except Exception as exc:  # a study that cannot run on this content: explain
            if not cancelled.is_set():
                self.post_message(GapsReady(None, explain(exc, lang)))
            return
        if not cancelled.is_set():
            self.post_message(GapsReady(data, refined=refine))

    def on_gaps_ready(self, message: GapsReady) -> None:
        if self.busy == "gaps":
            self.busy = ""
            self._progress(None)
        self.gaps = message.data if message.data is not None else self.gaps
        self.gaps_error = message.error
        self.gaps_refined = self.gaps_refined or message.refined
        self._show_gaps()

    @work(thread=True, exclusive=True, group="cap-batch", exit_on_error=False)
    def _batch(self, scenario: str) -> None:
        try:
            from drillsim.batch import BatchSpec, run_batch
        except ImportError:
            self.post_message(BatchLoaded(self.batches, "batch-missing"))
            return
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.post_message(BatchProgress(done, total))

        seed = 1
        try:
            result = run_batch(
                self.content, BatchSpec(scenario, BATCH_RUNS, seed), workers=1, progress=progress
            )
            with self.drillsim.services.records_for_writing() as db:
                db.store_batch(
                    scenario, self.content.digest, seed, [r.kpis for r in result.rows[result.main_arm]]
                )
        except Cancelled:
            self.post_message(BatchProgress(-1, 0))
            return
        except Exception as exc:  # bad scenario, unwritable records: say so
            self.post_message(BatchLoaded(self.batches, explain(exc, self.lang)))
            return
        self.post_message(BatchProgress(BATCH_RUNS, BATCH_RUNS))
        self._load_batches()

    def on_batch_progress(self, message: BatchProgress) -> None:
        if message.done < 0:
            self.busy = ""
            self._progress(None)
            self.notify(self.t("批量模拟已取消", "batch cancelled"), timeout=3)
            return
        self._progress((message.done, message.total))
        if message.done >= message.total:
            self.busy = ""
            self._progress(None)

    def _progress(self, value: tuple[int, int] | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = value is not None
        if value is not None:
            bar.update(total=max(value[1], 1), progress=value[0])

    # ------------------------------------------------------------------ drawing
    def apply_lang(self) -> None:
        self.sub_title = self.t("能力评估", "capacity")
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("cap-batch").label = self.t("批量研究 (1)", "Batch results (1)")
        tabs.get_tab("cap-gaps").label = self.t("缺口矩阵 (2)", "Gap matrix (2)")
        self._fill_scenarios()
        self._show_batch()
        self._show_gaps()

    def _fill_scenarios(self) -> None:
        ol = self.query_one("#cap-scenarios", OptionList)
        ol.clear_options()
        for sid, sc in sorted(self.content.scenarios.items()):
            b = self.batches.get(sid)
            prompt = Text(pick(self.lang, sc.title_zh, sc.title_en))
            prompt.append(f"  ({b['runs']})" if b else "  —", style="dim")
            ol.add_option(Option(prompt, id=sid))
        if not ol.option_count:
            ol.add_option(
                Option(
                    Text(self.t("内容中没有情景", "no scenarios in the content"), style="dim"), disabled=True
                )
            )
            return
        try:
            ol.highlighted = ol.get_option_index(self.scenario) if self.scenario else 0
        except Exception:  # scenario gone
            ol.highlighted = 0

    @on(OptionList.OptionHighlighted, "#cap-scenarios")
    def _scenario(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.scenario = event.option.id
            self._show_batch()

    def _show_batch(self) -> None:
        out = Text()
        if self.batch_error:
            msg = (
                self.t("批量模块不可用", "the batch module is not available")
                if self.batch_error == "batch-missing"
                else self.batch_error
            )
            out.append(msg + "\n\n", style="bold red")
        b = self.batches.get(self.scenario)
        if b is None:
            out.append(self.t("尚未计算", "Not yet computed"), style="bold")
            out.append(
                self.t(
                    f" — 在命令行运行 `drillsim batch {self.scenario or '情景'} --runs 500`，或按 b 在此运行 {BATCH_RUNS} 次。",
                    f" — run `drillsim batch {self.scenario or 'SCENARIO'} --runs 500`, or press b to run {BATCH_RUNS} here.",
                )
            )
            if self.drillsim.services.db_path is None:
                out.append(
                    self.t(
                        "\n（没有演练记录数据库：结果无法保存）",
                        "\n(no drill records database: results cannot be kept)",
                    ),
                    style="dim",
                )
            self.query_one("#cap-hist", Static).update(out)
            return
        from drillsim.batch.stats import summarize

        out.append(
            self.t(f"最近一次批量：{b['runs']} 次运行\n", f"Newest batch: {b['runs']} runs\n"), style="bold"
        )
        for kpi, values in b["values"].items():
            zh, en = KPI_LABELS.get(kpi, (kpi, kpi))
            s = summarize(values)
            out.append(f"\n{pick(self.lang, zh, en)} ", style="bold")
            out.append(f"({kpi})", style="dim")
            if s["mean"] is None:
                out.append(
                    self.t(
                        f"  所有 {s['missing']} 次均未发生\n", f"  never happened in {s['missing']} runs\n"
                    ),
                    style="dim",
                )
                continue
            out.append(
                f"  mean {s['mean']:.1f} · p50 {s['p50']:.1f} · p90 {s['p90']:.1f} · max {s['max']:.1f}"
                + (self.t(f" · 未发生 {s['missing']}", f" · missing {s['missing']}") if s["missing"] else "")
                + "\n"
            )
            unit = "" if not kpi.startswith(("t_", "max_")) else " min"
            out.append_text(histogram(values, 8, 20, unit))
        self.query_one("#cap-hist", Static).update(out)

    def _show_gaps(self) -> None:
        head = self.query_one("#cap-gaps-head", Static)
        table = self.query_one("#cap-matrix", DataTable)
        if self.gaps_error:
            msg = (
                self.t("缺口模块不可用", "the gap study is not available")
                if self.gaps_error == "gaps-missing"
                else self.gaps_error
            )
            head.update(Text(msg, style="bold red"))
        if self.gaps is None:
            if not self.gaps_error:
                head.update(Text(self.t("正在计算缺口矩阵…", "computing the gap matrix…"), style="dim"))
            return
        data = self.gaps
        c = data["counts"]
        basis = (
            self.t("伤员：引擎模拟", "casualties: engine runs")
            if self.gaps_refined
            else self.t("伤员：估算（u 用模拟细化）", "casualties: estimated (u refines with engine runs)")
        )
        summary = Text(self.t("缺口矩阵 ", "Gap matrix "), style="bold")
        summary.append_text(status_cell({"status": "red"}, self.lang))
        summary.append(f" {c['red']}  ")
        summary.append_text(status_cell({"status": "yellow"}, self.lang))
        summary.append(f" {c['yellow']}  ")
        summary.append_text(status_cell({"status": "green"}, self.lang))
        summary.append(f" {c['green']}  · {basis}", style="")
        if not self.gaps_error:
            head.update(summary)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns(
            self.t("企业", "enterprise"),
            self.t("化学品", "chemical"),
            self.t("伤员", "cas."),
            *(self.t(*CELL_LABELS[k]) for k in CELL_LABELS),
        )
        chems = self.content.chemicals
        for i, r in enumerate(data["rows"]):
            box = self.content.enterprises.get(r["enterprise"])
            chem = chems.get(r["chemical"])
            ename = short_name(box, self.lang) if box else r["enterprise"]
            table.add_row(
                *cells(
                    ename,
                    pick(self.lang, chem.name_zh, chem.name_en) if chem else r["chemical"],
                    f"{r['expected_casualties']:g}",
                    *(status_cell(r["cells"][k], self.lang) for k in CELL_LABELS if k in r["cells"]),
                ),
                key=str(i),
            )
        if data["rows"]:
            table.move_cursor(row=min(keep or 0, len(data["rows"]) - 1))
        self._show_why()

    @on(DataTable.RowHighlighted, "#cap-matrix")
    def _row(self) -> None:
        self._show_why()

    def _show_why(self) -> None:
        out = Text()
        data = self.gaps
        table = self.query_one("#cap-matrix", DataTable)
        if data is None:
            return
        if data["rows"] and table.cursor_row is not None and table.cursor_row < len(data["rows"]):
            r = data["rows"][table.cursor_row]
            out.append(self.t("原因\n", "Why\n"), style="bold")
            for k, (zh, en) in CELL_LABELS.items():
                cell = r["cells"].get(k)
                if cell is None or not cell.get("applicable", True):
                    continue
                out.append_text(status_cell(cell, self.lang))
                out.append(f" {pick(self.lang, zh, en)}: {cell.get('reason_zh', cell['reason']) if self.lang == 'zh' else cell['reason']}\n")
        if data["actions"]:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="bold")
            grid.add_column()
            for a in data["actions"][:10]:
                grid.add_row(*cells(f"{a['rank']}.", pick(self.lang, a["text_zh"], a["text"])))
            out.append(self.t("\n先补哪里（按缺口大小）\n", "\nWhat to buy or move first\n"), style="bold")
            self.query_one("#cap-why", Static).update(_stack(out, grid))
            return
        self.query_one("#cap-why", Static).update(out)

    # ------------------------------------------------------------------ actions
    def action_run_batch(self) -> None:
        if self.busy:
            self.notify(self.t("已有任务在运行（k 取消）", "already running (k cancels)"), timeout=3)
            return
        if not self.scenario:
            return
        if self.drillsim.services.db_path is None:
            self.notify(
                self.t(
                    "没有演练记录数据库，无法保存批量结果", "no drill records database to keep the batch in"
                ),
                severity="warning",
            )
            return
        self.busy = "batch"
        self._progress((0, BATCH_RUNS))
        self._batch(self.scenario)

    def action_refine_gaps(self) -> None:
        if self.busy:
            self.notify(self.t("已有任务在运行（k 取消）", "already running (k cancels)"), timeout=3)
            return
        self.busy = "gaps"
        self.query_one("#cap-gaps-head", Static).update(
            Text(
                self.t(
                    "正在用引擎模拟细化伤员估计…（k 取消）",
                    "refining casualty estimates with engine runs… (k cancels)",
                ),
                style="dim",
            )
        )
        self._study_gaps(True)

    def action_cancel(self) -> None:
        if not self.busy:
            return
        if self.busy == "batch":
            self.workers.cancel_group(self, "cap-batch")
        else:
            self._gaps_cancel.set()
        if self.busy == "gaps":
            self.busy = ""
            self._show_gaps()
            self.notify(self.t("已取消", "cancelled"), timeout=2)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = "#cap-scenarios" if tab == "cap-batch" else "#cap-matrix"
        self.call_after_refresh(self.query_one(target).focus)

    def action_cycle_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "cap-gaps" if tabs.active == "cap-batch" else "cap-batch"

    def action_back(self) -> None:
        self.workers.cancel_node(self)
        self._gaps_cancel.set()
        self.dismiss()


def _stack(*parts: Any) -> Any:
    from rich.console import Group

    return Group(*parts)
