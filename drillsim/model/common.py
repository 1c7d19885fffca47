"""Small shared records: a sourced figure, head counts per shift."""

from __future__ import annotations

from dataclasses import dataclass

from drillsim.model.vocab import Shift


@dataclass(frozen=True, slots=True)
class Sourced:
    """A figure with its provenance: the value, where it came from, whether it was verified."""

    value: object
    source: str
    verified: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class ShiftCounts:
    """A head count per shift."""

    day: int = 0
    night: int = 0
    holiday: int = 0

    def get(self, shift: Shift) -> int:
        return int(getattr(self, shift))

    @property
    def max(self) -> int:
        return max(self.day, self.night, self.holiday)
