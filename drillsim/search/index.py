"""The knowledge index: opened from the user cache, rebuilt or updated when content changes, searched.

Life cycle (``open_index``): fingerprint the content files; if the live generation was built from
the same content, open it; if only enterprise boxes, their plans or scenarios changed, update a
hard-linked copy of it; else build a new generation. New generations are built in ``tmp-*`` and
published by renaming, then ``current.json`` is replaced atomically, so a crash mid-build leaves the
previous index in use. A damaged index is rebuilt; an unwritable cache falls back to memory.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drillsim.errors import IndexError_
from drillsim.model import Content
from drillsim.search.documents import KINDS, dependent_groups, documents, group_docs, group_paths
from drillsim.search.engine import EngineError, WhooshEngine
from drillsim.search.query import ParsedQuery, parse_query
from drillsim.search.snippets import has_match, make_snippet
from drillsim.search.store import (
    SCHEMA_VERSION,
    Pointer,
    PointerError,
    collect_garbage,
    content_digest,
    content_files,
    files_intact,
    index_file_sizes,
    link_copy,
    new_tmp_dir,
    publish,
    read_pointer,
    root_key,
    write_pointer,
)

log = logging.getLogger(__name__)

MAX_LIMIT = 200
INCREMENTAL_MAX_GROUPS = 50  # more changed groups than this: a full build is as quick


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: what it is, where it lives and why it matched."""

    id: str
    enterprise: str
    kind: str
    title: str
    path: str
    anchor: str
    score: float
    snippet: str

    def to_json(self) -> dict[str, object]:
        return {
            "enterprise": self.enterprise,
            "kind": self.kind,
            "title": self.title,
            "path": self.path,
            "anchor": self.anchor,
            "score": round(self.score, 3),
            "snippet": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits plus what the user should be told: hints (a CAS typo) and notes (query cut, partial matches)."""

    query: str
    hits: tuple[Hit, ...]
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    boolean: bool = False


@dataclass(slots=True)
class IndexInfo:
    """How the index was obtained on open, for messages and benchmarks."""

    mode: str  # opened | built | updated | memory | stale
    location: Path | None
    doc_count: int = 0
    seconds: float = 0.0
    groups_updated: int = 0
    warnings: list[str] = field(default_factory=list)


class KnowledgeIndex:
    """A searchable index of one content tree."""

    def __init__(
        self, engine: WhooshEngine, content: Content, root: Path, info: IndexInfo, base: Path | None
    ):
        self._engine = engine
        self.content = content
        self.root = root
        self.info = info
        self._base = base
        self._repaired = False

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.info.warnings)

    @property
    def doc_count(self) -> int:
        return self._engine.doc_count()

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> KnowledgeIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(
        self, query: str, limit: int = 10, kind: str | None = None, enterprise: str | None = None
    ) -> list[Hit]:
        """Ranked hits for ``query`` (plain text, or boolean syntax when well-formed); never raises on odd input."""
        return list(self.query(query, limit=limit, kind=kind, enterprise=enterprise).hits)

    def query(
        self,
        query: str,
        limit: int = 10,
        kind: str | Iterable[str] | None = None,
        enterprise: str | None = None,
    ) -> SearchResult:
        """Like :meth:`search`, with the hints and notes for the user."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        kinds = (kind,) if isinstance(kind, str) else tuple(kind or ())
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise IndexError_(f"unknown kind {unknown[0]!r} (expected one of: {', '.join(KINDS)})")
        pq = parse_query(query, self._engine.vocabulary)
        notes = list(pq.notes)
        ents = (enterprise,) if enterprise else ()
        rows: list[tuple[dict[str, object], float]] = []
        seen: set[object] = set()
        capped = False
        strict_rows = 0
        for stage, tree in pq.stages:
            if stage == "loose":
                strict_rows = len(rows)
            got, cut = self._run(tree, limit + len(rows), kinds, ents)
            capped = capped or cut
            if stage == "all" and rows:
                # the name stage found too few: rank its hits and these together (same scoring, more fields)
                best = {f.get("id"): (f, sc) for f, sc in [*rows, *got]}
                for f, sc in got:
                    if sc > best[f.get("id")][1]:
                        best[f.get("id")] = (f, sc)
                rows = sorted(best.values(), key=lambda r: -r[1])[:limit]
                seen = {f.get("id") for f, _ in rows}
            else:
                fresh = [(f, sc) for f, sc in got if f.get("id") not in seen]
                if stage == "loose" and fresh and not strict_rows:
                    notes.append("no document matches every word; showing documents matching some of them")
                for f, sc in fresh[: limit - len(rows)]:
                    seen.add(f.get("id"))
                    rows.append((f, sc))
            if len(rows) >= limit:
                break
        if capped:
            notes.append("many documents match: add a word (an enterprise, a tag) to narrow the search")
        hits = tuple(self._hit(fields, score, pq) for fields, score in rows)
        return SearchResult(pq.text, hits, tuple(dict.fromkeys(pq.hints)), tuple(notes), pq.boolean)

    def _run(
        self, tree: object, limit: int, kinds: tuple[str, ...], ents: tuple[str, ...]
    ) -> tuple[list[tuple[dict[str, object], float]], bool]:
        try:
            return self._engine.search(tree, limit, kinds, ents)
        except Exception as exc:  # damage found mid-search: rebuild once, then search again
            if self._repaired or self._base is None:
                raise IndexError_(f"search index unreadable: {type(exc).__name__}: {exc}") from exc
            log.warning("search index damaged (%s); rebuilding", exc, exc_info=True)
            self._repaired = True
            self._engine.close()
            fresh = open_index(self.content, self.root, rebuild=True, _base=self._base)
            self._engine = fresh._engine
            self.info.warnings.append(
                f"the search index was damaged ({type(exc).__name__}) and has been rebuilt"
            )
            return self._engine.search(tree, limit, kinds, ents)

    @staticmethod
    def _hit(fields: dict[str, object], score: float, pq: ParsedQuery) -> Hit:
        body = str(fields.get("body", ""))
        title = str(fields.get("title", ""))
        if not has_match(body, pq.highlights) and has_match(title, pq.highlights):
            body = f"{title} · {body}"  # matched by its name: show the name with the match marked
        return Hit(
            id=str(fields.get("id", "")),
            enterprise=str(fields.get("enterprise", "")),
            kind=str(fields.get("kind", "")),
            title=title,
            path=str(fields.get("path", "")),
            anchor=str(fields.get("anchor", "")),
            score=score,
            snippet=make_snippet(body, pq.highlights),
        )


# --------------------------------------------------------------------------- opening
def open_index(
    content: Content,
    root: str | os.PathLike[str] | None = None,
    *,
    cache: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    _base: Path | None = None,
) -> KnowledgeIndex:
    """Open the index of ``content`` (rooted at ``root``), building or updating it as needed.

    The index lives in ``cache`` (default: the user cache dir, ``DRILLSIM_CACHE`` overrides). Never
    raises for a damaged or unwritable cache: it rebuilds, or builds in memory with a warning.
    """
    from drillsim.paths import cache_dir

    root_path = Path(root if root is not None else content.root).resolve()
    started = time.perf_counter()
    base = _base or Path(cache if cache is not None else cache_dir()) / "index" / root_key(root_path)
    warnings: list[str] = []
    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return _memory(
            content,
            root_path,
            started,
            [
                f"index directory {base} is not writable ({exc.strerror or exc}); searching an index built in memory"
            ],
        )

    pointer: Pointer | None = None
    try:
        pointer = read_pointer(base)
    except PointerError as exc:
        warnings.append(f"the search index pointer was unreadable ({exc}); rebuilt the index")
    if pointer is not None and pointer.version != SCHEMA_VERSION:
        pointer = None
    try:
        files = content_files(root_path, pointer.files if pointer else None)
    except OSError as exc:
        raise IndexError_(f"cannot read content under {root_path}: {exc}") from exc
    digest = content_digest(files)

    if pointer is not None and not rebuild:
        gen_dir = base / pointer.gen
        try:
            engine = _open_checked(gen_dir, pointer)
        except EngineError as exc:
            warnings.append(f"the search index was damaged ({exc}); rebuilt it")
        else:
            if pointer.digest == digest:
                info = IndexInfo(
                    "opened", gen_dir, engine.doc_count(), time.perf_counter() - started, 0, warnings
                )
                return KnowledgeIndex(engine, content, root_path, info, base)
            engine.close()
            updated = _try_update(content, root_path, base, pointer, files, digest, started, warnings)
            if updated is not None:
                return updated
    try:
        return _build(content, root_path, base, files, digest, started, warnings)
    except Exception as exc:  # a failed build must not take search down: fall back, and say so
        log.warning("search index build failed", exc_info=True)
        warnings.append(f"building the search index failed ({type(exc).__name__}: {exc})")
        if pointer is not None:
            try:
                engine = _open_checked(base / pointer.gen, pointer)
            except EngineError:
                pass
            else:
                if pointer.digest != digest:
                    warnings.append(
                        "searching the previous index: results may not reflect the latest content"
                    )
                info = IndexInfo(
                    "stale",
                    base / pointer.gen,
                    engine.doc_count(),
                    time.perf_counter() - started,
                    0,
                    warnings,
                )
                return KnowledgeIndex(engine, content, root_path, info, base)
        warnings.append("searching an index built in memory")
        return _memory(content, root_path, started, warnings)


def _open_checked(gen_dir: Path, pointer: Pointer) -> WhooshEngine:
    problem = files_intact(gen_dir, pointer.index_files)
    if problem:
        raise EngineError(problem)
    engine = WhooshEngine.open(gen_dir)
    if engine.doc_count() != pointer.doc_count:
        engine.close()
        raise EngineError(f"{engine.doc_count()} documents, expected {pointer.doc_count}")
    return engine


def _memory(content: Content, root: Path, started: float, warnings: list[str]) -> KnowledgeIndex:
    engine = WhooshEngine.create(None)
    try:
        engine.write(documents(content, str(root)))
    except Exception as exc:  # nothing left to fall back on
        raise IndexError_(f"cannot build the search index: {type(exc).__name__}: {exc}") from exc
    info = IndexInfo("memory", None, engine.doc_count(), time.perf_counter() - started, 0, warnings)
    return KnowledgeIndex(engine, content, root, info, None)


def _build(
    content: Content, root: Path, base: Path, files: dict, digest: str, started: float, warnings: list[str]
) -> KnowledgeIndex:
    tmp = new_tmp_dir(base)
    try:
        engine = WhooshEngine.create(tmp)
        engine.write(documents(content, str(root)))
        count = engine.doc_count()
        engine.close()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a half-built generation is never published
        raise
    return _publish(content, root, base, tmp, files, digest, count, "built", started, warnings, 0)


def _publish(
    content: Content,
    root: Path,
    base: Path,
    tmp: Path,
    files: dict,
    digest: str,
    count: int,
    mode: str,
    started: float,
    warnings: list[str],
    groups_updated: int,
) -> KnowledgeIndex:
    sizes = index_file_sizes(tmp)
    gen = publish(base, tmp)
    previous = None
    try:
        previous = read_pointer(base)
    except PointerError:
        previous = None
    pointer = Pointer(
        version=SCHEMA_VERSION,
        gen=gen,
        digest=digest,
        doc_count=count,
        files=files,
        groups=dict(group_paths(content, str(root))),
        index_files=sizes,
        built_at=time.time(),
    )
    write_pointer(base, pointer)
    collect_garbage(base, {gen} | ({previous.gen} if previous else set()))
    engine = WhooshEngine.open(base / gen, probe=False)
    info = IndexInfo(mode, base / gen, count, time.perf_counter() - started, groups_updated, warnings)
    return KnowledgeIndex(engine, content, root, info, base)


def changed_groups(old: Pointer, files: dict, content: Content, root: Path) -> set[str] | None:
    """Groups to re-index for the file changes since ``old``; None when a change needs a full build."""
    changed = {
        p
        for p in set(old.files) | set(files)
        if old.files.get(p, (0, 0, ""))[2] != files.get(p, (0, 0, ""))[2]
    }
    new_groups = group_paths(content, str(root))
    groups: set[str] = set()
    for path in changed:
        if path.startswith("scenarios/rubrics/"):
            continue  # rubrics are not indexed
        group = new_groups.get(path) or old.groups.get(path)
        if group is None:
            return None
        groups.add(group)
        if old.groups.get(path) not in (None, group):
            groups.add(old.groups[path])
    return dependent_groups(content, groups)


def _try_update(
    content: Content,
    root: Path,
    base: Path,
    pointer: Pointer,
    files: dict,
    digest: str,
    started: float,
    warnings: list[str],
) -> KnowledgeIndex | None:
    groups = changed_groups(pointer, files, content, root)
    if groups is None or len(groups) > INCREMENTAL_MAX_GROUPS:
        return None
    tmp = new_tmp_dir(base)
    try:
        link_copy(base / pointer.gen, tmp)
        engine = WhooshEngine.open(tmp, probe=False)  # the live generation was just opened and checked
        docs = [d for g in sorted(groups) for d in group_docs(content, g, str(root))]
        engine.write(docs, delete_groups=sorted(groups))
        count = engine.doc_count()
        engine.close()
    except Exception as exc:  # any failure here only costs a full build
        shutil.rmtree(tmp, ignore_errors=True)
        log.warning("incremental index update failed; rebuilding", exc_info=True)
        warnings.append(f"updating the search index failed ({exc}); rebuilt it")
        return None
    return _publish(content, root, base, tmp, files, digest, count, "updated", started, warnings, len(groups))
