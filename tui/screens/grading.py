"""Grading and after-action: indicators with target, actual and points; the total; comparison with simulated runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from tui.after_action import comparisons, resolve_rubric, write_reports
from tui.errors import explain, guarded
from tui.i18n import cells, pick
from tui.screens.base import DrillsimScreen
from tui.widgets.exercise import ExerciseBanner
from tui.widgets.footer import KeyFooter

RATING_ITEMS = [
    ("P", ("P 完成且无挑战", "P performed without challenges")),
    ("S", ("S 完成但有一定挑战", "S performed with some challenges")),
    ("M", ("M 完成但有重大挑战", "M performed with major challenges")),
    ("U", ("U 未能完成", "U unable to be performed")),
]


class ReportWritten(Message):
    def __init__(self, paths: list[Path], error: str = "") -> None:
        super().__init__()
        self.paths = paths
        self.error = error


class GradingScreen(DrillsimScreen):
    """Score a timeline (from the console, the live logger, a file or the records) and export the report."""

    CSS_PATH = "grading.tcss"
    HELP = (
        "评估：每个计时指标的目标、实际与得分（2/1/0），总分，以及与模拟运行的比较（需先运行 drillsim batch）。"
        "x 导出评估报告（Markdown 与 HTML）；r 保存到演练记录；q 为定性指标评定等级（P/S/M/U，需说明理由）。"
        "|Grading: each timed indicator's target, actual and points (2/1/0), the total, and the comparison with "
        "simulated runs (after `drillsim batch`). x exports the report (Markdown and HTML); r keeps it in the drill "
        "records; q rates a qualitative indicator (P/S/M/U, with a reason)."
    )
    BINDINGS = [
        Binding("x", "export", "导出报告|Export"),
        Binding("r", "record", "保存记录|Record"),
        Binding("q", "rate", "定性评定|Rate"),
        Binding("escape", "back", "返回|Back"),
    ]

    def __init__(
        self, timeline: Any, *, record: Any = None, rubric: str | None = None, origin: str = ""
    ) -> None:
        super().__init__()
        self.raw = timeline
        self.record = record
        self.rubric_id = rubric
        self.origin = origin
        self.doc: Any = None
        self.rubric: Any = None
        self.grade: Any = None
        self.cmps: dict[str, Any] = {}
        self.ratings: dict[str, tuple[str, str]] = {}
        self.error = ""
        self.record_id: int | None = record.id if record is not None else None
        if record is not None:  # keep the evaluator's ratings and overrides of the recorded grading
            for c in record.criteria:
                if c.get("kind") == "qualitative" or c.get("overridden"):
                    self.ratings[str(c["id"])] = (str(c["rating"]), str(c.get("reason", "")))

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield ExerciseBanner()
        yield Static(id="grade-head")
        yield DataTable(id="grade-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="grade-notes-scroll"):
            yield Static(id="grade-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._prepare()
        self.query_one("#grade-table").focus()

    @guarded
    def _prepare(self) -> None:
        from drillsim.grading import TimelineDoc, parse_timeline

        content = self.drillsim.content_state.content
        self.doc = self.raw if isinstance(self.raw, TimelineDoc) else parse_timeline(dict(self.raw))
        self.rubric = resolve_rubric(content, self.doc.scenario, self.rubric_id)
        if self.rubric is None:
            self._choose_rubric()
            return
        self._grade()

    def _choose_rubric(self) -> None:
        from tui.dialogs.choice import ChoiceDialog

        content = self.drillsim.content_state.content
        items = [(r.id, (r.title_zh, r.title_en)) for r in content.rubrics.values()]
        if not items:
            self.error = self.t(
                "内容中没有评估表（scenarios/rubrics/）", "the content has no rubric (scenarios/rubrics/)"
            )
            self.apply_lang()
            return

        def chosen(rid: str | None) -> None:
            if rid:
                self.rubric = content.rubrics[rid]
                self._grade()
            else:
                self.dismiss()

        self.app.push_screen(ChoiceDialog(("选择评估表", "Pick a rubric"), items), chosen)

    @guarded
    def _grade(self) -> None:
        from drillsim.grading import grade as grade_fn

        content = self.drillsim.content_state.content
        known = {i.id for i in self.rubric.indicators} | {q.id for q in self.rubric.qualitative}
        self.ratings = {k: v for k, v in self.ratings.items() if k in known}
        from drillsim.grading import antidote_chemicals

        self.grade = grade_fn(self.doc, self.rubric, self.ratings, antidote_chemicals(content))
        try:
            self.cmps = comparisons(self.drillsim.services, content, self.grade, self.doc)
        except Exception as exc:  # records unreadable: grade anyway, say why there is no comparison
            self.cmps = {}
            self.notify(explain(exc, self.lang), severity="warning", markup=False)
        if self.cmps:
            self.grade = replace(self.grade, comparisons=self.cmps)
        self.apply_lang()

    # ------------------------------------------------------------------ drawing
    def apply_lang(self) -> None:
        self.sub_title = self.t("评估", "grading")
        head = self.query_one("#grade-head", Static)
        table = self.query_one("#grade-table", DataTable)
        notes = self.query_one("#grade-notes", Static)
        if self.error or self.grade is None:
            head.update(
                Text(self.error or self.t("评估中…", "grading…"), style="bold red" if self.error else "dim")
            )
            return
        content = self.drillsim.content_state.content
        doc, g = self.doc, self.grade
        scen = content.scenarios.get(doc.scenario)
        box = content.enterprises.get(doc.enterprise)
        text = Text()
        text.append(
            pick(self.lang, scen.title_zh, scen.title_en) if scen else doc.scenario or "—", style="bold"
        )
        text.append(" · " + (pick(self.lang, box.name_zh, box.name_en) if box else doc.enterprise or "—"))
        origin = self.t("实战计时", "live") if doc.origin == "live" else self.t("模拟", "simulated")
        text.append(f" · {origin} · seed {doc.seed if doc.seed is not None else '—'}", style="dim")
        text.append(
            f" · {pick(self.lang, self.rubric.title_zh, self.rubric.title_en)} v{self.rubric.version}\n",
            style="dim",
        )
        pct = g.percent
        style = (
            "bold white on dark_green"
            if pct >= 80
            else ("bold black on yellow" if pct >= 60 else "bold white on red")
        )
        text.append(
            self.t(f" 总分 {g.score:g} / {g.max:g} ", f" Score {g.score:g} / {g.max:g} "), style=style
        )
        text.append(f" {pct:.0f}% ", style=style)
        if self.record_id is not None:
            text.append(self.t(f"  已记录 #{self.record_id}", f"  recorded #{self.record_id}"), style="green")
        head.update(text)
        table.clear(columns=True)
        table.add_columns(
            "",
            self.t("指标", "indicator"),
            self.t("目标", "target"),
            self.t("实际", "actual"),
            self.t("得分", "points"),
            self.t("评定", "rating"),
        )
        for c in g.criteria:
            mark = {
                2: Text("✓", style="bold green"),
                1: Text("~", style="bold yellow"),
                0: Text("✗", style="bold red"),
            }.get(c.points, Text(" "))
            target = "—" if c.target is None else f"{c.target:g} min"
            actual = "—" if c.actual is None else f"{c.actual:.1f} min"
            if c.kind == "qualitative":
                target = actual = self.t("定性", "rated")
            name = pick(self.lang, c.name_zh, c.name_en) + (" *" if c.overridden else "")
            table.add_row(
                *cells(
                    mark,
                    name,
                    target,
                    actual,
                    f"{c.points}/{c.max}" + (f" ×{c.weight:g}" if c.weight != 1 else ""),
                    c.rating,
                )
            )
        notes.update(self._notes())

    def _notes(self) -> Text:
        from datetime import date

        from drillsim.grading.compare import sentence
        from drillsim.grading.report import CLASS_EN, CLASS_ZH, findings

        g = self.grade
        out = Text()
        if self.cmps:
            out.append(self.t("与模拟运行比较\n", "Compared with simulated runs\n"), style="bold")
            for c in g.criteria:
                if c.id in self.cmps and c.actual is not None:
                    out.append(
                        "  "
                        + sentence(
                            pick(self.lang, c.name_zh, c.name_en), c.actual, self.cmps[c.id], self.lang
                        )
                        + "\n"
                    )
        else:
            out.append(
                self.t(
                    "没有可比较的模拟批次（运行 drillsim batch 情景 后，这里显示“慢于 N% 的模拟运行”）。\n",
                    "No simulated batch to compare with (after `drillsim batch SCENARIO`, this says how many simulated runs were faster).\n",
                ),
                style="dim",
            )
        finds = findings(g, self.drillsim.services.today or date.today())
        if finds:
            out.append(self.t("\n整改清单\n", "\nImprovement plan\n"), style="bold")
            for f in finds:
                klass = self.t(CLASS_ZH[f.klass], CLASS_EN[f.klass])
                name = pick(self.lang, f.criterion.name_zh, f.criterion.name_en)
                out.append(f"  [{klass}] ", style="bold red" if f.klass == "deficiency" else "bold yellow")
                out.append(f"{name} — {f.owner} · {self.t('期限', 'due')} {f.due.isoformat()}\n")
        unrated = [q for q in self.rubric.qualitative if q.id not in self.ratings]
        if unrated:
            out.append(
                self.t(
                    f"\n{len(unrated)} 项定性指标未评定（按 q 评定；未评定的不计分）。\n",
                    f"\n{len(unrated)} qualitative indicator(s) not rated (q rates them; unrated ones are not scored).\n",
                ),
                style="dim",
            )
        return out

    # ------------------------------------------------------------------ actions
    def action_rate(self) -> None:
        from tui.dialogs.choice import ChoiceDialog
        from tui.dialogs.prompt import PromptDialog

        if self.rubric is None:
            return
        items = [(q.id, (q.name_zh, q.name_en)) for q in self.rubric.qualitative]
        if not items:
            self.notify(self.t("本评估表没有定性指标", "this rubric has no qualitative indicator"), timeout=3)
            return

        def got_indicator(ident: str | None) -> None:
            if not ident:
                return

            def got_rating(rating: str | None) -> None:
                if not rating:
                    return

                def got_reason(reason: str | None) -> None:
                    if reason:
                        self.ratings[ident] = (rating, reason)
                        self._grade()

                self.app.push_screen(
                    PromptDialog(("评定理由（记入报告）", "Reason for the rating (goes in the report)")),
                    got_reason,
                )

            self.app.push_screen(
                ChoiceDialog(("评定等级（HSEEP）", "Rating (HSEEP)"), RATING_ITEMS), got_rating
            )

        self.app.push_screen(
            ChoiceDialog(("评定哪项定性指标？", "Rate which qualitative indicator?"), items), got_indicator
        )

    @guarded
    def action_record(self) -> None:
        if self.grade is None:
            return
        if self.record_id is not None:
            self.notify(
                self.t(f"已记录为 #{self.record_id}", f"already recorded as #{self.record_id}"), timeout=3
            )
            return
        out = self.grade.as_dict()
        with self.drillsim.services.records_for_writing() as db:
            self.record_id = db.record_drill(self.doc.to_json(), out)
        self.notify(
            self.t(f"已保存到演练记录 #{self.record_id}", f"kept in the drill records as #{self.record_id}"),
            timeout=4,
        )
        self.apply_lang()

    def action_export(self) -> None:
        if self.grade is None:
            return
        self._export(self.grade, self.doc, self.drillsim.services.reports_dir)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _export(self, grade: Any, doc: Any, folder: Path) -> None:
        try:
            paths = write_reports(
                grade,
                doc,
                self.drillsim.content_state.content,
                folder,
                self.drillsim.services.today,
                self.cmps,
            )
        except Exception as exc:  # a full disk or a read-only folder: tell the user
            self.post_message(ReportWritten([], explain(exc, self.lang)))
            return
        self.post_message(ReportWritten(paths))

    def on_report_written(self, message: ReportWritten) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        else:
            self.notify(
                self.t("报告已写入：\n", "report written:\n") + "\n".join(str(p) for p in message.paths),
                timeout=10,
                markup=False,
            )

    def action_back(self) -> None:
        self.dismiss()
