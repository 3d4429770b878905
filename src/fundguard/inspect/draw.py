"""双随机 object draw: stratified, credit-weighted, reproducible from (seed, registry, plan).

Algorithm ``fg-draw-1`` (documented so anyone can re-implement it):
1. The top ``risk_picks`` institutions by risk rank are included with certainty (probability 1).
2. Institutions inspected on site this year are excluded (probability 0) unless they have a clue.
3. Every other institution gets inclusion probability p = ratio[credit grade]. Within each stratum
   (type | level | district) units are ordered by u(seed, "order", code) and a randomized systematic
   PPS sample is taken: cumulate p, draw a start r = u(seed, "start", stratum) in [0, 1), select unit
   i when a point r + k (k = 0, 1, …) falls in (C[i-1], C[i]] (exact integer arithmetic in units
   of 1e-9).  Unit i is then selected with probability exactly p, and a stratum's sample size is
   the floor or the ceiling of the sum of its p.
u(...) = first 16 hex digits of sha256("fg-draw-1|seed|purpose|key") / 16**16 (language-neutral).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from fundguard.inspect.plan import DrawPlan

ALGORITHM_VERSION = "fg-draw-1"


@dataclass(frozen=True, slots=True)
class RegistryObject:
    """One designated institution in the inspection-object registry, as the draw sees it."""

    fixmedins_code: str
    inst_type: str
    medins_lv: str
    admdvs: str
    grade: str
    grade_source: str
    inspected_this_year: bool = False
    has_clue: bool = False
    risk_rank: int | None = None


@dataclass(frozen=True, slots=True)
class DrawnObject:
    """The draw's outcome for one registry object."""

    fixmedins_code: str
    stratum: str
    credit_grade: str
    grade_source: str
    selection_kind: str
    inclusion_prob: float
    selected: bool
    exclusion_reason: str | None = None


def uniform(seed: int, purpose: str, key: str) -> float:
    """A reproducible uniform number in [0, 1) for (seed, purpose, key)."""
    digest = hashlib.sha256(f"{ALGORITHM_VERSION}|{seed}|{purpose}|{key}".encode()).hexdigest()
    return int(digest[:16], 16) / 16**16


def fingerprint(payload: object) -> str:
    """SHA-256 of the canonical JSON of ``payload`` (sorted keys, no spaces)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def registry_snapshot(objects: Iterable[RegistryObject]) -> list[dict[str, object]]:
    """The registry as stored in the draw record (sorted by institution code)."""
    return [asdict(o) for o in sorted(objects, key=lambda o: o.fixmedins_code)]


def stratum_of(obj: RegistryObject, plan: DrawPlan) -> str:
    return "|".join(str(getattr(obj, field)) for field in plan.strata) or "全部"


SCALE = 10**9
"""Probabilities and the start are scaled to integers (units of 1e-9) so sampling is exact."""


def systematic_pps(units: list[tuple[str, float]], start: float) -> set[str]:
    """Codes selected by systematic sampling on cumulated probabilities with the given start."""
    chosen: set[str] = set()
    cumulated, offset = 0, int(start * SCALE)
    for code, prob in units:
        lower, cumulated = cumulated, cumulated + round(prob * SCALE)
        # the first point offset + k * SCALE above lower; selected when it is <= cumulated
        point = offset + ((lower - offset) // SCALE + 1) * SCALE
        if point <= cumulated:
            chosen.add(code)
    return chosen


def _risk_picks(objects: list[RegistryObject], plan: DrawPlan) -> set[str]:
    ranked = sorted((o for o in objects if o.risk_rank is not None),
                    key=lambda o: (o.risk_rank, o.fixmedins_code))
    return {o.fixmedins_code for o in ranked[: plan.risk_picks]}


def _random_part(objects: list[RegistryObject], plan: DrawPlan, seed: int) -> set[str]:
    strata: dict[str, list[RegistryObject]] = defaultdict(list)
    for obj in objects:
        strata[stratum_of(obj, plan)].append(obj)
    chosen: set[str] = set()
    for stratum, members in sorted(strata.items()):
        ordered = sorted(members, key=lambda o: uniform(seed, "order", o.fixmedins_code))
        units = [(o.fixmedins_code, plan.ratio_for(o.grade)) for o in ordered]
        chosen |= systematic_pps(units, uniform(seed, "start", stratum))
    return chosen


def draw_objects(objects: list[RegistryObject], plan: DrawPlan, seed: int) -> list[DrawnObject]:
    """Every registry object with its inclusion probability and whether it was drawn."""
    certain = _risk_picks(objects, plan)
    excluded = {o.fixmedins_code for o in objects if o.fixmedins_code not in certain
                and plan.exclude_inspected_this_year and o.inspected_this_year and not o.has_clue}
    eligible = [o for o in objects if o.fixmedins_code not in certain | excluded]
    drawn = _random_part(eligible, plan, seed)
    result = []
    for obj in sorted(objects, key=lambda o: o.fixmedins_code):
        code, common = obj.fixmedins_code, (stratum_of(obj, plan), obj.grade, obj.grade_source)
        if code in certain:
            result.append(DrawnObject(code, *common, "risk", 1.0, True))
        elif code in excluded:
            result.append(DrawnObject(code, *common, "excluded", 0.0, False,
                                      "本年度已现场检查且无新线索"))
        else:
            result.append(DrawnObject(code, *common, "random", plan.ratio_for(obj.grade),
                                      code in drawn))
    return result
