"""Behaviour of the synthetic city generator at a small scale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from fundguard.synth.generate import generate_city
from fundguard.synth.params import RunParams, city_params, scaled_prevalence
from fundguard.synth.schemes import known_schemes

REPO = Path(__file__).resolve().parents[2]


def _params(seed: int = 5, scale: float = 1.0, dirty: float = 0.002, persons: int = 1500) -> RunParams:
    city = city_params(REPO).model_copy(update={"dirty_share": dirty})
    city = scaled_prevalence(city, scale, known_schemes(REPO))
    return RunParams(persons=persons, start=dt.date(2026, 1, 1), days=12, seed=seed, city=city)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city")
    generate_city(_params(scale=40.0, persons=4000), out)
    return out


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    generate_city(_params(seed=11), tmp_path / "a")
    generate_city(_params(seed=11), tmp_path / "b")
    generate_city(_params(seed=12), tmp_path / "c")
    a, b, c = _bytes(tmp_path / "a"), _bytes(tmp_path / "b"), _bytes(tmp_path / "c")
    assert a == b
    assert a["reference/insured.csv"] != c["reference/insured.csv"]


def test_output_does_not_depend_on_the_number_of_processes(tmp_path: Path) -> None:
    """Days split over two processes (each regenerating the day before its range for the reused
    trace codes) give the same bytes as one process."""
    params = _params(seed=11, scale=40.0)
    generate_city(params, tmp_path / "one", workers=1)
    generate_city(params, tmp_path / "two", workers=2)
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")
    reused = pl.read_parquet(tmp_path / "one" / "labels" / "line_labels.parquet").filter(
        pl.col("scheme") == "trace_code_reused")
    assert reused["setl_id"].str.slice(1, 8).is_in(["20260107", "20260108", "20260109", "20260110"]).any()


def test_every_fee_line_has_its_settlement_and_codes_are_in_catalog(city: Path) -> None:
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet")
    lines = pl.read_parquet(city / "fee_line" / "**" / "*.parquet")
    assert setl["setl_id"].n_unique() == setl.height
    assert lines.select("setl_id", "feedetl_sn").n_unique() == lines.height
    assert lines.join(setl, on="setl_id", how="anti").height == 0
    catalog = pl.read_excel(city / "reference" / "catalog_item.xlsx")
    unknown = lines.filter(~pl.col("med_list_codg").is_in(catalog["医保目录编码"].to_list()))
    errors = pl.read_parquet(city / "labels" / "data_errors.parquet")
    typos = errors.filter(pl.col("error_kind") == "code_typo").height
    assert unknown.height == typos


def test_header_totals_equal_their_lines(city: Path) -> None:
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet")
    lines = pl.read_parquet(city / "fee_line" / "**" / "*.parquet")
    sums = lines.group_by("setl_id").agg(pl.col("det_item_fee_sumamt").sum())
    joined = setl.join(sums, on="setl_id")
    assert (joined["medfee_sumamt"] == joined["det_item_fee_sumamt"]).all()
    assert (setl["fund_pay_sumamt"] + setl["psn_part_amt"] == setl["medfee_sumamt"]).all()


def test_labels_use_scheme_names_and_never_appear_in_inputs(city: Path) -> None:
    names = known_schemes(REPO)
    for name in ("line_labels", "settlement_labels", "entity_labels"):
        frame = pl.read_parquet(city / "labels" / f"{name}.parquet")
        assert set(frame["scheme"].to_list()) <= names
    for path in (city / "settlement").rglob("*.parquet"):
        assert "scheme" not in pl.read_parquet_schema(path)
    for path in (city / "fee_line").rglob("*.parquet"):
        assert "scheme" not in pl.read_parquet_schema(path)


def test_line_labels_point_at_existing_lines(city: Path) -> None:
    labels = pl.read_parquet(city / "labels" / "line_labels.parquet")
    lines = pl.read_parquet(city / "fee_line" / "**" / "*.parquet").select("setl_id", "feedetl_sn")
    his = [pl.read_csv(p, encoding="gbk", infer_schema_length=0).select(setl_id="结算号", feedetl_sn="明细序号")
           for p in (city / "his_export").rglob("*_fee_line.csv")]
    everything = pl.concat([lines, *his])
    assert labels.height > 0
    assert labels.join(everything, on=["setl_id", "feedetl_sn"], how="anti").height == 0


def test_clean_run_has_no_labels_and_no_restricted_items(tmp_path: Path) -> None:
    params = _params(scale=0.0, dirty=0.0)
    # Enough suspended doctors that "nobody bills while suspended" is a real check.
    params = params.model_copy(update={"city": params.city.model_copy(update={"suspended_doctor_share": 0.3})})
    generate_city(params, tmp_path)
    for name in ("line_labels", "settlement_labels", "entity_labels", "data_errors"):
        assert pl.read_parquet(tmp_path / "labels" / f"{name}.parquet").height == 0
    lines = pl.read_parquet(tmp_path / "fee_line" / "**" / "*.parquet")
    kps = pl.read_excel(tmp_path / "reference" / "knowledge_point.xlsx", read_options={"header_row": 1})
    restricted = set(kps.filter(~pl.col("知识点类型").is_in(["MAX_DAYS", "CONTAINS", "ITEM_CONSUMABLE", "COMPOSITE"]))
                     ["医保编码"].to_list())
    assert not set(lines["med_list_codg"].to_list()) & restricted
    caps = pl.read_csv(tmp_path / "reference" / "price_cap.csv", encoding="gbk", infer_schema_length=0).select(
        med_list_codg="医保目录编码", lv="限价类型", cap=pl.col("最高支付限价(元)").cast(pl.Decimal(18, 4)))
    inst = pl.read_excel(tmp_path / "reference" / "institution.xlsx", read_options={"header_row": 1}).select(
        fixmedins_code="定点医药机构编码", lv=pl.col("医疗机构等级").replace_strict(
            {"三级": "3", "二级": "2", "一级": "1", "未定级": "0"}))
    priced = lines.join(inst, on="fixmedins_code").join(caps, on=["med_list_codg", "lv"], how="left").join(
        caps.filter(pl.col("lv") == "*").drop("lv"), on="med_list_codg", how="left", suffix="_all")
    cap = pl.coalesce("cap", "cap_all")
    assert priced.filter(cap.is_null()).height == 0
    assert priced.filter(pl.col("pric") > cap).height == 0
    assert priced.filter(pl.col("pric") == cap).height == priced.height  # clean care bills the cap
    over_days = lines.filter(pl.col("prd_days") > 30)
    assert over_days.height == 0
    _assert_no_deterministic_condition(tmp_path, lines)


def _assert_no_deterministic_condition(city: Path, lines: pl.DataFrame) -> None:
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet")
    stays = setl.filter(pl.col("med_type").is_in(["21", "24"]))
    inside = lines.join(stays.select("setl_id", "begntime", "endtime"), on="setl_id")
    assert inside.filter((pl.col("fee_ocur_time") < pl.col("begntime"))
                         | (pl.col("fee_ocur_time") > pl.col("endtime"))).height == 0
    assert stays["main_diag_code"].null_count() == 0 and stays["endtime"].null_count() == 0
    traces = lines["drug_trac_codg"].drop_nulls()
    assert traces.n_unique() == traces.len() > 0
    lag = (setl["upload_time"] - setl["setl_time"]).dt.total_hours()
    assert lag.max() < 24
    overlap = stays.sort("psn_no", "begntime").with_columns(prev_end=pl.col("endtime").shift(1).over("psn_no"))
    assert overlap.filter(pl.col("begntime") <= pl.col("prev_end")).height == 0
    insured = pl.read_csv(city / "reference" / "insured.csv", encoding="gbk", infer_schema_length=0)
    dead = insured.filter(pl.col("死亡日期").is_not_null()).select(
        psn_no="个人编号", death=pl.col("死亡日期").str.to_date())
    after = setl.join(dead, on="psn_no").filter(pl.col("setl_time").dt.date() > pl.col("death"))
    assert after.height == 0
    status = pl.read_csv(city / "reference" / "staff_status.csv", encoding="gbk", infer_schema_length=0)
    suspended = status.filter(pl.col("支付资格状态") != "正常").select(
        bilg_dr_codg="人员代码", begin=pl.col("开始日期").str.to_date(), end=pl.col("结束日期").str.to_date())
    billed = lines.join(suspended, on="bilg_dr_codg").filter(
        pl.col("fee_ocur_time").dt.date().is_between(pl.col("begin"), pl.col("end")))
    assert suspended.height > 0 and billed.height == 0
    catalog = pl.read_excel(city / "reference" / "catalog_item.xlsx", read_options={"header_row": 0})
    surgery = catalog.filter(pl.col("是否手术项目") == "是")["医保目录编码"].to_list()
    per_day = lines.filter(pl.col("med_list_codg").is_in(surgery)).group_by(
        "setl_id", pl.col("fee_ocur_time").dt.date()).len()
    assert per_day.filter(pl.col("len") > 1).height == 0


def _within(hits: int, eligible: int, p: float) -> bool:
    """``hits`` out of ``eligible`` is compatible with share ``p`` (4 binomial standard deviations)."""
    sigma = (eligible * p * (1 - p)) ** 0.5
    return hits > 0 and abs(hits - eligible * p) <= 4 * sigma + 1


@pytest.mark.parametrize(("scheme", "med_types"), [
    ("late_upload", ["11", "13", "14", "21", "24"]),
    ("diagnosis_sex_mismatch", ["11", "13", "14", "21", "24"]),
    ("diagnosis_age_mismatch", ["11", "13", "14", "21", "24"]),
])
def test_settlement_schemes_appear_with_their_prevalence(city: Path, scheme: str, med_types: list[str]) -> None:
    setl = pl.concat([pl.read_parquet(city / "settlement" / "**" / "*.parquet").select("setl_id", "med_type"),
                      *[pl.read_csv(p, encoding="gbk", infer_schema_length=0).select(setl_id="结算号", med_type="医疗类别")
                        for p in (city / "his_export").rglob("*_settlement.csv")]])
    labels = pl.read_parquet(city / "labels" / "settlement_labels.parquet")
    clean_ids = labels.filter(pl.col("scheme") != scheme)["setl_id"].to_list()
    eligible = setl.filter(pl.col("med_type").is_in(med_types) & ~pl.col("setl_id").str.contains("X")
                           & ~pl.col("setl_id").is_in(clean_ids))
    hits = labels.filter(pl.col("scheme") == scheme).height
    p = _params(scale=40.0).city.prevalence[scheme]
    assert _within(hits, eligible.height, p)


def test_line_schemes_label_one_line_per_chosen_visit(city: Path) -> None:
    labels = pl.read_parquet(city / "labels" / "line_labels.parquet")
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet")
    outpatient = setl.filter(pl.col("med_type").is_in(["11", "13", "14"]) & ~pl.col("setl_id").str.contains("X"))
    hits = labels.filter(pl.col("scheme") == "price_over_cap")
    p = _params(scale=40.0).city.prevalence["price_over_cap"]
    assert _within(hits.height, outpatient.height, p)
    assert hits["setl_id"].n_unique() == hits.height


def test_visit_rates_follow_age_and_insurance_type(city: Path) -> None:
    """Pharmacy purchases are mostly 职工 (personal accounts); the old visit more than the young."""
    setl = pl.read_parquet(city / "settlement" / "**" / "*.parquet").filter(~pl.col("setl_id").str.contains("X"))
    insured = pl.read_csv(city / "reference" / "insured.csv", encoding="gbk", infer_schema_length=0).select(
        psn_no="个人编号", birth=pl.col("出生日期").str.to_date(),
        insutype=pl.when(pl.col("险种类型").str.starts_with("职工")).then(pl.lit("310")).otherwise(pl.lit("390")))
    per_type = insured.group_by("insutype").len("persons").join(
        setl.filter(pl.col("med_type") == "41").group_by("insutype").len("buys"), on="insutype")
    rates = dict(zip(per_type["insutype"], per_type["buys"] / per_type["persons"], strict=True))
    assert rates["310"] > 3 * rates["390"]
    old = insured.filter(pl.col("birth") < pl.date(1955, 1, 1))
    young = insured.filter(pl.col("birth").is_between(pl.date(1995, 1, 1), pl.date(2008, 1, 1)))
    outpatient = setl.filter(pl.col("med_type") == "11")
    assert (outpatient.join(old, on="psn_no").height / old.height
            > 2 * outpatient.join(young, on="psn_no").height / young.height)


def test_frequency_scheme_lines_break_the_per_day_limit(tmp_path: Path) -> None:
    """Each labelled frequency_over_limit line has an earlier line of the same item in the same visit
    on the same calendar day (a second line after midnight would break no per-day limit), whatever
    the admission time: every inpatient settlement of a month carries the scheme."""
    base = city_params(REPO)
    city_cfg = base.model_copy(update={"dirty_share": 0.0,
                                       "prevalence": {**base.prevalence, "frequency_over_limit": 1.0}})
    city = tmp_path / "city"
    generate_city(RunParams(persons=5000, start=dt.date(2026, 1, 1), days=30, seed=4, city=city_cfg), city)
    lines = pl.read_parquet(city / "fee_line" / "**" / "*.parquet")
    labels = pl.read_parquet(city / "labels" / "line_labels.parquet").filter(
        pl.col("scheme") == "frequency_over_limit")
    labelled = lines.join(labels.select("setl_id", "feedetl_sn"), on=["setl_id", "feedetl_sn"])
    assert labelled.height > 10  # the rest sit in the two hospitals' HIS exports (CSV)
    day = pl.col("fee_ocur_time").cast(pl.Datetime).dt.date()
    same_day = labelled.with_columns(day=day).join(
        lines.with_columns(day=day).select("setl_id", "med_list_codg", "day", "fee_ocur_time",
                                           sn="feedetl_sn"),
        on=["setl_id", "med_list_codg", "day"])
    earlier = same_day.filter((pl.col("sn") != pl.col("feedetl_sn"))
                              & (pl.col("fee_ocur_time_right") <= pl.col("fee_ocur_time")))
    assert earlier.select("setl_id", "feedetl_sn").n_unique() == labelled.height
