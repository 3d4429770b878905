"""The reports stage of the nightly flow: nightly report, flying-inspection list, top dossiers.

Writes under ``<var>/reports/<run_date>/``: ``nightly.html``, ``nightly.xlsx``, ``flying_list.xlsx``
and ``dossiers/<fixmedins_code>.pdf`` for the top-risk institutions.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from fundguard.cases.config import load_yaml_config
from fundguard.db.connection import connect
from fundguard.ops.context import RunContext
from fundguard.settings import Settings

log = logging.getLogger(__name__)



class ReportsConfig(BaseModel, extra="forbid"):
    """``config/reports.yaml``."""

    flying_list_top: int = Field(20, ge=1)
    flying_list_days: int = Field(365, ge=1)
    dossiers: int = Field(5, ge=0)


def _dossier_codes(top_institutions: list[dict[str, Any]], flying: list[dict[str, Any]],
                   limit: int) -> list[str]:
    """Top-risk institutions (or, without risk scores, the head of the flying list)."""
    codes = [r["fixmedins_code"] for r in top_institutions] or [r["fixmedins_code"] for r in flying]
    return list(dict.fromkeys(codes))[:limit]


def write_reports(settings: Settings, run_id: str | None, out_dir: Path | None = None, *,
                  read_only: bool = False) -> dict[str, Any]:
    """Write every report of ``run_id`` (default: latest run); returns paths and counts.

    The flow's stage reads through its own read-write connection (the flow holds the writer lock);
    the CLI reads with ``read_only=True``.
    """
    from fundguard.inspect.caselist import export_flying_list, flying_list
    from fundguard.inspect.dossier import dossier_data, render_dossier
    from fundguard.reports.nightly import write_nightly
    from fundguard.reports.nightly_data import nightly_data, report_run

    config = load_yaml_config(settings.config_dir / "reports.yaml", ReportsConfig)
    with connect(settings, read_only=read_only) as con:
        run = report_run(con, settings, run_id)
        data = nightly_data(con, settings, run)
        run_date = data.run["run_date"]
        window = {"date_from": run_date - timedelta(days=config.flying_list_days - 1), "date_to": run_date}
        flying = flying_list(con, settings, top=config.flying_list_top, **window)
        dossiers = [dossier_data(con, settings, code, **window)
                    for code in _dossier_codes(data.top_institutions, flying, config.dossiers)]
    target = out_dir or settings.reports_path / run_date.isoformat()
    paths = write_nightly(data, target, datetime.now())
    paths["flying_list"] = export_flying_list(flying, target / "flying_list.xlsx",
                                              f"飞行检查清单 ({window['date_from']} 至 {run_date})")
    dossier_paths = [render_dossier(d, target / "dossiers" / f"{d.profile['fixmedins_code']}.pdf",
                                    generated_on=run_date) for d in dossiers]
    log.info("reports written run_id=%s dir=%s dossiers=%d", run["run_id"], target, len(dossier_paths))
    return {"out_dir": str(target), **{k: str(v) for k, v in paths.items()},
            "dossiers": [str(p) for p in dossier_paths], "n_flying_list_rows": len(flying),
            "n_dossiers": len(dossier_paths), "n_top_institutions": len(data.top_institutions)}


def run(settings: Settings, ctx: RunContext) -> dict[str, Any]:
    """Stage entry point: the reports of ``ctx.run_id`` under ``<var>/reports/<run_date>/``."""
    return write_reports(settings, ctx.run_id, settings.reports_path / ctx.run_date.isoformat())
