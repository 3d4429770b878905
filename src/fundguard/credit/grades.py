"""Institution grades from the points ledger (pure): score, grade, explanation, how to restore the next
grade, consequences, consecutive lowest year-end grades.  No I/O."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fundguard.credit.config import GradeBand, InstitutionCreditConfig

KIND_ZH = {"deduction": "扣分", "bonus": "加分", "repair": "信用修复", "floor": "直接最低等级",
           "manual": "人工调整", "reversal": "撤销", "inspection": "现场检查无违规"}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One dated points change of an institution (points < 0 = deduction)."""

    entry_id: str
    entity_type: str
    entity_id: str
    entry_date: date
    points: int
    kind: str
    reason: str
    basis: str | None = None
    severity: str | None = None
    case_id: str | None = None


@dataclass(frozen=True, slots=True)
class RatingResult:
    """A computed grade with its explanation and consequences."""

    grade: str
    score: int
    explanation: str
    next_grade_hint: str
    inspection_weight: float
    consequences: dict[str, Any] = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grade_for_score(score: int, cfg: InstitutionCreditConfig) -> GradeBand:
    """The best grade whose minimum ``score`` reaches; the lowest grade below every minimum."""
    bands = cfg.sorted_grades()
    return next((b for b in bands if score >= b.min), bands[-1])


def score_as_of(entries: list[LedgerEntry], as_of: date, base: int) -> int:
    """Base score plus every entry dated on or before ``as_of``."""
    return base + sum(e.points for e in entries if e.entry_date <= as_of)


def floor_until(entries: list[LedgerEntry], as_of: date, cfg: InstitutionCreditConfig) -> date | None:
    """End of an active 'lowest grade' period (fraud referral), or None."""
    reversed_cases = {e.case_id for e in entries if e.kind == "reversal" and e.entry_date <= as_of}
    ends = [add_months(e.entry_date, cfg.floor_months) for e in entries
            if e.kind == "floor" and e.entry_date <= as_of and e.case_id not in reversed_cases]
    active = [d for d in ends if d > as_of]
    return max(active) if active else None


def _band_text(band: GradeBand, cfg: InstitutionCreditConfig) -> str:
    bands = cfg.sorted_grades()
    i = bands.index(band)
    upper = f"–{bands[i - 1].min - 1}" if i > 0 else " 以上"
    return f"{band.grade} 级({band.label}, {band.min}{upper} 分)"


def explanation_text(entries: list[LedgerEntry], as_of: date, score: int, band: GradeBand,
                     cfg: InstitutionCreditConfig, floor: date | None) -> str:
    """Chinese explanation: base, deductions by basis, bonuses, repairs, resulting grade."""
    live = [e for e in entries if e.entry_date <= as_of]
    parts = [f"基础分 {cfg.base_score} 分"]
    by_kind: dict[str, list[LedgerEntry]] = defaultdict(list)
    for e in live:
        by_kind[e.kind].append(e)
    for kind in ("deduction", "bonus", "repair", "reversal", "manual"):
        items = by_kind.get(kind, [])
        if not items:
            continue
        by_basis: dict[str, int] = defaultdict(int)
        for e in items:
            by_basis[e.basis or "其他"] += e.points
        detail = "；".join(f"{b} {p:+d} 分" for b, p in sorted(by_basis.items()))
        parts.append(f"{KIND_ZH[kind]} {len(items)} 项共 {sum(e.points for e in items):+d} 分 ({detail})")
    clean = by_kind.get("inspection", [])
    if clean:
        parts.append(f"现场检查未发现违规 {len(clean)} 次 (最近 {max(e.entry_date for e in clean)}, 不计分)")
    parts.append(f"当前得分 {score} 分")
    if floor:
        parts.append(f"因确认欺诈并移送, 至 {floor.isoformat()} 前直接评为最低等级 {band.grade} 级")
    else:
        parts.append(f"评为 {_band_text(band, cfg)}")
    return "，".join(parts) + "。"


def _repairable_points(entries: list[LedgerEntry], cfg: InstitutionCreditConfig) -> int:
    repaired = {e.case_id for e in entries if e.kind == "repair"}
    return sum(int(-e.points * cfg.repair_share) for e in entries
               if e.kind == "deduction" and e.case_id not in repaired)


def next_grade_hint(entries: list[LedgerEntry], score: int, band: GradeBand,
                    cfg: InstitutionCreditConfig, floor: date | None) -> str:
    """What would restore the next better grade (Chinese)."""
    bands = cfg.sorted_grades()
    i = bands.index(band)
    if floor:
        return f"最低等级期至 {floor.isoformat()} 届满, 之后按积分重新评定。"
    if i == 0:
        return f"已是最高等级 {band.grade} 级。"
    target = bands[i - 1]
    need = target.min - score
    repairable = _repairable_points(entries, cfg)
    ways = [f"已扣分的案件整改到位且连续 {cfg.repair_clean_months} 个月无新违规, 可修复 {repairable} 分"
            ] if repairable else []
    ways += [f"自查自纠 +{cfg.bonuses['self_corrected']} 分"] if "self_corrected" in cfg.bonuses else []
    ways += [f"主动退回 +{cfg.bonuses['voluntary_return']} 分"] if "voluntary_return" in cfg.bonuses else []
    return f"距 {target.grade} 级(≥{target.min} 分)还差 {need} 分；途径: {'；'.join(ways) or '无'}。"


def consecutive_lowest_years(entries: list[LedgerEntry], as_of: date,
                             cfg: InstitutionCreditConfig) -> int:
    """How many consecutive completed years (latest first) ended at the lowest grade."""
    lowest = cfg.sorted_grades()[-1].grade
    first_year = min((e.entry_date.year for e in entries), default=as_of.year)
    count = 0
    for year in range(as_of.year - 1, first_year - 1, -1):
        year_end = date(year, 12, 31)
        floored = floor_until(entries, year_end, cfg) is not None
        score = score_as_of(entries, year_end, cfg.base_score)
        if not (floored or grade_for_score(score, cfg).grade == lowest):
            break
        count += 1
    return count


def rating_as_of(entries: list[LedgerEntry], as_of: date, cfg: InstitutionCreditConfig) -> RatingResult:
    """The institution's grade on ``as_of`` computed from its ledger."""
    score = score_as_of(entries, as_of, cfg.base_score)
    floor = floor_until(entries, as_of, cfg)
    band = cfg.sorted_grades()[-1] if floor else grade_for_score(score, cfg)
    consequence = cfg.consequences[band.grade]
    years = consecutive_lowest_years(entries, as_of, cfg)
    consequences = {
        "text": consequence.text, "settlement_suspended": consequence.settlement_suspended,
        "consecutive_lowest_years": years,
        "agreement_termination": years >= cfg.terminate_after_consecutive_lowest,
    }
    return RatingResult(
        grade=band.grade, score=score,
        explanation=explanation_text(entries, as_of, score, band, cfg, floor),
        next_grade_hint=next_grade_hint(entries, score, band, cfg, floor),
        inspection_weight=consequence.inspection_weight, consequences=consequences,
    )
