"""The search engine behind the knowledge index: whoosh, and the only module that imports it.

Swapping the engine means rewriting this module only: it stores :class:`SearchDoc` token views,
compiles the engine-neutral query trees of :mod:`drillsim.search.terms` and returns stored fields.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from drillsim.search.documents import SearchDoc
from drillsim.search.terms import TOKEN_FIELDS, AllOf, AnyOf, NotQ, PrefixQ, TermQ, doc_tokens

INDEX_NAME = "kb"
STORED_FIELDS = ("id", "group", "enterprise", "kind", "title", "path", "anchor", "body")
_MAX_PREFIX_TERMS = 256


class EngineError(Exception):
    """The engine could not read or write its index (corrupt files, unexpected format)."""


def _schema() -> Any:
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import ID, STORED, TEXT, Schema

    tokens = SpaceSeparatedTokenizer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "group": ID(stored=True),
        "enterprise": ID(stored=True),
        "kind": ID(stored=True),
        "title": STORED(),
        "path": STORED(),
        "anchor": STORED(),
        "body": STORED(),
    }
    for name in TOKEN_FIELDS:
        fields[name] = TEXT(analyzer=tokens, phrase=False)
    return Schema(**fields)


def _record(doc: SearchDoc) -> dict[str, str]:
    rec = {
        "id": doc.id,
        "group": doc.group,
        "enterprise": doc.enterprise,
        "kind": doc.kind,
        "title": doc.title,
        "path": doc.path,
        "anchor": doc.anchor,
        "body": doc.body,
    }
    for name, toks in doc_tokens(doc).items():
        rec[name] = " ".join(t.replace(" ", "") for t in toks)
    return rec


class WhooshEngine:
    """A whoosh index in a directory (or in memory) holding search documents."""

    def __init__(self, ix: Any):
        self._ix = ix
        self._searcher: Any = None
        self._vocab: dict[str, frozenset[str]] = {}
        self._filters: dict[tuple[str, tuple[str, ...]], Any] = {}

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, directory: Path | None) -> WhooshEngine:
        """A new empty index in ``directory`` (which must exist), or in memory when None."""
        from whoosh.filedb.filestore import FileStorage, RamStorage

        storage = RamStorage() if directory is None else FileStorage(str(directory))
        return cls(storage.create_index(_schema(), indexname=INDEX_NAME))

    @classmethod
    def open(cls, directory: Path) -> WhooshEngine:
        """Open the index in ``directory``; raises :class:`EngineError` if it is missing or unreadable."""
        from whoosh.filedb.filestore import FileStorage

        try:
            ix = FileStorage(str(directory)).open_index(indexname=INDEX_NAME)
            engine = cls(ix)
            engine.probe()
        except EngineError:
            raise
        except Exception as exc:  # whoosh raises many kinds on damaged files; all mean "unreadable"
            raise EngineError(f"{type(exc).__name__}: {exc}") from exc
        return engine

    def probe(self) -> None:
        """Read a little of everything (TOC, postings, stored fields) so damage shows now, not mid-search."""
        try:
            from whoosh.query import Every

            s = self.searcher()
            for hit in s.search(Every(), limit=3):
                hit.fields()
            for name in ("exact", "zh_name"):
                for i, _term in enumerate(s.reader().lexicon(name)):
                    if i > 2:
                        break
        except Exception as exc:  # damaged segment files surface as struct/zlib/EOF/pickle errors
            raise EngineError(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._vocab.clear()
        self._filters.clear()

    def searcher(self) -> Any:
        if self._searcher is None:
            from whoosh.scoring import BM25F

            self._searcher = self._ix.searcher(weighting=BM25F(B=0.6, K1=1.2))
        return self._searcher

    # ------------------------------------------------------------------ writing
    def write(self, docs: Iterable[SearchDoc], delete_groups: Collection[str] = ()) -> int:
        """Delete the documents of ``delete_groups``, add ``docs`` and commit; returns documents added."""
        self.close()
        writer = self._ix.writer(limitmb=256)
        n = 0
        try:
            for group in delete_groups:
                writer.delete_by_term("group", group)
            for doc in docs:
                writer.add_document(**_record(doc))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return n

    # ------------------------------------------------------------------ reading
    def doc_count(self) -> int:
        return int(self._ix.doc_count())

    def vocabulary(self, field: str) -> frozenset[str]:
        """Every token of ``field`` (cached until the next write)."""
        if field not in self._vocab:
            reader = self.searcher().reader()
            self._vocab[field] = frozenset(b.decode("utf-8") for b in reader.lexicon(field))
        return self._vocab[field]

    def search(
        self,
        tree: object,
        limit: int,
        kinds: Sequence[str] = (),
        enterprises: Sequence[str] = (),
    ) -> list[tuple[dict[str, Any], float]]:
        """The top ``limit`` documents for ``tree``, optionally only of some kinds / enterprises."""
        s = self.searcher()
        q = self._compile(tree)
        allow = None
        for name, values in (("kind", tuple(kinds)), ("enterprise", tuple(enterprises))):
            if values:
                docs = self._filter(name, values)
                allow = docs if allow is None else allow & docs
        if allow is not None and not allow:
            return []
        results = s.search(q, limit=max(1, limit), filter=allow)
        return [(hit.fields(), float(hit.score)) for hit in results]

    def _filter(self, name: str, values: tuple[str, ...]) -> Any:
        key = (name, values)
        if key not in self._filters:
            from whoosh.query import Or, Term

            q = Or([Term(name, v) for v in values])
            self._filters[key] = set(q.docs(self.searcher()))
        return self._filters[key]

    def _compile(self, node: object) -> Any:
        from whoosh import query as wq

        if isinstance(node, TermQ):
            return wq.Term(node.field, node.text, boost=node.boost)
        if isinstance(node, PrefixQ):
            reader = self.searcher().reader()
            texts = list(islice(reader.expand_prefix(node.field, node.text), _MAX_PREFIX_TERMS))
            if not texts:
                return wq.NullQuery
            terms = wq.Or([wq.Term(node.field, t.decode("utf-8")) for t in texts])
            return wq.ConstantScoreQuery(terms, score=node.boost)
        if isinstance(node, AnyOf):
            return wq.Or([self._compile(x) for x in node.items], boost=node.boost)
        if isinstance(node, AllOf):
            pos = [self._compile(x) for x in node.items if not isinstance(x, NotQ)]
            neg = [self._compile(x.item) for x in node.items if isinstance(x, NotQ)]
            q = pos[0] if len(pos) == 1 else wq.And(pos)
            for n in neg:
                q = _and_not()(q, n)
            return q
        if isinstance(node, NotQ):  # a bare NOT: everything except
            return _and_not()(wq.Every(), self._compile(node.item))
        raise TypeError(f"unknown query node {node!r}")


_AND_NOT: Any = None


def _and_not() -> Any:
    """whoosh's ``AndNot`` with its matcher fixed: whoosh 2.7.5 lets the first document through unchecked
    when the excluded list starts before it (``AndNotMatcher._find_first``)."""
    global _AND_NOT
    if _AND_NOT is None:
        from whoosh.matching.binary import AndNotMatcher
        from whoosh.query import AndNot

        class _CheckedAndNotMatcher(AndNotMatcher):
            def _find_first(self) -> None:
                if self.a.is_active() and self.b.is_active():
                    self._find_next()

        class _CheckedAndNot(AndNot):
            def matcher(self, searcher: Any, context: Any = None) -> Any:
                scored = self.a.matcher(searcher, context)
                excluded = self.b.matcher(searcher, searcher.boolean_context())
                return _CheckedAndNotMatcher(scored, excluded)

        _AND_NOT = _CheckedAndNot
    return _AND_NOT
