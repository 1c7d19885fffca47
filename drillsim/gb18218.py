"""GB 18218-2018 major hazard installations: identify units from their inventory (S) and grade them (R).

S = Σ qᵢ/Qᵢ (≥ 1: a major hazard installation); R = α Σ βᵢ qᵢ/Qᵢ graded by Table 6. Qᵢ comes from
Table 1 when the chemical is named there, else from its Table 2 class (the lowest critical quantity when
several classes are given); βᵢ from Table 3 for the listed toxic gases, else the class value (Table 4)
carried on the chemical record; α from Table 5 by the people within 500 m of the boundary. The tables
are package data (``drillsim/data/gb18218.yaml``, copied from the shared reference with its sources).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from drillsim.model import Chemical, HandoverBox, HazardUnit

_CAS = re.compile(r"\d{2,7}-\d{2}-\d")
_SYMBOL = re.compile(r"[JW]\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Table1Row:
    no: int
    name_zh: str
    aliases_zh: tuple[str, ...]
    cas: tuple[str, ...]
    critical_quantity_t: float


@dataclass(frozen=True, slots=True)
class Table2Class:
    symbol: str
    class_zh: str
    description_zh: str
    critical_quantity_t: float
    beta: float


@dataclass(frozen=True, slots=True)
class Gb18218Tables:
    """The standard's tables as loaded from the package data."""

    table1: tuple[Table1Row, ...]
    table2: Mapping[str, Table2Class]
    table3_beta: Mapping[str, float]  # lower-cased zh and en names -> β
    source: str


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    """One chemical's contribution to a unit: q (design maximum, t), Q, β and where Q and β came from."""

    chemical: str
    q_t: float
    critical_t: float
    beta: float
    basis: str  # e.g. "Table 1 no. 12 氯; β Table 3"
    record_mismatch: str = ""  # set when the chemical record's Q or β differs from the standard's table

    @property
    def ratio(self) -> float:
        return self.q_t / self.critical_t


@dataclass(frozen=True, slots=True)
class UnitAssessment:
    """The computed GB 18218 result for one unit of a handover box."""

    unit_id: str
    s: float
    r: float
    alpha: float
    level: int | None  # 1 (highest) - 4; None when S < 1 (not a major hazard installation)
    declared_level: int | None
    mismatch: bool
    rows: tuple[AssessmentRow, ...]
    unclassified: tuple[str, ...] = ()  # inventory chemicals with no Table 1 row and no Table 2 class
    line: int = 0

    @property
    def major(self) -> bool:
        return self.s >= 1.0


def _num(v: object) -> float:
    m = re.match(r"\s*([0-9.]+)", str(v))
    if not m:
        raise ValueError(f"not a number in GB 18218 data: {v!r}")
    return float(m.group(1))


def _split_names(s: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[;；、,，]", s) if p.strip())


@lru_cache(maxsize=1)
def tables() -> Gb18218Tables:
    """Load the standard's tables from the package data (once)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("drillsim.data").joinpath("gb18218.yaml").read_text(encoding="utf-8")
    )
    t1 = tuple(
        Table1Row(
            int(r["no"]),
            str(r["name_zh"]),
            _split_names(str(r.get("alias_zh") or "")),
            tuple(_CAS.findall(str(r.get("cas") or ""))),
            _num(r["critical_quantity_t"]),
        )
        for r in raw["table1_named_chemicals"]["rows"]
    )
    t2 = {
        str(r["symbol"]): Table2Class(
            str(r["symbol"]),
            str(r["class_zh"]),
            str(r["description_zh"]),
            _num(r["critical_quantity_t"]),
            float(r["beta_table4"]),
        )
        for r in raw["table2_classes"]["rows"]
    }
    t3: dict[str, float] = {}
    for r in raw["table3_beta_toxic_gases"]["rows"]:
        t3[str(r["name_zh"])] = float(r["beta"])
        t3[str(r["name_en"]).lower()] = float(r["beta"])
    return Gb18218Tables(t1, t2, t3, str(raw["meta"]["data_source"]))


def alpha(people_within_500m: int) -> float:
    """Table 5 α: exposed people within 500 m of the boundary.

    >>> [alpha(n) for n in (0, 1, 29, 30, 49, 50, 99, 100)]
    [0.5, 1.0, 1.0, 1.2, 1.2, 1.5, 1.5, 2.0]
    """
    if people_within_500m >= 100:
        return 2.0
    if people_within_500m >= 50:
        return 1.5
    if people_within_500m >= 30:
        return 1.2
    if people_within_500m >= 1:
        return 1.0
    return 0.5


def level(r: float) -> int:
    """Table 6: level 1 (R ≥ 100), 2 (50 ≤ R < 100), 3 (10 ≤ R < 50), 4 (R < 10).

    >>> [level(r) for r in (100, 99.9, 50, 49.9, 10, 9.9)]
    [1, 2, 2, 3, 3, 4]
    """
    if r >= 100:
        return 1
    if r >= 50:
        return 2
    if r >= 10:
        return 3
    return 4


def grade(
    pairs: Iterable[tuple[float, float, float]], people_within_500m: int
) -> tuple[float, float, int | None]:
    """S, R and the level for (q, Q, β) triples; level None when S < 1.

    The published exam example (SO₂ 200 t, Q 20 t, β 2, 60 people): R = 1.5 × 2 × 10 = 30, level 3.

    >>> grade([(200, 20, 2)], 60)
    (10.0, 30.0, 3)
    """
    items = list(pairs)
    s = sum(q / big_q for q, big_q, _ in items)
    r = alpha(people_within_500m) * sum(b * q / big_q for q, big_q, b in items)
    return s, r, (level(r) if s >= 1.0 else None)


def _names(chem: Chemical) -> set[str]:
    return {n.strip() for n in (chem.name_zh, *chem.synonyms_zh) if n.strip()}


def _table1_row(chem: Chemical, t: Gb18218Tables) -> Table1Row | None:
    """The chemical's Table 1 row: by the record's entry name, else CAS, else Chinese name or alias."""
    if chem.gb18218 is not None and chem.gb18218.table == 1:
        entry = chem.gb18218.entry.strip()
        for row in t.table1:
            if (
                entry == row.name_zh
                or entry.startswith(row.name_zh + " ")
                or entry.startswith(row.name_zh + "(")
            ):
                return row
    cas = {c for c in (chem.cas, *chem.cas_components) if c}
    by_cas = [row for row in t.table1 if cas & set(row.cas)]
    if by_cas:
        return min(by_cas, key=lambda r: r.critical_quantity_t)  # ambiguous CAS: lowest threshold
    names = _names(chem)
    for row in t.table1:
        base = re.sub(r"[(（].*$", "", row.name_zh).strip()
        if names & ({row.name_zh, base} | set(_split_names(base)) | set(row.aliases_zh)):
            return row
    return None


def _table3_beta(chem: Chemical, t: Gb18218Tables) -> float | None:
    for n in (*_names(chem), chem.name_en.lower(), *(s.lower() for s in chem.synonyms_en)):
        if n in t.table3_beta:
            return t.table3_beta[n]
    return None


def classify(chem: Chemical) -> tuple[float, float, str, str] | None:
    """(Q, β, basis, record_mismatch) for a chemical, or None when GB 18218 does not cover it."""
    t = tables()
    rec = chem.gb18218
    beta3 = _table3_beta(chem, t)
    row = _table1_row(chem, t)
    if row is not None:
        big_q = row.critical_quantity_t
        basis = f"Table 1 no. {row.no} {row.name_zh}"
    else:
        symbols = _SYMBOL.findall(rec.entry) if rec is not None and rec.table == 2 else []
        classes = [t.table2[s] for s in symbols if s in t.table2]
        if not classes:
            return None
        lowest = min(classes, key=lambda c: (c.critical_quantity_t, -c.beta))
        big_q = lowest.critical_quantity_t
        basis = f"Table 2 {lowest.symbol} ({lowest.class_zh} {lowest.description_zh})"
    if beta3 is not None:
        beta = beta3
        basis += "; β Table 3"
    elif rec is not None:
        beta = rec.beta
        basis += "; β Table 4 (class on the chemical record)"
    else:
        beta = 1.0
        basis += "; β 1 (no class recorded)"
    mismatch = []
    if rec is not None and abs(rec.critical_quantity_t - big_q) > 1e-9:
        mismatch.append(f"record Q {rec.critical_quantity_t:g} t, table {big_q:g} t")
    if rec is not None and abs(rec.beta - beta) > 1e-9:
        mismatch.append(f"record β {rec.beta:g}, table {beta:g}")
    return big_q, beta, basis, "; ".join(mismatch)


def assess_unit(
    unit: HazardUnit, chemicals: Mapping[str, Chemical], people_within_500m: int
) -> UnitAssessment:
    """Identify and grade one unit from its inventory (quantities of one chemical are added up)."""
    q_by_chem: dict[str, float] = {}
    for item in unit.inventory:
        q_by_chem[item.chemical] = q_by_chem.get(item.chemical, 0.0) + item.max_quantity_t
    rows: list[AssessmentRow] = []
    unclassified: list[str] = []
    for cid, q in q_by_chem.items():
        chem = chemicals.get(cid)
        found = classify(chem) if chem is not None else None
        if found is None:
            unclassified.append(cid)
            continue
        big_q, beta, basis, mism = found
        rows.append(AssessmentRow(cid, q, big_q, beta, basis, mism))
    s, r, lvl = grade(((x.q_t, x.critical_t, x.beta) for x in rows), people_within_500m)
    return UnitAssessment(
        unit_id=unit.id,
        s=s,
        r=r,
        alpha=alpha(people_within_500m),
        level=lvl,
        declared_level=unit.declared_level,
        mismatch=lvl != unit.declared_level,
        rows=tuple(rows),
        unclassified=tuple(unclassified),
        line=unit.line,
    )


def assess_box(box: HandoverBox, chemicals: Mapping[str, Chemical]) -> tuple[UnitAssessment, ...]:
    """GB 18218 assessment of every unit of ``box``, in the box's order."""
    return tuple(assess_unit(u, chemicals, box.people_within_500m) for u in box.units)
