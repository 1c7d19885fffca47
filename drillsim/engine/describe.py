"""Readable, bilingual descriptions of timeline events (built after the run, never during it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TEXT: dict[str, tuple[str, str]] = {
    "release": (
        "{release_kind} of {chemical_en} at {node} ({size}); isolate {isolate_m} m, protect {protect_m} m downwind",
        "{node} 发生{chemical_zh}{release_kind_zh}（{size_zh}）；初始隔离 {isolate_m} m，下风向防护 {protect_m} m",
    ),
    "detected": ("release detected by {how_en}", "{how_zh}发现泄漏"),
    "alarm_internal": ("site alarm raised", "发出厂内警报"),
    "report_unit_head": ("unit head informed", "报告单位负责人"),
    "call_119": ("119 called (fire)", "拨打 119 报警"),
    "call_120": ("120 called (ambulance)", "拨打 120 急救"),
    "report_authority": ("accident reported to the authority", "向应急管理部门报告"),
    "esd_activated": ("ESD closed ({how}) at {point}", "紧急切断阀关闭（{how_zh}）：{point}"),
    "esd_failed": ("ESD failed to close at {point} ({cause})", "紧急切断阀拒动：{point}（{cause}）"),
    "evacuation_ordered": ("evacuation ordered ({people} on site)", "下达疏散指令（在场 {people} 人）"),
    "headcount_complete": (
        "headcount: {present} present, {missing} missing",
        "清点人数：到场 {present} 人，失踪 {missing} 人",
    ),
    "team_mobilized": ("emergency team in SCBA ready", "应急处置队佩戴空气呼吸器集结完毕"),
    "fire_dispatched": (
        "{unit} dispatched from {station} (ETA {eta_min} min)",
        "{station} 出动{unit_zh}（预计 {eta_min} 分钟）",
    ),
    "fire_arrived": ("{unit} from {station} on scene", "{station} {unit_zh}到场"),
    "hazmat_arrived": ("hazmat unit from {station} on scene", "{station} 危化品处置车到场"),
    "isolation_zone_set": ("isolation zone set, {radius_m} m", "设立警戒隔离区 {radius_m} m"),
    "leak_controlled": ("leak controlled: {how}", "泄漏得到控制：{how}"),
    "fire_controlled": ("fire controlled: {how}", "火势得到控制：{how}"),
    "casualty_exposed": (
        "casualty #{casualty} ({colour}) at {where}{trapped_en}",
        "伤员 #{casualty}（{colour_zh}）位于 {where}{trapped_zh}",
    ),
    "casualty_extracted": (
        "casualty #{casualty} carried out from {where}",
        "伤员 #{casualty} 从 {where} 救出",
    ),
    "casualty_triaged": ("casualty #{casualty} triaged {colour}", "伤员 #{casualty} 检伤分类：{colour_zh}"),
    "ambulance_dispatched": (
        "ambulance from {base} for casualty #{casualty}",
        "{base} 救护车出车接伤员 #{casualty}",
    ),
    "casualty_at_hospital": ("casualty #{casualty} at {hospital}", "伤员 #{casualty} 送达 {hospital}"),
    "treatment_started": (
        "casualty #{casualty}: treatment started ({place}{bed}){wait_en}",
        "伤员 #{casualty} 开始救治（{place_zh}{bed}）{wait_zh}",
    ),
    "antidote_given": (
        "casualty #{casualty}: {antidote} given at {hospital}",
        "伤员 #{casualty} 在 {hospital} 使用解毒剂 {antidote}",
    ),
    "antidote_stockout": ("{hospital}: no {antidotes} in stock", "{hospital} 解毒剂（{antidotes}）缺货"),
    "hospital_diverted": (
        "{hospital} full: casualty #{casualty} diverted to {to}",
        "{hospital} 床位已满：伤员 #{casualty} 转送 {to}",
    ),
    "casualty_died": (
        "casualty #{casualty} died {death_en}, {minutes_since_exposure} min after exposure",
        "伤员 #{casualty} {death_zh}，距暴露 {minutes_since_exposure} 分钟",
    ),
    "inject": (
        "INJECT {title}: {effect} (cause: {cause})",
        "情景注入「{title_zh}」：{effect}（起因：{cause}）",
    ),
    "decision": ("decision {decision}: {status} {option}", "决策 {decision}：{status} {option}"),
    "all_clear": ("all clear", "解除警戒"),
    "milestone": ("{what}{reason_sep}{reason}", "{what}{reason_sep}{reason}"),
    "plan_gap": ("PLAN GAP ({enterprise} · {what}): {reason}", "预案缺陷（{enterprise} · {what}）：{reason}"),
    "warning": ("warning ({what}): {reason}", "警告（{what}）：{reason}"),
    "player_action": ("player: {action}", "演练人员操作：{action}"),
}
_WHAT: dict[str, tuple[str, str]] = {
    "esd_ineffective": ("ESD closed but the leak continues", "切断阀已关闭但泄漏仍在继续"),
    "mobilized": ("mobilised", "已启动响应"),
    "request_mutual_aid": ("mutual aid requested", "请求增援"),
    "public_evacuation": ("public evacuation downwind", "组织下风向群众疏散"),
    "water_curtain": ("water curtain set", "设置水幕稀释"),
    "rescue_pairs_committed": ("rescue pairs in SCBA committed", "佩戴空气呼吸器的救援小组投入搜救"),
    "guide_at_gate": ("guide with the handover box at the gate", "门卫携应急交底箱在大门引导"),
    "first_aid_post": ("first-aid post set up", "设立现场急救点"),
    "decontamination_ready": ("decontamination line ready", "洗消通道就绪"),
    "gas_below_limits": ("gas readings below limits", "检测浓度低于限值"),
    "report_upward": ("reported up to the next level", "逐级上报"),
    "ems_arrived": ("120 crew on scene", "120 急救人员到场"),
    "casualty_deteriorated": ("casualty #{casualty} deteriorated to red", "伤员 #{casualty} 伤情恶化为红色"),
    "leak_seal_failed": ("sealing attempt failed", "堵漏失败"),
    "foam_attack_holding": ("foam attack holding only", "泡沫仅能控制、无法扑灭"),
    "cool_tanks": ("tanks cooled", "冷却储罐"),
    "scba_air_exhausted": ("SCBA air exhausted", "空气呼吸器气源耗尽"),
}
_ZH = {
    "leak": "泄漏",
    "fire": "火灾",
    "explosion": "爆炸",
    "small": "小量",
    "large": "大量",
    "red": "红（危重）",
    "yellow": "黄（重）",
    "green": "绿（轻）",
    "gas_detector": "固定式气体探测器",
    "worker": "现场人员",
    "patrol": "巡检人员",
    "engine": "消防车",
    "hazmat": "危化品处置车",
    "remote": "远程",
    "local": "就地",
    "manual": "手动",
}
_STAGE_ZH = {
    "exposed": "等待救出",
    "extracted": "救出后",
    "triaged": "现场救治中",
    "transport": "转运途中",
    "hospital": "医院",
}
_NAMED = ("station", "hospital", "base", "to", "node", "point", "where", "transferred_from")


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def describe(kind: str, fields: Mapping[str, Any], names: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    """English and Chinese text of one event; ``names`` maps ids to (zh, en) display names.

    >>> describe("alarm_internal", {}, {})
    ('site alarm raised', '发出厂内警报')
    """
    en, zh = _TEXT.get(kind, (kind.replace("_", " "), kind))
    f_en, f_zh = _Fields(fields), _Fields(fields)
    for key in _NAMED:
        v = fields.get(key)
        if isinstance(v, str) and v in names:
            f_zh[key], f_en[key] = names[v]
    what = str(fields.get("what", ""))
    if what in _WHAT:
        f_en["what"], f_zh["what"] = _WHAT[what]
    for f in (f_en, f_zh):
        _common(f, fields, names)
    if what in _WHAT and "{" in f_en["what"]:
        f_en["what"] = f_en["what"].format_map(f_en)
        f_zh["what"] = f_zh["what"].format_map(f_zh)
    return en.format_map(f_en), zh.format_map(f_zh)


def _common(f: _Fields, fields: Mapping[str, Any], names: Mapping[str, tuple[str, str]]) -> None:
    chem = str(fields.get("chemical", ""))
    zh_name, en_name = names.get(chem, (chem, chem))
    f["chemical_en"], f["chemical_zh"] = en_name, zh_name
    for key in ("release_kind", "size", "colour", "unit", "how"):
        if key in fields:
            f[f"{key}_zh"] = _ZH.get(str(fields[key]), str(fields[key]))
            f[f"{key}_en"] = str(fields[key]).replace("_", " ")
    if "timing" in fields:
        stage = str(fields.get("stage", ""))
        if fields["timing"] == "immediate":
            f["death_en"] = "at the scene (lethal dose where they lay)"
            f["death_zh"] = "现场死亡（倒地处吸入致死剂量）"
        else:
            f["death_en"] = f"later ({stage.replace('_', ' ')})"
            f["death_zh"] = f"迟发死亡（{_STAGE_ZH.get(stage, stage)}）"
    if fields.get("trapped"):
        f["trapped_en"], f["trapped_zh"] = ", trapped", "，被困"
    if "bed" in fields:
        f["bed"] = f", {fields['bed']} bed"
    if "place" not in fields:
        f["place"] = "hospital"
    f["place_zh"] = "现场" if fields.get("place") == "scene" else "医院"
    if fields.get("wait_min") is not None:
        f["wait_en"] = f", waited {fields['wait_min']} min for a bed"
        f["wait_zh"] = f"，等待床位 {fields['wait_min']} 分钟"
    if fields.get("reason"):
        f["reason_sep"] = ": "
    if isinstance(fields.get("antidotes"), list | tuple):
        f["antidotes"] = ", ".join(fields["antidotes"])
