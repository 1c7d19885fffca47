"""The drill console's panes as text: event lines, incidents, casualties by triage, resources as gauges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from tui.i18n import WIND_LABELS, clock, event_label, pick
from tui.widgets.badges import triage_badge
from tui.widgets.gauge import gauge

KIND_STYLE = {
    "release": "bold red",
    "casualty_died": "bold white on red",
    "casualty_exposed": "red",
    "antidote_stockout": "bold red",
    "hospital_diverted": "yellow",
    "inject": "bold yellow",
    "decision": "bold yellow",
    "player_action": "bold cyan",
    "plan_gap": "bold magenta",
    "warning": "magenta",
    "esd_failed": "bold red",
    "leak_controlled": "bold green",
    "fire_controlled": "bold green",
    "all_clear": "bold green",
}
MARK = {
    "casualty_died": "†",
    "inject": "⚠",
    "decision": "?",
    "player_action": "▶",
    "plan_gap": "!",
    "esd_failed": "✗",
}


def compass(deg: float, lang: str) -> str:
    """A wind bearing as the nearest of the eight compass names, with the degrees.

    >>> compass(90, "en"), compass(200, "zh")
    ('E (90°)', '南风 (200°)')
    """
    from drillsim.model import WIND_DIRS

    name = WIND_DIRS[round((deg % 360) / 45.0) % 8]
    zh, en = WIND_LABELS[name]
    return f"{pick(lang, zh, en)} ({deg:g}°)"


def event_line(e: Any, lang: str) -> Text:
    """One line of the event log: time, kind and what happened."""
    line = Text()
    line.append(f"{clock(e.t)} ", style="dim")
    style = KIND_STYLE.get(e.kind, "")
    line.append(f"{MARK.get(e.kind, '·')} {event_label(e.kind, lang)}", style=style or "bold")
    text = e.text(lang)
    if text:
        line.append("  " + text)
    if e.incident:
        line.append(f"  #{e.incident + 1}", style="dim")
    return line


def _t(lang: str) -> Callable[[str, str], str]:
    return lambda zh, en: pick(lang, zh, en)


def incidents_text(snap: Any, content: Any, lang: str, current: int = 0) -> Text:
    """The incidents of a drill: where, what, whether it is still leaking or burning, who is on scene."""
    t = _t(lang)
    out = Text()
    for inc in snap.incidents:
        chem = content.chemicals.get(inc["chemical"])
        name = pick(lang, chem.name_zh, chem.name_en) if chem else inc["chemical"]
        mark = "▸" if inc["index"] == current else " "
        out.append(f"{mark}#{inc['index'] + 1} ", style="bold")
        out.append(pick(lang, inc["name_zh"], inc["name_en"]) + "\n")
        size = t("大量", "large") if inc["size"] == "large" else t("小量", "small")
        kind = {
            "leak": ("泄漏", "leak"),
            "fire": ("火灾", "fire"),
            "explosion": ("爆炸", "explosion"),
        }.get(inc["release_kind"], (inc["release_kind"], inc["release_kind"]))
        box = content.enterprises.get(inc["enterprise"])
        node = box.site.node(inc["node"]) if box is not None else None
        where = (node.tag or pick(lang, node.name_zh, node.name_en)) if node is not None else inc["node"]
        out.append(f"  {name} {size}{t('', ' ')}{t(*kind)} @ {where}\n")
        state = []
        if inc["leak_active"]:
            state.append(Text(t("● 泄漏中", "● leaking"), style="bold red"))
        elif inc["released"]:
            state.append(Text(t("○ 已控制", "○ controlled"), style="green"))
        if inc["fire_active"]:
            state.append(Text(t("▲ 燃烧中", "▲ burning"), style="bold red"))
        if inc["power_out"]:
            state.append(Text(t("停电", "power out"), style="yellow"))
        out.append("  ")
        out.append(Text(" ").join(state) if state else Text("—"))
        out.append(
            t(
                f"\n  隔离 {inc['isolate_m']:g} m · 防护 {inc['protect_m'] / 1000:.1f} km · {compass(inc['wind_from_deg'], 'zh')}\n",
                f"\n  isolate {inc['isolate_m']:g} m · protect {inc['protect_m'] / 1000:.1f} km · wind from {compass(inc['wind_from_deg'], 'en')}\n",
            ),
            style="dim",
        )
        out.append(
            t(
                f"  现场：消防车 {inc['engines_on_scene']} · 化救 {inc['hazmat_on_scene']} · 救援组 {inc['rescue_pairs']}\n",
                f"  on scene: engines {inc['engines_on_scene']} · hazmat {inc['hazmat_on_scene']} · rescue pairs {inc['rescue_pairs']}\n",
            ),
        )
    return out


def casualties_text(snap: Any, lang: str) -> Text:
    """Casualties by triage category, each a badge with a letter and a count."""
    t = _t(lang)
    c = snap.casualties
    out = Text(t("伤亡（按检伤分类）\n", "Casualties by triage\n"), style="bold")
    for colour, key in (
        ("red", "alive_red"),
        ("yellow", "alive_yellow"),
        ("green", "alive_green"),
        ("dead", "dead"),
    ):
        out.append_text(triage_badge(colour, lang, int(c.get(key, 0))))
        out.append(" ")
    out.append(t(f"\n共 {c.get('total', 0)} 人", f"\n{c.get('total', 0)} in all"), style="dim")
    treated = c.get("status_treated", 0)
    if treated:
        out.append(t(f" · 已救治 {treated}", f" · treated {treated}"), style="dim")
    return out


def resources_text(snap: Any, content: Any, lang: str) -> Text:
    """City resources in use as gauges: engines, hazmat units, ambulances, stations turned out, hospital beds and antidotes."""
    t = _t(lang)
    out = Text("\n")
    units = snap.units
    eng = sum(u["engines"] for u in units)
    eng_used = sum(u["engines"] - u["engines_free"] for u in units)
    hz = sum(u["hazmat"] for u in units)
    hz_used = sum(u["hazmat"] - u["hazmat_free"] for u in units)
    amb = sum(a["total"] for a in snap.ambulances)
    amb_used = sum(a["total"] - a["free"] for a in snap.ambulances)
    out.append(t("全市力量（在用/总数）\n", "City resources (in use / total)\n"), style="bold")
    out.append_text(gauge(t("消防车", "engines"), eng_used, eng, 12, 8))
    out.append("\n")
    out.append_text(gauge(t("化学救援车", "hazmat units"), hz_used, hz, 12, 8))
    out.append("\n")
    out.append_text(gauge(t("救护车", "ambulances"), amb_used, amb, 12, 8))
    queued = sum(a["queued"] for a in snap.ambulances)
    if queued:
        out.append(t(f"  等待 {queued}", f"  waiting {queued}"), style="bold red")
    out.append("\n")
    busy = [u for u in units if u["engines_free"] < u["engines"] or u["hazmat_free"] < u["hazmat"]]
    if busy:
        out.append(t("\n出动中的站队\n", "\nStations turned out\n"), style="bold")
        for u in busy:
            name = pick(lang, u["name_zh"], u["name_en"])
            total = u["engines"] + u["hazmat"]
            used = total - u["engines_free"] - u["hazmat_free"]
            out.append_text(gauge(name, used, total, 16, 6))
            out.append("\n")
    antidotes = antidotes_of_interest(snap, content)
    out.append(
        t("\n医院（中毒床位 在用/总数）\n", "\nHospitals (poison beds in use / total)\n"), style="bold"
    )
    for h in sorted(snap.hospitals, key=lambda h: (-(h["poison"] - h["poison_free"]), h["id"])):
        if h["poison"] <= 0 and not any(h["antidotes"].get(a, 0) for a in antidotes):
            continue
        name = pick(lang, h["name_zh"], h["name_en"])
        out.append_text(gauge(name, h["poison"] - h["poison_free"], h["poison"], 16, 6))
        if h["poison_queue"]:
            out.append(t(f" 候床 {h['poison_queue']}", f" queue {h['poison_queue']}"), style="bold red")
        out.append("\n")
        stock = [f"{a} {h['antidotes'].get(a, 0)}" for a in antidotes]
        if stock:
            empty = all(h["antidotes"].get(a, 0) == 0 for a in antidotes)
            out.append("   " + " · ".join(stock) + "\n", style="bold red" if empty else "dim")
    return out


def antidotes_of_interest(snap: Any, content: Any) -> list[str]:
    """The antidotes of the chemicals released in this drill."""
    chems = content.chemicals
    out: list[str] = []
    for inc in snap.incidents:
        chem = chems.get(inc["chemical"])
        for a in chem.antidotes if chem else ():
            if a not in out:
                out.append(a)
    return out
