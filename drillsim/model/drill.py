"""Drill generators, injects and rubrics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from drillsim.model.vocab import EMPTY_MAP


@dataclass(frozen=True, slots=True)
class SourceChoice:
    enterprise: str
    unit: str
    chemical: str
    weight: float
    line: int = 0


@dataclass(frozen=True, slots=True)
class IncidentGenerator:
    start_min: tuple[float, float]
    sources: tuple[SourceChoice, ...]
    release_kind: Mapping[str, float]
    size: Mapping[str, float]
    line: int = 0


@dataclass(frozen=True, slots=True)
class WeatherModel:
    wind_dir: Mapping[str, float]
    wind_speed_ms: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title_zh: str
    title_en: str
    rubric: str
    duration_min: float
    shift: Mapping[str, float]
    weather: WeatherModel
    incidents: tuple[IncidentGenerator, ...]
    injects: tuple[str, ...]
    inject_probability: Mapping[str, float]
    description_zh: str = ""
    description_en: str = ""
    path: str = ""
    line: int = 0

    @property
    def enterprises(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.enterprise for inc in self.incidents for s in inc.sources))


@dataclass(frozen=True, slots=True)
class InjectCondition:
    on_event: str | None = None
    after_min: float | None = None
    before_min: float | None = None
    hazard_group: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionOption:
    id: str
    label_zh: str
    label_en: str
    default: bool = False


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    prompt_zh: str
    prompt_en: str
    deadline_min: float
    options: tuple[DecisionOption, ...]

    @property
    def default_option(self) -> DecisionOption:
        return next((o for o in self.options if o.default), self.options[0])


@dataclass(frozen=True, slots=True)
class Inject:
    id: str
    kind: str
    title_zh: str
    title_en: str
    probability: float
    when: InjectCondition
    params: Mapping[str, object] = field(default_factory=lambda: EMPTY_MAP)
    decision: DecisionSpec | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    measure: str  # KPI name or "event:<kind>"
    target_min: float
    one_point_min: float
    weight: float
    source: str
    applies: str = "always"  # always | casualties | antidote | leak | fire (see docs/grading.md)
    line: int = 0


@dataclass(frozen=True, slots=True)
class QualitativeIndicator:
    id: str
    name_zh: str
    name_en: str
    weight: float
    source: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Rubric:
    id: str
    title_zh: str
    title_en: str
    version: str
    indicators: tuple[Indicator, ...]
    qualitative: tuple[QualitativeIndicator, ...]
    path: str = ""
