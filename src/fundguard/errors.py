"""The one error hierarchy of fundguard.

Every expected, user-explainable failure is a ``FundguardError``.  Messages are Chinese (users are
bureau staff) and say what went wrong, where, and what to do.  Each class maps to a CLI exit code.
They never embed names, ID numbers or diagnoses.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar


class FundguardError(Exception):
    """Root of all expected, user-explainable failures."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str | None = None, location: str | Path | None = None):
        self.message = message
        self.hint = hint
        self.location = str(location) if location is not None else None
        super().__init__(self.render())

    def render(self) -> str:
        """What / where / what to do, on one or a few lines."""
        parts = [self.message]
        if self.location:
            parts.append(f"位置: {self.location}")
        if self.hint:
            parts.append(f"处理建议: {self.hint}")
        return "；".join(parts)


class TransientError(FundguardError):
    """Retrying may help (file lock held, busy database, temporary I/O problem)."""

    exit_code = 5


class DatabaseLockedError(TransientError):
    """Another writer process holds the DuckDB database file."""


class ConfigError(FundguardError):
    """Bad settings, profile, plan or other project file."""

    exit_code = 4


class RuleDefinitionError(ConfigError):
    """A rule's YAML/SQL pair violates the rule contract."""

    def __init__(self, message: str, *, rule_id: str | None = None, **kw: object):
        self.rule_id = rule_id
        super().__init__(message, **kw)  # type: ignore[arg-type]


class RuleExecutionError(FundguardError):
    """A rule failed at run time (recorded per rule; does not abort the run)."""

    def __init__(self, message: str, *, rule_id: str, rule_version: str, **kw: object):
        self.rule_id = rule_id
        self.rule_version = rule_version
        super().__init__(message, **kw)  # type: ignore[arg-type]


class InputDataError(FundguardError):
    """An input file cannot be read or does not fit any source profile."""

    exit_code = 3


class DataValidationError(InputDataError):
    """The blocking data-quality gate stopped a batch."""


class ModelArtifactError(FundguardError):
    """A model artifact is missing or incompatible (versions, features, fingerprint)."""


class WorkflowError(FundguardError):
    """An illegal case-workflow transition or decision."""

    exit_code = 6


class GovernanceError(WorkflowError):
    """A rule-governance request breaks policy (exemption scope, duration, approval, revocation)."""


class NotFoundError(FundguardError):
    """A requested case, rule, run or entity does not exist."""

    exit_code = 7


class ResourceLimitError(FundguardError):
    """Disk full or memory limit reached."""

    exit_code = 8


DISK_FULL_HINT = ("请清理磁盘，或把 FUNDGUARD_VAR_DIR / FUNDGUARD_DB__TEMP_DIRECTORY 指向空间充足的磁盘后"
                  "重新运行；未提交的阶段已整体回滚，重新运行即可续上。")
