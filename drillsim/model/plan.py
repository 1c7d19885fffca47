"""Response plans (GB/T 29639) with their executable steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PlanStep:
    id: str
    trigger: str
    actor: str
    action: str
    target_min: float
    duration_min: float | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class PlanSection:
    level: int
    title: str
    anchor: str
    body_md: str
    line: int


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    enterprise: str  # enterprise id or "city"
    kind: str
    title_zh: str
    title_en: str
    version: str
    approved: date | None
    hazards: tuple[str, ...]
    posts: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    body_md: str
    sections: tuple[PlanSection, ...]
    path: str = ""
    line: int = 0
