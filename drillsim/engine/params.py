"""Engine parameters: every timing and threshold the drill model uses, with where it comes from.

Values marked ``model assumption`` are calibration choices of this engine (documented in docs/engine.md),
not facts; the others cite a norm from ``../shared/reference/response_norms.yaml`` or the chemical record.
Times are minutes. A delay is a lognormal draw given by its median and its log-scale sigma.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delay:
    """A lognormal delay: ``median`` minutes, log-scale ``sigma``, and where the figure comes from."""

    median: float
    sigma: float
    source: str


# --------------------------------------------------------------------------- detection and alarm
DETECT_FIXED = Delay(
    0.5, 0.4, "model assumption: fixed gas detector alarm after the cloud reaches it (GB/T 50493 siting)"
)
DETECT_PERSON_NEAR = Delay(
    2.0, 0.5, "model assumption: a worker at the unit notices a release (sound, smell, frost)"
)
DETECT_PATROL = Delay(
    12.0, 0.6, "model assumption: an unattended unit is noticed by patrol or from the fence"
)
DETECT_FIRE = Delay(0.5, 0.5, "model assumption: a fire or explosion is seen or heard at once")
MANUAL_ALARM_EXTRA = Delay(
    2.0, 0.4, "model assumption: without power the alarm is raised by hand (bell, radio, running)"
)
DOCTRINE_SLOWDOWN = 1.5
"""Where the plan is silent the default doctrine acts with delays 1.5x those of a drilled step (model assumption)."""
OFF_SHIFT_PHONE = Delay(
    10.0, 0.5, "model assumption: an off-site role (e.g. the unit head at night) is reached by phone"
)

# --------------------------------------------------------------------------- actions (reaction delay to start, then duration)
ACTION_DELAY: dict[str, Delay] = {
    "raise_alarm": Delay(
        1.0, 0.4, "model assumption: operator confirms the detector alarm on CCTV, then sounds the alarm"
    ),
    "report_unit_head": Delay(
        2.0, 0.5, "493号令 第九条: report to the unit head immediately (立即); 2 min median assumed"
    ),
    "call_119": Delay(
        2.0,
        0.5,
        "model assumption: within the 4-min discovery-and-report share of the customary 15-min fire time",
    ),
    "call_120": Delay(2.0, 0.5, "model assumption: as for 119"),
    "report_authority": Delay(
        20.0, 0.5, "493号令 第九条: within 1 h of the unit head's knowing; 20 min median assumed"
    ),
    "activate_esd": Delay(1.5, 0.4, "model assumption: remote ESD from the control room"),
    "manual_esd": Delay(
        4.0, 0.3, "model assumption: don the entry gear (gas-tight suits or SCBA) before entering"
    ),
    "evacuate": Delay(1.5, 0.5, "model assumption: shift leader orders evacuation over PA/radio"),
    "headcount": Delay(1.0, 0.4, "model assumption: the counter starts once the walkers have arrived"),
    "mobilize_team": Delay(2.0, 0.4, "model assumption: the team musters at its station"),
    "set_isolation": Delay(2.0, 0.5, "model assumption: guards sent to the zone edge"),
    "water_curtain": Delay(4.0, 0.4, "model assumption: lay hose and set water-curtain nozzles"),
    "leak_seal": Delay(5.0, 0.4, "model assumption: kit preparation in entry gear before approach"),
    "foam_attack": Delay(5.0, 0.4, "model assumption: foam proportioning and monitor set-up"),
    "cool_tanks": Delay(3.0, 0.4, "model assumption: fixed monitors / hose lines on exposed tanks"),
    "decontaminate": Delay(8.0, 0.4, "model assumption: decon corridor set-up (tent, showers, runoff)"),
    "extract_casualties": Delay(1.0, 0.3, "model assumption: rescue pair briefed and checked (2-in-2-out)"),
    "first_aid": Delay(2.0, 0.4, "model assumption: first-aider reaches the assembly point"),
    "guide_responders": Delay(
        2.0, 0.4, "model assumption: guard meets fire engines at the gate with the handover box"
    ),
    "request_mutual_aid": Delay(3.0, 0.5, "model assumption: request through 119 command"),
    "monitor_gas": Delay(3.0, 0.4, "model assumption: portable detector readings at the zone edge"),
    "all_clear": Delay(5.0, 0.4, "model assumption: commander declares after readings below limits"),
}
ACTION_DURATION: dict[str, Delay] = {
    "headcount": Delay(
        5.0, 0.4, "model assumption: roll call against the shift list at every assembly point"
    ),
    "mobilize_team": Delay(4.0, 0.3, "model assumption: don and check SCBA"),
    "set_isolation": Delay(4.0, 0.4, "model assumption: cordon tape, cones and guards in place"),
    "all_clear": Delay(2.0, 0.4, "model assumption: the declaration is passed on"),
    "manual_esd": Delay(8.0, 0.4, "model assumption: walk in, close the valve by hand, walk out"),
    "leak_seal_hazmat": Delay(
        20.0, 0.5, "model assumption: hazmat crew seals a small leak (clamp, wedge, injection)"
    ),
    "leak_seal_hazmat_large": Delay(40.0, 0.5, "model assumption: hazmat crew seals a large leak"),
    "leak_seal_team": Delay(
        25.0, 0.5, "model assumption: enterprise team with a sealing kit (small leaks only)"
    ),
    "foam_attack": Delay(30.0, 0.5, "model assumption: foam blanket on a small spill or tank fire"),
    "foam_attack_large": Delay(75.0, 0.5, "model assumption: large tank / bund fire, full-surface foam"),
    "monitor_gas": Delay(20.0, 0.4, "model assumption: readings below limits for a sustained period"),
    "relocate": Delay(5.0, 0.4, "model assumption: people at an assembly point move after a wind shift"),
}
ESD_BASE_FAILURE_P = 0.05
"""Probability a remote ESD fails on demand without any inject (model assumption, order of SIL-1 PFD)."""
ESD_EFFECTIVE_P = 0.75
"""Probability the leak lies downstream of the ESD valve, so closing it stops the release (model assumption)."""
RESIDUAL_AFTER_ESD = Delay(5.0, 0.5, "model assumption: the isolated section empties after the valve closes")
ZONE_CLEARANCE_MIN = 15.0
"""The zone stays hazardous this long after the release stops (model assumption)."""
TEAM_SEAL_SUCCESS_P = {"small": 0.6, "large": 0.1}
"""Chance an enterprise team with a sealing kit stops a leak (model assumption)."""

# --------------------------------------------------------------------------- people
PERSON_REACTION = Delay(1.5, 0.6, "model assumption: a worker stops work and starts walking after the alarm")
SELF_EVAC_REACTION = Delay(0.5, 0.6, "model assumption: a worker in the isolation circle leaves on noticing")
INDOOR_FACTOR = 0.3
"""Dose rate indoors relative to outdoors while people stay inside a building, control room or warehouse
(model assumption; shelter-in-place studies put the indoor/outdoor dose ratio over the first hour at about
0.1-0.5 depending on air exchange, e.g. Chan et al., LBNL-59521, 2006). Process units and tank farms are outdoors."""
INDOOR_TYPES = frozenset({"building", "control_room", "warehouse"})

# --------------------------------------------------------------------------- the toxic atmosphere (exposure.py)
EDGE_RATE_PER_MIN = 3.0 / 60.0
"""Severity per minute outdoors at the downwind edge of the ERG initial isolation circle: red (s = 3) after
60 min. ERG 2024 defines the isolation zone as where people "may be exposed to dangerous (upwind) and life
threatening (downwind) concentrations"; life-threatening over 60 min is the AEGL-3 (60 min) level. Estimate
(model assumption anchored on the ERG definition, not a measured concentration)."""
PLUME_DECAY_EXP = 1.8
"""Dose rate falls as distance^-1.8 from the release: ground-level plume centreline concentration
C ∝ 1/(σy·σz), with Pasquill-Gifford σy ∝ x^0.9 and σz ∝ x^0.8-0.9 in neutral (D) conditions over
0.1-1 km (Turner, Workbook of Atmospheric Dispersion Estimates, 1970). Estimate: linear dose (Haber's rule)."""
CROSSWIND_FACTOR = 0.1
"""Inside the isolation circle but off the downwind sector the rate is a tenth of the plume's (meander,
dense-gas spreading near the source; estimate)."""
NEAR_FIELD_MIN_M = 5.0
"""Distances below this count as this (the release point itself)."""
LETHAL = 10.0
"""A collapsed person still in the atmosphere dies when the severity score reaches this (between collapse at
6 and here, removal from the atmosphere can still save them: H2S "knockdown" victims mostly recover when
pulled out quickly — Burnett et al., CMAJ 1977: 221 H2S cases, 6 % died, 5 % dead on arrival; Arnold et al.,
JOM 1985: 250 cases, 54 % unconscious, 2.8 % died). Estimate."""
RED_CLOCK_FLOOR = 0.1
"""An untreated red casualty dies after ``red_to_death_min × g(s)``, g falling linearly from 1 at the red
threshold to this floor at ``LETHAL`` (the nearer a lethal dose, the less time; estimate)."""
SCENE_CARE_FACTOR = {"first_aid": 2.0, "ems": 3.0}
"""Chemicals without a specific antidote: care on scene once triaged (removal, rest, positioning,
decontamination, oxygen) multiplies the time left on the deterioration clock by this: trained first-aiders
2, the 120 crew or an ambulance (oxygen, airway, bronchodilators) 3. ATSDR Medical Management Guidelines
(chlorine, ammonia, hydrogen sulfide, phosgene) and CHEMM: supportive care is the treatment and most
casualties who reach it survive; Graniteville 2005 (60 t chlorine): 9 deaths, all at or near the scene,
about 75 admitted and 554 who sought care (NTSB RAR-05/04). Estimate."""
HOSPITAL_CARE_FACTOR = 4.0
"""Chemicals without a specific antidote: the emergency department (waiting for a bed) multiplies the time
left by this; admission to a bed is definitive care (estimate)."""
ANTIDOTE_CHEM_SCENE_FACTOR = 1.0
"""Chemicals with an antidote course keep their clock on scene: only the antidote stops it (cyanide,
HF, methaemoglobin formers; ATSDR MMG hydrogen cyanide: severe poisoning needs the antidote)."""
FIELD_ANTIDOTES = {
    "cyanide_treatment": ("hydroxocobalamin", "sodium_thiosulfate", "sodium_nitrite", "amyl_nitrite", "dmap"),
    "hf_treatment": ("calcium_gluconate",),
}
"""A hazmat unit whose base lists the capability carries these antidotes and gives them on scene."""
FIELD_ANTIDOTE_COURSES_PER_UNIT = 5
"""Courses a hazmat unit with a field-antidote capability carries (model assumption: one case of kits)."""
TRIAGE_RED = 3.0
TRIAGE_YELLOW = 1.0
"""Severity thresholds (sample-city.md, Clinical parameters): red if s >= 3, yellow if s >= 1, green below."""
SYMPTOMS = 0.25
"""Below this severity a person exposed is not a casualty (a whiff: no symptoms worth triage). With the
dose rate falling off with distance everyone inside the zone breathes a little; a quarter of yellow is
about 5 min at the edge of the isolation circle (estimate)."""
INCAPACITATED = 6.0
"""A person collapses (and must be carried out) at twice the red threshold; a red casualty below it can
still walk out, as many severely exposed workers do before symptoms peak (model assumption)."""
ROUTE_MINUTE_COST = 0.01
"""Evacuation route choice: a minute of walking weighs as much as 0.01 severity (so a detour of a few
minutes is taken to avoid the plume; estimate)."""
AP_WAIT_MIN = 30.0
"""Evacuation route choice: an assembly point counts the dose of this long there (people wait there
for the headcount), so one inside the plume is avoided (estimate)."""
CARRY_SPEED_M_MIN = 30.0
"""Two rescuers carrying a casualty in SCBA: 0.5 m/s (model assumption)."""
RESCUE_HANDLING_MIN = 3.0
SCBA_RESERVE_MIN = 8.0
"""Withdraw with this much air left: 5-6 MPa of a 30 MPa cylinder ≈ 18 % of 45 min (response_norms scba_withdraw, unverified)."""
CYLINDER_CHANGE_MIN = 5.0
SEARCH_WITHOUT_HEADCOUNT_MIN = 10.0
"""Without a headcount, a trapped person is found this long after the first rescue pair is ready (assumption)."""
BLAST_RADII_M = (30.0, 80.0, 150.0)
"""Red / yellow / green radii of a non-flammable explosion (reactor burst, AN) when no fire model applies (assumption)."""

# --------------------------------------------------------------------------- fire service (119)
DISPATCH_119 = Delay(
    2.5, 0.3, "customary 15-min fire time: 报警及指挥中心处警 2.5 min (response_norms cn_15min_fire_time)"
)
SETUP = Delay(3.5, 0.3, "customary 15-min fire time: 出水扑救 3.5 min (response_norms cn_15min_fire_time)")
UNGUIDED_EXTRA = Delay(
    5.0, 0.4, "model assumption: without a guide at the gate crews find the source and shut-off themselves"
)
TRAVEL_NOISE_SIGMA = 0.12
"""Log-scale spread of road travel time around the network's fastest time (model assumption)."""
ENGINES_NEEDED = {
    ("leak", "small"): 2,
    ("leak", "large"): 3,
    ("fire", "small"): 3,
    ("fire", "large"): 6,
    ("explosion", "small"): 4,
    ("explosion", "large"): 6,
}
HAZMAT_NEEDED = {"small": 1, "large": 2}
MUTUAL_AID_ENGINES = 2
MUTUAL_AID_HAZMAT = 1

# --------------------------------------------------------------------------- EMS (120) and hospitals
EMS_TRIAGE_PER_CASUALTY = Delay(
    0.5, 0.3, "START triage: 30-60 s per casualty (Benson, Koenig & Schultz, Prehosp Disaster Med 1996)"
)
LOAD_MIN = Delay(5.0, 0.3, "model assumption: package and load a casualty")
HANDOVER_MIN = Delay(8.0, 0.3, "model assumption: ambulance handover at the emergency department")
DECON_PER_CASUALTY = Delay(4.0, 0.3, "model assumption: gross decontamination of one casualty")
DRY_DECON_AFTER_MIN = 15.0
"""With no decontamination line set up by then, casualties are undressed (dry decon) and moved on (assumption)."""
TRIAGE_TEAMS = 2
"""Casualties triaged at once on one scene (two triage officers; model assumption)."""
DIVERSION_MAX_EXTRA_MIN = 45.0
"""A full hospital diverts to the next one only if that adds at most this much driving (model assumption)."""
LOS_MIN = Delay(
    2880.0, 0.5, "model assumption: poison-ward / ICU length of stay about two days (no bed frees in a drill)"
)
SUPPORTIVE_CARE_FACTOR = 2.0
"""Without its antidote, hospital supportive care doubles the time left on a casualty's clock (assumption)."""
AFTERCARE_CAP_MIN = 600.0
"""The engine follows casualties past ``duration_min`` to an outcome, at most this much longer."""
