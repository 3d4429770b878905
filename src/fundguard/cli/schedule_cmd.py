"""`fundguard schedule`: local Prefect server + the nightly deployment on a cron (pipelines/deploy.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from fundguard.cli.common import configure_prefect_env, get_settings


def _ready_message(settings: Any, server: Any) -> str:
    sched = settings.schedule
    inbox = sched.inbox.resolve() if sched.inbox else settings.inbox_path
    from pipelines.deploy import retry_policy_zh

    return "\n".join([
        f"Prefect 服务器已就绪 (仅本机可访问): {server.ui_url}",
        f"  界面: {server.ui_url}/deployments 查看部署 nightly/nightly；{server.ui_url}/runs 查看每次运行",
        f"  定时: {sched.cron} ({sched.timezone})，每次处理前一天的数据",
        f"  入库目录: {inbox}",
        f"  重试: {retry_policy_zh()}",
        f"  数据库: {settings.db_path}",
        f"  服务器日志: {server.log_path}",
        "  运行记录: fundguard runs list",
        "按 Ctrl-C 停止调度并关闭服务器。",
    ])


def schedule(
    port: int | None = typer.Option(None, "--port", min=1024, max=65535, help="Prefect 服务器与界面端口 (默认 4200，仅监听 127.0.0.1)"),
    cron: str | None = typer.Option(None, "--cron", help="定时表达式 (默认 '0 2 * * *'，即每天 02:00)"),
    timezone: str | None = typer.Option(None, "--timezone", help="定时所用时区 (默认 Asia/Shanghai)"),
    inbox: Path | None = typer.Option(None, "--inbox", help="定时运行的入库目录 (默认: 设置中的入库目录)"),
) -> None:
    """启动本机 Prefect 服务器并按定时运行夜间批处理 (前一天的数据)，按 Ctrl-C 停止。

    设置项: FUNDGUARD_SCHEDULE__CRON / __TIMEZONE / __PORT / __INBOX。
    Example:  fundguard schedule --port 4200 --cron "0 2 * * *"
    """
    configure_prefect_env()
    settings = get_settings()
    overrides = {"port": port, "cron": cron, "timezone": timezone, "inbox": inbox}
    schedule_settings = settings.schedule.model_copy(
        update={key: value for key, value in overrides.items() if value is not None})
    settings = settings.model_copy(update={"schedule": schedule_settings})
    from pipelines.deploy import run_schedule

    typer.echo(f"正在启动 Prefect 服务器 (127.0.0.1:{schedule_settings.port}) …")
    run_schedule(settings, on_ready=lambda server: typer.echo(_ready_message(settings, server)))
    typer.echo("调度已停止，Prefect 服务器已关闭。")


app = schedule
