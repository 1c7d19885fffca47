"""Chemicals and their safety data sheets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drillsim.model.common import Sourced


@dataclass(frozen=True, slots=True)
class UNEntry:
    number: str
    name_en: str
    erg_guide: str
    tih: bool = False


@dataclass(frozen=True, slots=True)
class ErgSpill:
    """ERG Table 1 row for one spill size: isolation radius and downwind protective distances."""

    isolate_m: float
    day_km: float
    night_km: float


@dataclass(frozen=True, slots=True)
class ErgTable3Row:
    """ERG Table 3 large-spill row by container; distances per wind band (low, moderate, high)."""

    container: str
    isolate_m: float
    day_km: tuple[float, float, float]
    night_km: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Erg:
    source: str
    verified: bool = True
    guide_spill_isolate_m: float | None = None
    fire_isolate_m: float | None = None
    small: ErgSpill | None = None
    large: ErgSpill | None = None
    table3: tuple[ErgTable3Row, ...] = ()


@dataclass(frozen=True, slots=True)
class Gb18218Entry:
    table: int
    entry: str
    critical_quantity_t: float
    beta: float
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class Clinical:
    """Drill-engine parameters for casualties of one chemical (documented, mostly expert estimates)."""

    source: str
    verified: bool
    red_to_death_min: float
    yellow_to_red_min: float
    treatment_window_min: float
    needs_poison_bed: bool
    decon_required: bool
    antidote_doses_per_casualty: int
    severity_per_exposure_min: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Chemical:
    id: str
    name_zh: str
    name_en: str
    synonyms_zh: tuple[str, ...]
    synonyms_en: tuple[str, ...]
    cas: str | None
    cas_components: tuple[str, ...]
    un: tuple[UNEntry, ...]
    state: str
    molecular_weight_g_mol: float | None
    hazard_groups: tuple[str, ...]
    specialist_class: str
    storage_group: str
    erg: Erg | None
    ghs_classes: Sourced
    flash_point_c: Sourced
    lel_pct: Sourced
    uel_pct: Sourced
    idlh_ppm: Sourced | None
    idlh_mg_m3: Sourced | None
    exposure_route: Sourced
    antidotes: tuple[str, ...]
    antidote_note: Sourced
    extinguishing: Sourced
    water_reactive: Sourced
    gb18218: Gb18218Entry | None
    clinical: Clinical
    path: str = ""
    line: int = 0

    @property
    def tih(self) -> bool:
        return any(u.tih for u in self.un)

    @property
    def un_numbers(self) -> tuple[str, ...]:
        return tuple(u.number for u in self.un)

    @property
    def erg_guides(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.erg_guide for u in self.un))

    def is_(self, group: str) -> bool:
        return group in self.hazard_groups


@dataclass(frozen=True, slots=True)
class SdsSection:
    no: int
    title_zh: str
    title_en: str
    body_md: str
    line: int


@dataclass(frozen=True, slots=True)
class Sds:
    chemical: str
    revised: date | None
    language: str
    source: str
    title: str
    sections: tuple[SdsSection, ...]
    path: str = ""

    def section(self, no: int) -> SdsSection | None:
        for s in self.sections:
            if s.no == no:
                return s
        return None
