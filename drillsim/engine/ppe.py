"""What an entry into the release needs (protective equipment by hazard group) and what hazmat units carry.

A toxic or corrosive chemical needs gas-tight chemical protective suits with SCBA (GA/T 970-2011
《危险化学品泄漏事故处置行动要则》 first-level protection; ERG 2024 guides 117-125, 154-157: structural
firefighters' clothing "is not effective in spill situations where direct contact with the substance is
possible"). A chemical that is only flammable (LPG, hydrogen, petrol) is approached in SCBA and
structural, anti-static turnout gear (ERG 2024 guides 115, 116, 128: "structural firefighters'
protective clothing will only provide limited thermal protection" — no suit is called for).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from drillsim.engine import params

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident
    from drillsim.model import Chemical


def gas_tight(chem: Chemical) -> bool:
    """Whether entering a release of ``chem`` needs gas-tight suits (toxic or corrosive)."""
    return chem.is_("toxic") or chem.is_("corrosive")


def kit_name(inc: Incident) -> str:
    return "gas-tight suits" if gas_tight(inc.chem) else "SCBA and anti-static structural gear"


def describe(inc: Incident, n: int = 2) -> str:
    """What ``n`` people entering need, in words."""
    if gas_tight(inc.chem):
        return f"{n} gas-tight suits"
    return f"{n} SCBA sets with anti-static structural gear"


def shortfall(inc: Incident, n: int = 2) -> str | None:
    """Why the enterprise cannot equip ``n`` people for an entry, or None when it can."""
    res = inc.box.resources
    if gas_tight(inc.chem):
        if res.gas_tight_suits < n:
            return f"the box lists {res.gas_tight_suits} gas-tight suit(s)"
    elif res.scba_sets < n:
        return f"the box lists {res.scba_sets} SCBA set(s)"
    return None


def field_antidotes(inc: Incident, capabilities: Iterable[str]) -> tuple[str, ...]:
    """Antidotes for the incident's chemical that a unit with ``capabilities`` carries (``FIELD_ANTIDOTES``)."""
    if not inc.antidote_chem:
        return ()
    out: list[str] = []
    for cap in capabilities:
        for a in params.FIELD_ANTIDOTES.get(cap, ()):
            if a in inc.chem.antidotes and a not in out:
                out.append(a)
    return tuple(out)
