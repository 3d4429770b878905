"""The day-level visit schemes of the scheme book, as one day function (see schemes_visits.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from fundguard.synth.day import DayContext, DayLines
from fundguard.synth.schemes_visits import (
    alive_persons,
    daily_members,
    farthest_district,
    institution_in,
    label_all,
    pharmacies_near,
    resale_lines,
    visits,
)

if TYPE_CHECKING:
    from fundguard.synth.schemes import SchemeBook

Frames = list[tuple[pl.DataFrame, pl.DataFrame]]


def after_death(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    death = ctx.world.person_array("death_day")
    users = book.dead_card_users[death[book.dead_card_users] < ctx.day_no]
    users = daily_members(ctx, users, 0.25)
    if users.size:
        out.append(label_all(*visits(ctx, "pharmacy", users, "settlement_after_death"),
                             "settlement_after_death", setl=True, line=False))


def suspended(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    """Suspended doctors (pharmacists) who keep billing: 1-3 visits each a day, every line labelled."""
    windows = ctx.world.suspended[book.suspended_billers]
    active = book.suspended_billers[(windows[:, 0] <= ctx.day_no) & (windows[:, 1] >= ctx.day_no)]
    if active.size == 0:
        return
    staff_inst = ctx.world.staff["inst"].to_numpy()
    pharmacist = ctx.world.staff["staff_type"].to_numpy()[active] == "2"
    doctors = np.repeat(active, ctx.rng.integers(1, 4, active.size))
    persons = alive_persons(ctx, doctors.size)
    doctors = doctors[:persons.size]
    in_pharmacy = np.isin(doctors, active[pharmacist])
    offset = 0
    for kind, mask in (("outpatient", ~in_pharmacy), ("pharmacy", in_pharmacy)):
        if not mask.any():
            continue
        head, lines = visits(ctx, kind, persons[mask], "suspended_staff_billing", inst=staff_inst[doctors[mask]],
                             dr=doctors[mask], offset=offset)
        offset += head.height
        out.append(label_all(head, lines, "suspended_staff_billing", setl=False, line=True))


def trace_reuse(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    """Yesterday's clean trace codes settled again.  The day's last scheme, with its own random
    stream: whether yesterday is known (not on a run's first day, nor when a process starts in the
    middle of a run) must change nothing else of the day."""
    previous = book.state.get("traces")
    if previous is None or previous.height == 0:
        return
    ctx = replace(ctx, rng=np.random.default_rng([ctx.world.params.seed, 101, ctx.day_no]))
    k = int(ctx.rng.binomial(previous.height, ctx.prevalence("trace_code_reused")))
    if k == 0:
        return
    reused = previous.sample(k, seed=int(ctx.rng.integers(0, 2**31))).sort("drug_trac_codg")
    persons = alive_persons(ctx, k)
    reused = reused.head(persons.size)
    head, _ = visits(ctx, "pharmacy", persons, "trace_code_reused", inst=pharmacies_near(ctx, persons))
    item = reused.join(ctx.world.catalog.select("hilist_code", "item"), left_on="med_list_codg",
                       right_on="hilist_code", maintain_order="left")["item"]
    lines = head.select("setl_id", "dr", fee_ocur_time="begntime").with_columns(
        item=item, cnt=pl.lit(1, dtype=pl.Int64), prd_days=pl.lit(7, dtype=pl.Int32),
        trace=reused["drug_trac_codg"], scheme=pl.lit("trace_code_reused"))
    out.append((head, lines))


def during_stay(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    inside = ctx.plan.filter((pl.col("adm_day") < ctx.day_no) & (pl.col("dscg_day") > ctx.day_no))
    persons = np.unique(inside["psn"].to_numpy())
    persons = daily_members(ctx, persons, ctx.prevalence("outpatient_during_stay") * 3)
    if persons.size:
        kind = "pharmacy" if ctx.rng.random() < 0.5 else "outpatient"
        out.append(label_all(*visits(ctx, kind, persons, "outpatient_during_stay"),
                             "outpatient_during_stay", setl=True, line=False))


def distant(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    persons = book.distant_cards[book.distant_days == ctx.day_no]
    persons = persons[~ctx.busy[persons]]
    if persons.size == 0:
        return
    home = ctx.world.person_array("district")[persons]
    out.append(visits(ctx, "outpatient", persons, "card_home", inst=institution_in(ctx, home), hour=9))
    far = institution_in(ctx, farthest_district(ctx, home))
    out.append(label_all(*visits(ctx, "outpatient", persons, "card_distant_same_day", inst=far, hour=15),
                         "card_distant_same_day", setl=True, line=False))


def overload(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    staff_inst = ctx.world.staff["inst"].to_numpy()
    for rank, doctor in enumerate(book.overloaded.tolist()):
        if ctx.rng.random() >= 0.06:  # overload on a few days only
            continue
        k = int(ctx.rng.integers(60, 91))
        persons = alive_persons(ctx, k)
        head, lines = visits(ctx, "outpatient", persons, "doctor_overload",
                             inst=np.full(persons.size, staff_inst[doctor]), dr=np.full(persons.size, doctor),
                             offset=rank * 100)
        out.append(label_all(head, lines, "doctor_overload", setl=True, line=False))


def frequent(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    for scheme, kind, rate in (("frequent_outpatient", "outpatient", 0.35), ("frequent_purchase", "pharmacy", 0.45)):
        persons = daily_members(ctx, book.frequent[scheme], rate)
        persons = persons[~ctx.busy[persons]]
        if persons.size:
            out.append(visits(ctx, kind, persons, scheme))


def resale(ctx: DayContext, book: SchemeBook, out: Frames) -> None:
    persons = daily_members(ctx, book.resellers, 0.4)
    persons = persons[~ctx.busy[persons]]
    if persons.size:
        head, _ = visits(ctx, "pharmacy", persons, "drug_resale", inst=pharmacies_near(ctx, persons))
        out.append((head, resale_lines(ctx, head)))


def visit_schemes(book: SchemeBook):
    steps = [after_death, suspended, during_stay, distant, overload, frequent, resale]

    def apply(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
        out: Frames = []
        for step in steps:
            step(ctx, book, out)
        if not out:
            return heads
        for _, extra in out:
            lines.add(extra)
        return pl.concat([heads, *[h for h, _ in out]], how="diagonal_relaxed")

    return apply


def trace_reuse_scheme(book: SchemeBook):
    """trace_code_reused as a day scheme of its own (see trace_reuse)."""

    def apply(ctx: DayContext, heads: pl.DataFrame, lines: DayLines) -> pl.DataFrame:
        out: Frames = []
        trace_reuse(ctx, book, out)
        for head, extra in out:
            lines.add(extra)
            heads = pl.concat([heads, head], how="diagonal_relaxed")
        return heads

    return apply
