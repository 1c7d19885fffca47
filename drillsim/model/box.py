"""The enterprise's emergency handover box (应急交底箱): people, resources, units, posts, the site plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from drillsim.model.common import ShiftCounts


@dataclass(frozen=True, slots=True)
class Contact:
    role: str
    name_zh: str
    name_en: str
    phone: str


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name_zh: str
    name_en: str
    on_shift: ShiftCounts


@dataclass(frozen=True, slots=True)
class OnSiteResources:
    scba_sets: int = 0
    scba_cylinder_min: float = 45.0
    spare_cylinders: int = 0
    gas_tight_suits: int = 0
    fixed_gas_detectors: int = 0
    portable_detectors: int = 0
    fire_water_m3: float = 0.0
    foam_m3: float = 0.0
    leak_sealing_kits: int = 0
    micro_fire_station: bool = False
    decon_showers: int = 0


@dataclass(frozen=True, slots=True)
class InventoryItem:
    chemical: str
    max_quantity_t: float
    state: str
    container: str
    node: str | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class HazardUnit:
    """A GB 18218 unit: a production or storage unit with its design-maximum inventory."""

    id: str
    name_zh: str
    name_en: str
    kind: str
    nodes: tuple[str, ...]
    declared_level: int | None
    inventory: tuple[InventoryItem, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    name_zh: str
    name_en: str
    node: str
    key: bool = True
    line: int = 0


@dataclass(frozen=True, slots=True)
class SiteNode:
    id: str
    type: str
    name_zh: str
    name_en: str
    x_m: float
    y_m: float
    occupancy: ShiftCounts = ShiftCounts()  # noqa: RUF009 - frozen, so one shared default is safe
    flammable_explosive: bool = False
    tag: str = ""
    capacity: int = 0
    controls: tuple[str, ...] = ()
    remote: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class SiteEdge:
    a: str
    b: str
    length_m: float
    walk: bool = True
    vehicle: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class SitePlan:
    north_deg: float
    nodes: tuple[SiteNode, ...]
    edges: tuple[SiteEdge, ...]

    def node(self, node_id: str) -> SiteNode | None:
        for n in self.nodes:
            if n.id == node_id:
                return n
        return None

    def of_type(self, *types: str) -> tuple[SiteNode, ...]:
        return tuple(n for n in self.nodes if n.type in types)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document kept in the box (scanned drawing, permit...), by path relative to the content root."""

    title_zh: str
    title_en: str
    file: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class HandoverBox:
    """An enterprise's emergency handover box (应急交底箱): identity, people, resources, inventory, site."""

    id: str
    fictional: bool
    name_zh: str
    name_en: str
    short_names: tuple[str, ...]
    industry_zh: str
    industry_en: str
    address_zh: str
    address_en: str
    district: str
    park: str | None
    road_node: str
    risk: str
    last_verified: date
    people_within_500m: int
    phone_24h: str
    contacts: tuple[Contact, ...]
    roles: tuple[Role, ...]
    resources: OnSiteResources
    units: tuple[HazardUnit, ...]
    posts: tuple[Post, ...]
    site: SitePlan
    attachments: tuple[Attachment, ...] = ()
    path: str = ""
    line: int = 0

    def role(self, role_id: str) -> Role | None:
        for r in self.roles:
            if r.id == role_id:
                return r
        return None

    def unit(self, unit_id: str) -> HazardUnit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    @property
    def chemical_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.chemical for u in self.units for i in u.inventory))
