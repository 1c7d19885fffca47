"""UI language: picking zh/en text, bilingual key bindings in the footer, labels that never rely on colour alone."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

LANGS = ("zh", "en")


def pick(lang: str, zh: str, en: str) -> str:
    """The text for ``lang``; the other language when that one is empty.

    >>> pick("zh", "液氯", "Chlorine"), pick("en", "液氯", "Chlorine"), pick("en", "液氯", "")
    ('液氯', 'Chlorine', '液氯')
    """
    if lang == "zh":
        return zh or en
    return en or zh


def plain(text: object) -> Text:
    """``text`` as literal Rich text: brackets in names, notes or queries are never read as markup.

    >>> plain("[/b] R-201～R-204").plain
    '[/b] R-201～R-204'
    """
    return Text("" if text is None else str(text))


def cells(*values: object) -> list[object]:
    """Table cells with every string made literal (see :func:`plain`); other renderables pass through.

    >>> [type(c).__name__ for c in cells("[b]", Text("x"), 3)]
    ['Text', 'Text', 'int']
    """
    return [plain(v) if isinstance(v, str) else v for v in values]


def split_bi(text: str, lang: str) -> str:
    """``"zh|en"`` → the side for ``lang``; text without ``|`` is returned as is.

    >>> split_bi("检索|Search", "zh"), split_bi("检索|Search", "en"), split_bi("Quit", "zh")
    ('检索', 'Search', 'Quit')
    """
    if "|" not in text:
        return text
    zh, _, en = text.partition("|")
    return pick(lang, zh, en)


def other(lang: str) -> str:
    """The other language.

    >>> other("zh"), other("en")
    ('en', 'zh')
    """
    return "en" if lang == "zh" else "zh"


def short_name(box: object, lang: str) -> str:
    """An enterprise's short name: the first Chinese one, or the longest Latin one, else the full name.

    >>> from types import SimpleNamespace as B
    >>> b = B(short_names=("恒晟氯碱", "恒晟", "Hengsheng", "Hengsheng Chlor-Alkali"), name_zh="徐州恒晟", name_en="Xuzhou Hengsheng")
    >>> short_name(b, "zh"), short_name(b, "en")
    ('恒晟氯碱', 'Hengsheng Chlor-Alkali')
    """
    names = tuple(getattr(box, "short_names", ()) or ())
    if lang == "zh":
        cjk = [n for n in names if not n.isascii()]
        return cjk[0] if cjk else str(getattr(box, "name_zh", ""))
    latin = [n for n in names if n.isascii()]
    return max(latin, key=len) if latin else str(getattr(box, "name_en", ""))


def pad(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal cells (a CJK character takes two).

    >>> pad("液氯ab", 6), pad("Chlorine", 4), cell_len(pad("氯", 3))
    ('液氯ab', 'Chlo', 3)
    """
    return set_cell_size(text, width)


def width(text: str) -> int:
    """Terminal cells taken by ``text``.

    >>> width("液氯"), width("Cl")
    (4, 2)
    """
    return cell_len(text)


# --------------------------------------------------------------------------- key bindings
_ORIGINAL = "_drillsim_original_bindings"


def localize_bindings(node: Any, lang: str) -> None:
    """Rewrite ``node``'s binding descriptions written ``"中文|English"`` into ``lang`` and refresh the footer."""
    from textual.binding import BindingsMap

    original = getattr(node, _ORIGINAL, None)
    if original is None:
        original = node._bindings.copy()
        setattr(node, _ORIGINAL, original)
    fresh = BindingsMap()
    for key, bindings in original.key_to_bindings.items():
        fresh.key_to_bindings[key] = [replace(b, description=split_bi(b.description, lang)) for b in bindings]
    node._bindings = fresh


KIND_LABELS = {
    "enterprise": ("企业", "Enterprise"),
    "site_node": ("场所", "Site"),
    "chemical": ("化学品", "Chemical"),
    "sds_section": ("SDS", "SDS"),
    "plan": ("预案", "Plan"),
    "plan_section": ("预案章节", "Plan section"),
    "scenario": ("演练情景", "Scenario"),
}

NODE_TYPE_LABELS = {
    "gate": ("大门", "gate"),
    "building": ("建筑", "building"),
    "process_unit": ("生产装置", "process unit"),
    "tank": ("储罐", "tank"),
    "warehouse": ("仓库", "warehouse"),
    "control_room": ("控制室", "control room"),
    "assembly_point": ("集合点", "assembly point"),
    "hydrant": ("消火栓", "hydrant"),
    "esd_point": ("紧急切断", "ESD point"),
    "wind_sock": ("风向标", "wind sock"),
    "road_junction": ("路口", "junction"),
}

SHIFT_LABELS = {"day": ("白班", "day"), "night": ("夜班", "night"), "holiday": ("节假日", "holiday")}

WIND_LABELS = {
    "N": ("北风", "N"),
    "NE": ("东北风", "NE"),
    "E": ("东风", "E"),
    "SE": ("东南风", "SE"),
    "S": ("南风", "S"),
    "SW": ("西南风", "SW"),
    "W": ("西风", "W"),
    "NW": ("西北风", "NW"),
}

EVENT_LABELS = {
    "release": ("泄漏发生", "release"),
    "detected": ("发现泄漏", "detected"),
    "alarm_internal": ("厂内报警", "internal alarm"),
    "report_unit_head": ("报告负责人", "unit head told"),
    "call_119": ("拨打119", "call 119"),
    "call_120": ("拨打120", "call 120"),
    "report_authority": ("报告主管部门", "authority told"),
    "esd_activated": ("紧急切断", "ESD activated"),
    "esd_failed": ("切断失败", "ESD failed"),
    "evacuation_ordered": ("下令疏散", "evacuation ordered"),
    "headcount_complete": ("清点完毕", "headcount complete"),
    "team_mobilized": ("处置队集结", "team mobilised"),
    "fire_dispatched": ("消防出动", "fire dispatched"),
    "fire_arrived": ("消防到场", "fire arrived"),
    "hazmat_arrived": ("化救到场", "hazmat arrived"),
    "isolation_zone_set": ("设立警戒区", "isolation zone set"),
    "leak_controlled": ("泄漏控制", "leak controlled"),
    "fire_controlled": ("火势控制", "fire controlled"),
    "casualty_exposed": ("人员中毒", "casualty exposed"),
    "casualty_extracted": ("伤员救出", "casualty extracted"),
    "casualty_triaged": ("检伤分类", "casualty triaged"),
    "ambulance_dispatched": ("救护车出动", "ambulance dispatched"),
    "casualty_at_hospital": ("送达医院", "at hospital"),
    "treatment_started": ("开始救治", "treatment started"),
    "antidote_given": ("使用解毒剂", "antidote given"),
    "antidote_stockout": ("解毒剂告罄", "antidote stock-out"),
    "hospital_diverted": ("医院分流", "hospital diverted"),
    "casualty_died": ("人员死亡", "casualty died"),
    "inject": ("情况插入", "inject"),
    "decision": ("决策", "decision"),
    "all_clear": ("解除警报", "all clear"),
    "milestone": ("节点", "milestone"),
    "plan_gap": ("预案缺口", "plan gap"),
    "warning": ("警告", "warning"),
    "player_action": ("指挥指令", "player action"),
    "note": ("备注", "note"),
}


def event_label(kind: str, lang: str) -> str:
    """The name of an event kind in ``lang`` (the kind itself when unknown).

    >>> event_label("call_119", "zh"), event_label("call_119", "en"), event_label("odd", "zh")
    ('拨打119', 'call 119', 'odd')
    """
    zh, en = EVENT_LABELS.get(kind, (kind, kind))
    return pick(lang, zh, en)


def clock(minutes: float | None) -> str:
    """Drill time as ``MM:SS`` (``H:MM:SS`` past an hour); ``—`` when unknown.

    >>> clock(7.5), clock(62), clock(None), clock(0)
    ('07:30', '1:02:00', '—', '00:00')
    """
    if minutes is None:
        return "—"
    total = round(max(minutes, 0.0) * 60)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
