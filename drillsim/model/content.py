"""Everything loaded from one content tree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from drillsim.model.box import HandoverBox
from drillsim.model.chemical import Chemical, Sds
from drillsim.model.city import City
from drillsim.model.drill import Inject, Rubric, Scenario
from drillsim.model.plan import Plan


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from one content tree, validated and cross-referenced."""

    root: str
    chemicals: Mapping[str, Chemical]
    sds: Mapping[str, Sds]
    enterprises: Mapping[str, HandoverBox]
    city: City
    plans: Mapping[str, Plan]
    scenarios: Mapping[str, Scenario]
    injects: Mapping[str, Inject]
    rubrics: Mapping[str, Rubric]
    digest: str = ""

    def plans_for(self, enterprise_id: str) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans.values() if p.enterprise == enterprise_id)

    def counts(self) -> dict[str, int]:
        return {
            "enterprises": len(self.enterprises),
            "chemicals": len(self.chemicals),
            "sds": len(self.sds),
            "plans": len(self.plans),
            "scenarios": len(self.scenarios),
            "rubrics": len(self.rubrics),
            "fire_stations": len(self.city.fire_stations),
            "hospitals": len(self.city.hospitals),
        }
