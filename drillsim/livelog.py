"""Logging a real drill live: start the clock, stamp milestones, add notes, fix a stamp with an audit trail.

The log is an append-only JSON-lines file of operations; the timeline is derived by replaying them, so a
correction never erases what was first stamped. The result grades like any simulated timeline.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drillsim.errors import InputError
from drillsim.model import EVENT_KINDS

STAMPABLE = tuple(k for k in EVENT_KINDS if k not in ("release", "inject", "decision"))
# One key per milestone in the TUI logger (and accepted as short names on the command line).
MILESTONE_KEYS: Mapping[str, str] = {
    "1": "detected",
    "2": "alarm_internal",
    "3": "report_unit_head",
    "4": "call_119",
    "5": "call_120",
    "6": "esd_activated",
    "7": "evacuation_ordered",
    "8": "headcount_complete",
    "9": "team_mobilized",
    "0": "fire_arrived",
    "h": "hazmat_arrived",
    "i": "isolation_zone_set",
    "l": "leak_controlled",
    "r": "report_authority",
    "x": "casualty_extracted",
    "t": "treatment_started",
    "a": "all_clear",
}


def parse_clock(text: str) -> float:
    """``MM:SS``, ``H:MM:SS`` or minutes as a number → minutes.

    >>> parse_clock("07:30"), parse_clock("1:02:00"), parse_clock("4.5")
    (7.5, 62.0, 4.5)
    >>> parse_clock("99:99")
    Traceback (most recent call last):
    drillsim.errors.InputError: time '99:99': expected MM:SS, H:MM:SS or minutes
    """
    text = text.strip()
    try:
        if ":" in text:
            parts = [float(p) for p in text.split(":")]
            if any(p < 0 for p in parts) or parts[-1] >= 60 or (len(parts) == 3 and parts[1] >= 60):
                raise ValueError(text)
            if len(parts) == 2:
                return parts[0] + parts[1] / 60
            if len(parts) == 3:
                return parts[0] * 60 + parts[1] + parts[2] / 60
        else:
            return float(text)
    except ValueError:
        pass
    raise InputError(f"time {text!r}: expected MM:SS, H:MM:SS or minutes")


@dataclass(frozen=True, slots=True)
class LogState:
    """The replayed state of a live log."""

    header: Mapping[str, Any]
    events: tuple[dict[str, Any], ...]  # sorted by t; each stamp keeps its number n
    audit: tuple[dict[str, Any], ...]  # every correction and voiding, in order
    ended: bool


def replay(ops: Iterable[Mapping[str, Any]]) -> LogState:
    """Rebuild the timeline from the operations (start, stamp, note, fix, void, end)."""
    header: Mapping[str, Any] = {}
    stamps: dict[int, dict[str, Any]] = {}
    audit: list[dict[str, Any]] = []
    ended = False
    for op in ops:
        kind = op.get("op")
        if kind == "start":
            header = dict(op)
        elif kind in ("stamp", "note"):
            n = int(op["n"])
            ev = {
                "n": n,
                "t": float(op["t"]),
                "kind": op.get("kind", "note"),
                "actor": op.get("actor", ""),
                "detail": op.get("detail", ""),
            }
            stamps[n] = ev
        elif kind == "fix":
            n = int(op["target"])
            if n in stamps:
                before = dict(stamps[n])
                if "t" in op:
                    stamps[n]["t"] = float(op["t"])
                if op.get("kind"):
                    stamps[n]["kind"] = op["kind"]
                audit.append(
                    {
                        "op": "fix",
                        "target": n,
                        "before": before,
                        "after": dict(stamps[n]),
                        "reason": op.get("reason", ""),
                        "wall": op.get("wall", ""),
                    }
                )
        elif kind == "void":
            n = int(op["target"])
            if n in stamps:
                audit.append(
                    {
                        "op": "void",
                        "target": n,
                        "before": stamps.pop(n),
                        "reason": op.get("reason", ""),
                        "wall": op.get("wall", ""),
                    }
                )
        elif kind == "end":
            ended = True
    events = sorted(stamps.values(), key=lambda e: (e["t"], e["n"]))
    return LogState(header, tuple(events), tuple(audit), ended)


def to_timeline(state: LogState) -> dict[str, Any]:
    """The timeline JSON (DESIGN.md shape; origin live, seed null) of a replayed log."""
    from drillsim.kpis import compute_kpis

    events = [{"t": 0.0, "kind": "release", "actor": "", "detail": "drill clock started / 演练开始计时"}]
    for e in state.events:
        kind = e["kind"] if e["kind"] in EVENT_KINDS else "note"
        events.append(
            {"t": round(e["t"], 3), "kind": kind, "actor": e["actor"], "detail": e["detail"], "stamp": e["n"]}
        )
    events.sort(key=lambda e: (e["t"], e.get("stamp", 0)))
    return {
        "scenario": state.header.get("scenario", ""),
        "enterprise": state.header.get("enterprise", ""),
        "seed": None,
        "origin": "live",
        "events": events,
        "kpis": compute_kpis(events),
        "actions": [],
        "meta": {
            "trainer": state.header.get("trainer", ""),
            "started": state.header.get("wall", ""),
            "audit": list(state.audit),
        },
    }


class LiveLog:
    """An append-only live drill log on disk. ``clock`` returns wall seconds (injectable for tests)."""

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock

    def _read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            raise InputError(f"{self.path}: no live drill log here (start one with `drillsim log start`)")
        ops = []
        with self.path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    ops.append(json.loads(line))
                except json.JSONDecodeError:
                    raise InputError(
                        f"{self.path}:{i}: live log line is not JSON (the file was edited by hand?)"
                    ) from None
        if not ops or ops[0].get("op") != "start":
            raise InputError(f"{self.path}:1: live log does not begin with a start record")
        return ops

    def _append(self, op: dict[str, Any]) -> None:
        op.setdefault("wall", datetime.fromtimestamp(self.clock(), UTC).isoformat())
        line = json.dumps(op, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write the live log ({exc.strerror})") from None

    def state(self) -> LogState:
        return replay(self._read())

    def elapsed_min(self) -> float:
        start = float(self._read()[0]["t0"])
        return max(0.0, (self.clock() - start) / 60.0)

    def start(self, enterprise: str, scenario: str, trainer: str = "", force: bool = False) -> None:
        if self.path.exists() and not force:
            st = replay(self._read())
            if not st.ended:
                raise InputError(
                    f"{self.path}: a live drill is already being logged (end it, or start with --force to begin a new file)"
                )
        if self.path.exists():
            self.path.rename(self.path.with_suffix(f".{int(self.clock())}.jsonl"))
        self._append(
            {
                "op": "start",
                "t0": self.clock(),
                "enterprise": enterprise,
                "scenario": scenario,
                "trainer": trainer,
            }
        )

    def _next_n(self, ops: list[dict[str, Any]]) -> int:
        return 1 + max((int(o["n"]) for o in ops if o.get("op") in ("stamp", "note")), default=0)

    def _open_ops(self) -> list[dict[str, Any]]:
        ops = self._read()
        if replay(ops).ended:
            raise InputError(f"{self.path}: this drill log has ended; start a new one")
        return ops

    def stamp(self, kind: str, t: float | None = None, actor: str = "", detail: str = "") -> int:
        kind = MILESTONE_KEYS.get(kind, kind)
        if kind not in STAMPABLE:
            raise InputError(f"milestone {kind!r}: expected one of {', '.join(STAMPABLE)}")
        ops = self._open_ops()
        n = self._next_n(ops)
        when = self.elapsed_min() if t is None else t
        if when < 0:
            raise InputError("a milestone cannot be before the start of the drill")
        self._append(
            {"op": "stamp", "n": n, "kind": kind, "t": round(when, 3), "actor": actor, "detail": detail}
        )
        return n

    def note(self, text: str, t: float | None = None) -> int:
        ops = self._open_ops()
        n = self._next_n(ops)
        self._append(
            {
                "op": "note",
                "n": n,
                "kind": "note",
                "t": round(self.elapsed_min() if t is None else t, 3),
                "detail": text,
            }
        )
        return n

    def fix(self, target: int, reason: str, t: float | None = None, kind: str | None = None) -> None:
        if not reason.strip():
            raise InputError("a correction needs a reason (it is kept in the audit trail)")
        ops = self._open_ops()
        if target not in {e["n"] for e in replay(ops).events}:
            raise InputError(f"no stamp #{target} to correct")
        if kind is not None:
            kind = MILESTONE_KEYS.get(kind, kind)
            if kind not in STAMPABLE:
                raise InputError(f"milestone {kind!r}: expected one of {', '.join(STAMPABLE)}")
        op: dict[str, Any] = {"op": "fix", "target": target, "reason": reason}
        if t is not None:
            op["t"] = round(t, 3)
        if kind:
            op["kind"] = kind
        self._append(op)

    def void(self, target: int, reason: str) -> None:
        if not reason.strip():
            raise InputError("removing a stamp needs a reason (it is kept in the audit trail)")
        ops = self._open_ops()
        if target not in {e["n"] for e in replay(ops).events}:
            raise InputError(f"no stamp #{target} to remove")
        self._append({"op": "void", "target": target, "reason": reason})

    def end(self) -> dict[str, Any]:
        ops = self._read()
        if not replay(ops).ended:
            self._append({"op": "end"})
        return to_timeline(self.state())
