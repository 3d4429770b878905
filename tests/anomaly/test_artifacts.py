"""skops artifacts: round-trip gives the same predictions; mismatches are clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fundguard.anomaly import artifacts
from fundguard.anomaly.detectors import fit_iforest, iforest_scores
from fundguard.errors import ModelArtifactError


@pytest.fixture
def saved(tmp_path, spec):
    x = np.random.default_rng(0).normal(size=(200, len(spec.entities["institution"].features)))
    model = fit_iforest(x, spec)
    paths = artifacts.artifact_paths(tmp_path, spec, "institution")
    meta = artifacts.training_metadata(spec, "institution", x, {"drug_share": {}}, "2026-03")
    artifacts.save_artifact(model, meta, paths)
    return model, x, paths


def rewrite(paths, **changes):
    meta = json.loads(paths.metadata.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "sklearn":
            meta["libraries"]["sklearn"] = value
        else:
            meta[key] = value
    paths.metadata.write_text(json.dumps(meta), encoding="utf-8")


def test_round_trip_gives_identical_scores(saved, spec):
    model, x, paths = saved
    loaded, meta = artifacts.load_artifact(paths, spec, "institution")
    assert np.array_equal(iforest_scores(loaded, x), iforest_scores(model, x))
    assert meta["feature_names"] == spec.entities["institution"].feature_names
    assert meta["data_fingerprint"] == artifacts.data_fingerprint(x)
    assert set(meta["libraries"]) >= {"sklearn", "skops", "numpy", "python"}


def test_mismatched_feature_list_is_refused(saved, spec):
    _, _, paths = saved
    rewrite(paths, feature_names=["drug_share"])
    with pytest.raises(ModelArtifactError, match="特征列表与 model.yaml 不一致"):
        artifacts.load_artifact(paths, spec, "institution")


def test_other_sklearn_version_is_refused(saved, spec):
    _, _, paths = saved
    rewrite(paths, sklearn="0.24.2")
    with pytest.raises(ModelArtifactError, match="scikit-learn 版本不符") as err:
        artifacts.load_artifact(paths, spec, "institution")
    assert "fundguard risk train" in err.value.render()


def test_changed_spec_is_refused(saved, spec):
    _, _, paths = saved
    changed = spec.model_copy(update={"random_state": spec.random_state + 1})
    with pytest.raises(ModelArtifactError, match="模型配置"):
        artifacts.load_artifact(paths, changed, "institution")


def test_missing_artifact_is_a_clear_error(tmp_path, spec):
    paths = artifacts.artifact_paths(tmp_path, spec, "staff")
    with pytest.raises(ModelArtifactError, match="模型产物不存在"):
        artifacts.load_artifact(paths, spec, "staff")


def test_untrusted_types_are_refused(saved, spec, monkeypatch):
    _, _, paths = saved
    monkeypatch.setattr(artifacts, "TRUSTED_TYPES", frozenset())
    with pytest.raises(ModelArtifactError, match="不受信任的类型"):
        artifacts.load_artifact(paths, spec, "institution")
