"""Drill records: migrations from older versions, WAL, locked/corrupt/newer files, concurrent writers."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest

from drillsim.errors import RecordsError
from drillsim.records import MIGRATIONS, SCHEMA_VERSION, DrillRecords, trend

GRADE = {
    "rubric": "r",
    "rubric_version": "1",
    "score": 3.0,
    "max": 4.0,
    "criteria": [{"id": "alarm", "actual": 2.5}],
}
TL = {"scenario": "s", "enterprise": "e", "seed": 1, "events": [{"t": 0, "kind": "release"}]}


def test_create_record_read(tmp_path: Path) -> None:
    with DrillRecords(tmp_path / "r.db") as db:
        assert db.version == SCHEMA_VERSION
        rid = db.record_drill(TL, GRADE, trainer="王", team="A班")
        rows = db.drills("e")
    assert rid == 1 and rows[0].trainer == "王" and rows[0].criteria[0]["actual"] == 2.5
    assert sqlite3.connect(tmp_path / "r.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrates_a_version_1_database_keeping_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO drills (recorded_at, enterprise, scenario, seed, rubric_id, rubric_version, score, max_score, timeline_json, criteria_json)"
        " VALUES ('2025-05-01T08:00:00+00:00','e','s',3,'r','1',2,4,'{}','[]')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with DrillRecords(path) as db:
        assert db.version == SCHEMA_VERSION
        old = db.drills()[0]
        assert (old.score, old.drill_date, old.origin, old.trainer) == (2, "2025-05-01", "simulated", "")
        db.record_drill(TL, GRADE)
        assert len(db.drills()) == 2


def test_corrupt_database_is_refused_and_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    junk = b"this is not sqlite at all" * 100
    path.write_bytes(junk)
    with pytest.raises(RecordsError, match="corrupt"):
        DrillRecords(path)
    assert path.read_bytes() == junk


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(RecordsError, match="newer than this drillsim"):
        DrillRecords(path)


def test_locked_database_gives_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import drillsim.records as records

    path = tmp_path / "l.db"
    DrillRecords(path).close()
    monkeypatch.setattr(records, "BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        db = DrillRecords(path)
        with pytest.raises(RecordsError, match="locked"):
            db.record_drill(TL, GRADE)
        db.close()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with DrillRecords(path) as db:
        assert db.drills() == []


def _writer(path: str, n: int) -> None:
    with DrillRecords(path) as db:
        for _ in range(n):
            db.record_drill(TL, GRADE)


def test_two_processes_recording_at_once_both_succeed(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, 25)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with DrillRecords(path) as db:
        assert len(db.drills()) == 50


def test_trend_of_improving_series() -> None:
    t = trend([(0, 10.0), (1, None), (2, 6.0)])
    assert t["n"] == 2 and t["slope_per_drill"] == -2.0 and t["first"] == 10.0
