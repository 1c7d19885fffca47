"""Drawing a handover box's site plan as inline SVG: buildings, tanks, roads, hydrants, ESD points,
assembly points, wind sock, north arrow, scale bar — and, on the evacuation map, routes and a hazard zone.

Everything drawn comes from numbers and escaped names; no content text is inserted unescaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

from drillsim.model import HandoverBox, SiteNode

# Symbol, fill and a letter per node type: the letter keeps the plan readable in black and white.
STYLE: Mapping[str, tuple[str, str, str]] = {
    "gate": ("gate", "#555555", "G"),
    "building": ("rect", "#d9e2ec", "B"),
    "process_unit": ("rect", "#f3d9b1", "P"),
    "tank": ("circle", "#f6c7c7", "T"),
    "warehouse": ("rect", "#e4d8f0", "W"),
    "control_room": ("rect", "#c7e9f6", "C"),
    "assembly_point": ("square", "#2e7d32", "A"),
    "hydrant": ("dot", "#c62828", "H"),
    "esd_point": ("triangle", "#ef6c00", "E"),
    "wind_sock": ("flag", "#1565c0", "W"),
    "road_junction": ("junction", "#9e9e9e", ""),
}
LEGEND = (
    ("building", "建筑 Building"),
    ("process_unit", "装置 Process unit"),
    ("tank", "储罐 Tank"),
    ("warehouse", "仓库 Warehouse"),
    ("control_room", "控制室 Control room"),
    ("assembly_point", "集合点 Assembly point"),
    ("esd_point", "紧急切断 ESD point"),
    ("hydrant", "消火栓 Hydrant"),
    ("wind_sock", "风向标 Wind sock"),
    ("gate", "大门 Gate"),
)


class Frame:
    """Maps site metres to SVG pixels. The frame fits the plant itself: a node far outside it (an
    off-site shelter 1 km away) is pinned to the frame's edge in its true direction and labelled with
    its distance, so it does not shrink the plant to a corner."""

    def __init__(self, nodes: Sequence[SiteNode], width: int, height: int, margin: int = 40):
        core = core_nodes(nodes)
        xs = [n.x_m for n in core]
        ys = [n.y_m for n in core]
        self.x0, self.x1 = min(xs), max(xs)
        self.y0, self.y1 = min(ys), max(ys)
        span_x = max(self.x1 - self.x0, 1.0)
        span_y = max(self.y1 - self.y0, 1.0)
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin - 30) / span_y)
        self.margin = margin
        self.height = height
        self.width = width
        self.core_ids = {n.id for n in core}

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        px = self.margin + (x - self.x0) * self.scale
        py = self.height - self.margin - 30 - (y - self.y0) * self.scale
        return px, py

    def pinned(self, x: float, y: float) -> tuple[float, float]:
        """Where a far node is drawn: on the frame's edge, on the line from the plant's centre."""
        cx, cy = self((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)
        px, py = self(x, y)
        dx, dy = px - cx, py - cy
        left, right = self.margin / 2, self.width - self.margin / 2
        top, bottom = self.margin / 2 + 20, self.height - self.margin / 2 - 30
        t = 1.0
        for edge, d, c in ((left, dx, cx), (right, dx, cx), (top, dy, cy), (bottom, dy, cy)):
            if d and 0 < (edge - c) / d < t:
                t = (edge - c) / d
        return cx + dx * t, cy + dy * t


def core_nodes(nodes: Sequence[SiteNode]) -> list[SiteNode]:
    """The plant's own nodes: all but those much farther from the centre than the rest (off-site points)."""
    if len(nodes) < 4:
        return list(nodes)
    cx = sorted(n.x_m for n in nodes)[len(nodes) // 2]
    cy = sorted(n.y_m for n in nodes)[len(nodes) // 2]
    dist = sorted(math.hypot(n.x_m - cx, n.y_m - cy) for n in nodes)
    r90 = dist[int(0.9 * (len(dist) - 1))]
    limit = max(2.5 * r90, 1.0)
    core = [n for n in nodes if math.hypot(n.x_m - cx, n.y_m - cy) <= limit]
    return core if len(core) >= 2 else list(nodes)


def _symbol(kind: str, x: float, y: float, fill: str, letter: str, size: float = 9.0) -> str:
    s = size
    if kind == "circle":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{fill}" stroke="#333"/>'
    elif kind == "square":
        shape = f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}" stroke="#1b5e20"/>'
    elif kind == "dot":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s * 0.55:.1f}" fill="{fill}"/>'
    elif kind == "triangle":
        shape = f'<polygon points="{x:.1f},{y - s:.1f} {x - s:.1f},{y + s * 0.8:.1f} {x + s:.1f},{y + s * 0.8:.1f}" fill="{fill}" stroke="#333"/>'
    elif kind == "flag":
        shape = f'<line x1="{x:.1f}" y1="{y + s:.1f}" x2="{x:.1f}" y2="{y - s:.1f}" stroke="#333" stroke-width="1.5"/><polygon points="{x:.1f},{y - s:.1f} {x + s * 1.4:.1f},{y - s * 0.6:.1f} {x:.1f},{y - s * 0.2:.1f}" fill="{fill}"/>'
    elif kind == "gate":
        shape = f'<rect x="{x - s:.1f}" y="{y - s * 0.4:.1f}" width="{2 * s:.1f}" height="{s * 0.8:.1f}" fill="{fill}"/>'
    elif kind == "junction":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{fill}"/>'
    else:
        shape = f'<rect x="{x - s * 1.4:.1f}" y="{y - s:.1f}" width="{2.8 * s:.1f}" height="{2 * s:.1f}" fill="{fill}" stroke="#333"/>'
    text_fill = "#fff" if kind in ("square", "gate") else "#111"
    label = (
        f'<text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle" font-size="9" font-weight="bold" fill="{text_fill}">{letter}</text>'
        if letter and kind != "dot"
        else ""
    )
    return shape + label


def _nice_scale(metres_per_px: float, target_px: float = 120) -> float:
    raw = metres_per_px * target_px
    mag = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if step * mag >= raw:
            return step * mag
    return 10 * mag


def site_svg(
    box: HandoverBox,
    width: int = 760,
    height: int = 560,
    routes: Mapping[str, Sequence[str]] | None = None,
    unsafe: Sequence[str] = (),
    zone_polygon: Sequence[tuple[float, float]] | None = None,
    zone_label: str = "",
    title: str = "",
    lang: str = "zh",
) -> str:
    """The site plan (or, with ``routes``/``zone_polygon``, the evacuation map) as an SVG string."""
    nodes = box.site.nodes
    if not nodes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    plan_height = height
    height = plan_height + 46  # a strip below the plan holds the legend, so it never covers a node
    f = Frame(nodes, width, plan_height)
    pos = {n.id: f(n.x_m, n.y_m) if n.id in f.core_ids else f.pinned(n.x_m, n.y_m) for n in nodes}
    far = {n.id for n in nodes if n.id not in f.core_ids}
    cxm, cym = (f.x0 + f.x1) / 2, (f.y0 + f.y1) / 2
    e = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" font-family="sans-serif" font-size="10" role="img" aria-label="{e(title or box.name_en)}">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fcfcf8" stroke="#999"/>',
    ]
    if title:
        out.append(f'<text x="10" y="16" font-size="13" font-weight="bold">{e(title)}</text>')
    if zone_polygon:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (f(px, py) for px, py in zone_polygon))
        out.append(
            f'<polygon points="{pts}" fill="#ef9a9a" fill-opacity="0.35" stroke="#c62828" stroke-dasharray="6 3"/>'
        )
        if zone_label:
            out.append(f'<text x="10" y="32" fill="#c62828">{e(zone_label)}</text>')
    for edge in box.site.edges:
        if edge.a not in pos or edge.b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[edge.a], pos[edge.b]
        if edge.vehicle:
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#b0b0b0" stroke-width="6" stroke-linecap="round"/>'
            )
        else:
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#9e9e9e" stroke-width="1.2" stroke-dasharray="3 3"/>'
            )
    if routes:
        out.append(
            '<defs><marker id="arr" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#2e7d32"/></marker></defs>'
        )
        for origin, path in routes.items():
            pts = [pos[p] for p in path if p in pos]
            if len(pts) < 2:
                continue
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            colour = "#c62828" if origin in unsafe else "#2e7d32"
            out.append(
                f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2.5" marker-end="url(#arr)" opacity="0.85"/>'
            )
    for n in nodes:
        kind, fill, letter = STYLE.get(n.type, ("rect", "#eee", "?"))
        x, y = pos[n.id]
        out.append(_symbol(kind, x, y, fill, letter))
        if n.type in ("road_junction", "hydrant"):
            continue
        name = n.name_zh if lang == "zh" else n.name_en
        short = name.split("（")[0].split("(")[0].strip()[: 14 if lang == "zh" else 24]
        label = n.tag or short
        if n.id in far:
            km = math.hypot(n.x_m - cxm, n.y_m - cym) / 1000
            label = f"→ {label} ({km:.1f} km)"
        occ = n.occupancy.max
        if occ and n.type in ("building", "process_unit", "control_room", "warehouse"):
            label += f" ({occ}人)" if lang == "zh" else f" ({occ} ppl)"
        out.append(
            f'<text x="{x + 12:.1f}" y="{y - 6:.1f}" font-size="8.5" fill="#222"><title>{e(n.name_zh)} {e(n.name_en)}</title>{e(label[:40])}</text>'
        )
    # north arrow (the site's y axis points at bearing north_deg, so north is rotated by -north_deg)
    nx_, ny_ = width - 40, 60
    out.append(
        f'<g transform="rotate({-box.site.north_deg:.1f} {nx_} {ny_})"><polygon points="{nx_},{ny_ - 22} {nx_ - 8},{ny_ + 8} {nx_},{ny_ + 2} {nx_ + 8},{ny_ + 8}" fill="#111"/>'
        f'<text x="{nx_}" y="{ny_ - 26}" text-anchor="middle" font-weight="bold">N 北</text></g>'
    )
    # scale bar
    metres = _nice_scale(1 / f.scale)
    px = metres * f.scale
    sx, sy = 20, plan_height - 18
    out.append(f'<line x1="{sx}" y1="{sy}" x2="{sx + px:.1f}" y2="{sy}" stroke="#111" stroke-width="3"/>')
    out.append(f'<text x="{sx + px / 2:.1f}" y="{sy - 5}" text-anchor="middle">{metres:g} m</text>')
    # legend, in its own strip below the plan
    out.append(f'<line x1="0" y1="{plan_height}" x2="{width}" y2="{plan_height}" stroke="#ccc"/>')
    per_row = 5
    col_w = (width - 20) / per_row
    for i, (kind_name, text) in enumerate(LEGEND):
        kind, fill, letter = STYLE[kind_name]
        lx = 14 + (i % per_row) * col_w
        yy = plan_height + 16 + (i // per_row) * 18
        out.append(_symbol(kind, lx, yy - 3, fill, letter, size=5))
        out.append(f'<text x="{lx + 12:.1f}" y="{yy}" font-size="9">{e(text)}</text>')
    if routes:
        out.append(f'<text x="{sx}" y="{sy - 22}" fill="#2e7d32">→ 疏散路线 evacuation route</text>')
    out.append("</svg>")
    return "\n".join(out)
