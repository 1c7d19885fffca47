"""Turn a loaded content tree into search documents, grouped for incremental re-indexing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from drillsim.model import Content
from drillsim.search.builders import chemical_docs, enterprise_docs, plan_docs, scenario_docs
from drillsim.search.searchdoc import KINDS, SearchDoc, bi, rel_path

__all__ = [
    "KINDS",
    "KIND_ORDER",
    "SearchDoc",
    "bi",
    "dependent_groups",
    "documents",
    "group_docs",
    "group_paths",
    "groups_of",
    "rel_path",
]


# --------------------------------------------------------------------------- the whole tree
def group_docs(content: Content, group: str, root: str | None = None) -> list[SearchDoc]:
    """The documents of one re-index group (``enterprise:<id>``, ``chemical:<id>``, ``plan:<id>``, ``scenario:<id>``)."""
    root = root if root is not None else content.root
    kind, _, key = group.partition(":")
    if kind == "enterprise":
        box = content.enterprises.get(key)
        if box is None:
            return []
        docs = list(enterprise_docs(box, content, root))
        for plan in content.plans_for(key):
            docs.extend(plan_docs(plan, content, root))
        return docs
    if kind == "chemical":
        chem = content.chemicals.get(key)
        return list(chemical_docs(chem, content.sds.get(key), root)) if chem else []
    if kind == "plan":
        plan = content.plans.get(key)
        return list(plan_docs(plan, content, root)) if plan else []
    if kind == "scenario":
        sc = content.scenarios.get(key)
        return list(scenario_docs(sc, content, root)) if sc else []
    return []


def groups_of(content: Content) -> list[str]:
    """Every re-index group of the content, in a stable order."""
    out = [f"chemical:{c}" for c in sorted(content.chemicals)]
    out += [f"enterprise:{e}" for e in sorted(content.enterprises)]
    out += [
        f"plan:{p.id}"
        for p in sorted(content.plans.values(), key=lambda p: p.id)
        if p.enterprise not in content.enterprises
    ]
    out += [f"scenario:{s}" for s in sorted(content.scenarios)]
    return out


# index order: records before the sections quoting them (a capped search scores documents in this order)
KIND_ORDER = ("chemical", "enterprise", "site_node", "plan", "scenario", "sds_section", "plan_section")


def documents(content: Content, root: str | None = None) -> list[SearchDoc]:
    """Every search document of the content tree, records first (see :data:`KIND_ORDER`)."""
    docs = [d for group in groups_of(content) for d in group_docs(content, group, root)]
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    docs.sort(key=lambda d: rank.get(d.kind, len(rank)))
    return docs


def group_paths(content: Content, root: str | None = None) -> Mapping[str, str]:
    """Content-relative file path -> the re-index group built from it (enterprise boxes, plans, scenarios).

    Files not listed here (chemicals, SDS, city, injects, rubrics) feed many groups: changing one
    means a full rebuild.
    """
    root = root if root is not None else content.root
    out: dict[str, str] = {}
    for box in content.enterprises.values():
        out[rel_path(box.path, root)] = f"enterprise:{box.id}"
    for plan in content.plans.values():
        g = f"enterprise:{plan.enterprise}" if plan.enterprise in content.enterprises else f"plan:{plan.id}"
        out[rel_path(plan.path, root)] = g
    for sc in content.scenarios.values():
        out[rel_path(sc.path, root)] = f"scenario:{sc.id}"
    out.pop("", None)
    return out


def dependent_groups(content: Content, groups: Iterable[str]) -> set[str]:
    """``groups`` plus the scenario groups that quote a changed enterprise's names."""
    out = set(groups)
    ents = {g.partition(":")[2] for g in out if g.startswith("enterprise:")}
    for sc in content.scenarios.values():
        if ents.intersection(sc.enterprises):
            out.add(f"scenario:{sc.id}")
    return out
