"""``fundguard generate``: the whole synthetic city, streamed day by day into the inbox layout."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from fundguard.errors import ConfigError
from fundguard.synth.day import DayContext, busy_today, day_frames
from fundguard.synth.dirty import DirtyLog, dirty_fee_lines, dirty_insured
from fundguard.synth.exports import insured_export, write_reference
from fundguard.synth.finance import FinancePlan, disbursements, inventory_movements
from fundguard.synth.his import write_his_day
from fundguard.synth.labels import LabelSink
from fundguard.synth.params import RunParams
from fundguard.synth.schemes import SchemeBook
from fundguard.synth.stays import stay_plan
from fundguard.synth.world import World, build_world
from fundguard.synth.writers import (
    BackgroundWriter,
    fen_text,
    sha256,
    to_arrow,
    write_csv,
    write_parquet,
    write_xlsx,
)

log = logging.getLogger(__name__)
SETTLEMENT_DECIMALS = {
    "medfee_sumamt": ("medfee_fen", 2), "fulamt_ownpay_amt": ("fulamt_ownpay_fen", 2),
    "inscp_scp_amt": ("inscp_scp_fen", 2), "hifp_pay": ("hifp_fen", 2), "fund_pay_sumamt": ("fund_fen", 2),
    "psn_part_amt": ("part_fen", 2), "acct_pay": ("acct_fen", 2), "psn_cash_pay": ("cash_fen", 2)}
LINE_DECIMALS = {"pric": ("pric_units", 4), "cnt": ("cnt_units", 4), "det_item_fee_sumamt": ("det_fen", 2)}
INVENTORY_DECIMALS = {"cnt": ("cnt", 4), "pric": ("pric_fen", 4)}


@dataclass
class GenerationResult:
    out: Path
    files: dict[str, dict[str, object]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _partition(out: Path, table: str, day: dt.date) -> Path:
    return out / table / f"date={day.isoformat()}" / "part-0.parquet"


def _line_table(lines: pl.DataFrame):
    units = lines.with_columns(pric_units=pl.col("pric_fen") * 100, cnt_units=pl.col("cnt") * 10_000)
    ordered = units.select("setl_id", "feedetl_sn", "mdtrt_id", "psn_no", "fixmedins_code", "med_list_codg",
                           "medins_list_codg", "fee_ocur_time", "pric_units", "cnt_units", "det_fen",
                           "bilg_dept_codg", "bilg_dr_codg", "orders_dr_code", "rxno", "prd_days",
                           "drug_trac_codg")
    return to_arrow(ordered, LINE_DECIMALS)


# Low-cardinality columns that get a Parquet dictionary (ids, times and amounts are written plain).
DICTIONARY = {
    "settlement": ["fixmedins_code", "insutype", "med_type", "adm_dept_codg", "dscg_dept_codg", "dr_codg",
                   "main_diag_code", "other_diag_codes", "fulamt_ownpay_amt"],
    "fee_line": ["feedetl_sn", "fixmedins_code", "med_list_codg", "medins_list_codg", "pric", "cnt",
                 "det_item_fee_sumamt", "bilg_dept_codg", "bilg_dr_codg", "orders_dr_code", "prd_days"],
    "inventory": ["fixmedins_code", "med_list_codg", "inv_chg_type", "fixmedins_bchno", "cnt", "pric"],
}


def _write_parquet_job(frame: pl.DataFrame, to_table, path: Path, table: str) -> None:
    write_parquet(to_table(frame), path, DICTIONARY[table])


def _write_day(out: Path, day: dt.date, setl: pl.DataFrame, lines: pl.DataFrame, his_codes: list[str],
               dirty: DirtyLog, writer: BackgroundWriter) -> None:
    """Dirty rows are chosen here, in day order (one random stream); the files are written by
    ``writer`` on its thread."""
    in_his = pl.col("fixmedins_code").is_in(his_codes)
    write_his_day(out, day, setl.filter(in_his), lines.filter(in_his), dirty,
                  write=lambda frame, path: writer.submit(write_csv, frame, path))
    bulk_setl = setl.filter(~in_his).drop("setl_scheme")
    writer.submit(_write_parquet_job, bulk_setl, lambda f: to_arrow(f, SETTLEMENT_DECIMALS),
                  _partition(out, "settlement", day), "settlement")
    bulk_lines = dirty_fee_lines(lines.filter(~in_his), day, dirty)
    writer.submit(_write_parquet_job, bulk_lines, _line_table, _partition(out, "fee_line", day), "fee_line")


GENERATED_DIRS = ("reference", "settlement", "fee_line", "inventory", "his_export", "finance", "labels")


def prepare_out(out: Path) -> None:
    """An empty folder, or one holding an earlier generation (whose files are replaced)."""
    if out.exists() and any(out.iterdir()):
        if not (out / "MANIFEST.json").is_file():
            raise ConfigError("输出目录不为空且不是合成数据目录, 为避免覆盖其他文件已停止", location=out,
                              hint="请指定一个空目录, 或先前由 fundguard generate 生成的目录。")
        for name in GENERATED_DIRS:
            shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


SPLIT_MIN_PERSON_DAYS = 20_000_000
"""Runs of at least this many person-days (a full city over two weeks) are split over processes."""


def worker_count(params: RunParams, requested: int | None = None) -> int:
    """Processes generating days: ``requested`` (or FUNDGUARD_SYNTH_WORKERS), else 2 on a multi-core
    machine for big runs (each process builds its own world, ~5 s) and 1 otherwise."""
    if requested is None and os.environ.get("FUNDGUARD_SYNTH_WORKERS"):
        requested = int(os.environ["FUNDGUARD_SYNTH_WORKERS"])
    if requested:
        return max(1, min(requested, params.days))
    big = params.persons * params.days >= SPLIT_MIN_PERSON_DAYS
    return min(2, os.cpu_count() or 1, params.days) if big else 1


def _day_ranges(days: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous, nearly equal day ranges (one per worker)."""
    bounds = [round(days * k / workers) for k in range(workers + 1)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def generate_city(params: RunParams, out: Path, workers: int | None = None) -> GenerationResult:
    """Generate the city into ``out`` (inputs) and ``out/labels`` (ground truth).

    Days are independent given the run's seed (each has its own random streams) except that the
    trace_code_reused scheme reuses the previous day's trace codes; so the days can be split into
    contiguous ranges generated by separate processes (each regenerates the day before its range
    without writing it), and the output is the same bytes whatever the number of processes."""
    prepare_out(out)
    world = build_world(params)
    book = SchemeBook(world)
    plan = book.plan_stays(stay_plan(world))
    ranges = _day_ranges(params.days, worker_count(params, workers))
    if len(ranges) == 1:
        parts = [generate_days(params, out, 0, params.days, (world, book, plan))]
        dirty = _write_inputs_reference(world, out, params)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(len(ranges), mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(generate_days, params, out, a, b) for a, b in ranges]
            dirty = _write_inputs_reference(world, out, params)   # meanwhile, in this process
            parts = [f.result() for f in futures]
    labels = LabelSink()
    for part in parts:
        labels.extend(part.line_labels, part.settlement_labels)
        dirty.rows.extend(part.dirty_rows)
    _write_finance(out, pl.concat([p.monthly for p in parts]), params.end, book.finance)
    labels.add_entities(book.entities)
    labels.write(out / "labels", dirty)
    (out / "RUN_DATE").write_text(params.end.isoformat() + "\n", encoding="utf-8")
    return write_manifest(out, params)


def _write_inputs_reference(world: World, out: Path, params: RunParams) -> DirtyLog:
    """Reference lists and the 人社 insured export with its dirty rows (their own random stream)."""
    dirty = DirtyLog(params)
    write_reference(world, out)
    insured = dirty_insured(insured_export(world), dirty)
    write_csv(insured, out / "reference" / "insured.csv")
    return dirty


@dataclass
class DaysOutput:
    """What a range of generated days hands back besides its files."""

    line_labels: pl.DataFrame
    settlement_labels: pl.DataFrame
    dirty_rows: list[tuple[str, int, str, str]]
    monthly: pl.DataFrame


def _day_context(params: RunParams, world: World, plan: pl.DataFrame, book: SchemeBook, day_no: int) -> DayContext:
    return DayContext(world, np.random.default_rng([params.seed, 100, day_no]),
                      params.start + dt.timedelta(days=day_no), day_no, plan, busy_today(world, plan, day_no),
                      book.state)


def generate_days(params: RunParams, out: Path, first: int, last: int,
                  prepared: tuple[World, SchemeBook, pl.DataFrame] | None = None) -> DaysOutput:
    """Generate and write days ``first`` .. ``last - 1`` (``prepared``: this process's world, scheme
    book and stay plan; a worker process builds its own, which are the same for the same seed)."""
    if prepared is None:
        world = build_world(params)
        book = SchemeBook(world)
        plan = book.plan_stays(stay_plan(world))
    else:
        world, book, plan = prepared
    his_codes = book.his_hospitals(params.city.his_export_hospitals)
    labels, dirty = LabelSink(), DirtyLog(params)
    if first > 0:   # the previous day's trace codes, for trace_code_reused
        _, lines = day_frames(_day_context(params, world, plan, book, first - 1), book.day_schemes())
        book.remember_traces(lines)
    monthly = []
    with BackgroundWriter() as writer:
        for day_no in range(first, last):
            ctx = _day_context(params, world, plan, book, day_no)
            day = ctx.day
            setl, lines = day_frames(ctx, book.day_schemes())
            labels.collect(setl, lines)
            book.remember_traces(lines)
            dirty.start_day(day_no)
            _write_day(out, day, setl, lines, his_codes, dirty, writer)
            moves = inventory_movements(lines, day, book.under_stocked, book.never_bought)
            writer.submit(_write_parquet_job, moves, lambda f: to_arrow(f, INVENTORY_DECIMALS),
                          _partition(out, "inventory", day), "inventory")
            monthly.append(setl.group_by("fixmedins_code").agg(pl.col("fund_fen").sum())
                           .with_columns(period=pl.lit(day.strftime("%Y-%m"))))
            log.info("generated day %s: %d settlements, %d lines", day, setl.height, lines.height)
    return DaysOutput(*labels.frames(), dirty.rows, pl.concat(monthly))


def _write_finance(out: Path, monthly: pl.DataFrame, last_day: dt.date, plan: FinancePlan) -> None:
    disb, bank = disbursements(monthly, last_day, plan)
    disb_zh = disb.with_columns(amount=fen_text("amount_fen")).select(
        拨付单号="disb_id", 定点医药机构编码="fixmedins_code", 结算期="period", 清算类别="clr_type",
        拨付金额="amount", 拨付日期="disb_date", 银行流水号="bank_txn_id")
    write_xlsx(disb_zh, out / "finance" / "fund_disbursement.xlsx", "基金拨付")
    bank_zh = bank.with_columns(amount=fen_text("amount_fen")).select(
        交易流水号="bank_txn_id", 账户类型="account_type", 交易日期="txn_date", 交易金额="amount",
        对方单位编码="counterparty_code", 摘要="memo")
    write_csv(bank_zh, out / "finance" / "bank_record.csv")


def _row_count(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if path.suffix == ".csv":
        return max(0, path.read_bytes().count(b"\n") - 1)
    if path.suffix == ".xlsx":
        return pl.read_excel(path, has_header=False).height
    return 0


def write_manifest(out: Path, params: RunParams) -> GenerationResult:
    """MANIFEST.json: parameters, seed, per-file row counts and SHA-256 (sorted, reproducible)."""
    result = GenerationResult(out=out)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if rel in ("MANIFEST.json", "RUN_DATE") or path.suffix == ".md":
            continue
        result.files[rel] = {"rows": _row_count(path), "sha256": sha256(path)}
    manifest = {"generator": "fundguard generate", "persons": params.persons,
                "start": params.start.isoformat(), "days": params.days, "seed": params.seed,
                "run_date": params.end.isoformat(), "city": params.city.model_dump(), "files": result.files}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return result
