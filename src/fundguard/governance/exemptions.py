"""Exemptions (白名单/豁免): narrowly scoped, approved, dated and expiring; append-only audit trail.

An exemption names one rule and at least one of institution, staff member, insured person and item.
It covers that rule's findings whose event date lies in [valid_from, valid_to] (until a revocation's
effective date).  Findings are never deleted: covered findings show as ``exempt`` in the
``finding_status`` view (with the exemption id) and are kept out of cases and risk features.
Rows of ``exemption`` are never updated; registration and revocation are ``exemption_event`` rows.
"""

from __future__ import annotations

import calendar
import json
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from fundguard.db.sqlrun import execute_sql, query_dicts, transaction
from fundguard.errors import GovernanceError, NotFoundError
from fundguard.governance.config import ExemptionPolicy
from fundguard.rules.spec import RuleSpec

log = logging.getLogger(__name__)

SCOPE_LABELS = {"fixmedins_code": "机构", "staff_code": "医务人员", "psn_no": "参保人",
                "med_list_codg": "项目"}
STATUSES = ("pending", "active", "expired", "revoked")


@dataclass(frozen=True, slots=True)
class ExemptionScope:
    """Who/what an exemption covers besides its rule (at least one field set)."""

    fixmedins_code: str | None = None
    staff_code: str | None = None
    psn_no: str | None = None
    med_list_codg: str | None = None

    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def text(self) -> str:
        """The scope in Chinese, e.g. ``机构=H1; 项目=0012``."""
        return scope_text(asdict(self))


@dataclass(frozen=True, slots=True)
class ExemptionRequest:
    """One exemption to register."""

    rule_id: str
    scope: ExemptionScope
    reason: str
    approver: str
    doc_no: str
    valid_from: date
    valid_to: date
    created_by: str


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months (the day clamped to the month's length)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_allowed_day(valid_from: date, max_months: int) -> date:
    """The latest expiry date allowed for an exemption starting on ``valid_from``."""
    return add_months(valid_from, max_months) - timedelta(days=1)


def scope_text(row: dict[str, Any]) -> str:
    """The scope in Chinese, e.g. ``机构=H1; 项目=0012``."""
    return "; ".join(f"{label}={row[key]}" for key, label in SCOPE_LABELS.items() if row.get(key))


def _check_fields(req: ExemptionRequest, policy: ExemptionPolicy) -> None:
    if req.scope.is_empty():
        raise GovernanceError("豁免范围过宽: 除规则外须至少指定机构、医务人员、参保人或项目之一",
                              hint="使用 --institution/--staff/--insured/--item 限定范围。")
    for value, label in ((req.reason, "豁免理由"), (req.approver, "批准人"), (req.doc_no, "批准文号"),
                         (req.created_by, "登记人")):
        if not value or not value.strip():
            raise GovernanceError(f"{label}不能为空")
    if policy.require_distinct_approver and req.approver.strip() == req.created_by.strip():
        raise GovernanceError("批准人与登记人不能为同一人 (四眼原则)",
                              hint="由批准人以外的人员登记, 或修改 config/governance.yaml。")


def _check_dates(req: ExemptionRequest, policy: ExemptionPolicy, today: date) -> None:
    if req.valid_to < req.valid_from:
        raise GovernanceError(f"有效期止 {req.valid_to} 早于有效期起 {req.valid_from}")
    latest = last_allowed_day(req.valid_from, policy.max_months)
    if req.valid_to > latest:
        raise GovernanceError(f"豁免有效期超过上限 {policy.max_months} 个月: 最晚可至 {latest}",
                              hint="到期后如需继续豁免, 请重新审批并登记。")
    earliest = today - timedelta(days=policy.max_backdate_days)
    if req.valid_from < earliest:
        raise GovernanceError(f"有效期起 {req.valid_from} 早于允许的追溯起点 {earliest}",
                              hint=f"最多追溯 {policy.max_backdate_days} 天 (config/governance.yaml)。")
    if req.valid_to < today:
        raise GovernanceError(f"有效期止 {req.valid_to} 已过, 不能登记已到期的豁免")


def is_critical_violation(spec: RuleSpec) -> bool:
    """Rules whose findings are never hidden unless the configuration allows it."""
    return spec.result_type == "明确违规" and spec.severity == "critical"


def check_request(req: ExemptionRequest, spec: RuleSpec, policy: ExemptionPolicy,
                  today: date) -> bool:
    """Refuse a request breaking policy (GovernanceError); returns whether it may cover critical
    明确违规 findings."""
    _check_fields(req, policy)
    _check_dates(req, policy, today)
    critical = is_critical_violation(spec)
    if critical and not policy.allow_critical_violations:
        raise GovernanceError(
            f"规则 {spec.id} ({spec.name}) 为明确违规且严重程度为 critical, 不允许豁免",
            hint="此类疑点涉嫌欺诈骗保, 应进入案件审核; 如确需豁免须修改 config/governance.yaml。")
    return critical


def _check_against_db(con: duckdb.DuckDBPyConnection, sql_dir: Path, req: ExemptionRequest) -> None:
    params = {"rule_id": req.rule_id, "valid_from": req.valid_from, "valid_to": req.valid_to,
              **asdict(req.scope)}
    unknown = query_dicts(con, sql_dir, "governance/scope_unknown", params)[0]
    names = {"unknown_institution": "机构编码", "unknown_staff": "医务人员编码",
             "unknown_insured": "人员编号", "unknown_item": "医保目录编码"}
    bad = [label for key, label in names.items() if unknown[key]]
    if bad:
        raise GovernanceError(f"豁免范围中的{'、'.join(bad)}在登记信息中不存在",
                              hint="请核对编码 (机构/医务人员/参保人/目录登记表)。")
    overlap = [r["exemption_id"] for r in query_dicts(con, sql_dir, "governance/exemption_overlap",
                                                      params)]
    if overlap:
        raise GovernanceError(f"已有相同规则和范围、有效期重叠的豁免: {', '.join(overlap)}",
                              hint="如需延期, 请待原豁免到期或撤销后重新登记。")


def add_exemption(con: duckdb.DuckDBPyConnection, sql_dir: Path, req: ExemptionRequest,
                  spec: RuleSpec, policy: ExemptionPolicy, now: datetime | None = None) -> str:
    """Register ``req`` (checked against policy and the registries) with its audit event; its id."""
    now = now or datetime.now()
    if spec.id != req.rule_id:
        raise GovernanceError(f"规则编号不一致: {req.rule_id} / {spec.id}")
    allow_critical = check_request(req, spec, policy, now.date())
    with transaction(con):
        _check_against_db(con, sql_dir, req)
        (exemption_id,) = execute_sql(con, sql_dir, "governance/exemption_next_id",
                                      {"day": now.date()}).fetchall()[0]
        row = {"exemption_id": exemption_id, "rule_id": req.rule_id, **asdict(req.scope),
               "reason": req.reason.strip(), "approver": req.approver.strip(),
               "doc_no": req.doc_no.strip(), "valid_from": req.valid_from, "valid_to": req.valid_to,
               "allow_critical": allow_critical, "created_by": req.created_by.strip(), "now": now}
        execute_sql(con, sql_dir, "governance/exemption_insert", row)
        payload = {k: str(v) for k, v in row.items() if k not in ("now", "reason") and v is not None}
        _event(con, sql_dir, exemption_id, "add", req.created_by, now, None, req.reason, payload)
    log.info("exemption added id=%s rule_id=%s", exemption_id, req.rule_id)
    return str(exemption_id)


def _event(con: duckdb.DuckDBPyConnection, sql_dir: Path, exemption_id: str, action: str,
           actor: str, now: datetime, effective: date | None, reason: str,
           payload: dict[str, Any]) -> None:
    execute_sql(con, sql_dir, "governance/exemption_event_insert", {
        "exemption_id": exemption_id, "action": action, "actor": actor.strip(), "now": now,
        "effective_date": effective, "reason": reason.strip(),
        "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True)})


def revoke_exemption(con: duckdb.DuckDBPyConnection, sql_dir: Path, exemption_id: str, actor: str,
                     reason: str, effective: date | None = None,
                     now: datetime | None = None) -> dict[str, Any]:
    """Revoke an exemption from ``effective`` (default today, inclusive); the revoked row."""
    now = now or datetime.now()
    effective = effective or now.date()
    if not reason or not reason.strip() or not actor or not actor.strip():
        raise GovernanceError("撤销须填写理由和操作人")
    with transaction(con):
        row = exemption_row(con, sql_dir, exemption_id, now.date())
        if row["revoked_from"] is not None:
            raise GovernanceError(f"豁免 {exemption_id} 已于 {row['revoked_at']:%Y-%m-%d} 撤销"
                                  f" (自 {row['revoked_from']} 起不再适用)")
        if effective > row["valid_to"]:
            raise GovernanceError(f"撤销生效日 {effective} 晚于豁免有效期止 {row['valid_to']}",
                                  hint="豁免到期后自动失效, 无需撤销。")
        _event(con, sql_dir, exemption_id, "revoke", actor, now, effective, reason,
               {"effective_date": effective.isoformat()})
    log.info("exemption revoked id=%s", exemption_id)
    return exemption_row(con, sql_dir, exemption_id, now.date())


def list_exemptions(con: duckdb.DuckDBPyConnection, sql_dir: Path, today: date,
                    status: str | None = None, rule_id: str | None = None,
                    exemption_id: str | None = None) -> list[dict[str, Any]]:
    """Exemptions with status on ``today`` and covered findings; filters are optional."""
    if status is not None and status not in STATUSES:
        raise GovernanceError(f"未知的豁免状态: {status}", hint=f"可选: {', '.join(STATUSES)}")
    rows = query_dicts(con, sql_dir, "governance/exemptions_list", {
        "today": today, "status": status, "rule_id": rule_id, "exemption_id": exemption_id})
    return [r | {"scope": scope_text(r)} for r in rows]


def exemption_row(con: duckdb.DuckDBPyConnection, sql_dir: Path, exemption_id: str,
                  today: date) -> dict[str, Any]:
    """One exemption (NotFoundError otherwise)."""
    rows = list_exemptions(con, sql_dir, today, exemption_id=exemption_id)
    if not rows:
        raise NotFoundError(f"豁免不存在: {exemption_id}", hint="用 `fundguard exempt list` 查看豁免编号。")
    return rows[0]


def exemption_history(con: duckdb.DuckDBPyConnection, sql_dir: Path,
                      exemption_id: str) -> list[dict[str, Any]]:
    """The audit events of one exemption, oldest first."""
    return query_dicts(con, sql_dir, "governance/exemption_events", {"exemption_id": exemption_id})


def exemption_findings(con: duckdb.DuckDBPyConnection, sql_dir: Path, exemption_id: str,
                       limit: int = 50) -> list[dict[str, Any]]:
    """Findings the exemption covers (newest first), with their case id if already in a case."""
    return query_dicts(con, sql_dir, "governance/exemption_findings",
                       {"exemption_id": exemption_id, "limit": limit})
