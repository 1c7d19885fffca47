"""The loading layer: the only place that reads content files. Files in, a validated Content out.

``load_content(root)`` reads every file, collects every problem in one pass and raises
:class:`drillsim.errors.ContentError` when any is an error; ``check_content(root)`` returns the
problems (errors and warnings) without raising, for ``drillsim check``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from drillsim.errors import ContentError, Problem
from drillsim.loading.boxes import build_box
from drillsim.loading.chemicals import build_chemical, build_sds
from drillsim.loading.city import build_city
from drillsim.loading.markdown import parse_markdown
from drillsim.loading.plans import build_inject, build_plan, build_rubric, build_scenario
from drillsim.loading.reader import Problems, Record
from drillsim.loading.refs import check_references
from drillsim.loading.source import (
    SourceError,
    content_files,
    digest_files,
    parse_yaml,
    read_text,
    within_root,
)
from drillsim.model import City, Content, frozen_map

T = TypeVar("T")

__all__ = ["LoadResult", "check_content", "load_content"]


class LoadResult:
    """What one load produced: the content (when it could be built) and every problem found."""

    def __init__(self, content: Content | None, problems: list[Problem]) -> None:
        self.content = content
        self.problems = problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Tree:
    def __init__(self, root: Path, probs: Problems) -> None:
        self.root = root
        self.probs = probs

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def yaml(self, path: Path) -> Any:
        rel = self.rel(path)
        if not within_root(self.root, path):
            self.probs.error(rel, 0, "file is a link that points outside the content root (refused)")
            return None
        try:
            text, _raw = read_text(path)
            return parse_yaml(text)
        except SourceError as exc:
            self.probs.error(rel, exc.line, exc.message)
            return None

    def markdown(self, path: Path, what: str) -> tuple[Any, Record | None]:
        rel = self.rel(path)
        if not within_root(self.root, path):
            self.probs.error(rel, 0, "file is a link that points outside the content root (refused)")
            return None, None
        try:
            text, _raw = read_text(path)
        except SourceError as exc:
            self.probs.error(rel, exc.line, exc.message)
            return None, None
        doc = parse_markdown(text)
        if doc.front_matter is None:
            self.probs.error(
                rel, 1, f"{what}: no YAML front matter (expected the file to start with a '---' block)"
            )
            return doc, None
        try:
            data = parse_yaml(doc.front_matter, line_offset=doc.front_matter_line - 1)
        except SourceError as exc:
            self.probs.error(rel, exc.line, exc.message)
            return doc, None
        return doc, Record(self.probs, rel, data, what, doc.front_matter_line)


def _unique(items: list[tuple[str, T, str, int]], kind: str, probs: Problems) -> dict[str, T]:
    out: dict[str, T] = {}
    where: dict[str, tuple[str, int]] = {}
    for key, obj, path, line in items:
        if not key:
            continue
        if key in out:
            p0, l0 = where[key]
            probs.error(path, line, f"duplicate {kind} id '{key}' (first defined at {p0}:{l0})")
            continue
        out[key] = obj
        where[key] = (path, line)
    return out


def _stem_matches(probs: Problems, path: str, line: int, stem: str, ident: str, kind: str) -> None:
    if ident and stem != ident:
        probs.error(
            path, line, f"{kind} id '{ident}' does not match the file name '{stem}' (expected id: {stem})"
        )


def _each_yaml(tree: _Tree, folder: Path, pattern: str = "*.yaml") -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def _load(root: Path, extra_checks: list[Callable[[Content], list[Problem]]] | None = None) -> LoadResult:
    probs = Problems()
    tree = _Tree(root, probs)
    if not (root / "kb").is_dir():
        probs.error(str(root), 0, "not a content root: no kb/ directory (expected kb/, plans/, scenarios/)")
        return LoadResult(None, probs.items)

    # chemicals and SDS
    chems = []
    for path in _each_yaml(tree, root / "kb" / "chemicals"):
        data = tree.yaml(path)
        if data is None:
            continue
        rec = Record(probs, tree.rel(path), data, f"chemical '{path.stem}'")
        if not rec.ok:
            continue
        chem = build_chemical(rec)
        _stem_matches(probs, rec.path, rec.line, path.stem, chem.id, "chemical")
        chems.append((chem.id, chem, rec.path, rec.line))
    chemicals = _unique(chems, "chemical", probs)

    sds_items = []
    for path in _each_yaml(tree, root / "kb" / "sds", "*.md"):
        doc, rec = tree.markdown(path, f"SDS '{path.stem}'")
        if rec is None or not rec.ok:
            continue
        sds = build_sds(doc, rec)
        _stem_matches(probs, rec.path, rec.line, path.stem, sds.chemical, "SDS chemical")
        sds_items.append((sds.chemical, sds, rec.path, rec.line))
    sds_map = _unique(sds_items, "SDS", probs)

    # enterprises
    boxes = []
    for path in _each_yaml(tree, root / "kb" / "enterprises"):
        data = tree.yaml(path)
        if data is None:
            continue
        rec = Record(probs, tree.rel(path), data, f"enterprise '{path.stem}'")
        if not rec.ok:
            continue
        box = build_box(rec)
        _stem_matches(probs, rec.path, rec.line, path.stem, box.id, "enterprise")
        boxes.append((box.id, box, rec.path, rec.line))
    enterprises = _unique(boxes, "enterprise", probs)

    # city
    parts: dict[str, Record | None] = {}
    city_dir = root / "kb" / "city"
    for stem in ("city", "roads", "fire_stations", "hospitals", "ems", "antidotes"):
        path = city_dir / f"{stem}.yaml"
        if not path.is_file():
            probs.error(tree.rel(path), 0, f"missing city file {stem}.yaml (expected in kb/city/)")
            parts[stem] = None
            continue
        data = tree.yaml(path)
        parts[stem] = None if data is None else Record(probs, tree.rel(path), data, f"kb/city/{stem}.yaml")
    for path in _each_yaml(tree, city_dir):
        if path.stem not in parts:
            probs.warn(
                tree.rel(path),
                0,
                "unknown file in kb/city/ is ignored (expected city, roads, fire_stations, hospitals, ems, antidotes)",
            )
    city: City = build_city(parts)

    # plans
    plan_items = []
    plans_dir = root / "plans"
    if plans_dir.is_dir():
        for path in sorted(plans_dir.rglob("*.md")):
            if not path.is_file() or path.name.lower() == "readme.md":
                continue
            doc, rec = tree.markdown(path, f"plan '{path.stem}'")
            if rec is None or not rec.ok:
                continue
            plan = build_plan(doc, rec)
            _stem_matches(probs, rec.path, rec.line, path.stem, plan.id, "plan")
            folder = path.parent.name
            if plan.enterprise and folder != plan.enterprise:
                probs.error(
                    rec.path,
                    rec.key_line("enterprise"),
                    f"plan '{plan.id}': enterprise '{plan.enterprise}' but the file is under plans/{folder}/ (expected plans/{plan.enterprise}/)",
                )
            plan_items.append((plan.id, plan, rec.path, rec.line))
    plans = _unique(plan_items, "plan", probs)

    # scenarios, injects, rubrics
    scen_dir = root / "scenarios"
    injects: dict = {}
    inj_path = scen_dir / "injects.yaml"
    if inj_path.is_file():
        data = tree.yaml(inj_path)
        if data is not None:
            top = Record(probs, tree.rel(inj_path), data, "scenarios/injects.yaml")
            items = []
            for r in top.records("injects", "inject", required=True):
                inj = build_inject(r)
                items.append((inj.id, inj, r.path, r.line))
            top.done()
            injects = _unique(items, "inject", probs)
    scen_items = []
    for path in _each_yaml(tree, scen_dir):
        if path.name == "injects.yaml":
            continue
        data = tree.yaml(path)
        if data is None:
            continue
        rec = Record(probs, tree.rel(path), data, f"scenario '{path.stem}'")
        if not rec.ok:
            continue
        scen = build_scenario(rec)
        _stem_matches(probs, rec.path, rec.line, path.stem, scen.id, "scenario")
        scen_items.append((scen.id, scen, rec.path, rec.line))
    scenarios = _unique(scen_items, "scenario", probs)
    rub_items = []
    for path in _each_yaml(tree, scen_dir / "rubrics"):
        data = tree.yaml(path)
        if data is None:
            continue
        rec = Record(probs, tree.rel(path), data, f"rubric '{path.stem}'")
        if not rec.ok:
            continue
        rub = build_rubric(rec)
        _stem_matches(probs, rec.path, rec.line, path.stem, rub.id, "rubric")
        rub_items.append((rub.id, rub, rec.path, rec.line))
    rubrics = _unique(rub_items, "rubric", probs)

    content = Content(
        root=str(root),
        chemicals=frozen_map(chemicals),
        sds=frozen_map(sds_map),
        enterprises=frozen_map(enterprises),
        city=city,
        plans=frozen_map(plans),
        scenarios=frozen_map(scenarios),
        injects=frozen_map(injects),
        rubrics=frozen_map(rubrics),
        digest=digest_files(root, content_files(root)),
    )
    check_references(content, root, probs)
    if not probs.errors:
        for check in extra_checks or ():
            probs.items.extend(check(content))
    return LoadResult(content, probs.items)


def check_content(
    root: Path | str, extra_checks: list[Callable[[Content], list[Problem]]] | None = None
) -> LoadResult:
    """Load and validate a content tree, returning the content (if any) and every problem, never raising."""
    return _load(Path(root).resolve(), extra_checks)


_CACHE: dict[tuple[str, str], Content] = {}


def load_content(root: Path | str) -> Content:
    """Load a content tree; raises ContentError listing every error if it is invalid.

    Results are cached per (root, digest of the files), so repeated loads of unchanged content are cheap.
    """
    rootp = Path(root).resolve()
    digest = digest_files(rootp, content_files(rootp)) if (rootp / "kb").is_dir() else ""
    key = (str(rootp), digest)
    if key in _CACHE:
        return _CACHE[key]
    result = _load(rootp)
    if result.errors or result.content is None:
        raise ContentError(result.errors)
    _CACHE.clear()
    _CACHE[key] = result.content
    return result.content
