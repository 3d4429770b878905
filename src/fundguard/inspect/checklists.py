"""On-site focus, evidence to collect and suggested handling per rule category (config YAML)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from fundguard.errors import ConfigError
from fundguard.rules.spec import CATEGORIES

CATEGORY_CODE_BY_ZH: dict[str, str] = {zh: code for code, zh in CATEGORIES.items()}


@dataclass(frozen=True, slots=True)
class Checklist:
    focus: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Checklists:
    by_category: dict[str, Checklist]
    default: Checklist
    handling: dict[str, dict[str, str]]

    def for_category(self, category: str | None) -> Checklist:
        """Checklist of a category given as code or as the Chinese label stored on findings."""
        code = CATEGORY_CODE_BY_ZH.get(category or "", category or "")
        return self.by_category.get(code, self.default)

    def suggested_handling(self, result_type: str | None, severity: str | None) -> str:
        return self.handling.get(result_type or "", {}).get(severity or "", "核实")


def _checklist(entry: dict[str, Any]) -> Checklist:
    return Checklist(str(entry["focus"]), tuple(str(e) for e in entry["evidence"]))


@cache
def load_checklists(path: Path) -> Checklists:
    """Checklists from ``config/inspection/checklists.yaml``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Checklists(
            by_category={code: _checklist(e) for code, e in data["categories"].items()},
            default=_checklist(data["default"]), handling=dict(data.get("handling", {})),
        )
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ConfigError(f"检查要点配置无法读取: {exc}", location=path,
                          hint="请对照仓库中的 config/inspection/checklists.yaml 修改。") from exc
