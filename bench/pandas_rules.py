"""Reference implementation of five fundguard rules in pandas (bench/run_bench.py).

Same inputs (the canonical tables, read from the same DuckDB file), same parameters (the rules'
YAML defaults) and the same semantics as the SQL in ``rules/`` (including SQL NULL behaviour), so
the hit keys must be identical; written as idiomatic vectorised pandas (merges, groupby, cumsum).
Each function returns a DataFrame of the rule's ``output.key`` columns (one row per hit).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

INPATIENT = ("21", "24", "28", "52")
OUTPATIENT_OR_PHARMACY = ("11", "13", "14", "41")
TABLES = ("settlement", "fee_line", "knowledge_point", "price_cap", "institution")
SCALE = 10_000
"""Prices and counts are DECIMAL(18,4): compared as exact integers (× 10 000)."""


def load_tables(settings: Any) -> dict[str, pd.DataFrame]:
    from fundguard.db.connection import connect
    from fundguard.db.sql_files import sql_text

    with connect(settings, read_only=True) as con:
        return {t: con.execute(sql_text(settings.sql_dir, f"bench/pandas_{t}")).df() for t in TABLES}


def rule_defaults(settings: Any, rule_ids: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    from fundguard.rules.stage import load_project_rules

    rules = {r.id: r for r in load_project_rules(settings)}
    return {rule_id: rules[rule_id].spec.default_params() for rule_id in rule_ids}


def _is_false(col: pd.Series) -> pd.Series:
    """SQL ``not col`` as a filter: true only where col is false (NULL drops the row)."""
    return col.astype("boolean").eq(False).fillna(False).astype(bool)


def _in_period(ts: pd.Series, start: date, end: date) -> pd.Series:
    day = ts.dt.normalize()
    return (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))


def _valid_on(day: pd.Series, begndate: pd.Series, enddate: pd.Series) -> pd.Series:
    """fg_valid_on: day in [begndate, enddate], NULL bounds open."""
    begin = pd.to_datetime(begndate)
    end = pd.to_datetime(enddate)
    return (begin.isna() | (day >= begin)) & (end.isna() | (day <= end))


def _scaled(values: pd.Series) -> pd.Series:
    return (values * SCALE).round().astype("int64")


def _settled_in_period(t: dict[str, pd.DataFrame], start: date, end: date) -> pd.Series:
    s = t["settlement"]
    return s.loc[_in_period(s["setl_time"], start, end), "setl_id"]


def split_admission(t: dict[str, pd.DataFrame], start: date, end: date,
                    p: dict[str, Any]) -> pd.DataFrame:
    s = t["settlement"]
    stays = s[s["med_type"].isin(INPATIENT) & s["endtime"].notna() & _is_false(s["refd_setl_flag"])]
    stays = stays.assign(diag3=stays["main_diag_code"].str[:3]).dropna(
        subset=["diag3", "psn_no", "fixmedins_code"])
    prefixes = tuple(x.strip() for x in (p["excluded_diag_prefixes"] or "").split(";") if x.strip())
    excluded = stays["main_diag_code"].str.startswith(prefixes) if prefixes else False
    later = stays[_in_period(stays["setl_time"], start, end) & _is_false(stays["readm_plan_flag"])
                  & ~pd.Series(excluded, index=stays.index, dtype=bool)]
    if p["exclude_emergency"]:
        later = later[_is_false(later["er_flag"])]
    cols = ["setl_id", "psn_no", "fixmedins_code", "diag3", "begntime", "endtime"]
    pairs = later[cols].merge(stays[cols], on=["psn_no", "fixmedins_code", "diag3"],
                              suffixes=("", "_a"))
    gap = (pairs["begntime"].dt.normalize() - pairs["endtime_a"].dt.normalize()).dt.days
    hit = ((pairs["setl_id_a"] != pairs["setl_id"]) & (pairs["begntime_a"] < pairs["begntime"])
           & (pairs["endtime_a"] <= pairs["begntime"]) & (gap <= p["window_days"]))
    return pairs.loc[hit, ["setl_id"]].drop_duplicates()


def outpatient_during_stay(t: dict[str, pd.DataFrame], start: date, end: date,
                           p: dict[str, Any]) -> pd.DataFrame:
    s = t["settlement"]
    not_refunded = _is_false(s["refd_setl_flag"])
    stays = s.loc[s["med_type"].isin(INPATIENT) & s["endtime"].notna() & not_refunded,
                  ["psn_no", "begntime", "endtime"]].dropna(subset=["psn_no"])
    visits = s.loc[s["med_type"].isin(OUTPATIENT_OR_PHARMACY) & not_refunded
                   & _in_period(s["setl_time"], start, end), ["setl_id", "psn_no", "setl_time"]]
    visits = visits[visits["psn_no"].isin(stays["psn_no"])]
    pairs = visits.merge(stays, on="psn_no")
    day = pairs["setl_time"].dt.normalize()
    hit = (day > pairs["begntime"].dt.normalize()) & (day < pairs["endtime"].dt.normalize())
    return pairs.loc[hit, ["setl_id"]].drop_duplicates()


def price_over_cap(t: dict[str, pd.DataFrame], start: date, end: date,
                   p: dict[str, Any]) -> pd.DataFrame:
    caps = t["price_cap"].assign(cap=lambda d: _scaled(d["pric_uplmt_amt"]))
    tolerance = int(round(float(p["tolerance"]) * SCALE))
    f = t["fee_line"]
    # A line can only exceed its applicable cap if it exceeds the code's lowest cap.
    lowest = caps.groupby("hilist_code")["cap"].min()
    price = _scaled(f["pric"])
    lines = f[price > f["med_list_codg"].map(lowest) + tolerance].assign(price=price)
    lines = lines[lines["setl_id"].isin(_settled_in_period(t, start, end))]
    lines = lines.merge(t["institution"], on="fixmedins_code")
    cols = ["setl_id", "feedetl_sn", "fee_ocur_time", "price", "cap", "begndate", "enddate"]
    own = lines.merge(caps, left_on=["med_list_codg", "medins_lv"],
                      right_on=["hilist_code", "medins_lv"])[cols].assign(generic=0)
    generic = lines.merge(caps[caps["medins_lv"] == "*"], left_on="med_list_codg",
                          right_on="hilist_code")[cols].assign(generic=1)
    both = pd.concat([own, generic], ignore_index=True)
    both = both[_valid_on(both["fee_ocur_time"].dt.normalize(), both["begndate"], both["enddate"])]
    both = both.assign(begin=pd.to_datetime(both["begndate"]))
    both = both.sort_values(["setl_id", "feedetl_sn", "generic", "begin"],
                            ascending=[True, True, True, False], na_position="last")
    first = both.drop_duplicates(["setl_id", "feedetl_sn"])
    return first.loc[first["price"] > first["cap"] + tolerance, ["setl_id", "feedetl_sn"]]


def _pairs(kp: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = kp[(kp["kp_type"] == kind) & kp["related_codes"].notna()]
    rows = rows.assign(included_code=rows["related_codes"].str.split(";")).explode("included_code")
    rows = rows.assign(included_code=rows["included_code"].str.strip(),
                       container_code=rows["hilist_code"])
    return rows[["kp_id", "container_code", "included_code", "begndate", "enddate"]].drop_duplicates()


def duplicate_charge(t: dict[str, pd.DataFrame], start: date, end: date,
                     p: dict[str, Any]) -> pd.DataFrame:
    pairs = _pairs(t["knowledge_point"], "CONTAINS")
    f = t["fee_line"]
    codes = set(pairs["container_code"]) | set(pairs["included_code"])
    lines = f[f["med_list_codg"].isin(codes)]
    lines = lines[lines["setl_id"].isin(_settled_in_period(t, start, end))]
    lines = lines.assign(fee_date=lines["fee_ocur_time"].dt.normalize()).dropna(
        subset=["psn_no", "fixmedins_code", "fee_date"])
    cols = ["setl_id", "feedetl_sn", "psn_no", "fixmedins_code", "med_list_codg", "fee_date"]
    b = lines[cols].merge(pairs, left_on="med_list_codg", right_on="included_code")
    b = b[_valid_on(b["fee_date"], b["begndate"], b["enddate"])]
    a = lines[["psn_no", "fixmedins_code", "fee_date", "med_list_codg"]].drop_duplicates()
    a = a.rename(columns={"med_list_codg": "container_code"})
    hits = b.merge(a, on=["container_code", "psn_no", "fixmedins_code", "fee_date"])
    return hits[["setl_id", "feedetl_sn"]].drop_duplicates()


def frequency_over_limit(t: dict[str, pd.DataFrame], start: date, end: date,
                         p: dict[str, Any]) -> pd.DataFrame:
    kp = t["knowledge_point"]
    limits = kp[kp["kp_type"].isin(["FREQ_DAY", "FREQ_STAY"]) & kp["max_count"].notna()]
    f = t["fee_line"]
    lines = f[f["med_list_codg"].isin(limits["hilist_code"])].merge(
        limits[["kp_id", "kp_type", "hilist_code", "max_count", "begndate", "enddate"]],
        left_on="med_list_codg", right_on="hilist_code")
    lines = lines[_valid_on(lines["fee_ocur_time"].dt.normalize(), lines["begndate"], lines["enddate"])]
    per_day = lines["kp_type"] == "FREQ_DAY"
    lines = lines.assign(
        day=lines["fee_ocur_time"].dt.normalize().where(per_day),
        stay=lines["mdtrt_id"].where(~per_day),
        qty=_scaled(lines["cnt"]),
    ).sort_values(["fee_ocur_time", "setl_id", "feedetl_sn"])
    groups = lines.groupby(["kp_id", "psn_no", "day", "stay"], dropna=False, sort=False)["qty"]
    lines = lines.assign(running=groups.cumsum())
    over = lines[lines["running"] > _scaled(lines["max_count"].astype(float))]
    over = over[over["setl_id"].isin(_settled_in_period(t, start, end))]
    return over[["setl_id", "feedetl_sn"]].drop_duplicates()


RULES: dict[str, Callable[[dict[str, pd.DataFrame], date, date, dict[str, Any]], pd.DataFrame]] = {
    "split_admission": split_admission,
    "duplicate_charge": duplicate_charge,
    "price_over_cap": price_over_cap,
    "outpatient_during_stay": outpatient_during_stay,
    "frequency_over_limit": frequency_over_limit,
}
