"""`fundguard generate`: write the synthetic city (inputs + labels) into a folder."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from fundguard.cli.common import get_settings
from fundguard.errors import ConfigError


def generate(
    out: Annotated[Path, typer.Option("--out", help="输出目录 (输入文件; 标签写入 <out>/labels/)")],
    persons: Annotated[int, typer.Option("--persons", min=100, help="参保人数")] = 5000,
    start: Annotated[str, typer.Option("--start", help="起始日期 YYYY-MM-DD")] = "2026-01-01",
    days: Annotated[int, typer.Option("--days", min=1, max=1100, help="生成天数")] = 90,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 (相同种子生成逐字节相同的文件)")] = 20260101,
    config: Annotated[Path | None, typer.Option("--config", help="覆盖 config/synth/city.yaml 的参数文件")] = None,
    prevalence_scale: Annotated[float, typer.Option("--prevalence-scale", min=0.0,
                                                    help="所有违规方案发生率的倍数")] = 1.0,
    clean: Annotated[bool, typer.Option("--clean", help="不注入任何违规方案 (发生率全为 0)")] = False,
    sample: Annotated[bool, typer.Option("--sample", help="按已提交样例的参数生成 (忽略其他参数)")] = False,
    workers: Annotated[int, typer.Option("--workers", min=0,
                                         help="并行生成的进程数 (0 = 自动: 大规模时 2 个; 输出与进程数无关)")] = 0,
) -> None:
    """生成合成城市样例数据 (鸡西式地级市: 参保人、机构、结算、明细、进销存、基金拨付) 及违规标签。

    Example:  fundguard generate --persons 20000 --start 2026-01-01 --days 30 --seed 7 --out var/city
    """
    from fundguard.synth.generate import generate_city
    from fundguard.synth.params import RunParams, city_params, sample_run_params, scaled_prevalence
    from fundguard.synth.schemes import known_schemes

    if clean and prevalence_scale != 1.0:
        raise ConfigError("--clean 与 --prevalence-scale 不能同时使用", hint="二者选一: --clean 等同于 --prevalence-scale 0。")
    settings = get_settings()
    if sample:
        params = sample_run_params(settings.project_dir)
    else:
        try:
            first = dt.date.fromisoformat(start)
        except ValueError as exc:
            raise ConfigError(f"起始日期格式错误: {start}", hint="请使用 YYYY-MM-DD, 例如 2026-01-01。") from exc
        city = city_params(settings.project_dir, config)
        params = RunParams(persons=persons, start=first, days=days, seed=seed, city=city)
    scale = 0.0 if clean else prevalence_scale
    params = params.model_copy(update={"city": scaled_prevalence(params.city, scale, known_schemes(settings.project_dir))})
    began = time.perf_counter()
    result = generate_city(params, out, workers=workers or None)
    typer.echo(f"已生成 {params.persons} 名参保人 {params.days} 天的数据 ({params.start} 至 {params.end}),"
               f" 共 {len(result.files)} 个文件, 用时 {time.perf_counter() - began:.1f} 秒; 输出目录: {out}")


app = generate
