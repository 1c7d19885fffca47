"""Capacity data and labels: stored batch results per scenario, KPI and gap-cell names, gap-cell badges."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tui.i18n import pick

KPI_LABELS = {
    "t_detected": ("发现", "detected"),
    "t_alarm": ("报警", "alarm"),
    "t_call_119": ("报 119", "call 119"),
    "t_report_authority": ("报告主管部门", "authority told"),
    "t_esd": ("紧急切断", "ESD"),
    "t_first_fire_arrival": ("首车到场", "first engine"),
    "t_hazmat_arrival": ("化救到场", "hazmat arrival"),
    "t_headcount_complete": ("清点完毕", "headcount"),
    "t_leak_controlled": ("泄漏控制", "leak controlled"),
    "t_last_casualty_treated": ("最后伤员救治", "last casualty treated"),
    "casualties": ("伤员", "casualties"),
    "deaths": ("死亡", "deaths"),
    "max_wait_poison_bed_min": ("最长候床", "longest poison-bed wait"),
    "antidote_stockouts": ("解毒剂告罄", "antidote stock-outs"),
    "diversions": ("医院分流", "diversions"),
}
CELL_LABELS = {
    "hazmat": ("首个化救", "1st hazmat"),
    "hazmat_depth": ("第二化救", "2nd hazmat"),
    "antidote": ("解毒剂", "antidote"),
    "poison_beds": ("中毒床位", "poison beds"),
    "specialist": ("专业能力", "specialist"),
}
STATUS = {
    "red": ("R", "红", "red", "bold white on red"),
    "yellow": ("Y", "黄", "yel", "bold black on yellow"),
    "green": ("G", "绿", "ok", "bold white on dark_green"),
}


def stored_batches(services: Any, content: Any) -> dict[str, Any]:
    """scenario id → {"runs", "values": {kpi: [...]}} of the newest stored baseline batch of each scenario."""
    from drillsim.model import KPI_NAMES

    db = services.records()
    if db is None:
        return {}
    out: dict[str, Any] = {}
    with db:
        for sid in content.scenarios:
            latest = db.latest_batch(sid, content.digest) or db.latest_batch(sid)
            if latest is None:
                continue
            batch_id, runs = latest
            out[sid] = {"runs": runs, "values": {k: db.batch_values(batch_id, k) for k in KPI_NAMES}}
    return out


def status_cell(cell: dict[str, Any], lang: str) -> Text:
    """A gap-matrix cell: letter, word and colour (``—`` when it does not apply)."""
    if not cell.get("applicable", True):
        return Text("—", style="dim")
    letter, zh, en, style = STATUS.get(cell["status"], ("?", "?", "?", "reverse"))
    return Text(f" {letter} {pick(lang, zh, en)} ", style=style)
