"""Random inspector teams for drawn institutions, with recusal, rotation and a workload cap.

For each drawn institution (taken in the order u(seed, "team-order", code)), the candidates are the
qualified inspectors with no declared conflict with it, not sent there in the last ``rotation_draws``
draws and below the workload cap; the team is the ``team_size`` candidates with the smallest
u(seed, "pick", code + "|" + inspector_id).  Rotation is relaxed only when it leaves too few
candidates; a conflict is never relaxed.  With ``cross_district`` (异地交叉检查) nobody is sent to an
institution of their own district.  Experts (any roster member with an expert field and no
conflict) are added the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fundguard.errors import ConfigError
from fundguard.inspect.draw import uniform
from fundguard.inspect.plan import DrawPlan
from fundguard.inspect.roster import Inspector

ROLE_ENFORCER = "执法人员"
ROLE_EXPERT = "专家"


@dataclass(frozen=True, slots=True)
class TeamMember:
    fixmedins_code: str
    inspector_id: str
    role: str


def _ranked(candidates: list[Inspector], seed: int, code: str) -> list[Inspector]:
    return sorted(candidates, key=lambda p: uniform(seed, "pick", f"{code}|{p.inspector_id}"))


def _enforcers(code: str, district: str | None, roster: list[Inspector], plan: DrawPlan, seed: int,
               load: Counter[str], recent: set[tuple[str, str]]) -> list[Inspector]:
    base = [p for p in roster if p.qualified and not p.conflicted_with(code)
            and load[p.inspector_id] < plan.max_assignments_per_inspector
            and not (plan.cross_district and p.district == district)]
    rotated = [p for p in base if (p.inspector_id, code) not in recent]
    pool = rotated if len(rotated) >= plan.team_size else base
    if len(pool) < plan.team_size:
        raise ConfigError(
            f"机构 {code} 可选派的执法人员不足 {plan.team_size} 人(已回避利益冲突、考虑工作量上限"
            f"{'、异地交叉' if plan.cross_district else ''})",
            hint="请在名录库中补充具有执法资格的人员, 或调高 max_assignments_per_inspector。",
        )
    return _ranked(pool, seed, code)[: plan.team_size]


def _experts(code: str, roster: list[Inspector], plan: DrawPlan, seed: int,
             taken: set[str]) -> list[Inspector]:
    pool = [p for p in roster if p.expert_fields and not p.conflicted_with(code)
            and p.inspector_id not in taken]
    return _ranked(pool, seed, code)[: plan.experts_per_team]


def draw_teams(selected_codes: list[str], roster: list[Inspector], plan: DrawPlan, seed: int,
               recent: set[tuple[str, str]] | None = None,
               districts: dict[str, str] | None = None) -> list[TeamMember]:
    """Team members for every selected institution.

    ``recent`` = (inspector_id, code) pairs of earlier draws; ``districts`` = code -> admdvs (used
    when the plan asks for cross-district teams).
    """
    load: Counter[str] = Counter()
    members: list[TeamMember] = []
    order = sorted(selected_codes, key=lambda c: uniform(seed, "team-order", c))
    for code in order:
        team = _enforcers(code, (districts or {}).get(code), roster, plan, seed, load, recent or set())
        load.update(p.inspector_id for p in team)
        members += [TeamMember(code, p.inspector_id, ROLE_ENFORCER) for p in team]
        taken = {p.inspector_id for p in team}
        members += [TeamMember(code, p.inspector_id, ROLE_EXPERT)
                    for p in _experts(code, roster, plan, seed, taken)]
    return sorted(members, key=lambda m: (m.fixmedins_code, m.role, m.inspector_id))
