"""The inspector roster (执法检查人员名录库): a maintained CSV/XLSX file with Chinese headers.

Columns: 人员编号, 姓名, 执法资格 (是/否), 所属区县 (6-digit admdvs), 单位, 专业领域 (分号分隔),
利益冲突 (``机构编码:类型`` pairs separated by 分号, 类型 ∈ 亲属 / 经济利益 / 曾任职).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from fundguard.errors import ConfigError

CONFLICT_KINDS: frozenset[str] = frozenset({"亲属", "经济利益", "曾任职"})
HEADERS: dict[str, str] = {
    "人员编号": "inspector_id", "姓名": "name", "执法资格": "qualified", "所属区县": "district",
    "单位": "unit", "专业领域": "expert_fields", "利益冲突": "conflicts",
}
_YES = {"是", "有", "Y", "y", "1", "true", "TRUE", "True"}


@dataclass(frozen=True, slots=True)
class Inspector:
    """One person who may be sent on inspections."""

    inspector_id: str
    name: str
    qualified: bool
    """Holds 行政执法资格 (only qualified people count towards the ≥ 2 of a team)."""
    district: str
    unit: str
    expert_fields: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]
    """Declared conflicts: (fixmedins_code, kind)."""

    def conflicted_with(self, fixmedins_code: str) -> bool:
        return any(code == fixmedins_code for code, _ in self.conflicts)

    def snapshot(self) -> dict[str, object]:
        """The JSON form frozen into a draw record."""
        return {"inspector_id": self.inspector_id, "name": self.name, "qualified": self.qualified,
                "district": self.district, "unit": self.unit,
                "expert_fields": list(self.expert_fields),
                "conflicts": [list(c) for c in self.conflicts]}


def _split(text: str | None) -> list[str]:
    parts = (text or "").replace("；", ";").split(";")
    return [p.strip() for p in parts if p.strip()]


def _conflicts(text: str | None, where: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in _split(text):
        code, _, kind = item.replace("：", ":").partition(":")
        if kind.strip() not in CONFLICT_KINDS:
            raise ConfigError(f"利益冲突类型无效: {item}", location=where,
                              hint="格式为 机构编码:亲属|经济利益|曾任职, 多项以分号分隔。")
        pairs.append((code.strip(), kind.strip()))
    return tuple(pairs)


def _inspector(row: dict[str, str], where: str) -> Inspector:
    values = {HEADERS[k]: (v or "").strip() for k, v in row.items() if k in HEADERS}
    if not values.get("inspector_id"):
        raise ConfigError("检查人员缺少人员编号", location=where)
    return Inspector(
        inspector_id=values["inspector_id"], name=values.get("name", ""),
        qualified=values.get("qualified", "") in _YES, district=values.get("district", ""),
        unit=values.get("unit", ""), expert_fields=tuple(_split(values.get("expert_fields"))),
        conflicts=_conflicts(values.get("conflicts"), where),
    )


def _rows(path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(values[0], row, strict=False)) for row in values[1:] if any(row)]
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def load_roster(path: Path) -> list[Inspector]:
    """All inspectors in the roster file, sorted by id; ``ConfigError`` on a malformed file."""
    if not path.is_file():
        raise ConfigError("找不到检查人员名录库文件", location=path,
                          hint="请维护 config/inspection/inspectors.csv。")
    rows = _rows(path)
    missing = {"人员编号", "执法资格", "利益冲突"} - set(rows[0] if rows else {})
    if missing:
        raise ConfigError(f"检查人员名录缺少列: {', '.join(sorted(missing))}", location=path)
    inspectors = [_inspector(row, f"{path.name} 第{i + 2}行") for i, row in enumerate(rows)]
    ids = [p.inspector_id for p in inspectors]
    if len(set(ids)) != len(ids):
        raise ConfigError("检查人员编号重复", location=path)
    return sorted(inspectors, key=lambda p: p.inspector_id)
