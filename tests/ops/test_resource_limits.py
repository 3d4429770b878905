"""Disk full and memory limit surface as ResourceLimitError (exit 8, Chinese message, no traceback).

The CLI end-to-end check of the memory limit is in tests/pipelines/test_crash_safety.py.
"""

from __future__ import annotations

import errno

import duckdb
import pytest
import typer

from fundguard.db.connection import connect
from fundguard.errors import ResourceLimitError


def test_disk_full_inside_a_connection_is_a_resource_limit_error(settings) -> None:
    with pytest.raises(ResourceLimitError, match="磁盘空间不足") as caught, connect(settings):
        raise duckdb.IOException('IO Error: Could not write file "x.tmp": No space left on device')
    assert caught.value.exit_code == 8 and "FUNDGUARD_VAR_DIR" in caught.value.render()


def test_memory_limit_inside_a_connection_is_a_resource_limit_error(settings) -> None:
    small = settings.model_copy(update={"db": settings.db.model_copy(update={"memory_limit": "4MB"})})
    with pytest.raises(ResourceLimitError, match="内存不足: 超过 DuckDB memory_limit=4MB"), \
            connect(small) as con:
        con.execute("select count(distinct i), list(i) from range(20000000) t(i)").fetchall()


def test_the_cli_reports_a_full_disk_without_traceback(monkeypatch, capsys) -> None:
    from fundguard.cli import main as cli_main

    app = typer.Typer()

    @app.command()
    def write() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/data/var/reports/nightly.html")

    monkeypatch.setattr(cli_main, "app", app)
    monkeypatch.setattr("sys.argv", ["fundguard"])
    with pytest.raises(SystemExit) as exited:
        cli_main.main()
    err = capsys.readouterr().err
    assert exited.value.code == 8
    assert err.startswith("错误: 磁盘空间不足；位置: /data/var/reports/nightly.html；处理建议: 请清理磁盘")
    assert "Traceback" not in err
