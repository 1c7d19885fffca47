"""The search document and the small helpers every document builder shares (labels, bilingual text, paths)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from drillsim.model import Chemical, HandoverBox

KINDS = ("enterprise", "site_node", "chemical", "sds_section", "plan", "plan_section", "scenario")

# site nodes worth a document of their own (gates, hydrants, wind socks and junctions are not)
NODE_TYPES_OF_NOTE = (
    "tank",
    "process_unit",
    "building",
    "warehouse",
    "control_room",
    "assembly_point",
    "esd_point",
)
NODE_TYPE_LABEL = {
    "tank": ("储罐", "tank"),
    "process_unit": ("生产装置", "process unit"),
    "building": ("建筑", "building"),
    "warehouse": ("仓库", "warehouse"),
    "control_room": ("控制室", "control room"),
    "assembly_point": ("应急集合点", "assembly point"),
    "esd_point": ("紧急切断点", "ESD emergency shutdown point"),
}
RISK_LABEL = {
    "red": "红色 特别管控 red",
    "yellow": "黄色 重点关注 yellow",
    "green": "绿色 一般监管 green",
}
PLAN_KIND_LABEL = {
    "comprehensive": "综合应急预案 comprehensive plan",
    "special": "专项应急预案 special plan",
    "onsite": "现场处置方案 on-site plan",
}
BODY_LIMIT = 6000  # characters of body kept per document


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable document: what a hit shows and opens, plus the text and identifiers it is found by.

    ``names`` are the whole names a responder may type exactly (ranked first when matched whole);
    ``refs`` are identifiers the document mentions (``cas:...``, ``un:...``) without being their record.
    ``heading`` stands in for names on sections (weighted like a name, never matched whole);
    ``places`` are searched with the names but never whole: addresses, districts, the owner's short
    names (so ``恒晟 储罐`` finds Hengsheng's tanks without reading document bodies);
    ``group`` is the unit of incremental re-indexing.
    """

    id: str
    group: str
    enterprise: str
    kind: str
    title: str
    path: str
    anchor: str
    body: str
    names: tuple[str, ...] = ()
    cas: tuple[str, ...] = ()
    un: tuple[str, ...] = ()
    erg: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    heading: str = ""
    places: tuple[str, ...] = ()


def rel_path(path: str, root: str | os.PathLike[str] | None) -> str:
    """``path`` relative to the content root, with forward slashes.

    >>> rel_path("/c/kb/enterprises/x.yaml", "/c"), rel_path("kb/sds/a.md", "/c")
    ('kb/enterprises/x.yaml', 'kb/sds/a.md')
    """
    if not path:
        return ""
    if root and os.path.isabs(path):
        try:
            path = os.path.relpath(path, root)
        except ValueError:  # another drive on Windows
            return path.replace(os.sep, "/")
    return path.replace(os.sep, "/")


def bi(zh: str, en: str) -> str:
    """A bilingual label ``zh / en`` (one side alone when the other is empty).

    >>> bi("液氯", "Chlorine"), bi("", "Chlorine")
    ('液氯 / Chlorine', 'Chlorine')
    """
    return " / ".join(x for x in (zh, en) if x)


def join_text(parts: Iterable[object]) -> str:
    return " ".join(str(p) for p in parts if p)


def chem_label(chem: Chemical | None, chem_id: str) -> str:
    if chem is None:
        return chem_id
    return join_text([chem.name_zh, chem.name_en, *chem.synonyms_zh, *chem.synonyms_en])


def chem_name(chem: Chemical | None, chem_id: str) -> str:
    """Names only (no synonyms): what a site-node document says about the chemical it holds."""
    return f"{chem.name_zh} {chem.name_en}" if chem else chem_id


def chem_refs(chem: Chemical | None) -> list[str]:
    if chem is None:
        return []
    refs = [f"cas:{c}" for c in (chem.cas, *chem.cas_components) if c]
    refs += [f"un:{n}" for n in chem.un_numbers]
    refs += [f"erg:{g}" for g in chem.erg_guides]
    return refs


def short_name(box: HandoverBox) -> str:
    return box.short_names[0] if box.short_names else box.name_zh


def owner_of(box: HandoverBox) -> str:
    """The enterprise as documents of it mention it: first short name and first Latin short name."""
    latin = [s for s in box.short_names if s.isascii()][:1]
    return " ".join(dict.fromkeys([short_name(box), *latin]))
