"""The site plan drawn in the terminal: nodes at their coordinates, roads, a hazard zone and evacuation routes.

A cell is about twice as tall as it is wide, so a row spans twice the metres of a column. Every node
type has its own letter and every overlay its own fill character, so the plan reads in monochrome.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from tui.i18n import NODE_TYPE_LABELS, pick
from tui.screens.base import LangWidget
from tui.widgets.plan_drawing import assemble, edge_char, line_cells, nice_length, north_arrow, short_label

# type -> (glyph, style)
GLYPHS: dict[str, tuple[str, str]] = {
    "gate": ("G", "bold cyan"),
    "building": ("B", "bold white"),
    "process_unit": ("P", "bold bright_magenta"),
    "tank": ("T", "bold bright_red"),
    "warehouse": ("W", "bold yellow"),
    "control_room": ("C", "bold bright_blue"),
    "assembly_point": ("A", "bold black on bright_green"),
    "hydrant": ("H", "bold blue"),
    "esd_point": ("E", "bold black on magenta"),
    "wind_sock": ("S", "bold cyan"),
    "road_junction": ("+", "dim"),
}
LABELLED = (
    "tank",
    "assembly_point",
    "esd_point",
    "gate",
    "process_unit",
    "warehouse",
    "control_room",
    "building",
)
ROAD_STYLE = "grey62"
PATH_STYLE = "grey42"
ISOLATION = ("▒", "red", "on #5f0000")
PROTECTIVE = ("░", "yellow", "on #3a3a00")
ROUTE_SAFE = ("•", "bold bright_green")
ROUTE_UNSAFE = ("×", "bold bright_magenta")


@dataclass(frozen=True, slots=True)
class Overlay:
    """What to draw over the plan: a hazard zone, evacuation routes (path, safe) and a highlighted node."""

    zone: Any = None  # drillsim.hazard.HazardZone
    routes: tuple[tuple[tuple[str, ...], bool], ...] = ()
    highlight: str = ""


class SitePlanCanvas(LangWidget, can_focus=True):
    """A zoomable, pannable drawing of a handover box's site plan."""

    BINDINGS = [
        Binding("plus,equals_sign", "zoom(0.7)", "放大|Zoom in", key_display="+"),
        Binding("minus", "zoom(1.43)", "缩小|Zoom out", key_display="-"),
        Binding("left", "pan(-1, 0)", "平移|Pan", key_display="←↑↓→"),
        Binding("right", "pan(1, 0)", "", show=False),
        Binding("up", "pan(0, 1)", "", show=False),
        Binding("down", "pan(0, -1)", "", show=False),
        Binding("0", "fit", "全图/厂区|Fit"),
        Binding("right_square_bracket", "select(1)", "下一节点|Next node", key_display="]"),
        Binding("left_square_bracket", "select(-1)", "上一节点|Prev node", show=False, key_display="["),
        Binding("t", "toggle_labels", "标注|Labels"),
    ]

    scale: reactive[float] = reactive(1.0, layout=False)
    centre: reactive[tuple[float, float]] = reactive((0.0, 0.0))
    show_labels: reactive[bool] = reactive(True)
    selected: reactive[str] = reactive("")

    class NodeSelected(Message):
        """The selected node changed (``node`` is a drillsim.model.SiteNode or None)."""

        def __init__(self, node: Any) -> None:
            super().__init__()
            self.node = node

    def __init__(self, site: Any = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.site = site
        self.overlay = Overlay()
        self._fitted = False
        self._fit_all = False
        self._moved = False  # the user zoomed or panned: keep their view on resize
        self._order: list[str] = []

    # ------------------------------------------------------------------ data in
    def set_site(self, site: Any) -> None:
        self.site = site
        self._order = (
            [n.id for n in sorted(site.nodes, key=lambda n: (-n.y_m, n.x_m)) if n.type in LABELLED]
            if site
            else []
        )
        self._fitted = False
        self.refresh()

    def set_overlay(self, overlay: Overlay) -> None:
        self.overlay = overlay
        if overlay.highlight and overlay.highlight != self.selected:
            self.selected = overlay.highlight
        self.refresh()

    def apply_lang(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ view geometry
    def _extent(self, everything: bool = True) -> tuple[float, float, float, float]:
        nodes = list(self.site.nodes)
        if not everything:  # the plant and what is near it: far off-site shelters and junctions left out
            core = [n for n in nodes if n.type not in ("assembly_point", "road_junction")]
            if len(core) >= 2:
                x0, x1 = min(n.x_m for n in core), max(n.x_m for n in core)
                y0, y1 = min(n.y_m for n in core), max(n.y_m for n in core)
                mx, my = max((x1 - x0) * 0.5, 50.0), max((y1 - y0) * 0.5, 50.0)
                near = [
                    n
                    for n in nodes
                    if n not in core and x0 - mx <= n.x_m <= x1 + mx and y0 - my <= n.y_m <= y1 + my
                ]
                nodes = core + near
        xs = [n.x_m for n in nodes] or [0.0]
        ys = [n.y_m for n in nodes] or [0.0]
        return min(xs), max(xs), min(ys), max(ys)

    def fit(self, everything: bool | None = None) -> None:
        """Scale and centre on the plant (default) or on every node including off-site assembly points."""
        if everything is not None:
            self._fit_all = everything
        if self.site is None or self.size.width < 4 or self.size.height < 3:
            return
        x0, x1, y0, y1 = self._extent(self._fit_all)
        w, h = max(self.size.width - 8, 4), max(self.size.height - 4, 2)
        self.scale = max((x1 - x0) / w, (y1 - y0) / (2.0 * h), 0.5)
        self.centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
        self._fitted = True

    def focus_node(self, node_id: str) -> None:
        """Select ``node_id`` and centre the view on it."""
        node = self.site.node(node_id) if self.site is not None else None
        if node is None:
            return
        self.selected = node_id
        self.centre = (node.x_m, node.y_m)

    def on_resize(self) -> None:
        if not self._moved:
            self.fit()
            if self.selected:
                self.focus_node(self.selected)

    def to_cell(self, x: float, y: float) -> tuple[int, int]:
        w, h = self.size.width, self.size.height
        cx, cy = self.centre
        col = round((x - cx) / self.scale + w / 2.0)
        row = round((cy - y) / (2.0 * self.scale) + h / 2.0)
        return col, row

    def to_metres(self, col: int, row: int) -> tuple[float, float]:
        w, h = self.size.width, self.size.height
        cx, cy = self.centre
        return cx + (col - w / 2.0) * self.scale, cy - (row - h / 2.0) * 2.0 * self.scale

    # ------------------------------------------------------------------ actions
    def action_zoom(self, factor: float) -> None:
        self._moved = True
        if self.site is None:
            return
        x0, x1, y0, y1 = self._extent()
        widest = max(x1 - x0, (y1 - y0) / 2.0, 50.0) / 2.0
        self.scale = min(max(self.scale * factor, 0.25), widest * 4.0)

    def action_pan(self, dx: int, dy: int) -> None:
        self._moved = True
        step_cols = max(self.size.width // 6, 2)
        cx, cy = self.centre
        self.centre = (cx + dx * step_cols * self.scale, cy + dy * step_cols * self.scale)

    def action_fit(self) -> None:
        self.fit(everything=not self._fit_all)

    def action_toggle_labels(self) -> None:
        self.show_labels = not self.show_labels

    def action_select(self, step: int) -> None:
        if not self._order:
            return
        try:
            i = self._order.index(self.selected)
        except ValueError:
            i = -1 if step > 0 else 0
        self.focus_node(self._order[(i + step) % len(self._order)])

    def watch_selected(self, node_id: str) -> None:
        node = self.site.node(node_id) if (self.site is not None and node_id) else None
        self.post_message(self.NodeSelected(node))

    # ------------------------------------------------------------------ drawing
    def render(self) -> Text:
        w, h = self.size.width, self.size.height
        if self.site is None or w < 4 or h < 2:
            return Text("")
        if not self._fitted:
            self.fit()
        grid = [[" "] * w for _ in range(h)]
        styles: list[list[str]] = [[""] * w for _ in range(h)]
        bg: list[list[str]] = [[""] * w for _ in range(h)]
        free = [[True] * w for _ in range(h)]
        zone = self.overlay.zone
        if zone is not None:
            self._draw_zone(zone, grid, styles, bg, w, h)
        self._draw_furniture(grid, styles, free, w, h)
        nodes = {n.id: n for n in self.site.nodes}
        cells = {n.id: self.to_cell(n.x_m, n.y_m) for n in self.site.nodes}
        for e in self.site.edges:
            if e.a in cells and e.b in cells:
                self._draw_line(cells[e.a], cells[e.b], grid, styles, free, w, h, vehicle=e.vehicle)
        for path, safe in self.overlay.routes:
            glyph, style = ROUTE_SAFE if safe else ROUTE_UNSAFE
            for a, b in itertools.pairwise(path):
                if a in cells and b in cells:
                    for c, r in line_cells(*cells[a], *cells[b]):
                        if 0 <= c < w and 0 <= r < h:
                            grid[r][c], styles[r][c], free[r][c] = glyph, style, False
        order = sorted(
            nodes.values(),
            key=lambda n: (n.id == self.selected, n.type in ("assembly_point", "tank", "esd_point")),
        )
        for n in order:
            c, r = cells[n.id]
            if 0 <= c < w and 0 <= r < h:
                glyph, style = GLYPHS.get(n.type, ("?", "bold"))
                if n.id in (self.selected, self.overlay.highlight):
                    style = "bold reverse"
                grid[r][c], styles[r][c], free[r][c] = glyph, style, False
        if self.show_labels:
            self._draw_labels(order, cells, grid, styles, free, w, h)
        return assemble(grid, styles, bg)

    def _draw_zone(
        self, zone: Any, grid: list[list[str]], styles: list[list[str]], bg: list[list[str]], w: int, h: int
    ) -> None:
        for r in range(h):
            for c in range(w):
                x, y = self.to_metres(c, r)
                z = zone.zone_at(x, y)
                if z == "isolation":
                    grid[r][c], styles[r][c], bg[r][c] = ISOLATION[0], ISOLATION[1], ISOLATION[2]
                elif z == "protective":
                    grid[r][c], styles[r][c], bg[r][c] = PROTECTIVE[0], PROTECTIVE[1], PROTECTIVE[2]

    def _draw_line(
        self,
        a: tuple[int, int],
        b: tuple[int, int],
        grid: list[list[str]],
        styles: list[list[str]],
        free: list[list[bool]],
        w: int,
        h: int,
        vehicle: bool,
    ) -> None:
        if max(abs(a[0] - b[0]), abs(a[1] - b[1])) > 4 * (w + h):
            return  # far off screen: not worth walking
        ch = edge_char(b[0] - a[0], b[1] - a[1], vehicle)
        style = ROAD_STYLE if vehicle else PATH_STYLE
        for c, r in line_cells(*a, *b):
            if 0 <= c < w and 0 <= r < h and (free[r][c] or grid[r][c] == "·"):
                grid[r][c], styles[r][c], free[r][c] = ch, style, False

    def _draw_labels(
        self,
        order: Sequence[Any],
        cells: dict[str, tuple[int, int]],
        grid: list[list[str]],
        styles: list[list[str]],
        free: list[list[bool]],
        w: int,
        h: int,
    ) -> None:
        from rich.cells import cell_len

        lang = self.lang
        for n in reversed(order):  # most important first
            if n.type not in LABELLED:
                continue
            c, r = cells[n.id]
            if not (0 <= r < h and 0 <= c < w):
                continue
            label = short_label(n, lang)
            start = c + 2
            need = cell_len(label)
            if start + need > w or not all(free[r][x] for x in range(start - 1, min(start + need, w))):
                continue
            x = start
            for ch in label:
                cw = cell_len(ch)
                if x + cw > w:
                    break
                grid[r][x] = ch
                styles[r][x] = "italic" if n.id != self.selected else "bold underline"
                free[r][x] = False
                if cw == 2 and x + 1 < w:
                    grid[r][x + 1] = ""  # the wide character covers this cell
                    free[r][x + 1] = False
                x += cw
            free[r][start - 1] = False

    def _draw_furniture(
        self, grid: list[list[str]], styles: list[list[str]], free: list[list[bool]], w: int, h: int
    ) -> None:
        arrow = f"N{north_arrow(self.site.north_deg)}"
        for i, ch in enumerate(arrow):
            c = w - len(arrow) - 1 + i
            if 0 <= c < w:
                grid[0][c], styles[0][c], free[0][c] = ch, "bold", False
        length = nice_length(self.scale * max(min(12, w // 4), 3))
        cols = max(round(length / self.scale), 2)
        bar = "├" + "─" * (cols - 2) + "┤" + f" {length:g} m"
        if len(bar) < w:
            for i, ch in enumerate(bar):
                grid[h - 1][i], styles[h - 1][i], free[h - 1][i] = ch, "bold", False


def legend(lang: str, with_zone: bool = False, with_routes: bool = False) -> Text:
    """The key to the plan's fills (first: they matter most when space is short) and letters."""
    text = Text()
    if with_zone:
        text.append(f" {ISOLATION[0]} ", style=f"{ISOLATION[1]} {ISOLATION[2]}")
        text.append(" " + pick(lang, "初始隔离区", "isolation zone") + "\n")
        text.append(f" {PROTECTIVE[0]} ", style=f"{PROTECTIVE[1]} {PROTECTIVE[2]}")
        text.append(" " + pick(lang, "下风向防护区", "protective zone") + "\n")
    if with_routes:
        text.append(f" {ROUTE_SAFE[0]} ", style=ROUTE_SAFE[1])
        text.append(" " + pick(lang, "安全疏散路线", "safe route") + "\n")
        text.append(f" {ROUTE_UNSAFE[0]} ", style=ROUTE_UNSAFE[1])
        text.append(" " + pick(lang, "穿越危险区", "crosses the zone") + "\n")
    for kind, (glyph, style) in GLYPHS.items():
        if kind == "road_junction":
            continue
        zh, en = NODE_TYPE_LABELS[kind]
        text.append(f" {glyph} ", style=style)
        text.append(f" {pick(lang, zh, en)}\n")
    text.append(" ━ ", style=ROAD_STYLE)
    text.append(" " + pick(lang, "车行道", "vehicle road") + "\n")
    text.append(" · ", style=PATH_STYLE)
    text.append(" " + pick(lang, "步行道", "footpath") + "\n")
    text.append(" N↑ ", style="bold")
    text.append(" " + pick(lang, "指北", "north") + "\n")
    return text


def node_summary(box: Any, node: Any, lang: str, chemicals: Any = None) -> Text:
    """One or two lines about a site node: what, where, who is there, what is stored."""
    if node is None:
        return Text(pick(lang, "按 ] 逐个选择节点", "press ] to step through the nodes"), style="dim")
    zh, en = NODE_TYPE_LABELS.get(node.type, (node.type, node.type))
    out = Text()
    glyph, style = GLYPHS.get(node.type, ("?", "bold"))
    out.append(f" {glyph} ", style=style)
    out.append(f" {node.tag + ' ' if node.tag else ''}{pick(lang, node.name_zh, node.name_en)}", style="bold")
    out.append(f"  {pick(lang, zh, en)} · ({node.x_m:g}, {node.y_m:g}) m")
    occ = node.occupancy
    if occ.max:
        out.append(
            pick(
                lang,
                f" · 人员 白{occ.day}/夜{occ.night}/假{occ.holiday}",
                f" · people day {occ.day}/night {occ.night}/holiday {occ.holiday}",
            )
        )
    if node.capacity:
        out.append(pick(lang, f" · 容纳 {node.capacity} 人", f" · holds {node.capacity}"))
    if node.controls:
        out.append(
            pick(lang, " · 切断 ", " · shuts ")
            + ", ".join(node.controls)
            + (pick(lang, "（远程）", " (remote)") if node.remote else "")
        )
    stored = list(_stored_at(box, node.id, chemicals, lang))
    if stored:
        out.append(" · " + "; ".join(stored))
    return out


def _stored_at(box: Any, node_id: str, chemicals: Any, lang: str) -> Iterable[str]:
    if box is None:
        return
    for u in box.units:
        for item in u.inventory:
            if item.node == node_id:
                chem = chemicals.get(item.chemical) if chemicals else None
                name = pick(lang, chem.name_zh, chem.name_en) if chem else item.chemical
                yield f"{name} {item.max_quantity_t:g} t"
