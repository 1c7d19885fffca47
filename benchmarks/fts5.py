"""The search reference: the product's own search documents in SQLite FTS5 (trigram), queried the plain way.

Each query word of three characters or more is a trigram phrase in one ``MATCH`` (all words must match,
ranked by ``bm25()``, with a ``snippet()``); shorter words (``氯``, ``HF``) cannot be trigram-indexed and
are answered with ``LIKE '%w%'`` over every text column, as the FTS5 documentation advises. No pinyin,
stemming or typo tolerance: the reference is what a competent plain implementation costs, not a rival
product, so its hit counts are reported next to its times.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

COLUMNS = ("title", "names", "body", "ids")
FILTER_PREFIX = re.compile(r"^(?:kind|enterprise|cas|un|erg|guide):", re.IGNORECASE)


def fts5_available() -> str:
    """Empty when this SQLite has FTS5 with the trigram tokenizer, else why not."""
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
        con.close()
    except sqlite3.Error as exc:
        return f"SQLite {sqlite3.sqlite_version} lacks FTS5 trigram ({exc})"
    return ""


def row_of(doc: Any) -> tuple[str, str, str, str, str, str]:
    """A :class:`drillsim.search.SearchDoc` as (id, kind, title, names, body, ids).

    ``names`` holds every name-like field the product searches with the names (heading, places).
    """
    ids = " ".join([*doc.cas, *doc.un, *doc.erg, *doc.refs])
    names = [*doc.names, getattr(doc, "heading", ""), *getattr(doc, "places", ())]
    return (doc.id, doc.kind, doc.title, " ".join(n for n in names if n), doc.body, ids)


class Fts5Index:
    """An FTS5 table of search documents in one SQLite file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.con = sqlite3.connect(str(self.path))

    @classmethod
    def build(cls, path: Path, docs: Iterable[Any]) -> Fts5Index:
        """Create the table, insert ``docs``, merge segments (``optimize``) and commit."""
        path = Path(path)
        for p in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal")):
            p.unlink(missing_ok=True)
        ix = cls(path)
        con = ix.con
        con.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, kind UNINDEXED, title, names, body, ids, "
            "tokenize='trigram')"
        )
        with con:
            con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", (row_of(d) for d in docs))
        with con:
            con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        return ix

    def close(self) -> None:
        self.con.close()

    def size_bytes(self) -> int:
        return self.path.stat().st_size

    def doc_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM docs").fetchone()[0])

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str, str]]:
        """Top ``limit`` (id, title, snippet) for ``query``; an empty list for nothing to match."""
        words = [FILTER_PREFIX.sub("", w) for w in query.split()]
        words = [w for w in words if w]
        long_words = [w for w in words if len(w) >= 3]
        short_words = [w for w in words if len(w) < 3]
        params: list[Any] = []
        where: list[str] = []
        if long_words:
            where.append("docs MATCH ?")
            params.append(" ".join('"' + w.replace('"', '""') + '"' for w in long_words))
        for w in short_words:
            like = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in COLUMNS) + ")")
            params.extend([like] * len(COLUMNS))
        if not where:
            return []
        if long_words:
            sql = (
                "SELECT id, title, snippet(docs, 4, '[', ']', '…', 12) FROM docs WHERE "
                + " AND ".join(where)
                + " ORDER BY bm25(docs) LIMIT ?"
            )
        else:
            sql = "SELECT id, title, substr(body, 1, 80) FROM docs WHERE " + " AND ".join(where) + " LIMIT ?"
        params.append(limit)
        return [tuple(r) for r in self.con.execute(sql, params)]
