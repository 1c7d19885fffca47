"""Home: one search box (results as you type, grouped by kind) and the enterprises by park and risk colour."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.errors import guarded
from tui.i18n import KIND_LABELS, pick, plain, short_name
from tui.messages import SearchDone
from tui.screens.base import DrillsimScreen
from tui.widgets.badges import risk_badge
from tui.widgets.footer import KeyFooter

SEARCH_LIMIT = 30
RISK_ORDER = {"red": 0, "yellow": 1, "green": 2}


def group_hits(hits: tuple[Any, ...]) -> list[tuple[str, list[Any]]]:
    """Hits grouped by kind; groups ordered by their best hit, hits keep their rank inside a group."""
    groups: dict[str, list[Any]] = {}
    for h in hits:
        groups.setdefault(h.kind, []).append(h)
    return list(groups.items())


def snippet_text(snippet: str) -> Text:
    """A snippet with its ``**match**`` marks shown in bold (and underlined, for monochrome)."""
    from drillsim.search import split_marks

    out = Text(style="dim")
    for piece, hot in split_marks(snippet):
        out.append(piece, style="bold underline not dim" if hot else "")
    return out


class HomeScreen(DrillsimScreen):
    """Search the knowledge base; pick an enterprise; go to drills, live logging, grading, capacity."""

    HELP = (
        "检索：按 / 输入企业名、化学品（中文、英文、别名、拼音如 yl）、CAS 号、UN 号、位号或地址，结果随输入更新，"
        "按类别分组；回车打开命中位置。右侧为按园区与风险等级排列的企业，回车打开其应急交底箱。"
        "d 演练、l 现场计时、g 评估时间线文件、r 演练记录、c 能力评估。"
        "|Search: press / and type an enterprise, a chemical (Chinese, English, synonym, pinyin such as yl), a CAS "
        "or UN number, a tank tag or an address; results update as you type, grouped by kind; enter opens the hit "
        "at the right place. On the right, the enterprises by park and risk colour: enter opens the handover box. "
        "d drill, l live log, g grade a timeline file, r drill records, c capacity."
    )
    BINDINGS = [
        Binding("slash", "focus_search", "检索|Search", key_display="/"),
        Binding("escape", "leave_search", "离开检索|Leave search", show=False),
        Binding("d", "drill", "演练|Drill"),
        Binding("l", "live_log", "现场计时|Live log"),
        Binding("g", "grade", "评估|Grade"),
        Binding("r", "records", "记录|Records"),
        Binding("c", "capacity", "能力|Capacity"),
    ]
    AUTO_FOCUS = "#enterprises"

    def __init__(self) -> None:
        super().__init__()
        self._pending = ""
        self._searching = False
        self._result: Any = None
        self.shown_query = ""
        self._error = ""
        self._seconds = 0.0
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield Input(id="search")
        yield Static(id="status")
        with Horizontal(id="home-body"):
            with Vertical(id="results-box"):
                yield Label(id="results-title", classes="pane-title")
                yield OptionList(id="results")
            with Vertical(id="ents-box"):
                yield Label(id="ents-title", classes="pane-title")
                yield OptionList(id="enterprises")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "content_state", self._content_changed, init=False)
        self.watch(self.app, "index_state", self._index_changed, init=False)

    def apply_lang(self) -> None:
        self.sub_title = self.t("检索 · 交底箱 · 演练", "search · handover boxes · drills")
        self.query_one("#search", Input).placeholder = self.t(
            "/ 检索：企业、化学品、CAS、UN 号、拼音（yl）、位号、地址…",
            "/ search: enterprise, chemical, CAS, UN no., pinyin (yl), tank tag, address…",
        )
        self.query_one("#ents-title", Label).update(self.t("企业（园区、风险）", "Enterprises (park, risk)"))
        self._render_status()
        self._render_results()
        self._render_enterprises()

    # ------------------------------------------------------------------ state from the app
    def _content_changed(self, _state: Any) -> None:
        self._render_status()
        self._render_enterprises()

    def _index_changed(self, state: Any) -> None:
        self._render_status()
        if state.status == "ready" and self._pending and not self._searching:
            self._start_search(self._pending)

    def _render_status(self) -> None:
        cs = self.drillsim.content_state
        ix = self.drillsim.index_state
        parts: list[str] = []
        if cs.status == "loading":
            parts.append(self.t("正在加载内容…", "loading content…"))
        elif cs.status == "failed":
            parts.append(
                self.t("内容无法加载（见错误列表）", "content could not be loaded (see the problems)")
            )
        elif cs.content is not None:
            c = cs.content.counts()
            parts.append(
                self.t(
                    f"{c['enterprises']} 家企业 · {c['chemicals']} 种化学品 · {c['plans']} 份预案 · {c['scenarios']} 个情景",
                    f"{c['enterprises']} enterprises · {c['chemicals']} chemicals · {c['plans']} plans · {c['scenarios']} scenarios",
                )
            )
            if cs.status == "degraded":
                parts.append(self.t(f"内容有 {len(cs.errors)} 处错误", f"{len(cs.errors)} content errors"))
        if ix.status == "opening":
            parts.append(self.t("正在建立检索索引…", "building the search index…"))
        elif ix.status == "failed":
            parts.append(self.t("检索不可用：", "search unavailable: ") + ix.message)
        if self._error:
            parts.append(self._error)
        elif self._result is not None and self._pending:
            n = len(self._result.hits)
            parts.append(self.t(f"{n} 条结果", f"{n} hits") + f" ({self._seconds * 1000:.0f} ms)")
            parts.extend(self._result.hints)
            parts.extend(self._result.notes)
        self.query_one("#status", Static).update(Text("  ·  ".join(parts), style="dim"))

    # ------------------------------------------------------------------ searching
    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self._pending = event.value.strip()
        self._typed_at = time.perf_counter()
        if not self._pending:
            self._result = None
            self._error = ""
            self._render_results()
            self._render_status()
            return
        if not self._searching:
            self._start_search(self._pending)

    def _start_search(self, query: str) -> None:
        index = self.drillsim.index_state.index
        if index is None:
            self._render_results()
            return
        self._searching = True
        self._search(index, query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, index: Any, query: str) -> None:
        started = time.perf_counter()
        try:
            result = index.query(query, limit=SEARCH_LIMIT)
        except Exception as exc:  # shown in the status line: a query never crashes the app
            from tui.errors import explain

            self.post_message(SearchDone(query, None, explain(exc, self.lang)))
            return
        self.post_message(SearchDone(query, result, seconds=time.perf_counter() - started))

    def on_search_done(self, message: SearchDone) -> None:
        self._searching = False
        if message.query != self._pending:
            if self._pending:  # coalesce: only the latest query still matters
                self._start_search(self._pending)
            return
        self._result = message.result
        self.shown_query = message.query
        self._error = message.error
        self._seconds = message.seconds
        self.drillsim.marks["search_to_results_s"] = time.perf_counter() - self._typed_at
        self._render_results()
        self._render_status()

    def _render_results(self) -> None:
        results = self.query_one("#results", OptionList)
        title = self.query_one("#results-title", Label)
        results.clear_options()
        content = self.drillsim.content_state.content
        if not self._pending or self._result is None:
            title.update(plain(self.t("检索结果", "Results")))
            examples = self.t(
                "试试：液氯 · 氯 · 1017 · 7782-50-5 · yl · chlorine · 恒晟 · V-301A",
                "try: chlorine · 1017 · 7782-50-5 · 液氯 · yl · amonia · Hengsheng · V-301A",
            )
            waiting = self.drillsim.index_state.status != "ready"
            if self._pending and waiting:
                examples = self.t("索引就绪后立即检索…", "searching as soon as the index is ready…")
            results.add_option(Option(Text(examples, style="dim italic"), disabled=True))
            return
        hits = self._result.hits
        title.update(plain(self.t(f"检索结果：{self._pending}", f"Results: {self._pending}")))
        if not hits:
            results.add_option(
                Option(Text(self.t("没有匹配的结果。", "No results."), style="italic"), disabled=True)
            )
            return
        for kind, group in group_hits(hits):
            zh, en = KIND_LABELS.get(kind, (kind, kind))
            results.add_option(
                Option(Text(f"── {pick(self.lang, zh, en)} ({len(group)})", style="bold"), disabled=True)
            )
            for h in group:
                results.add_option(Option(self._hit_prompt(h, content), id=h.id))
        first = next((i for i, o in enumerate(results.options) if not o.disabled), None)
        results.highlighted = first

    def _hit_prompt(self, hit: Any, content: Any) -> Text:
        width = max(self.query_one("#results", OptionList).scrollable_content_region.width - 2, 20)
        line = Text()
        box = content.enterprises.get(hit.enterprise) if content is not None and hit.enterprise else None
        if box is not None:
            line.append_text(risk_badge(box.risk, self.lang))
            line.append(" ")
        line.append(hit.title, style="bold")
        line.truncate(width, overflow="ellipsis")
        if hit.snippet:
            snip = Text("  ")
            snip.append_text(snippet_text(hit.snippet))
            snip.truncate(width, overflow="ellipsis")
            line.append("\n")
            line.append_text(snip)
        return line

    def on_resize(self) -> None:
        if self._result is not None:
            self.call_after_refresh(self._render_results)
        self.call_after_refresh(self._render_enterprises)

    # ------------------------------------------------------------------ enterprises
    def _render_enterprises(self) -> None:
        ol = self.query_one("#enterprises", OptionList)
        keep = ol.highlighted_option.id if ol.highlighted_option is not None else None
        ol.clear_options()
        content = self.drillsim.content_state.content
        if content is None:
            ol.add_option(Option(Text(self.t("加载中…", "loading…"), style="dim"), disabled=True))
            return
        city = content.city
        order = {p.id: i for i, p in enumerate(city.parks)}
        order.update({d.id: len(order) + i for i, d in enumerate(city.districts)})
        groups: dict[tuple[int, str], list[Any]] = {}
        for box in content.enterprises.values():
            park = city.park(box.park)
            if park is not None:
                key = (order.get(park.id, 999), pick(self.lang, park.name_zh, park.name_en))
            else:
                d = city.district(box.district)
                dname = pick(self.lang, d.name_zh, d.name_en) if d else box.district
                key = (order.get(box.district, 999), self.t(f"{dname}（园区外）", f"{dname} (outside parks)"))
            groups.setdefault(key, []).append(box)
        width = max(ol.scrollable_content_region.width - 1, 12)
        for key in sorted(groups):
            head = Text(key[1], style="bold")
            head.truncate(width, overflow="ellipsis")
            ol.add_option(Option(head, disabled=True))
            for box in sorted(groups[key], key=lambda b: (RISK_ORDER.get(b.risk, 9), b.id)):
                name = short_name(box, self.lang)
                prompt = Text.assemble(risk_badge(box.risk, self.lang), " ", name)
                prompt.truncate(width, overflow="ellipsis")
                ol.add_option(Option(prompt, id=f"enterprise:{box.id}"))
        index = None
        if keep:
            try:
                index = ol.get_option_index(keep)
            except Exception:  # the enterprise disappeared after a reload
                index = None
        if index is None:
            index = next((i for i, o in enumerate(ol.options) if not o.disabled), None)
        ol.highlighted = index

    # ------------------------------------------------------------------ opening things
    @on(OptionList.OptionSelected)
    @guarded
    def _open(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id
        if ident:
            self.open_hit(ident)

    @on(Input.Submitted, "#search")
    def _submit(self) -> None:
        results = self.query_one("#results", OptionList)
        option = results.highlighted_option
        if option is not None and option.id:
            self.open_hit(option.id)
        elif results.option_count:
            results.focus()

    def open_hit(self, ident: str) -> None:
        """Open a search hit (or an enterprise) at the right place."""
        app = self.drillsim
        kind, _, rest = ident.partition(":")
        content = app.content_state.content
        if kind == "enterprise":
            app.open_box(rest)
        elif kind == "unit":
            box_id, _, unit_id = rest.partition(":")
            box = content.enterprises.get(box_id) if content else None
            unit = box.unit(unit_id) if box else None
            app.open_box(box_id, tab="siteplan", node=unit.nodes[0] if unit and unit.nodes else "")
        elif kind == "node":
            box_id, _, node_id = rest.partition(":")
            app.open_box(box_id, tab="siteplan", node=node_id)
        elif kind == "chemical":
            app.open_chemical(rest)
        elif kind == "sds":
            chem, _, no = rest.rpartition(":")
            app.open_chemical(chem, int(no) if no.isdigit() else None)
        elif kind == "plan":
            plan_id, _, anchor = rest.partition("#")
            plan = content.plans.get(plan_id) if content else None
            if plan is not None and plan.enterprise in content.enterprises:
                app.open_box(plan.enterprise, tab="plans", plan=plan_id, anchor=anchor)
            else:
                app.open_city_plan(plan_id, anchor)
        elif kind == "scenario":
            app.open_drill_setup(scenario=rest)

    # ------------------------------------------------------------------ actions
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        results = self.query_one("#results", OptionList)
        if self.query_one("#search", Input).has_focus:
            (
                results if self._result is not None and self._result.hits else self.query_one("#enterprises")
            ).focus()

    def _selected_enterprise(self) -> str:
        option = self.query_one("#enterprises", OptionList).highlighted_option
        if option is not None and option.id and option.id.startswith("enterprise:"):
            return option.id.partition(":")[2]
        return ""

    def action_drill(self) -> None:
        self.drillsim.open_drill_setup(self._selected_enterprise())

    def action_live_log(self) -> None:
        self.drillsim.open_live_log(self._selected_enterprise())

    def action_grade(self) -> None:
        from tui.dialogs.prompt import PromptDialog

        def got(path: str | None) -> None:
            if path:
                self._grade_file(path)

        self.app.push_screen(
            PromptDialog(
                (
                    "评估时间线文件（drillsim drill --json 或 drillsim log end 的输出）",
                    "Timeline file to grade (from `drillsim drill --json` or `drillsim log end`)",
                ),
                placeholder="timeline.json",
            ),
            got,
        )

    @guarded
    def _grade_file(self, path: str) -> None:
        from pathlib import Path

        from drillsim.grading import load_timeline_file

        doc = load_timeline_file(Path(path).expanduser())
        self.drillsim.open_grading(doc, origin=doc.origin)

    def action_records(self) -> None:
        self.drillsim.open_records()

    def action_capacity(self) -> None:
        self.drillsim.open_capacity()
