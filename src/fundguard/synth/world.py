"""The static world of one run: people, institutions, staff, catalog and lookup arrays for sampling."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from fundguard.errors import ConfigError
from fundguard.synth.params import RunParams
from fundguard.synth.population import AGE_BANDS, insured_frame
from fundguard.synth.reference import catalog_frame, knowledge_point_frame, price_cap_frame
from fundguard.synth.supply import institution_frame, staff_frame

# visit kind -> institution kinds that serve it
SERVED_BY = {"outpatient": ("H3", "H2", "H1", "C1", "V0"), "emergency": ("H3", "H2"),
             "chronic": ("H3", "H2", "C1"), "pharmacy": ("P0",), "admission": ("H3", "H2", "H1")}


@dataclass
class World:
    params: RunParams
    insured: pl.DataFrame
    institutions: pl.DataFrame
    staff: pl.DataFrame
    catalog: pl.DataFrame
    price_caps: pl.DataFrame
    knowledge_points: pl.DataFrame
    person_cdf: dict[str, np.ndarray]   # visit kind -> cumulative visit weight over persons (sums to 1)
    doc_start: np.ndarray      # per institution: first index into doc_order
    doc_count: np.ndarray
    doc_order: np.ndarray      # staff idx of billing staff, grouped by institution
    suspended: np.ndarray      # per staff: suspension (begin_day, end_day) or (-1, -1)
    memo: dict = field(default_factory=dict)   # derived look-up tables, built on first use

    def person_array(self, column: str) -> np.ndarray:
        """An ``insured`` column as a numpy array indexed by person (converted once per run)."""
        key = ("person", column)
        if key not in self.memo:
            self.memo[key] = self.insured[column].to_numpy()
        return self.memo[key]

    def item_index(self, code: str) -> int:
        return int(self.catalog.filter(pl.col("hilist_code") == code)["item"][0])


def _doctor_lookup(institutions: pl.DataFrame, staff: pl.DataFrame) -> tuple[np.ndarray, ...]:
    billing = staff.filter(pl.col("staff_type").is_in(["1", "2"])).sort("inst", "idx")
    inst = billing["inst"].to_numpy()
    n_inst = institutions.height
    count = np.bincount(inst, minlength=n_inst)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    return start, count, billing["idx"].to_numpy()


def _suspensions(params: RunParams, staff: pl.DataFrame, doc_start: np.ndarray,
                 doc_order: np.ndarray) -> np.ndarray:
    """Suspension windows (days since start) for a share of doctors; never an institution's first."""
    rng = np.random.default_rng([params.seed, 4])
    out = np.full((staff.height, 2), -1, dtype=np.int64)
    first = set(doc_order[doc_start].tolist())
    doctors = [int(i) for i in doc_order if int(i) not in first]
    chosen = [i for i in doctors if rng.random() < params.city.suspended_doctor_share]
    for idx in chosen:
        begin = int(rng.integers(0, max(1, params.days - 10)))
        out[idx] = (begin, begin + int(rng.integers(30, 181)))
    return out


def _person_cdfs(params: RunParams, insured: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per visit kind, who visits: age-band weight x insurance-type weight (config visit_weights)."""
    band = insured["age_band"].to_numpy()
    insutype = insured["insutype"].to_numpy()
    out = {}
    for kind in params.city.visit_rates:
        spec = params.city.visit_weights.get(kind)
        if spec is None or len(spec.age) != len(AGE_BANDS):
            raise ConfigError(f"生成器配置 visit_weights.{kind} 缺失或年龄段数不是 {len(AGE_BANDS)}",
                              hint="每种就诊类型须给出 age (6 个年龄段) 与 insutype 权重, 见 config/synth/city.yaml。")
        weight = np.asarray(spec.age, dtype=np.float64)[band]
        for code, factor in spec.insutype.items():
            weight = np.where(insutype == code, weight * factor, weight)
        total = weight.sum()
        if total <= 0:
            raise ConfigError(f"生成器配置 visit_weights.{kind} 的权重全为 0", hint="请至少给一个年龄段正权重。")
        out[kind] = np.cumsum(weight) / total
    return out


def build_world(params: RunParams) -> World:
    insured = insured_frame(params)
    institutions = institution_frame(params)
    staff = staff_frame(params, institutions)
    catalog = catalog_frame()
    start, count, order = _doctor_lookup(institutions, staff)
    return World(params=params, insured=insured, institutions=institutions, staff=staff,
                 catalog=catalog, price_caps=price_cap_frame(catalog),
                 knowledge_points=knowledge_point_frame(), person_cdf=_person_cdfs(params, insured),
                 doc_start=start, doc_count=count, doc_order=order,
                 suspended=_suspensions(params, staff, start, order))


def institution_choice(world: World, rng: np.random.Generator, kind: str,
                       home_district: np.ndarray) -> np.ndarray:
    """An institution per visit: mostly in the home district, weighted by the institution's pull."""
    pools = _served_pools(world, kind)
    out = np.empty(home_district.size, dtype=np.int64)
    away = rng.random(home_district.size) < 0.12
    for d in np.unique(home_district):
        mask = (home_district == d) & ~away
        pool_idx, pool_cdf = pools.get(int(d), pools[-1])
        out[mask] = pool_idx[np.searchsorted(pool_cdf, rng.random(mask.sum()), side="right").clip(0, pool_idx.size - 1)]
    idx, cdf = pools[-1]
    out[away] = idx[np.searchsorted(cdf, rng.random(away.sum()), side="right").clip(0, idx.size - 1)]
    return out


def _served_pools(world: World, kind: str) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per district (-1: the whole city) the institutions serving ``kind`` and their pull CDF."""
    key = ("served", kind)
    if key not in world.memo:
        inst = world.institutions.filter(pl.col("kind").is_in(SERVED_BY[kind]))
        idx, pull, dist = inst["idx"].to_numpy(), inst["pull"].to_numpy(), inst["district"].to_numpy()
        pools = {-1: (idx, np.cumsum(pull) / pull.sum())}
        for d in np.unique(dist):
            local = dist == d
            pools[int(d)] = (idx[local], np.cumsum(pull[local]) / pull[local].sum())
        world.memo[key] = pools
    return world.memo[key]


def doctor_choice(world: World, rng: np.random.Generator, inst: np.ndarray) -> np.ndarray:
    """A billing doctor (pharmacist in pharmacies) of each institution; suspended ones never bill."""
    pick = world.doc_start[inst] + (rng.random(inst.size) * world.doc_count[inst]).astype(np.int64)
    doctor = world.doc_order[pick]
    is_suspended = world.suspended[doctor, 0] >= 0
    return np.where(is_suspended, world.doc_order[world.doc_start[inst]], doctor)
