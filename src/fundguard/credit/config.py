"""Credit configuration (config/credit/*.yaml) and the 条例 article parser shared by credit rules."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from fundguard.cases.config import load_yaml_config

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十百零]+)\s*条")


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _CN_DIGITS[ch]
    return total + digit


def article_of(legal_basis: str | None) -> str | None:
    """The first article of ``legal_basis`` as ``第N条`` (Arabic), e.g. 第三十八条第(三)项 → 第38条."""
    match = _ARTICLE.search(legal_basis or "")
    return f"第{_cn_number(match.group(1))}条" if match else None


class GradeBand(BaseModel, extra="forbid"):
    grade: str
    min: int
    label: str


class GradeConsequence(BaseModel, extra="forbid"):
    inspection_weight: float
    text: str
    settlement_suspended: bool = False


class InstitutionCreditConfig(BaseModel, extra="forbid"):
    base_score: int = 1000
    grades: list[GradeBand]
    deductions: dict[str, dict[str, int]]
    fraud_article: str = "第40条"
    floor_on_fraud_referral: bool = True
    floor_months: int = 24
    bonuses: dict[str, int] = {}
    repair_clean_months: int = 6
    repair_share: Decimal = Decimal("0.5")
    consequences: dict[str, GradeConsequence]
    terminate_after_consecutive_lowest: int = 2
    red_list_grades: list[str] = ["A"]
    red_list_clean_months: int = 12
    black_list_grades: list[str] = ["E"]

    def sorted_grades(self) -> list[GradeBand]:
        """Grades best first (highest minimum first)."""
        return sorted(self.grades, key=lambda g: g.min, reverse=True)


class MonthsBand(BaseModel, extra="forbid"):
    min: Decimal
    months: int


class StaffCreditConfig(BaseModel, extra="forbid"):
    points_by_article: dict[str, int]
    fraud_points: int = 11
    suspend_at: int = 9
    terminate_at: int = 12
    suspension_months: list[MonthsBand]


class InsuredCreditConfig(BaseModel, extra="forbid"):
    measure: str = "暂停联网结算"
    months_by_amount: list[MonthsBand]
    fraud_extra_months: int = 3
    max_months: int = 12


def months_for(value: Decimal, bands: list[MonthsBand]) -> int:
    """Months of the highest band whose minimum ``value`` reaches (0 if none)."""
    reached = [b for b in bands if value >= b.min]
    return max(reached, key=lambda b: b.min).months if reached else 0


def institution_config(config_dir: Path) -> InstitutionCreditConfig:
    return load_yaml_config(config_dir / "credit" / "institution.yaml", InstitutionCreditConfig)


def staff_config(config_dir: Path) -> StaffCreditConfig:
    return load_yaml_config(config_dir / "credit" / "staff.yaml", StaffCreditConfig)


def insured_config(config_dir: Path) -> InsuredCreditConfig:
    return load_yaml_config(config_dir / "credit" / "insured.yaml", InsuredCreditConfig)
