"""Peer groups: finest level big enough, fallback to the wider group for small groups, robust stats."""

from __future__ import annotations

import polars as pl
import pytest

from fundguard.anomaly.peers import ALL_PEERS_KEY, assign_peer_groups, normalise_within_peers
from fundguard.anomaly.spec import EntitySpec


def entity(min_size: int = 3) -> EntitySpec:
    return EntitySpec.model_validate({
        "sql": "features/institution_features", "peer_min_size": min_size,
        "peer_levels": [{"by": ["inst_type", "admdvs"], "zh": "同区县同类机构"},
                        {"by": ["inst_type"], "zh": "同类机构"}],
        "features": [{"name": "drug_share", "zh": "药占比", "unit": "pct"}],
    })


def frame() -> pl.DataFrame:
    # district A: four hospitals; district B: two hospitals (too small); one pharmacy alone.
    return pl.DataFrame({
        "entity_id": ["a1", "a2", "a3", "a4", "b1", "b2", "p1"],
        "inst_type": ["H", "H", "H", "H", "H", "H", "P"],
        "admdvs": ["A", "A", "A", "A", "B", "B", "A"],
        "drug_share": [0.2, 0.3, 0.4, 0.5, 0.9, None, 0.7],
    })


def normalised() -> pl.DataFrame:
    spec = entity()
    return normalise_within_peers(assign_peer_groups(frame(), spec, "institution"), spec)


def by_id(df: pl.DataFrame, entity_id: str) -> dict:
    return df.filter(pl.col("entity_id") == entity_id).to_dicts()[0]


def test_big_enough_group_keeps_the_finest_level():
    row = by_id(normalised(), "a1")
    assert row["peer_group"] == "H|A"
    assert row["peer_zh"] == "同区县同类机构"


def test_small_group_falls_back_to_the_wider_group_with_its_statistics():
    df = normalised()
    row = by_id(df, "b1")
    assert row["peer_group"] == "H"
    assert row["peer_zh"] == "同类机构"
    # statistics over all six hospitals (the null is ignored): median of 0.2..0.5, 0.9 = 0.4
    assert row["drug_share__med"] == pytest.approx(0.4)
    assert row["drug_share__pct"] == pytest.approx(1.0)
    assert row["drug_share__right"] == pytest.approx(1 / 5)


def test_singleton_type_falls_back_to_all_entities():
    row = by_id(normalised(), "p1")
    assert row["peer_group"] == ALL_PEERS_KEY
    assert row["peer_zh"] == "全部机构"


def test_percentile_median_and_robust_z_within_group():
    row = by_id(normalised(), "a4")
    assert row["drug_share__med"] == pytest.approx(0.35)
    assert row["drug_share__pct"] == pytest.approx(1.0)
    # MAD of |0.2,0.3,0.4,0.5 - 0.35| = median(0.15,0.05,0.05,0.15) = 0.1 -> sigma 0.14826
    assert row["drug_share__z"] == pytest.approx(0.15 / (0.1 * 1.4826))


def test_missing_value_is_neutral_and_flagged():
    row = by_id(normalised(), "b2")
    assert row["drug_share__imputed"] is True
    assert row["drug_share__z"] == 0.0
    assert row["drug_share__right"] == 1.0
