"""Drill setup: pick an enterprise and a scenario (and a seed), or "surprise me" and let the scenario stay hidden."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import pick, short_name
from tui.screens.base import DrillsimScreen
from tui.widgets.badges import risk_badge
from tui.widgets.exercise import ExerciseBanner
from tui.widgets.footer import KeyFooter

ANY = "*"


def eligible_scenarios(content: Any, enterprise: str) -> list[Any]:
    """Scenarios that can run at ``enterprise`` (every scenario when no enterprise is chosen), by id."""
    out = [s for s in content.scenarios.values() if not enterprise or enterprise in s.enterprises]
    return sorted(out, key=lambda s: s.id)


class DrillSetupScreen(DrillsimScreen):
    """Choose what to drill. Enter starts the highlighted scenario; s starts a hidden one at random."""

    CSS_PATH = "drill.tcss"
    HELP = (
        "选择企业与情景后回车开始演练；按 s「给我个意外」随机抽取情景并对参演人员保密（无脚本演练）。"
        "种子决定演练的随机过程：同一种子加同样的指令可以精确复现。"
        "|Pick an enterprise and a scenario and press enter; s (surprise me) draws a scenario at random and keeps "
        "it hidden from the players (an unscripted drill). The seed decides the drill's chance events: the same "
        "seed and the same orders replay it exactly."
    )
    BINDINGS = [
        Binding("escape", "back", "返回|Back"),
        Binding("enter", "start", "开始|Start", priority=False),
        Binding("s", "surprise", "给我个意外|Surprise me"),
        Binding("ctrl+r", "reseed", "换种子|New seed"),
    ]

    def __init__(self, enterprise: str = "", scenario: str = "") -> None:
        super().__init__()
        self.enterprise = enterprise
        self.scenario = scenario

    @property
    def content(self) -> Any:
        return self.drillsim.content_state.content

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚠")
        yield ExerciseBanner()
        with Horizontal(id="setup-body"):
            with Vertical(id="setup-ents"):
                yield Label(id="setup-ents-title", classes="pane-title")
                yield OptionList(id="setup-enterprises")
            with Vertical(id="setup-scens"):
                yield Label(id="setup-scens-title", classes="pane-title")
                yield OptionList(id="setup-scenarios")
                yield Static(id="setup-info")
                with Horizontal(id="seed-row"):
                    yield Label(id="seed-label")
                    yield Input(id="seed", restrict=r"[0-9]*", max_length=9)
        yield KeyFooter()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill_enterprises)

    def on_mount(self) -> None:
        self.query_one("#seed", Input).value = str(self.drillsim.services.rng.randrange(1, 1_000_000))
        self._fill_enterprises()
        if self.scenario and self.scenario in self.content.scenarios and not self.enterprise:
            self.query_one("#setup-scenarios", OptionList).focus()
        else:
            self.query_one("#setup-enterprises", OptionList).focus()

    def apply_lang(self) -> None:
        self.sub_title = self.t("演练准备", "drill setup")
        self.query_one("#setup-ents-title", Label).update(self.t("企业", "Enterprise"))
        self.query_one("#setup-scens-title", Label).update(self.t("情景", "Scenario"))
        self.query_one("#seed-label", Label).update(self.t("随机种子 ", "seed "))
        if self.is_mounted:
            self._fill_enterprises()

    # ------------------------------------------------------------------ lists
    def _fill_enterprises(self) -> None:
        ol = self.query_one("#setup-enterprises", OptionList)
        ol.clear_options()
        ol.add_option(Option(Text(self.t("（任意企业）", "(any enterprise)"), style="italic"), id=ANY))
        for box in sorted(
            self.content.enterprises.values(), key=lambda b: ({"red": 0, "yellow": 1}.get(b.risk, 2), b.id)
        ):
            n = len(eligible_scenarios(self.content, box.id))
            name = short_name(box, self.lang)
            prompt = Text.assemble(risk_badge(box.risk, self.lang), " ", name)
            prompt.truncate(max(ol.scrollable_content_region.width - 6, 12), overflow="ellipsis")
            prompt.append(f" ({n})", style="dim")
            ol.add_option(Option(prompt, id=box.id))
        try:
            ol.highlighted = ol.get_option_index(self.enterprise or ANY)
        except Exception:  # unknown enterprise: start at "any"
            ol.highlighted = 0
        self._fill_scenarios()

    def _fill_scenarios(self) -> None:
        ol = self.query_one("#setup-scenarios", OptionList)
        ol.clear_options()
        scens = eligible_scenarios(self.content, self.enterprise)
        if not scens:
            ol.add_option(
                Option(
                    Text(
                        self.t(
                            "没有可在此企业运行的情景（scenarios/*.yaml）。",
                            "No scenario runs at this enterprise (scenarios/*.yaml).",
                        ),
                        style="italic",
                    ),
                    disabled=True,
                )
            )
            self._show_info(None)
            return
        width = max(ol.scrollable_content_region.width - 1, 12)
        for s in scens:
            title = Text(pick(self.lang, s.title_zh, s.title_en))
            title.truncate(width, overflow="ellipsis")
            ol.add_option(Option(title, id=s.id))
        try:
            ol.highlighted = ol.get_option_index(self.scenario)
        except Exception:  # keep the first one
            ol.highlighted = 0
        self._show_info(self.content.scenarios.get(self.scenario) or scens[0])

    @on(OptionList.OptionHighlighted, "#setup-enterprises")
    def _enterprise_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ent = "" if event.option.id in (None, ANY) else event.option.id
        if ent != self.enterprise:
            self.enterprise = ent
            self._fill_scenarios()

    @on(OptionList.OptionHighlighted, "#setup-scenarios")
    def _scenario_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.scenario = event.option.id
            self._show_info(self.content.scenarios.get(event.option.id))

    @on(OptionList.OptionSelected, "#setup-enterprises")
    def _enterprise_selected(self) -> None:
        self.query_one("#setup-scenarios", OptionList).focus()

    @on(OptionList.OptionSelected, "#setup-scenarios")
    def _scenario_selected(self) -> None:
        self.action_start()

    def _show_info(self, scen: Any) -> None:
        info = self.query_one("#setup-info", Static)
        if scen is None:
            info.update("")
            return
        text = Text()
        text.append(pick(self.lang, scen.title_zh, scen.title_en) + "\n", style="bold")
        desc = pick(self.lang, scen.description_zh, scen.description_en)
        if desc:
            text.append(desc.strip() + "\n")
        ents = [self.content.enterprises.get(e) for e in scen.enterprises]
        shown = [short_name(b, self.lang) for b in ents if b]
        names = "、".join(shown[:3]) if self.lang == "zh" else ", ".join(shown[:3])
        if len(shown) > 3:
            names += self.t(f" 等 {len(shown)} 家", f" and {len(shown) - 3} more")
        text.append(
            self.t(
                f"时长 {scen.duration_min:g} 分钟 · 评估表 {scen.rubric} · 企业：{names}",
                f"{scen.duration_min:g} min · rubric {scen.rubric} · at: {names}",
            ),
            style="dim",
        )
        text.append(
            self.t(
                "\n回车 开始（情景公开）· s 随机抽取并保密",
                "\nenter starts (scenario shown) · s draws one and hides it",
            ),
            style="bold",
        )
        info.update(text)

    # ------------------------------------------------------------------ actions
    def _seed(self) -> int:
        value = self.query_one("#seed", Input).value.strip()
        return int(value) if value.isdigit() else self.drillsim.services.rng.randrange(1, 1_000_000)

    def action_start(self) -> None:
        scen = self.content.scenarios.get(self.scenario)
        if scen is None or (self.enterprise and self.enterprise not in scen.enterprises):
            self.notify(self.t("请先选择情景", "pick a scenario first"), severity="warning")
            return
        self.drillsim.open_drill(scen.id, self._seed(), self.enterprise or None, hidden=False)

    def action_surprise(self) -> None:
        scens = eligible_scenarios(self.content, self.enterprise)
        if not scens:
            self.notify(self.t("没有可抽取的情景", "no scenario to draw from"), severity="warning")
            return
        rng = self.drillsim.services.rng
        scen = scens[rng.randrange(len(scens))]
        self.drillsim.open_drill(scen.id, rng.randrange(1, 1_000_000), self.enterprise or None, hidden=True)

    def action_reseed(self) -> None:
        self.query_one("#seed", Input).value = str(self.drillsim.services.rng.randrange(1, 1_000_000))

    def action_back(self) -> None:
        self.dismiss()
