"""``fundguard referral``: build, verify and reproduce joint-enforcement referral packages."""

from __future__ import annotations

from pathlib import Path

import typer

from fundguard.cli.common import get_settings
from fundguard.cli.output import FORMAT_OPTION, OutputFormat, render

app = typer.Typer(no_args_is_help=True, help="联合执法移送: 生成移送材料、校验、复现。")


@app.command("build")
def build(case_id: str, by: str = typer.Option(..., "--by", help="操作人账号"),
          agency: str | None = typer.Option(None, help="移送部门 (默认按移送规则的第一个部门)"),
          full_snapshot: bool = typer.Option(
              False, "--full-snapshot", help="快照包含整表 (同类比较类规则复现需要全部对象)")) -> None:
    """为已确认的案件生成移送材料 (清单、摘要PDF、证据、规则SQL、数据快照、哈希清单)。

    Example: fundguard referral build C0123456789ABCDE --by zhangsan
    """
    from fundguard.db.sqlrun import writing_connection
    from fundguard.referral.package import build_referral

    settings = get_settings()
    with writing_connection(settings, f"referral build {case_id}") as con:
        result = build_referral(con, settings, case_id, by, agency, full_snapshot)
    typer.echo(f"已生成移送材料 ({result.agency}): {result.folder}  文件 {result.n_files} 个, "
               f"清单 SHA-256 {result.manifest_sha256}")


@app.command("verify")
def verify(folder: Path) -> None:
    """按 manifest.json 校验移送材料中每个文件的 SHA-256。

    Example: fundguard referral verify var/exports/referrals/C0123456789ABCDE
    """
    from fundguard.referral.verify import verify_package

    report = verify_package(folder)
    if report.is_intact:
        typer.echo(f"校验通过: {report.n_files} 个文件的 SHA-256 与清单一致。")
        return
    for label, names in (("内容被修改", report.mismatched), ("文件缺失", report.missing),
                         ("清单外文件", report.extra)):
        for name in names:
            typer.echo(f"{label}: {name}", err=True)
    typer.echo("校验未通过: 移送材料与清单不一致, 请向移送单位索取原件。", err=True)
    raise typer.Exit(2)


@app.command("reproduce")
def reproduce(folder: Path, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """在全新的内存数据库中载入数据快照, 重新运行规则, 核对疑点是否复现。

    Example: fundguard referral reproduce var/exports/referrals/C0123456789ABCDE
    """
    from fundguard.referral.verify import reproduce_package, verify_package

    if not verify_package(folder).is_intact:
        typer.echo("移送材料未通过哈希校验, 不予复现; 请先运行 fundguard referral verify。", err=True)
        raise typer.Exit(2)
    rows = reproduce_package(get_settings(), folder)
    shown = [dict(r, reproduced_zh="是" if r["reproduced"] else "否") for r in rows]
    render(shown, [("finding_id", "疑点编号"), ("rule_id", "规则编号"), ("expected_amt", "原违规金额"),
                   ("reproduced_amt", "复现违规金额"), ("reproduced_zh", "已复现")], fmt, title="疑点复现")
    done = sum(r["reproduced"] for r in rows)
    typer.echo(f"复现 {done}/{len(rows)} 条疑点。", err=True)
    if done < len(rows):
        raise typer.Exit(3)


@app.command("list")
def list_referrals(case_id: str | None = typer.Option(None, "--case", help="案件编号"),
                   fmt: OutputFormat = FORMAT_OPTION) -> None:
    """已生成的移送材料记录。

    Example: fundguard referral list --format csv
    """
    from fundguard.db.connection import connect
    from fundguard.db.sqlrun import query_dicts

    settings = get_settings()
    with connect(settings, read_only=True) as con:
        rows = query_dicts(con, settings.sql_dir, "cases/referral/referrals_list", {"case_id": case_id})
    render(rows, [("referral_id", "移送编号"), ("case_id", "案件编号"), ("agency", "移送部门"),
                  ("route_reason", "移送理由"), ("built_by", "操作人"), ("built_at", "生成时间"),
                  ("package_dir", "材料目录")], fmt, title="移送记录")
