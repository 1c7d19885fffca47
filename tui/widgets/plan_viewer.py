"""Plan viewer: the response plans (Markdown rendered), their executable steps and a jump list of sections."""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Markdown, OptionList
from textual.widgets.option_list import Option

from tui.i18n import pick
from tui.screens.base import LangWidget

KIND = {
    "comprehensive": ("综合预案", "comprehensive"),
    "special": ("专项预案", "special"),
    "onsite": ("现场处置方案", "on-site"),
}


def steps_markdown(plan: Any, lang: str) -> str:
    """The plan's executable steps as a Markdown table (trigger → actor → action, target minutes)."""
    if not plan.steps:
        return ""
    head = pick(
        lang, "| 步骤 | 触发 | 执行 | 动作 | 目标(分) |", "| step | trigger | actor | action | target (min) |"
    )
    rows = [head, "|---|---|---|---|---:|"]
    for s in plan.steps:
        rows.append(f"| {s.id} | {s.trigger} | {s.actor} | {s.action} | {s.target_min:g} |")
    title = pick(
        lang, "### 可执行步骤（演练引擎按此行动）", "### Executable steps (what the drill engine follows)"
    )
    return "\n".join([title, "", *rows, ""])


class PlanViewer(LangWidget):
    """Pick a plan, read it; pick a section to jump to it."""

    BINDINGS = [Binding("right_square_bracket", "next_section", "下一章|Next section", key_display="]")]

    def __init__(
        self, plans: list[Any], selected: str = "", anchor: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.plans = plans
        self.selected = selected or (plans[0].id if plans else "")
        self.goto_anchor = anchor
        self._shown = ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="plan-viewer-row"):
            with Vertical(classes="side-list"):
                yield OptionList(id="plan-list")
                yield OptionList(id="plan-sections")
            with VerticalScroll(id="plan-scroll", can_focus=True):
                yield Markdown(id="plan-body", open_links=False)

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def focus_target(self) -> Any:
        return self.query_one("#plan-list", OptionList)

    def apply_lang(self) -> None:
        if self.is_mounted:
            self._fill()
            self._shown = ""
            self._load(self.selected, self.goto_anchor)

    def _fill(self) -> None:
        ol = self.query_one("#plan-list", OptionList)
        ol.clear_options()
        if not self.plans:
            ol.add_option(Option(Text(self.t("没有预案", "no plans"), style="dim"), disabled=True))
            return
        width = max(ol.scrollable_content_region.width - 1, 16)
        for p in self.plans:
            zh, en = KIND.get(p.kind, (p.kind, p.kind))
            prompt = Text(pick(self.lang, zh, en) + "\n", style="dim")
            title = Text(pick(self.lang, p.title_zh, p.title_en))
            title.truncate(width, overflow="ellipsis")
            prompt.append_text(title)
            ol.add_option(Option(prompt, id=p.id))
        try:
            ol.highlighted = ol.get_option_index(self.selected)
        except Exception:  # selected plan not in this list
            ol.highlighted = 0

    @on(OptionList.OptionHighlighted, "#plan-list")
    def _plan_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self._shown:
            self.selected = event.option.id
            self._load(event.option.id, self.goto_anchor)

    @on(OptionList.OptionSelected, "#plan-list")
    def _plan_selected(self) -> None:
        self.query_one("#plan-scroll").focus()

    @on(OptionList.OptionSelected, "#plan-sections")
    def _section_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._goto(event.option.id)
            self.query_one("#plan-scroll").focus()

    def action_next_section(self) -> None:
        ol = self.query_one("#plan-sections", OptionList)
        if not ol.option_count:
            return
        i = ((ol.highlighted or 0) + 1) % ol.option_count
        ol.highlighted = i
        option = ol.get_option_at_index(i)
        if option.id:
            self._goto(option.id)

    @work(exclusive=True, group="plan-load")
    async def _load(self, plan_id: str, anchor: str = "") -> None:
        plan = next((p for p in self.plans if p.id == plan_id), None)
        if plan is None:
            return
        self._shown = plan_id
        md = self.query_one("#plan-body", Markdown)
        zh, en = KIND.get(plan.kind, (plan.kind, plan.kind))
        meta = pick(
            self.lang,
            f"*{zh} · 版本 {plan.version} · 批准 {plan.approved or '—'} · {plan.path}*",
            f"*{en} · version {plan.version} · approved {plan.approved or '—'} · {plan.path}*",
        )
        await md.update(f"{meta}\n\n{steps_markdown(plan, self.lang)}\n{plan.body_md}")
        sections = self.query_one("#plan-sections", OptionList)
        sections.clear_options()
        width = max(sections.scrollable_content_region.width - 1, 16)
        for s in plan.sections:
            if s.level <= 2:
                label = Text(("  " if s.level == 2 else "") + s.title)
                label.truncate(width, overflow="ellipsis")
                sections.add_option(Option(label, id=s.anchor))
        self.query_one("#plan-scroll").scroll_home(animate=False)
        if anchor:
            self.goto_anchor = ""
            self._goto(anchor)

    def _goto(self, anchor: str) -> None:
        plan = next((p for p in self.plans if p.id == self._shown), None)
        if plan is None:
            return
        section = next((s for s in plan.sections if s.anchor == anchor), None)
        if section is None:
            return
        md = self.query_one("#plan-body", Markdown)
        for _level, title, header_id in md.table_of_contents:
            if title.strip() == section.title.strip() and header_id:
                md.query_one(f"#{header_id}").scroll_visible(top=True, animate=False)
                sections = self.query_one("#plan-sections", OptionList)
                with contextlib.suppress(Exception):  # section list not built yet
                    sections.highlighted = sections.get_option_index(anchor)
                return
