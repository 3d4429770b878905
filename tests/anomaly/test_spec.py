"""The model spec: the committed model.yaml is valid; bad specs are clear Chinese errors."""

from __future__ import annotations

import shutil

import pytest
from tests.anomaly.conftest import REPO

from fundguard.anomaly.spec import ENTITY_TYPES, load_model_spec
from fundguard.errors import ConfigError


def test_committed_spec_covers_every_entity_type(spec):
    assert set(spec.entities) == set(ENTITY_TYPES)
    for entity in spec.entities.values():
        assert entity.features and entity.peer_levels
        assert len(set(entity.feature_names)) == len(entity.feature_names)
    assert spec.model_version == "entity_risk@1"


def test_fingerprint_changes_with_features(spec):
    fewer = spec.entities["staff"].model_copy(update={"features": spec.entities["staff"].features[1:]})
    changed = spec.model_copy(update={"entities": {**spec.entities, "staff": fewer}})
    assert changed.fingerprint() != spec.fingerprint()


def copy_spec(tmp_path, old: str, new: str):
    target = tmp_path / "entity_risk"
    shutil.copytree(REPO / "models" / "entity_risk", target, ignore=shutil.ignore_patterns("artifacts"))
    path = target / "model.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_quote_in_a_label_is_refused(tmp_path):
    copy_spec(tmp_path, "zh: 药占比", 'zh: 药"占比')
    with pytest.raises(ConfigError, match="模型配置无效"):
        load_model_spec(tmp_path)


def test_missing_bands_for_an_entity_type_is_refused(tmp_path):
    copy_spec(tmp_path, "  insured: {teams", "  other: {teams")
    with pytest.raises(ConfigError, match="模型配置无效"):
        load_model_spec(tmp_path)


def test_missing_spec_names_the_file(tmp_path):
    with pytest.raises(ConfigError, match="找不到模型配置"):
        load_model_spec(tmp_path, "nope")
