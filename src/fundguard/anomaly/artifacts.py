"""Trained model artifacts: ``skops.io`` files plus a metadata JSON, saved and checked on load.

Layout: ``models/<name>/artifacts/<entity_type>.skops`` and ``<entity_type>.json`` (git-ignored).
The metadata records library versions, the feature list, the spec fingerprint, the training-data
fingerprint and the training snapshot used for drift.  Loading refuses (``ModelArtifactError``) any
artifact whose versions or features do not match, and any type outside an explicit allow-list
(skops never executes untrusted code).
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from fundguard.anomaly.spec import ModelSpec
from fundguard.errors import ModelArtifactError

# Types inside a fitted IsolationForest that skops does not trust by default.
TRUSTED_TYPES: frozenset[str] = frozenset({"sklearn.tree._tree.Tree"})


@dataclass(frozen=True, slots=True)
class ArtifactPaths:
    model: Path
    metadata: Path


def artifact_paths(models_dir: Path, spec: ModelSpec, entity_type: str) -> ArtifactPaths:
    folder = models_dir / spec.name / "artifacts"
    return ArtifactPaths(folder / f"{entity_type}.skops", folder / f"{entity_type}.json")


def library_versions() -> dict[str, str]:
    """Versions an artifact depends on (a mismatch on load is refused)."""
    import sklearn
    import skops

    return {"sklearn": sklearn.__version__, "skops": skops.__version__,
            "numpy": np.__version__, "python": platform.python_version()}


def data_fingerprint(matrix: np.ndarray) -> str:
    """SHA-256 of the training matrix (shape + float64 bytes)."""
    digest = hashlib.sha256(str(matrix.shape).encode())
    digest.update(np.ascontiguousarray(matrix, dtype=np.float64).tobytes())
    return digest.hexdigest()


def training_metadata(spec: ModelSpec, entity_type: str, matrix: np.ndarray,
                      snapshot: dict[str, Any], period: str) -> dict[str, Any]:
    """Metadata written next to a trained model."""
    return {
        "model": spec.name, "version": spec.version, "entity_type": entity_type,
        "spec_fingerprint": spec.fingerprint(),
        "feature_names": spec.entities[entity_type].feature_names,  # type: ignore[index]
        "libraries": library_versions(), "training_period": period,
        "n_rows": int(matrix.shape[0]), "data_fingerprint": data_fingerprint(matrix),
        "trained_at": datetime.now().isoformat(timespec="seconds"), "snapshot": snapshot,
    }


def save_artifact(model: Any, metadata: dict[str, Any], paths: ArtifactPaths) -> None:
    """Write the model (skops) and its metadata JSON."""
    import skops.io as sio

    paths.model.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, paths.model)
    paths.metadata.write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")


def short_fingerprint(metadata: dict[str, Any]) -> str:
    return str(metadata.get("data_fingerprint", ""))[:8]


def load_metadata(paths: ArtifactPaths) -> dict[str, Any]:
    if not paths.model.is_file() or not paths.metadata.is_file():
        raise ModelArtifactError("模型产物不存在", location=paths.model.parent,
                                 hint="请运行 `fundguard risk train` 训练模型。")
    try:
        return json.loads(paths.metadata.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except ValueError as exc:
        raise ModelArtifactError("模型元数据文件损坏", location=paths.metadata,
                                 hint="请运行 `fundguard risk train` 重新训练模型。") from exc


def check_compatible(metadata: dict[str, Any], spec: ModelSpec, entity_type: str,
                     location: Path) -> None:
    """Raise ``ModelArtifactError`` naming the first mismatch between artifact and environment."""
    expected = spec.entities[entity_type].feature_names  # type: ignore[index]
    problems = []
    if metadata.get("model") != spec.name or metadata.get("version") != spec.version:
        problems.append(f"模型版本不符 (产物 {metadata.get('model')}@{metadata.get('version')}，"
                        f"配置 {spec.model_version})")
    if metadata.get("feature_names") != expected:
        problems.append("特征列表与 model.yaml 不一致")
    if metadata.get("spec_fingerprint") != spec.fingerprint():
        problems.append("模型配置(检测器/特征/同类组)已修改")
    installed = library_versions()["sklearn"]
    trained = metadata.get("libraries", {}).get("sklearn")
    if trained != installed:
        problems.append(f"scikit-learn 版本不符 (训练 {trained}，当前 {installed})")
    if problems:
        raise ModelArtifactError("模型产物与当前环境不匹配: " + "；".join(problems),
                                 location=location, hint="请运行 `fundguard risk train` 重新训练模型。")


def load_artifact(paths: ArtifactPaths, spec: ModelSpec, entity_type: str) -> tuple[Any, dict[str, Any]]:
    """The checked model and its metadata."""
    import skops.io as sio

    metadata = load_metadata(paths)
    check_compatible(metadata, spec, entity_type, paths.model)
    untrusted = set(sio.get_untrusted_types(file=paths.model))
    if not untrusted <= TRUSTED_TYPES:
        raise ModelArtifactError(
            f"模型产物包含不受信任的类型: {', '.join(sorted(untrusted - TRUSTED_TYPES))}",
            location=paths.model, hint="请勿加载来源不明的模型文件；请重新训练。")
    return sio.load(paths.model, trusted=sorted(untrusted)), metadata
