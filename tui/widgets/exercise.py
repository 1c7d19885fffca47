"""The EXERCISE / 演练 banner: on every drill screen, at all times, so no one mistakes a drill for the real thing."""

from __future__ import annotations

from textual.widgets import Static

from drillsim.engine.timeline import EXERCISE_LABEL


class ExerciseBanner(Static):
    """A docked, reverse-video line reading EXERCISE / 演练 (and what kind of exercise)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(classes="exercise")
        self.detail = detail

    def on_mount(self) -> None:
        self.set_detail(self.detail)

    def set_detail(self, detail: str) -> None:
        self.detail = detail
        tail = f"  ·  {detail}" if detail else ""
        self.update(f"▲ {EXERCISE_LABEL} ▲{tail}")
