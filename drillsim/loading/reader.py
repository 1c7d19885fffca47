"""A record reader that validates one mapping field by field and collects every problem.

Reading a key marks it as known; whatever is left over at :meth:`Record.done` is an unknown key, reported
with the nearest known key suggested.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from drillsim.errors import Problem
from drillsim.loading.source import LDict, LList
from drillsim.model import ShiftCounts, Sourced

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,63}$")
_MISSING = object()

# Quantities above these are absurd for the field's unit (a typo or a unit mix-up).
ABSURD = {"_t": 1_000_000, "_m": 200_000, "_km": 2_000, "_min": 100_000, "_pct": 100, "_ms": 100, "_kmh": 300}


class Problems:
    """Collects problems of one load (errors and warnings)."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message, "error"))

    def warn(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "text"


class Record:
    """One YAML mapping being read; every accessor reports problems instead of raising."""

    def __init__(self, probs: Problems, path: str, data: Any, what: str, line: int = 0) -> None:
        self.probs = probs
        self.path = path
        self.what = what
        self.ok = isinstance(data, dict)
        self.data: dict = data if self.ok else LDict()
        self.line = getattr(data, "line", 0) or line
        self.seen: set[str] = set()
        if not self.ok:
            self.probs.error(path, self.line, f"{what}: expected a mapping, found {type_name(data)}")

    # ----------------------------------------------------------------- plumbing
    def key_line(self, key: str) -> int:
        lines = getattr(self.data, "key_lines", {})
        return int(lines.get(key, self.line))

    def err(self, key: str | None, message: str) -> None:
        line = self.key_line(key) if key else self.line
        self.probs.error(self.path, line, message)

    def warn(self, key: str | None, message: str) -> None:
        line = self.key_line(key) if key else self.line
        self.probs.warn(self.path, line, message)

    def _get(self, key: str, required: bool) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if required and self.ok:
                self.err(None, f"{self.what}: missing required key '{key}'")
            return _MISSING
        return self.data[key]

    def has(self, key: str) -> bool:
        return key in self.data

    def done(self) -> None:
        """Report keys that nothing read (unknown keys), suggesting the nearest known key."""
        for key in self.data:
            if key in self.seen:
                continue
            skey = str(key)
            near = difflib.get_close_matches(skey, sorted(self.seen), n=1, cutoff=0.6)
            hint = (
                f" (did you mean '{near[0]}'?)"
                if near
                else f" (expected one of: {', '.join(sorted(self.seen))})"
            )
            self.err(skey, f"{self.what}: unknown key '{skey}'{hint}")

    # ----------------------------------------------------------------- scalars
    def text(self, key: str, required: bool = True, default: str = "") -> str:
        v = self._get(key, required)
        if v is _MISSING or (v is None and not required):
            return default
        if isinstance(v, (bool, dict | list)) or v is None:
            self.err(key, f"{self.what}: '{key}' should be text, found {type_name(v)}")
            return default
        s = str(v)
        if required and not s.strip():
            self.err(key, f"{self.what}: '{key}' is empty (expected text)")
        return s

    def id(self, key: str = "id", required: bool = True) -> str:
        v = self.text(key, required)
        if v and not ID_RE.match(v):
            self.err(
                key,
                f"{self.what}: '{key}' {v!r} is not a valid id (expected lowercase letters, digits, _ or -, 2-64 chars)",
            )
        return v

    def opt_str(self, key: str) -> str | None:
        v = self._get(key, False)
        if v is _MISSING or v is None:
            return None
        if isinstance(v, dict | list | bool):
            self.err(key, f"{self.what}: '{key}' should be text, found {type_name(v)}")
            return None
        return str(v)

    def num(
        self,
        key: str,
        required: bool = True,
        default: float | None = 0.0,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        integer: bool = False,
    ) -> Any:
        v = self._get(key, required)
        if v is _MISSING or (v is None and not required):
            return default
        kind = "a whole number" if integer else "a number"
        if isinstance(v, bool) or not isinstance(v, int | float):
            extra = ""
            if isinstance(v, str) and re.match(r"^\s*-?[\d.]+\s*[a-zA-Z%]+", v):
                extra = "; put the unit in the field name, not the value"
            self.err(key, f"{self.what}: '{key}' should be {kind}, found {type_name(v)} {v!r}{extra}")
            return default
        if integer and isinstance(v, float) and not v.is_integer():
            self.err(key, f"{self.what}: '{key}' should be {kind}, found {v!r}")
            return default
        if isinstance(v, float) and not math.isfinite(v):
            self.err(key, f"{self.what}: '{key}' is not a finite number")
            return default
        if minimum is not None and v < minimum:
            self.err(key, f"{self.what}: '{key}' is {v}, below the minimum {minimum} (expected >= {minimum})")
        cap = maximum
        if cap is None:
            for suffix, limit in ABSURD.items():
                if key.endswith(suffix):
                    cap = limit
        if cap is not None and v > cap:
            self.err(key, f"{self.what}: '{key}' is {v}, absurdly large (expected <= {cap})")
        return int(v) if integer else float(v)

    def whole(
        self, key: str, required: bool = True, default: int = 0, minimum: int = 0, maximum: int | None = None
    ) -> int:
        return int(self.num(key, required, default, minimum, maximum, integer=True) or 0)

    def flag(self, key: str, required: bool = False, default: bool = False) -> bool:
        v = self._get(key, required)
        if v is _MISSING or v is None:
            return default
        if not isinstance(v, bool):
            self.err(key, f"{self.what}: '{key}' should be true or false, found {type_name(v)} {v!r}")
            return default
        return v

    def day(self, key: str, required: bool = True) -> date | None:
        v = self._get(key, required)
        if v is _MISSING or v is None:
            return None
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, date):
            return v
        if isinstance(v, str):
            try:
                return date.fromisoformat(v.strip())
            except ValueError:
                pass
        self.err(key, f"{self.what}: '{key}' should be a date YYYY-MM-DD, found {v!r}")
        return None

    def enum(
        self, key: str, choices: tuple[str, ...], required: bool = True, default: str | None = None
    ) -> Any:
        v = self._get(key, required)
        if v is _MISSING or (v is None and not required):
            return default
        if not isinstance(v, str) or v not in choices:
            near = difflib.get_close_matches(str(v), choices, n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            self.err(
                key,
                f"{self.what}: '{key}' is {v!r}, not a known value ({hint}expected one of: {', '.join(choices)})",
            )
            return default if default is not None else (choices[0] if choices else "")
        return v

    # ----------------------------------------------------------------- containers
    def items(self, key: str, required: bool = False) -> Iterator[tuple[Any, int]]:
        """Yield (item, line) of a list value."""
        v = self._get(key, required)
        if v is _MISSING or v is None:
            return
        if not isinstance(v, list):
            self.err(key, f"{self.what}: '{key}' should be a list, found {type_name(v)}")
            return
        lines = getattr(v, "item_lines", [])
        for i, item in enumerate(v):
            yield item, (lines[i] if i < len(lines) else self.key_line(key))

    def records(self, key: str, what: str, required: bool = False) -> Iterator[Record]:
        for item, line in self.items(key, required):
            yield Record(self.probs, self.path, item, what, line)

    def strs(self, key: str, required: bool = False) -> tuple[str, ...]:
        out = []
        for item, line in self.items(key, required):
            if isinstance(item, dict | list | bool) or item is None:
                self.probs.error(
                    self.path, line, f"{self.what}: items of '{key}' should be text, found {type_name(item)}"
                )
                continue
            out.append(str(item))
        return tuple(out)

    def record(self, key: str, what: str, required: bool = True) -> Record | None:
        v = self._get(key, required)
        if v is _MISSING or (v is None and not required):
            return None
        return Record(self.probs, self.path, v, what, self.key_line(key))

    def weights(self, key: str, choices: tuple[str, ...] | None, required: bool = True) -> dict[str, float]:
        """A mapping of choice -> weight (non-negative) that must sum to 1."""
        rec = self.record(key, f"{self.what}.{key}", required)
        if rec is None or not rec.ok:
            return {}
        out: dict[str, float] = {}
        for k in list(rec.data):
            sk = str(k)
            if choices is not None and sk not in choices:
                rec.seen.add(sk)
                rec.err(
                    sk,
                    f"{self.what}: '{key}' has unknown choice '{sk}' (expected one of: {', '.join(choices)})",
                )
                continue
            out[sk] = rec.num(sk, minimum=0.0, maximum=1.0) or 0.0
        rec.done()
        total = sum(out.values())
        if out and abs(total - 1.0) > 0.001:
            self.err(key, f"{self.what}: weights of '{key}' sum to {total:.3f} (expected 1)")
        if not out:
            self.err(key, f"{self.what}: '{key}' has no choices (expected at least one weight)")
        return out

    def shift_counts(self, key: str, required: bool = False) -> ShiftCounts:
        rec = self.record(key, f"{self.what}.{key}", required)
        if rec is None or not rec.ok:
            return ShiftCounts()
        sc = ShiftCounts(
            day=rec.whole("day", maximum=5000),
            night=rec.whole("night", maximum=5000),
            holiday=rec.whole("holiday", maximum=5000),
        )
        rec.done()
        return sc

    def sourced(self, key: str, required: bool = True) -> Sourced:
        v = self._get(key, required)
        if v is _MISSING:
            return Sourced(None, "", False)
        if not isinstance(v, dict):
            self.err(
                key,
                f"{self.what}: '{key}' should be a sourced value {{value, source, verified}}, found {type_name(v)}",
            )
            return Sourced(None, "", False)
        rec = Record(self.probs, self.path, v, f"{self.what}.{key}", self.key_line(key))
        rec.seen.add("value")
        if "value" not in rec.data:
            rec.err(None, f"{self.what}.{key}: missing required key 'value' (use null for no value)")
        value = _freeze(rec.data.get("value"))
        source = rec.text("source")
        verified = rec.flag("verified", default=True)
        note = rec.text("note", required=False)
        rec.done()
        return Sourced(value, source, verified, note)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


def list_line(value: Any, default: int) -> int:
    return getattr(value, "line", default) if isinstance(value, LList | LDict) else default
