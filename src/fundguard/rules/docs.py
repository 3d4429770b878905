"""The generated rule catalog page (docs/rules_catalog.md) and shared Chinese renderings of specs."""

from __future__ import annotations

from fundguard.rules.catalog import Rule
from fundguard.rules.spec import CATEGORIES, ParamSpec

HIT_UNITS_ZH = {"line": "费用明细", "settlement": "结算", "entity": "主体"}
ENTITY_TYPES_ZH = {"insured": "参保人", "staff": "医务人员", "institution": "定点机构"}


def param_text(name: str, param: ParamSpec) -> str:
    """``name=default (ge~le)``: one parameter in a short Chinese-neutral form."""
    bounds = ""
    if param.ge is not None or param.le is not None:
        low = "" if param.ge is None else f"{param.ge:g}"
        high = "" if param.le is None else f"{param.le:g}"
        bounds = f" ({low}~{high})"
    return f"{name}={param.default}{bounds}"


def params_text(rule: Rule) -> str:
    return "; ".join(param_text(n, p) for n, p in rule.spec.params.items()) or "—"


def unit_text(rule: Rule) -> str:
    unit = HIT_UNITS_ZH[rule.spec.hit_unit]
    if rule.spec.entity_type:
        unit += f"({ENTITY_TYPES_ZH[rule.spec.entity_type]})"
    return unit


def catalog_row(rule: Rule) -> dict[str, object]:
    """The fields of the Chinese catalog listing for one rule."""
    spec = rule.spec
    return {
        "id": spec.id, "name": spec.name, "category": spec.category_zh, "gz_code": spec.gz_code,
        "result_type": spec.result_type, "legal_basis": spec.legal_basis, "severity": spec.severity,
        "agency": spec.agency, "hit_unit": unit_text(rule), "params": params_text(rule),
        "version": spec.version, "schemes": ", ".join(spec.schemes),
    }


def _rule_section(rule: Rule) -> list[str]:
    spec = rule.spec
    lines = [
        f"### {spec.name} (`{spec.id}` v{spec.version})", "",
        spec.description.strip(), "",
        "| 项目 | 内容 |", "|---|---|",
        f"| 国家规则编码 | {spec.gz_code or '—'} |",
        f"| 结果类型 | {spec.result_type} |",
        f"| 法律依据 | {spec.legal_basis} |",
        f"| 严重程度 | {spec.severity} |",
        f"| 移送/主管部门 | {spec.agency} |",
        f"| 命中单位 | {unit_text(rule)} |",
        f"| 必需字段(覆盖率下限 {spec.coverage_min:g}) | {', '.join(spec.required_fields)} |",
        f"| 对应违规类型 | {', '.join(spec.schemes) or '—'} |",
        f"| 证据字段 | {', '.join(spec.output.evidence) or '—'} |",
        f"| 文件 | `rules/{spec.category}/{spec.id}.sql` |",
        "",
    ]
    if spec.params:
        lines += ["| 参数 | 默认值 | 范围 | 说明 |", "|---|---|---|---|"]
        for name, p in spec.params.items():
            low = "" if p.ge is None else f"{p.ge:g}"
            high = "" if p.le is None else f"{p.le:g}"
            lines.append(f"| `{name}` | {p.default} | {low}~{high} | {p.description} |")
        lines.append("")
    return lines


def catalog_markdown(rules: list[Rule]) -> str:
    """The whole catalog page, grouped by category, from the rule YAMLs (generated, do not edit)."""
    lines = [
        "# 规则目录 (自动生成，请勿手工编辑)", "",
        "由 `fundguard rules catalog` 根据 `rules/**/*.yaml` 生成。"
        f"共 {len(rules)} 条规则。", "",
        "| 编号 | 名称 | 类别 | 结果类型 | 法律依据 | 参数 |", "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        row = catalog_row(rule)
        lines.append(f"| `{row['id']}` | {row['name']} | {row['category']} | {row['result_type']}"
                     f" | {row['legal_basis']} | {row['params']} |")
    lines.append("")
    for code, label in CATEGORIES.items():
        members = [r for r in rules if r.spec.category == code]
        if members:
            lines += [f"## {label}", ""]
            for rule in members:
                lines += _rule_section(rule)
    return "\n".join(lines).rstrip() + "\n"
