"""The scheme book: which schemes run at plan level (stays) and day level (visits, lines)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import yaml

from fundguard.synth.finance import plan_finance
from fundguard.synth.world import World

SWAP_DRUG = "XR06AXA020A001010100006"  # 氯雷他定片: what daily goods are billed as


class SchemeBook:
    """Holds the cross-day state of the injected schemes and the entity labels they produce."""

    def __init__(self, world: World):
        self.world = world
        self.rng = np.random.default_rng([world.params.seed, 7])
        self.state: dict = {}
        self.entities: list[tuple[str, str, str]] = []
        self.under_stocked: set[str] = set()
        self.never_bought: set[tuple[str, str]] = set()
        self._pick_people()
        self._pick_institutions()
        self.finance = plan_finance(world, self.entities)

    def _share(self, pool: np.ndarray, scheme: str) -> np.ndarray:
        p = self.world.params.city.prevalence.get(scheme, 0.0)
        chosen = pool[self.rng.random(pool.size) < p]
        if p > 0 and chosen.size == 0 and pool.size:
            # A scheme switched on is present at least once, even in a small run.
            chosen = pool[[int(self.rng.integers(0, pool.size))]]
        return chosen

    def _label(self, kind: str, ids: list[str], scheme: str) -> None:
        self.entities.extend((kind, i, scheme) for i in ids)

    def _pick_people(self) -> None:
        """Persons and doctors who carry a person-level scheme for the whole run."""
        world, insured = self.world, self.world.insured
        psn_no = insured["psn_no"]
        death = world.person_array("death_day")
        everyone = np.arange(world.params.persons)
        self.dead_card_users = self._share(np.flatnonzero(death >= 0), "settlement_after_death")
        self.distant_cards = self._share(everyone[death < 0], "card_distant_same_day")
        self.distant_days = self.rng.integers(0, world.params.days, self.distant_cards.size)
        self.frequent = {s: self._share(everyone[death < 0], s) for s in ("frequent_outpatient", "frequent_purchase")}
        self.resellers = self._share(everyone[death < 0], "drug_resale")
        for scheme, members in (("settlement_after_death", self.dead_card_users),
                                ("card_distant_same_day", self.distant_cards), ("drug_resale", self.resellers),
                                *self.frequent.items()):
            self._label("insured", [psn_no[int(i)] for i in members], scheme)
        suspended = np.flatnonzero(world.suspended[:, 0] >= 0)
        self.suspended_billers = self._share(suspended, "suspended_staff_billing")
        doctors = world.staff.filter((pl.col("staff_type") == "1") & ~pl.col("idx").is_in(suspended.tolist()))
        self.overloaded = self._share(doctors["idx"].to_numpy(), "doctor_overload")
        codes = world.staff["psn_code"]
        self._label("staff", [codes[int(i)] for i in self.suspended_billers], "suspended_staff_billing")
        self._label("staff", [codes[int(i)] for i in self.overloaded], "doctor_overload")

    def _pick_institutions(self) -> None:
        inst = self.world.institutions
        pharmacies = inst.filter(pl.col("inst_type") == "P")["fixmedins_code"].to_numpy()
        self.under_stocked = set(self._share(pharmacies, "inventory_inflated").tolist())
        self.swappers = sorted(self._share(pharmacies, "pharmacy_goods_swap").tolist())
        self.never_bought = {(code, SWAP_DRUG) for code in self.swappers}
        small = inst.filter(pl.col("kind").is_in(["H1", "H2"]))
        self.clusterers = self._share(small["idx"].to_numpy(), "cost_at_cap_clustering")
        self._label("institution", sorted(self.under_stocked), "inventory_inflated")
        self._label("institution", self.swappers, "pharmacy_goods_swap")
        codes = inst["fixmedins_code"]
        self._label("institution", [codes[int(i)] for i in self.clusterers], "cost_at_cap_clustering")

    def remember_traces(self, lines: pl.DataFrame) -> None:
        """Yesterday's clean trace codes: the pool trace_code_reused draws from."""
        self.state["traces"] = lines.filter(pl.col("drug_trac_codg").is_not_null() & pl.col("scheme").is_null()
                                            ).select("drug_trac_codg", "med_list_codg")

    def his_hospitals(self, n: int) -> list[str]:
        """Level-2 hospitals (first by code) whose data arrive as vendor CSV."""
        inst = self.world.institutions.filter(pl.col("kind") == "H2").sort("fixmedins_code")
        return inst["fixmedins_code"].head(n).to_list()

    def plan_stays(self, plan: pl.DataFrame) -> pl.DataFrame:
        """Add the stay-level schemes to the clean plan; ``stay_id`` orders stays deterministically."""
        from fundguard.synth import schemes_plan as sp

        prev, rng, world = self.world.params.city.prevalence, self.rng, self.world
        frequent = sp.frequent(world, rng, plan, prev.get("frequent_admission", 0), self.entities)
        taken = pl.concat([plan.select("psn"), frequent.select("psn")])  # ring members are nobody else
        extra = [sp.overlapping(world, rng, plan, prev.get("overlapping_stays", 0)),
                 sp.split(world, rng, plan, prev.get("split_admission", 0)), frequent,
                 sp.cohorts(world, rng, taken, prev.get("cohort_admission", 0), self.entities)]
        plan = sp.mark(rng, plan, "bed_hanging", prev.get("bed_hanging", 0), 7)
        plan = sp.mark(rng, plan, "low_standard_admission", prev.get("low_standard_admission", 0), 2)
        clustered = pl.col("inst").is_in(self.clusterers.tolist()) & pl.col("setl_scheme").is_null()
        plan = plan.with_columns(setl_scheme=pl.when(clustered).then(pl.lit("cost_at_cap_clustering"))
                                 .otherwise("setl_scheme"))
        cols = plan.drop("stay_id").columns
        merged = pl.concat([plan.select(cols), *[e.select(cols) for e in extra if e.height]], how="vertical_relaxed")
        return merged.with_columns(stay_id=pl.int_range(0, pl.len(), dtype=pl.Int64))

    def day_schemes(self) -> list:
        from fundguard.synth.schemes_daily import trace_reuse_scheme, visit_schemes
        from fundguard.synth.schemes_day import (
            LINE_SCHEMES,
            duplicate_prescribing,
            header_scheme,
            line_scheme,
            swap_scheme,
        )

        headers = ["diagnosis_sex_mismatch", "diagnosis_age_mismatch", "late_upload", "incomplete_settlement"]
        return ([visit_schemes(self)] + [header_scheme(n) for n in headers]
                + [line_scheme(n) for n in LINE_SCHEMES] + [swap_scheme(self.swappers), duplicate_prescribing,
                                                            trace_reuse_scheme(self)])


def known_schemes(project_dir: Path) -> set[str]:
    """Scheme names of config/schemes.yaml (the label vocabulary)."""
    data = yaml.safe_load((project_dir / "config" / "schemes.yaml").read_text(encoding="utf-8"))
    return set(data["schemes"])
