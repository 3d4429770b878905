"""Supply side: institutions by type/level/district and their staff by department."""

from __future__ import annotations

import numpy as np
import polars as pl

from fundguard.synth.catalog_data import DEPARTMENTS
from fundguard.synth.ids import person_names, zero_padded
from fundguard.synth.params import RunParams

FULL_CITY = 1_500_000
# kind -> (inst_type, medins_lv, name suffix, beds, doctors at full scale, relative outpatient pull)
KINDS = {
    "H3": ("H", "3", "人民医院", 900, 260, 6.0), "H2": ("H", "2", "中心医院", 300, 70, 3.0),
    "H1": ("H", "1", "医院", 60, 14, 1.2), "C1": ("C", "1", "卫生院", 30, 6, 1.0),
    "V0": ("V", "0", "村卫生室", 0, 1, 0.3), "P0": ("P", "0", "大药房", 0, 2, 1.0),
}
TITLES = ["主任医师", "副主任医师", "主治医师", "住院医师"]


def _counts(params: RunParams) -> list[tuple[int, str, int]]:
    """(district index, kind, count) with at least the configured minimum per district."""
    out = []
    for d, district in enumerate(params.city.districts):
        population = params.persons * district.share
        for kind, density in params.city.institutions_per_100k.items():
            minimum = density.min if kind != "H3" else int(d == 0)
            out.append((d, kind, max(minimum, round(population / 100_000 * density.per_100k))))
    return out


def institution_frame(params: RunParams) -> pl.DataFrame:
    """Institutions with internal helpers (idx, district, kind, pull)."""
    rng = np.random.default_rng([params.seed, 2])
    rows: list[dict[str, object]] = []
    for d, kind, count in _counts(params):
        district = params.city.districts[d]
        inst_type, lv, suffix, beds, _, pull = KINDS[kind]
        for k in range(count):
            seq = len(rows) + 1
            prefix = "P" if inst_type == "P" else "H"
            name = f"鸡西{district.name[:-1]}{'第' + str(k + 1) if count > 1 else ''}{suffix}"
            rows.append({"fixmedins_code": f"{prefix}{district.admdvs}{seq:05d}", "fixmedins_name": name,
                         "inst_type": inst_type, "medins_lv": lv, "admdvs": district.admdvs,
                         "district_name": district.name, "open_beds": beds, "district": d,
                         "kind": kind, "pull": pull * float(rng.uniform(0.6, 1.4))})
    frame = pl.DataFrame(rows).with_row_index("idx").with_columns(pl.col("idx").cast(pl.Int64))
    return frame.with_columns(agreement_status=pl.lit("1"),
                              agreement_begin=pl.date(2019, 1, 1) + pl.duration(days=pl.col("idx") * 13 % 900),
                              agreement_end=pl.lit(None, dtype=pl.Date))


def _depts(kind: str, n: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    if kind in ("H3", "H2"):
        return [DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(n)]
    if kind == "H1":
        return [DEPARTMENTS[int(rng.integers(0, 2)) if i else 0] for i in range(n)]
    return [("QK", "全科")] * n


def staff_frame(params: RunParams, institutions: pl.DataFrame) -> pl.DataFrame:
    """Doctors (and pharmacists in pharmacies, nurses in hospitals), scaled with the population."""
    rng = np.random.default_rng([params.seed, 3])
    scale = params.persons / FULL_CITY
    rows = []
    for inst in institutions.iter_rows(named=True):
        inst_type, _, _, _, doctors, _ = KINDS[inst["kind"]]
        n = max(2 if inst_type == "H" else 1, round(doctors * scale))
        staff_type, prefix = ("2", "HY") if inst_type == "P" else ("1", "D")
        for dept_code, dept_name in _depts(inst["kind"], n, rng):
            rows.append((inst["idx"], inst["fixmedins_code"], dept_code, dept_name, staff_type, prefix,
                         inst["admdvs"]))
        if inst_type == "H":
            rows.append((inst["idx"], inst["fixmedins_code"], "NK", "内科", "3", "N", inst["admdvs"]))
    frame = pl.DataFrame(rows, schema=["inst", "fixmedins_code", "dept_code", "dept_name",
                                       "staff_type", "prefix", "admdvs"], orient="row")
    seq = np.arange(1, frame.height + 1)
    titles = np.array(TITLES)[rng.integers(0, len(TITLES), frame.height)]
    return frame.with_columns(
        idx=pl.Series(np.arange(frame.height, dtype=np.int64)),
        psn_code=frame["prefix"] + frame["admdvs"] + zero_padded("", seq, 6),
        prof_title=pl.when(pl.col("staff_type") == "1").then(pl.Series(titles))
        .otherwise(pl.lit("主管药师")).alias("prof_title"),
        staff_name=person_names(rng, frame.height),
    ).drop("prefix")
