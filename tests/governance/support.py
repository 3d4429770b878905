"""Shared helpers of the governance tests: rule specs, requests, policy and status reads."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fundguard.governance.config import ExemptionPolicy, governance_config
from fundguard.governance.exemptions import ExemptionRequest, ExemptionScope, add_exemption
from fundguard.rules.catalog import load_rule

REPO = Path(__file__).resolve().parents[2]
SQL = REPO / "sql"
POLICY = governance_config(REPO / "config").exemptions
NOW = datetime(2026, 3, 10, 9, 0)


@cache
def spec(rule_id: str = "price_over_cap") -> Any:
    """One rule's contract, read alone (the library may be mid-edit in a shared checkout)."""
    return load_rule(next(REPO.glob(f"rules/*/{rule_id}.yaml"))).spec


def request(rule_id: str = "price_over_cap", *, valid_from: date = date(2026, 3, 1),
            valid_to: date = date(2026, 12, 31), by: str = "zhangsan", approver: str = "李科长",
            **scope: str | None) -> ExemptionRequest:
    scope = scope or {"fixmedins_code": "H23030200001"}
    return ExemptionRequest(rule_id, ExemptionScope(**scope), "省局批复特需服务价格", approver,
                            "黑医保函〔2026〕12号", valid_from, valid_to, by)


def exempt(con: Any, rule_id: str = "price_over_cap", policy: ExemptionPolicy = POLICY,
           now: datetime = NOW, **kw: Any) -> str:
    """Register an exemption through the domain function; its id."""
    return add_exemption(con, SQL, request(rule_id, **kw), spec(rule_id), policy, now=now)


def statuses(con: Any) -> dict[str, tuple[str, str | None]]:
    """finding_key → (status, exemption id) from the finding_status view."""
    rows = con.execute("select f.finding_key, s.status, s.exemption_id from finding_status s"
                       " join finding f using (finding_id)").fetchall()
    return {key: (status, ex) for key, status, ex in rows}
