"""Joint incentive (红名单) and punishment (黑名单) lists, exported as one XLSX workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from fundguard.credit.config import InstitutionCreditConfig
from fundguard.credit.grades import add_months
from fundguard.db.sqlrun import query_dicts
from fundguard.reports.xlsx import Sheet, write_workbook

INSTITUTION_COLUMNS = [("entity_id", "机构编码"), ("fixmedins_name", "机构名称"), ("district", "区县"),
                       ("grade", "信用等级"), ("score", "信用分"), ("as_of", "评价日期")]
STAFF_COLUMNS = [("psn_code", "人员国家编码"), ("fixmedins_code", "执业机构编码"),
                 ("status_zh", "支付资格状态"), ("begin_date", "开始日期"), ("end_date", "结束日期"),
                 ("reason", "原因")]
INSURED_COLUMNS = [("psn_no", "人员编号"), ("measure", "处理措施"), ("begin_date", "开始日期"),
                   ("end_date", "结束日期"), ("months", "月数"), ("case_id", "案件编号")]


def credit_list_sheets(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: InstitutionCreditConfig,
                       as_of: date) -> list[Sheet]:
    """The red list and the three black lists (institutions, staff, insured) on ``as_of``."""
    since = add_months(as_of, -cfg.red_list_clean_months)
    red = query_dicts(con, sql_dir, "credit/red_list", {"grades": cfg.red_list_grades, "since": since})
    black = query_dicts(con, sql_dir, "credit/black_list", {"grades": cfg.black_list_grades})
    return [
        Sheet("红名单(机构)", INSTITUTION_COLUMNS, red),
        Sheet("黑名单(机构)", [*INSTITUTION_COLUMNS, ("case_id", "最近确认案件"),
                             ("explanation", "等级说明")], black),
        Sheet("黑名单(医务人员)", STAFF_COLUMNS,
              query_dicts(con, sql_dir, "credit/black_list_staff", {"as_of": as_of})),
        Sheet("黑名单(参保人)", INSURED_COLUMNS,
              query_dicts(con, sql_dir, "credit/black_list_insured", {"as_of": as_of})),
    ]


def export_credit_lists(con: duckdb.DuckDBPyConnection, sql_dir: Path, cfg: InstitutionCreditConfig,
                        as_of: date, out: Path) -> dict[str, int]:
    """Write the lists to ``out``; returns rows per sheet."""
    sheets = credit_list_sheets(con, sql_dir, cfg, as_of)
    write_workbook(out, sheets)
    return {s.name: len(s.rows) for s in sheets}
