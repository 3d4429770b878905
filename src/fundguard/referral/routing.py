"""Joint-enforcement routing (config/routing.yaml): which agencies a case goes to, and why (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from fundguard.cases.config import load_yaml_config
from fundguard.credit.config import article_of


class RouteRule(BaseModel, extra="forbid"):
    agency: str
    reason: str
    fraud: bool | None = None
    min_amount: Decimal | None = None
    keywords_any: list[str] = []
    entity_types: list[str] = []
    public_institution: bool | None = None
    fallback: bool = False


class RoutingConfig(BaseModel, extra="forbid"):
    threshold_amount: Decimal = Decimal(3000)
    public_inst_types: list[str] = ["H", "C", "V"]
    fraud_legal_basis: list[str] = ["第40条", "第41条"]
    routes: list[RouteRule]


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What routing looks at: subject, disposition, amount and the findings' rules."""

    entity_type: str
    disposition: str | None
    amount: Decimal
    legal_bases: tuple[str, ...]
    rule_texts: tuple[str, ...]
    inst_type: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    agency: str
    reason: str


def routing_config(config_dir: Path) -> RoutingConfig:
    return load_yaml_config(config_dir / "routing.yaml", RoutingConfig)


def is_fraud(facts: CaseFacts, cfg: RoutingConfig) -> bool:
    """Confirmed fraud, or (before a decision) a finding under a fraud article (第40/41条)."""
    if facts.disposition is not None:
        return facts.disposition == "确认欺诈"
    return any(article_of(b) in cfg.fraud_legal_basis for b in facts.legal_bases)


def _matches(rule: RouteRule, facts: CaseFacts, cfg: RoutingConfig) -> bool:
    checks = [
        rule.fraud is None or is_fraud(facts, cfg) == rule.fraud,
        rule.min_amount is None or facts.amount >= rule.min_amount,
        not rule.keywords_any or any(k in t for k in rule.keywords_any for t in facts.rule_texts),
        not rule.entity_types or facts.entity_type in rule.entity_types,
        rule.public_institution is None
        or (facts.inst_type in cfg.public_inst_types) == rule.public_institution,
    ]
    return all(checks)


def routes_for_case(facts: CaseFacts, cfg: RoutingConfig) -> list[Route]:
    """Every matching route, in configured order (one per agency); fallbacks only if none matched."""
    chosen: dict[str, Route] = {}
    for rule in cfg.routes:
        if not rule.fallback and rule.agency not in chosen and _matches(rule, facts, cfg):
            chosen[rule.agency] = Route(rule.agency, rule.reason)
    if not chosen:
        for rule in cfg.routes:
            if rule.fallback and rule.agency not in chosen and _matches(rule, facts, cfg):
                chosen[rule.agency] = Route(rule.agency, rule.reason)
    return list(chosen.values())
