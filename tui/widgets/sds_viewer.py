"""SDS viewer: chemicals on the left, one of the 16 GB/T 16483 sections on the right; digits jump to a section."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import pick
from tui.screens.base import LangWidget

DIGIT_WINDOW_S = 0.8
"""A second digit typed within this many seconds of a ``1`` makes a two-digit section number (10-16)."""


def next_section(
    pending: int | None, pending_at: float, digit: int, now: float, count: int = 16
) -> tuple[int | None, int | None]:
    """(section to show, digit still pending) after typing ``digit``.

    >>> next_section(None, 0.0, 1, 5.0)
    (1, 1)
    >>> next_section(1, 5.0, 6, 5.3)
    (16, None)
    >>> next_section(1, 5.0, 6, 9.0)
    (6, None)
    >>> next_section(None, 0.0, 0, 1.0)
    (None, None)
    """
    if pending == 1 and now - pending_at <= DIGIT_WINDOW_S and 10 + digit <= count:
        return 10 + digit, None
    if digit == 0:
        return None, None
    return digit, (1 if digit == 1 else None)


class SdsViewer(LangWidget):
    """Pick a chemical, read its SDS section by section."""

    BINDINGS = [
        Binding("1", "digit(1)", "跳到该节|Go to section", key_display="1-16"),
        *(Binding(str(d), f"digit({d})", "", show=False) for d in (2, 3, 4, 5, 6, 7, 8, 9, 0)),
        Binding("right_square_bracket", "step(1)", "下一节|Next section", key_display="]"),
        Binding("left_square_bracket", "step(-1)", "上一节|Prev section", show=False, key_display="["),
    ]

    def __init__(
        self,
        chemicals: list[str],
        content: Any,
        selected: str = "",
        section: int | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.chemical_ids = chemicals
        self.content = content
        self.selected = selected or (chemicals[0] if chemicals else "")
        self.section = section or 1
        self._pending: int | None = None
        self._pending_at = 0.0

    def compose(self) -> ComposeResult:
        with Horizontal(classes="sds-row"):
            yield OptionList(id="sds-chemicals", classes="side-list")
            with Vertical(classes="sds-main"):
                yield Static(id="sds-facts", classes="sds-facts")
                yield Static(id="sds-sections", classes="sds-sections")
                with VerticalScroll(id="sds-scroll", can_focus=True):
                    yield Markdown(id="sds-body", open_links=False)

    def on_mount(self) -> None:
        self._fill_list()

    def focus_target(self) -> Any:
        return self.query_one("#sds-chemicals", OptionList)

    def _fill_list(self) -> None:
        ol = self.query_one("#sds-chemicals", OptionList)
        ol.clear_options()
        chems = self.content.chemicals
        for cid in self.chemical_ids:
            chem = chems.get(cid)
            if chem is None:
                continue
            prompt = Text(pick(self.lang, chem.name_zh, chem.name_en))
            if chem.tih:
                prompt.append(" TIH", style="bold red")
            if cid not in self.content.sds:
                prompt.append(self.t(" 无SDS", " no SDS"), style="dim")
            ol.add_option(Option(prompt, id=cid))
        if self.selected:
            try:
                ol.highlighted = ol.get_option_index(self.selected)
            except Exception:  # not in this list
                ol.highlighted = 0 if ol.option_count else None

    @on(OptionList.OptionHighlighted, "#sds-chemicals")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.selected:
            self.selected = event.option.id
            self.section = 1
            self._show()

    def apply_lang(self) -> None:
        if self.is_mounted:
            keep = self.selected
            self._fill_list()
            self.selected = keep
        self._show()

    # ------------------------------------------------------------------ keys
    def action_digit(self, digit: int) -> None:
        section, self._pending = next_section(self._pending, self._pending_at, digit, time.monotonic())
        self._pending_at = time.monotonic()
        if section is not None:
            self.goto(section)

    def action_step(self, step: int) -> None:
        sds = self.content.sds.get(self.selected)
        if sds is None or not sds.sections:
            return
        numbers = [s.no for s in sds.sections]
        i = numbers.index(self.section) if self.section in numbers else 0
        self.goto(numbers[(i + step) % len(numbers)])

    def goto(self, section: int) -> None:
        """Show section ``section`` of the selected chemical's SDS."""
        self.section = section
        self._show()

    # ------------------------------------------------------------------ drawing
    def _show(self) -> None:
        chem = self.content.chemicals.get(self.selected)
        facts = self.query_one("#sds-facts", Static)
        strip = self.query_one("#sds-sections", Static)
        body = self.query_one("#sds-body", Markdown)
        if chem is None:
            facts.update(Text(self.t("没有化学品", "no chemical"), style="dim"))
            strip.update("")
            body.update("")
            return
        facts.update(chemical_facts(chem, self.content, self.lang))
        sds = self.content.sds.get(chem.id)
        if sds is None:
            strip.update("")
            body.update(
                self.t(
                    "> 本化学品没有安全技术说明书（SDS）。", "> No safety data sheet (SDS) for this chemical."
                )
            )
            return
        line = Text()
        for s in sds.sections:
            style = "bold reverse" if s.no == self.section else "dim"
            line.append(f"{s.no}", style=style)
            line.append(" ")
        strip.update(line)
        sec = sds.section(self.section)
        if sec is None:
            body.update(
                self.t(f"> 本 SDS 没有第 {self.section} 节。", f"> This SDS has no section {self.section}.")
            )
            return
        title = pick(self.lang, sec.title_zh, sec.title_en)
        body.update(f"## {sec.no} {title}\n\n{sec.body_md}")
        self.query_one("#sds-scroll").scroll_home(animate=False)


def chemical_facts(chem: Any, content: Any, lang: str) -> Text:
    """Two or three lines a responder reads first: names, identifiers, hazards, IDLH, antidotes."""
    t = lambda zh, en: pick(lang, zh, en)  # noqa: E731
    out = Text()
    out.append(f"{chem.name_zh} {chem.name_en}", style="bold")
    if chem.tih:
        out.append(t(" 吸入毒性危害 TIH", " TIH (toxic by inhalation)"), style="bold red")
    ids = []
    if chem.cas:
        ids.append(f"CAS {chem.cas}")
    for u in chem.un:
        ids.append(f"UN{u.number} ERG {u.erg_guide}")
    out.append("\n" + " · ".join(ids))
    bits = [" ".join(chem.hazard_groups)]
    idlh = chem.idlh_ppm.value if chem.idlh_ppm is not None else None
    if idlh is not None:
        bits.append(f"IDLH {idlh} ppm")
    if chem.antidotes:
        names = []
        for a in chem.antidotes:
            rec = content.city.antidote(a)
            names.append(pick(lang, rec.name_zh, rec.name_en) if rec else a)
        bits.append(t("解毒剂 ", "antidote ") + ", ".join(names))
    out.append("\n" + " · ".join(b for b in bits if b), style="dim")
    return out
