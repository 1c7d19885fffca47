"""Evacuation tab: routes from each occupied building to an assembly point around the hazard zone of a chosen wind."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from drillsim.model import WIND_DIRS
from tui.i18n import WIND_LABELS, cells, pick
from tui.screens.base import LangWidget
from tui.widgets.siteplan import Overlay, SitePlanCanvas, legend

WIND_SPEED_MS = 3.0
"""Wind speed of the evacuation view: ERG's moderate band (10-20 km/h), as in the site packet."""


@dataclass(frozen=True, slots=True)
class Release:
    """A release point the evacuation view can show: a chemical held at a node."""

    chemical: str
    node: str
    container: str
    quantity_t: float
    unit: str


def release_points(box: Any, chemicals: Any) -> list[Release]:
    """Every (chemical, node) of the box's inventory that can be drawn, worst-first (toxic, then larger)."""
    out: dict[tuple[str, str], Release] = {}
    for u in box.units:
        for item in u.inventory:
            node = item.node or (u.nodes[0] if u.nodes else None)
            if node is None or box.site.node(node) is None or item.chemical not in chemicals:
                continue
            key = (item.chemical, node)
            if key not in out or out[key].quantity_t < item.max_quantity_t:
                out[key] = Release(item.chemical, node, item.container, item.max_quantity_t, u.id)

    def rank(r: Release) -> tuple[int, int, float, str]:
        chem = chemicals[r.chemical]
        return (0 if chem.tih else 1, 0 if chem.is_("toxic") else 1, -r.quantity_t, r.node)

    return sorted(out.values(), key=rank)


class EvacuationPane(LangWidget):
    """Zone + routes on the plan, and the route table; keys choose wind, release, size, day/night."""

    BINDINGS = [
        Binding("w", "wind(1)", "风向|Wind"),
        Binding("W", "wind(-1)", "", show=False),
        Binding("r", "release(1)", "泄漏点|Release"),
        Binding("z", "size", "泄漏量|Size"),
        Binding("n", "night", "昼/夜|Day/night"),
    ]

    def __init__(self, box: Any, chemicals: Any, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.box = box
        self.chemicals = chemicals
        self.releases = release_points(box, chemicals)
        self.wind = 0
        self.release = 0
        self.spill_size = "large"
        self.night = False
        self.zone: Any = None
        self.routes: Any = {}
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Static(id="evac-head", classes="evac-head")
        with Horizontal(classes="plan-row"):
            yield SitePlanCanvas(self.box.site, id="evac-canvas", classes="canvas")
            with Vertical(classes="legend-box"):
                yield Static(id="evac-legend", classes="legend")
        with VerticalScroll(id="evac-table-scroll", classes="evac-table"):
            yield Static(id="evac-table")

    def on_mount(self) -> None:
        self.query_one(SitePlanCanvas).set_site(self.box.site)
        self.recompute()

    def focus_target(self) -> SitePlanCanvas:
        return self.query_one(SitePlanCanvas)

    # ------------------------------------------------------------------ keys
    def action_wind(self, step: int) -> None:
        self.wind = (self.wind + step) % len(WIND_DIRS)
        self.recompute()

    def action_release(self, step: int) -> None:
        if self.releases:
            self.release = (self.release + step) % len(self.releases)
            self.recompute()

    def action_size(self) -> None:
        self.spill_size = "small" if self.spill_size == "large" else "large"
        self.recompute()

    def action_night(self) -> None:
        self.night = not self.night
        self.recompute()

    # ------------------------------------------------------------------ model
    def recompute(self) -> None:
        from drillsim.site import evacuation_routes, node_zone

        self.error = ""
        self.zone = None
        try:
            if self.releases:
                r = self.releases[self.release]
                self.zone = node_zone(
                    self.box,
                    self.chemicals[r.chemical],
                    r.node,
                    self.spill_size,
                    r.container,
                    self.night,
                    WIND_SPEED_MS,
                    WIND_DIRS[self.wind],
                    quantity_t=r.quantity_t,
                )
            self.routes = evacuation_routes(self.box, self.zone)
        except Exception as exc:  # bad geometry in a box: say so, keep the screen
            from tui.errors import explain

            self.routes = {}
            self.error = explain(exc, self.lang)
        overlay = Overlay(
            zone=self.zone,
            routes=tuple(
                (r.path, r.safe and not r.crosses_zone) for r in self.routes.values() if len(r.path) > 1
            ),
            highlight=self.releases[self.release].node if self.releases else "",
        )
        self.query_one(SitePlanCanvas).set_overlay(overlay)
        self.apply_lang()

    def apply_lang(self) -> None:
        self.query_one("#evac-legend", Static).update(legend(self.lang, with_zone=True, with_routes=True))
        self.query_one("#evac-head", Static).update(self._head())
        self.query_one("#evac-table", Static).update(self._table())

    def _head(self) -> Text:
        t = self.t
        if not self.releases:
            return Text(
                t(
                    "本企业没有可绘制的危险化学品泄漏点；仅显示疏散路线。",
                    "No release point to draw for this box; routes only.",
                ),
                style="dim",
            )
        r = self.releases[self.release]
        chem = self.chemicals[r.chemical]
        node = self.box.site.node(r.node)
        wind = WIND_DIRS[self.wind]
        zh, en = WIND_LABELS[wind]
        out = Text()
        out.append(t("泄漏：", "Release: "), style="bold")
        out.append(
            f"{pick(self.lang, chem.name_zh, chem.name_en)} {r.quantity_t:g} t @ {node.tag or pick(self.lang, node.name_zh, node.name_en)}"
        )
        out.append(f" · {t('大量', 'large') if self.spill_size == 'large' else t('小量', 'small')}")
        out.append(f" · {t('夜间', 'night') if self.night else t('白天', 'day')}")
        out.append(
            t(f" · {zh} {WIND_SPEED_MS:g} m/s", f" · wind from {en} {WIND_SPEED_MS:g} m/s"), style="bold"
        )
        if self.zone is not None:
            out.append(
                t(
                    f"\n隔离 {self.zone.isolate_m:g} m · 下风向防护 {self.zone.protect_m / 1000:.2f} km · {self.zone.basis}",
                    f"\nisolate {self.zone.isolate_m:g} m · protect downwind {self.zone.protect_m / 1000:.2f} km · {self.zone.basis}",
                ),
                style="dim",
            )
        if self.error:
            out.append("\n" + self.error, style="bold red")
        return out

    def _table(self) -> Table:
        t = self.t
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        table.add_column(t("从", "from"))
        table.add_column(t("人数", "people"), justify="right")
        table.add_column(t("到集合点", "to assembly point"))
        table.add_column("m", justify="right")
        table.add_column("min", justify="right")
        table.add_column(t("状态", "status"))
        site = self.box.site
        rows = sorted(self.routes.values(), key=lambda r: (r.safe and not r.crosses_zone, r.origin))
        for r in rows:
            origin = site.node(r.origin)
            ap = site.node(r.assembly_point) if r.assembly_point else None
            people = origin.occupancy.get("night" if self.night else "day") if origin else 0
            if r.assembly_point is None:
                status = Text(t("! 无路可达", "! no route"), style="bold white on red")
            elif not r.safe:
                status = Text(t("✗ 无安全集合点", "✗ no safe point"), style="bold white on red")
            elif r.crosses_zone:
                status = Text(t("✗ 穿越危险区", "✗ crosses zone"), style="bold black on yellow")
            else:
                status = Text(t("✓ 安全", "✓ safe"), style="green")
            table.add_row(
                *cells(
                    pick(self.lang, origin.name_zh, origin.name_en) if origin else r.origin,
                    str(people),
                    pick(self.lang, ap.name_zh, ap.name_en) if ap else "—",
                    "—" if not math.isfinite(r.length_m) else f"{r.length_m:.0f}",
                    "—" if not math.isfinite(r.length_m) else f"{r.minutes:.1f}",
                    status,
                )
            )
        return table
