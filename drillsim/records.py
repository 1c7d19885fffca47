"""Drill records: graded drills and batch KPI rows in SQLite (WAL, transactions, versioned schema).

A database left by an older version is migrated in place inside a transaction; a locked, corrupt or
newer database raises :class:`RecordsError` and nothing already recorded is touched.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drillsim.errors import RecordsError

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 15_000

# Each migration takes the schema from version i to i+1. Never edit a shipped one; append.
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: graded drills
    """
    CREATE TABLE drills (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at TEXT NOT NULL,
        enterprise TEXT NOT NULL,
        scenario TEXT NOT NULL,
        seed INTEGER,
        rubric_id TEXT NOT NULL,
        rubric_version TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        timeline_json TEXT NOT NULL,
        criteria_json TEXT NOT NULL
    );
    CREATE INDEX drills_enterprise ON drills(enterprise, recorded_at);
    """,
    # 1 -> 2: who ran it, player actions, where it came from
    """
    ALTER TABLE drills ADD COLUMN trainer TEXT NOT NULL DEFAULT '';
    ALTER TABLE drills ADD COLUMN team TEXT NOT NULL DEFAULT '';
    ALTER TABLE drills ADD COLUMN actions_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE drills ADD COLUMN origin TEXT NOT NULL DEFAULT 'simulated';
    ALTER TABLE drills ADD COLUMN drill_date TEXT NOT NULL DEFAULT '';
    UPDATE drills SET drill_date = substr(recorded_at, 1, 10) WHERE drill_date = '';
    """,
    # 2 -> 3: batch KPI rows, for "slower than N % of simulated runs"
    """
    CREATE TABLE batch_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario TEXT NOT NULL,
        content_digest TEXT NOT NULL,
        base_seed INTEGER NOT NULL,
        runs INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        variant TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE batch_kpis (
        batch_id INTEGER NOT NULL REFERENCES batch_runs(id) ON DELETE CASCADE,
        run_index INTEGER NOT NULL,
        kpi TEXT NOT NULL,
        value REAL
    );
    CREATE INDEX batch_kpis_lookup ON batch_kpis(batch_id, kpi);
    CREATE INDEX batch_runs_scenario ON batch_runs(scenario, created_at);
    """,
)
assert len(MIGRATIONS) == SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class DrillRecord:
    id: int
    recorded_at: str
    drill_date: str
    enterprise: str
    scenario: str
    seed: int | None
    rubric_id: str
    rubric_version: str
    score: float
    max_score: float
    trainer: str
    team: str
    origin: str
    criteria: tuple[Mapping[str, Any], ...]
    timeline: Mapping[str, Any]
    actions: tuple[Mapping[str, Any], ...]

    def as_dict(self, with_timeline: bool = False) -> dict[str, Any]:
        out = {
            "id": self.id,
            "recorded_at": self.recorded_at,
            "drill_date": self.drill_date,
            "enterprise": self.enterprise,
            "scenario": self.scenario,
            "seed": self.seed,
            "rubric": self.rubric_id,
            "rubric_version": self.rubric_version,
            "score": self.score,
            "max": self.max_score,
            "trainer": self.trainer,
            "team": self.team,
            "origin": self.origin,
            "criteria": [dict(c) for c in self.criteria],
            "actions": [dict(a) for a in self.actions],
        }
        if with_timeline:
            out["timeline"] = dict(self.timeline)
        return out


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _friendly(exc: sqlite3.Error, path: Path) -> RecordsError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return RecordsError(
            f"{path}: drill records are locked by another process (tried for {BUSY_TIMEOUT_MS // 1000} s); nothing was changed, try again"
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return RecordsError(
            f"{path}: drill records file is corrupt or not a drillsim database ({msg}); it was left untouched — restore a backup or use --db elsewhere"
        )
    if "readonly" in msg or "unable to open" in msg:
        return RecordsError(f"{path}: cannot write drill records ({msg}); check permissions or use --db")
    return RecordsError(f"{path}: drill records error: {msg}")


class DrillRecords:
    """The drill records database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordsError(f"{self.path}: cannot create the records directory ({exc.strerror})") from None
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a network FS: still works, just without WAL
                self.conn.execute("PRAGMA journal_mode = DELETE")
            self._migrate()
        except sqlite3.Error as exc:
            self._close_quietly()
            raise _friendly(exc, self.path) from None

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> DrillRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._close_quietly()

    def _close_quietly(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            with suppress(sqlite3.Error):
                conn.close()
            self.conn = None  # type: ignore[assignment]

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise _friendly(exc, self.path) from None

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise RecordsError(
                f"{self.path}: drill records are schema version {version}, newer than this drillsim ({SCHEMA_VERSION}); "
                "upgrade drillsim — the file was left untouched"
            )
        if version == SCHEMA_VERSION:
            self.conn.execute("SELECT count(*) FROM drills").fetchone()  # detects a corrupt file early
            return
        with self._tx() as conn:
            # re-read inside the write lock: another process may have migrated meanwhile
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # ------------------------------------------------------------------ drills
    def record_drill(
        self,
        timeline: Mapping[str, Any],
        grade: Mapping[str, Any],
        trainer: str = "",
        team: str = "",
        drill_date: str | None = None,
    ) -> int:
        """Store one graded drill; returns its id."""
        recorded = _now()
        row = (
            recorded,
            drill_date or recorded[:10],
            str(timeline.get("enterprise") or ""),
            str(timeline.get("scenario") or ""),
            timeline.get("seed"),
            str(grade.get("rubric") or ""),
            str(grade.get("rubric_version") or ""),
            float(grade["score"]),
            float(grade["max"]),
            trainer,
            team,
            str(timeline.get("origin") or "simulated"),
            json.dumps(grade.get("criteria", []), ensure_ascii=False),
            json.dumps(dict(timeline), ensure_ascii=False),
            json.dumps(list(timeline.get("actions") or []), ensure_ascii=False),
        )
        try:
            with self._tx() as conn:
                cur = conn.execute(
                    "INSERT INTO drills (recorded_at, drill_date, enterprise, scenario, seed, rubric_id, rubric_version, score,"
                    " max_score, trainer, team, origin, criteria_json, timeline_json, actions_json)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    row,
                )
                return int(cur.lastrowid or 0)
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path) from None

    def drills(self, enterprise: str | None = None, scenario: str | None = None) -> list[DrillRecord]:
        sql = "SELECT * FROM drills"
        args: list[Any] = []
        where = []
        if enterprise:
            where.append("enterprise = ?")
            args.append(enterprise)
        if scenario:
            where.append("scenario = ?")
            args.append(scenario)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY drill_date, id"
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path) from None
        return [self._row(r) for r in rows]

    @staticmethod
    def _row(r: sqlite3.Row) -> DrillRecord:
        return DrillRecord(
            id=r["id"],
            recorded_at=r["recorded_at"],
            drill_date=r["drill_date"],
            enterprise=r["enterprise"],
            scenario=r["scenario"],
            seed=r["seed"],
            rubric_id=r["rubric_id"],
            rubric_version=r["rubric_version"],
            score=r["score"],
            max_score=r["max_score"],
            trainer=r["trainer"],
            team=r["team"],
            origin=r["origin"],
            criteria=tuple(json.loads(r["criteria_json"])),
            timeline=json.loads(r["timeline_json"]),
            actions=tuple(json.loads(r["actions_json"])),
        )

    # ------------------------------------------------------------------ batch results
    def store_batch(
        self,
        scenario: str,
        content_digest: str,
        base_seed: int,
        rows: Sequence[Mapping[str, float | int | None]],
        variant: str = "",
    ) -> int:
        """Store the KPI rows of a batch study (one mapping per run)."""
        try:
            with self._tx() as conn:
                cur = conn.execute(
                    "INSERT INTO batch_runs (scenario, content_digest, base_seed, runs, created_at, variant) VALUES (?,?,?,?,?,?)",
                    (scenario, content_digest, base_seed, len(rows), _now(), variant),
                )
                batch_id = int(cur.lastrowid or 0)
                conn.executemany(
                    "INSERT INTO batch_kpis (batch_id, run_index, kpi, value) VALUES (?,?,?,?)",
                    (
                        (batch_id, i, k, None if v is None else float(v))
                        for i, row in enumerate(rows)
                        for k, v in row.items()
                    ),
                )
                return batch_id
        except sqlite3.Error as exc:
            raise _friendly(exc, self.path) from None

    def latest_batch(self, scenario: str, content_digest: str | None = None) -> tuple[int, int] | None:
        """(batch id, runs) of the newest baseline batch of ``scenario`` (for this content, if given)."""
        sql = "SELECT id, runs FROM batch_runs WHERE scenario = ? AND variant = ''"
        args: list[Any] = [scenario]
        if content_digest:
            sql += " AND content_digest = ?"
            args.append(content_digest)
        row = self.conn.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def batch_values(self, batch_id: int, kpi: str) -> list[float | None]:
        rows = self.conn.execute(
            "SELECT value FROM batch_kpis WHERE batch_id = ? AND kpi = ? ORDER BY run_index", (batch_id, kpi)
        )
        return [r[0] for r in rows]


def trend(points: Iterable[tuple[int, float | None]]) -> dict[str, Any]:
    """First, last, mean and least-squares slope per drill of a series of (index, value).

    >>> trend([(0, 8.0), (1, 6.0), (2, 4.0)])["slope_per_drill"]
    -2.0
    """
    pts = [(i, v) for i, v in points if v is not None]
    if not pts:
        return {"n": 0, "first": None, "last": None, "mean": None, "slope_per_drill": None}
    xs = [float(i) for i, _ in pts]
    ys = [float(v) for _, v in pts]
    slope = None
    if len(pts) >= 2 and len(set(xs)) > 1:
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = round(
            sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs), 3
        )
    return {
        "n": len(ys),
        "first": ys[0],
        "last": ys[-1],
        "mean": round(statistics.fmean(ys), 3),
        "slope_per_drill": slope,
    }
