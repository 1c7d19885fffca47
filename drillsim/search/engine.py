"""The search engine behind the knowledge index: whoosh, and the only module that imports it.

Swapping the engine means rewriting this module only: it stores :class:`SearchDoc` token views,
compiles the engine-neutral query trees of :mod:`drillsim.search.terms` and returns stored fields.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.matching.binary import AndNotMatcher
from whoosh.matching.mcore import ListMatcher, NullMatcher
from whoosh.scoring import BM25F
from whoosh.system import pack_uint

from drillsim.search.analysis import Lexicon
from drillsim.search.documents import SearchDoc
from drillsim.search.terms import TOKEN_FIELDS, AllOf, AnyOf, NotQ, PrefixQ, TermQ, doc_tokens

INDEX_NAME = "kb"
STORED_FIELDS = ("id", "group", "enterprise", "kind", "title", "path", "anchor", "body")
_MAX_PREFIX_TERMS = 64
MATCH_CAP = 400
MAX_SEGMENTS = 8  # small update segments kept unmerged (searching many segments costs more)  # matching documents scored per query stage at most


def _weighting() -> Any:
    """BM25F; identifier and whole-name fields are not length-normalised (most documents have none)."""
    per_field = {f"{name}_B": 0.0 for name in ("exact", "cas", "un", "erg", "refs")}
    per_field.update(zh_name_B=0.3, en_name_B=0.3)  # long official names should not lose to short ones
    return BM25F(B=0.6, K1=1.2, **per_field)


class EngineError(Exception):
    """The engine could not read or write its index (corrupt files, unexpected format)."""


class TokenField(TEXT):  # type: ignore[misc]
    """A text field fed with already-analysed tokens (a list), counted here: no tokenizer runs at index time."""

    def __init__(self) -> None:
        super().__init__(phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for tok, freq in Counter(value).items():
            yield tok.encode("utf-8"), freq, float(freq), pack_uint(freq)


def _schema() -> Any:
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
        fields[name] = TokenField()
    return Schema(**fields)


def _record(doc: SearchDoc) -> dict[str, Any]:
    rec: dict[str, Any] = {
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
        if toks:
            rec[name] = toks
    return rec


class WhooshEngine:
    """A whoosh index in a directory (or in memory) holding search documents."""

    def __init__(self, ix: Any):
        self._ix = ix
        self._searcher: Any = None
        self._vocab: dict[str, Lexicon] = {}
        self._filters: dict[tuple[str, tuple[str, ...]], set[int]] = {}

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, directory: Path | None) -> WhooshEngine:
        """A new empty index in ``directory`` (which must exist), or in memory when None."""
        storage = RamStorage() if directory is None else FileStorage(str(directory))
        return cls(storage.create_index(_schema(), indexname=INDEX_NAME))

    @classmethod
    def open(cls, directory: Path, probe: bool = True) -> WhooshEngine:
        """Open the index in ``directory``; raises :class:`EngineError` if it is missing or unreadable.

        ``probe``: read a little of everything now (skip it for an index this process just wrote).
        """
        try:
            ix = FileStorage(str(directory)).open_index(indexname=INDEX_NAME)
            engine = cls(ix)
            if probe:
                engine.probe()
        except EngineError:
            raise
        except Exception as exc:  # whoosh raises many kinds on damaged files; all mean "unreadable"
            raise EngineError(f"{type(exc).__name__}: {exc}") from exc
        return engine

    def probe(self) -> None:
        """Read a little of everything (TOC, postings, stored fields) so damage shows now, not mid-search."""
        try:
            reader = self.searcher().reader()
            for i, docnum in enumerate(reader.all_doc_ids()):
                reader.stored_fields(docnum)
                if i >= 2:
                    break
            for name in ("exact", "zh_name"):
                for i, _term in enumerate(reader.lexicon(name)):
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
            self._searcher = self._ix.searcher(weighting=_weighting())
        return self._searcher

    # ------------------------------------------------------------------ writing
    def write(self, docs: Iterable[SearchDoc], delete_groups: Collection[str] = ()) -> int:
        """Delete the documents of ``delete_groups``, add ``docs`` and commit; returns documents added.

        An update (``delete_groups`` given) adds a small segment without merging until there are
        :data:`MAX_SEGMENTS`, so re-indexing one enterprise costs only its own documents.
        """
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
        merge = not delete_groups or self._segment_count() >= MAX_SEGMENTS
        writer.commit(merge=merge)
        return n

    def _segment_count(self) -> int:
        try:
            return len(self._ix._segments())
        except (AttributeError, OSError):  # not a file index, or its TOC is unreadable: merge as usual
            return MAX_SEGMENTS

    # ------------------------------------------------------------------ reading
    def doc_count(self) -> int:
        return int(self.searcher().doc_count())

    def vocabulary(self, field: str) -> Lexicon:
        """Every token of ``field`` (cached until the next write)."""
        if field not in self._vocab:
            reader = self.searcher().reader()
            self._vocab[field] = Lexicon(b.decode("utf-8") for b in reader.lexicon(field))
        return self._vocab[field]

    def search(
        self,
        tree: object,
        limit: int,
        kinds: Sequence[str] = (),
        enterprises: Sequence[str] = (),
        cap: int = MATCH_CAP,
    ) -> tuple[list[tuple[dict[str, Any], float]], bool]:
        """The top ``limit`` documents for ``tree``, optionally only of some kinds / enterprises.

        Scores at most ``cap`` matching documents (in index order, which puts records before
        sections) so a word found in thousands of documents still answers in milliseconds; returns
        the hits and whether the cap was reached.
        """
        s = self.searcher()
        q = self._compile(tree)
        allow: set[int] | None = None
        for name, values in (("kind", tuple(kinds)), ("enterprise", tuple(enterprises))):
            if values:
                docs = self._filter(name, values)
                allow = docs if allow is None else allow & docs
        if allow is not None and not allow:
            return [], False
        collector = _CappedTopCollector(max(1, limit), cap, allow)
        s.search_with_collector(q, collector)
        return [(hit.fields(), float(hit.score)) for hit in collector.results()], collector.capped

    def _filter(self, name: str, values: tuple[str, ...]) -> set[int]:
        """Document numbers whose ``name`` field is one of ``values`` (cached until the next write)."""
        key = (name, values)
        if key not in self._filters:
            q = wq.Or([wq.Term(name, v) for v in values])
            self._filters[key] = set(self.searcher().docs_for_query(q))
        return self._filters[key]

    def _compile(self, node: object) -> Any:
        if isinstance(node, TermQ):
            return wq.Term(node.field, node.text, boost=node.boost)
        if isinstance(node, PrefixQ):
            reader = self.searcher().reader()
            texts = [
                t.decode("utf-8")
                for t in islice(reader.expand_prefix(node.field, node.text), _MAX_PREFIX_TERMS)
            ]
            return _ConstantTerms(node.field, texts, node.boost) if texts else wq.NullQuery
        if isinstance(node, AnyOf):
            return wq.Or([self._compile(x) for x in node.items], boost=node.boost)
        if isinstance(node, AllOf):
            pos = [self._compile(x) for x in node.items if not isinstance(x, NotQ)]
            neg = [self._compile(x.item) for x in node.items if isinstance(x, NotQ)]
            q = pos[0] if len(pos) == 1 else wq.And(pos)
            for n in neg:
                q = _CheckedAndNot(q, n)
            return q
        if isinstance(node, NotQ):  # a bare NOT: everything except
            return _CheckedAndNot(wq.Every(), self._compile(node.item))
        raise TypeError(f"unknown query node {node!r}")


class _CappedTopCollector(TopCollector):  # type: ignore[misc]
    """Top-N collector that stops after ``cap`` matching documents, optionally only those in ``allow``."""

    def __init__(self, limit: int, cap: int, allow: set[int] | None = None):
        super().__init__(limit=limit)
        self.cap = cap
        self.allow = allow
        self.seen = 0
        self.capped = False

    def matches(self) -> Iterator[int]:
        allow, offset = self.allow, self.offset
        for docnum in super().matches():
            if allow is not None and offset + docnum not in allow:
                continue
            yield docnum
            self.seen += 1
            if self.seen >= self.cap:
                self.capped = True
                return


class _ConstantListMatcher(ListMatcher):  # type: ignore[misc]
    """A preloaded list of documents with one score; skips by bisection and by quality."""

    def skip_to(self, id: int) -> None:
        self._i = max(self._i, bisect_left(self._ids, id, self._i))  # type: ignore[has-type]

    def supports_block_quality(self) -> bool:
        return True

    def max_quality(self) -> float:
        return float(self._all_weights)

    def block_quality(self) -> float:
        return float(self._all_weights)

    def skip_to_quality(self, minquality: float) -> int:
        if self._all_weights <= minquality and self.is_active():
            self._i = len(self._ids)
            return 1
        return 0


class _ConstantTerms(wq.Query):  # type: ignore[misc]
    """Documents holding any of ``texts`` in ``field`` (an expanded prefix), all scored ``score``.

    whoosh's own ``ConstantScoreQuery`` over an ``Or`` walks a union tree of every expanded term
    document by document when nested in another query; reading each term's postings once is far cheaper.
    """

    def __init__(self, fieldname: str, texts: Sequence[str], score: float):
        self.fieldname = fieldname
        self.texts = tuple(texts)
        self.score = score
        self.boost = 1.0

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and (other.fieldname, other.texts, other.score) == (self.fieldname, self.texts, self.score)  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.texts, self.score))

    def __repr__(self) -> str:
        return f"_ConstantTerms({self.fieldname!r}, {len(self.texts)} terms, {self.score})"

    def estimate_size(self, ixreader: Any) -> int:
        return sum(ixreader.doc_frequency(self.fieldname, t) for t in self.texts)

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        ids: set[int] = set()
        for t in self.texts:
            if (self.fieldname, t) in reader:
                ids.update(reader.postings(self.fieldname, t).all_ids())
        if not ids:
            return NullMatcher
        return _ConstantListMatcher(array("I", sorted(ids)), all_weights=self.score)


class _CheckedAndNotMatcher(AndNotMatcher):  # type: ignore[misc]
    """whoosh 2.7.5's ``AndNotMatcher`` lets the first document through unchecked when the excluded
    list starts before it (``_find_first``); this one checks it."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class _CheckedAndNot(wq.AndNot):  # type: ignore[misc]
    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _CheckedAndNotMatcher(scored, excluded)
