"""Builders shared by the inspection tests."""

from __future__ import annotations

from fundguard.inspect.draw import RegistryObject
from fundguard.inspect.plan import DrawPlan
from fundguard.inspect.roster import Inspector

GRADES = "ABCDE"


def make_objects(n: int) -> list[RegistryObject]:
    """n institutions over 2 types x 2 levels x 3 districts, grades cycling A..E."""
    return [
        RegistryObject(
            fixmedins_code=f"H{440100 + i % 3}{i:05d}", inst_type="HP"[i % 2], medins_lv="32"[(i // 2) % 2],
            admdvs=str(440100 + i % 3), grade=GRADES[i % 5], grade_source="credit_rating",
        )
        for i in range(n)
    ]


def make_plan(**overrides: object) -> DrawPlan:
    base: dict[str, object] = {"name": "测试抽查", "year": 2026, "check_item": "医保基金使用"}
    return DrawPlan.model_validate(base | overrides)


def make_inspector(i: int, *, qualified: bool = True, conflicts: tuple[tuple[str, str], ...] = (),
                   expert: str = "") -> Inspector:
    return Inspector(f"JC{i:03d}", f"检查员{i}", qualified, "440100", "市医保局",
                     (expert,) if expert else (), conflicts)

