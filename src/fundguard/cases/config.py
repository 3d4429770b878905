"""Business configuration of cases (config/workflow.yaml), and the YAML loader the case, credit and
referral packages share.  Pydantic is used here because YAML is a trust boundary."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from fundguard.errors import ConfigError

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_yaml_config(path: Path, model: type[ModelT]) -> ModelT:
    """Parse and validate one YAML config file; Chinese ConfigError naming the file on failure."""
    import yaml

    if not path.is_file():
        raise ConfigError("找不到配置文件", location=path, hint="请从仓库恢复该文件。")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return model.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"配置文件格式错误: {exc}", location=path) from exc


class WorkflowConfig(BaseModel, extra="forbid"):
    severity_weights: dict[str, Decimal]
    risk_scale: Decimal = Decimal(100)
    min_priority_amount: Decimal = Decimal(100)
    risk_band_for_case: str = "高"
    risk_behaviour_group: str = "风险异常"
    subject_overrides: dict[str, str] = {}
    time_limits_days: dict[str, int] = {}

    def rules_charged_to(self, subject: str) -> list[str]:
        """Rule ids whose findings are charged to ``subject`` by override."""
        return sorted(rule for rule, target in self.subject_overrides.items() if target == subject)


def workflow_config(config_dir: Path) -> WorkflowConfig:
    """The case/workflow configuration of the project."""
    return load_yaml_config(config_dir / "workflow.yaml", WorkflowConfig)


def rule_subjects(rules_dir: Path) -> dict[str, str]:
    """Subjects declared by entity-level rules (spec ``entity_type``), by rule id.

    An unreadable catalog yields no declarations (the rules stage reports it); the builder then
    falls back to the default subject choice and config overrides.
    """
    import logging

    from fundguard.errors import FundguardError
    from fundguard.rules.catalog import load_catalog

    try:
        rules = load_catalog(rules_dir)
    except FundguardError:
        logging.getLogger(__name__).warning("rule catalog unreadable; default case subjects used")
        return {}
    return {r.id: r.spec.entity_type for r in rules
            if r.spec.hit_unit == "entity" and r.spec.entity_type}


def effective_config(config_dir: Path, rules_dir: Path) -> WorkflowConfig:
    """The workflow configuration with rule-declared subjects (config overrides win)."""
    cfg = workflow_config(config_dir)
    merged = {**rule_subjects(rules_dir), **cfg.subject_overrides}
    return cfg.model_copy(update={"subject_overrides": merged})
