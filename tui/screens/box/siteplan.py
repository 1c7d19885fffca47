"""Site plan tab: the general plan (总平图) drawn in the terminal, with a legend and the selected node's facts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.screens.base import LangWidget
from tui.widgets.siteplan import Overlay, SitePlanCanvas, legend, node_summary


class SitePlanPane(LangWidget):
    """Canvas, legend and a line about the selected node."""

    def __init__(self, box: Any, chemicals: Any, node: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.box = box
        self.chemicals = chemicals
        self.start_node = node
        self._node: Any = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="plan-row"):
            yield SitePlanCanvas(self.box.site, id="siteplan-canvas", classes="canvas")
            with Vertical(classes="legend-box"):
                yield Static(id="siteplan-legend", classes="legend")
        yield Static(id="siteplan-info", classes="node-info")

    def on_mount(self) -> None:
        canvas = self.query_one(SitePlanCanvas)
        canvas.set_site(self.box.site)
        if self.start_node:
            canvas.set_overlay(Overlay(highlight=self.start_node))
            canvas.focus_node(self.start_node)

    def apply_lang(self) -> None:
        self.query_one("#siteplan-legend", Static).update(legend(self.lang))
        self._show_node()

    @on(SitePlanCanvas.NodeSelected)
    def _selected(self, event: SitePlanCanvas.NodeSelected) -> None:
        self._node = event.node
        self._show_node()

    def _show_node(self) -> None:
        self.query_one("#siteplan-info", Static).update(
            node_summary(self.box, self._node, self.lang, self.chemicals)
        )

    def focus_target(self) -> SitePlanCanvas:
        return self.query_one(SitePlanCanvas)
