"""Charts as PNG bytes (matplotlib OO API, Agg, CJK font registered explicitly, figures closed).

Every fixed Chinese text drawn on a chart is in ``CHART_TEXT`` so a test can check the font covers it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

CHART_TEXT: dict[str, str] = {
    "amount_trend": "疑点金额趋势(元)",
    "findings_by_rule": "各规则疑点数",
    "findings_by_district": "各区县疑点金额(元)",
    "grade_distribution": "信用等级分布(机构数)",
    "peer_comparison": "与同类机构比较",
    "this_institution": "本机构",
    "peer_median": "同类中位数",
    "peer_ratio": "本机构 / 同类中位数 (倍)",
    "date": "日期",
    "amount": "金额(元)",
    "count": "数量",
    "no_data": "暂无数据",
}
"""Fixed chart texts (titles, axis labels, legends)."""

_COLORS = ("#2f5d8a", "#c0504d", "#9bbb59", "#8064a2", "#f79646")


def _new_figure(width: float = 7.0, height: float = 3.6):  # type: ignore[no-untyped-def]
    from fundguard.reports.fonts import configure_matplotlib

    configure_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png")
    finally:
        plt.close(fig)
    return buf.getvalue()


def _as_float(values: Sequence[Decimal | int | float]) -> list[float]:
    return [float(v or 0) for v in values]  # plotting only; tables keep Decimal


def bar_chart_png(labels: Sequence[str], values: Sequence[Decimal | int | float], title: str,
                  *, horizontal: bool = True) -> bytes:
    """A (horizontal) bar chart with one bar per label."""
    fig = _new_figure(7.0, max(2.4, 0.35 * len(labels) + 1.2) if horizontal else 3.6)
    ax = fig.add_subplot()
    if not labels:
        ax.text(0.5, 0.5, CHART_TEXT["no_data"], ha="center", va="center")
        ax.set_axis_off()
    elif horizontal:
        ax.barh(list(labels)[::-1], _as_float(values)[::-1], color=_COLORS[0])
    else:
        ax.bar(list(labels), _as_float(values), color=_COLORS[0])
    if labels and all(isinstance(v, int) for v in values):
        from matplotlib.ticker import MaxNLocator

        axis = ax.xaxis if horizontal else ax.yaxis
        axis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    return _png(fig)


def line_chart_png(x: Sequence[str], series: dict[str, Sequence[Decimal | int | float]],
                   title: str, ylabel: str) -> bytes:
    """A line chart of one or more named series over the same x labels (dates)."""
    fig = _new_figure()
    ax = fig.add_subplot()
    if not x:
        ax.text(0.5, 0.5, CHART_TEXT["no_data"], ha="center", va="center")
        ax.set_axis_off()
    for (name, values), color in zip(series.items(), _COLORS, strict=False):
        if x:
            ax.plot(list(x), _as_float(values), marker="o", color=color, label=name)
    if x:
        ax.set_xlabel(CHART_TEXT["date"])
        ax.set_ylabel(ylabel)
        ax.legend()
        ax.tick_params(axis="x", labelrotation=45)
    ax.set_title(title)
    return _png(fig)


def peer_comparison_png(labels: Sequence[str], own: Sequence[float], peer: Sequence[float]) -> bytes:
    """Per feature, the institution's value as a multiple of its peer-group median (line at 1)."""
    fig = _new_figure(7.0, max(2.6, 0.45 * len(labels) + 1.4))
    ax = fig.add_subplot()
    pairs = [(label, float(o) / float(p)) for label, o, p in zip(labels, own, peer, strict=True)
             if p not in (None, 0) and o is not None]
    if not pairs:
        ax.text(0.5, 0.5, CHART_TEXT["no_data"], ha="center", va="center")
        ax.set_axis_off()
    else:
        ax.barh([label for label, _ in pairs][::-1], [ratio for _, ratio in pairs][::-1],
                color=_COLORS[1], label=CHART_TEXT["this_institution"])
        ax.axvline(1.0, color=_COLORS[0], linestyle="--", label=CHART_TEXT["peer_median"])
        ax.set_xlabel(CHART_TEXT["peer_ratio"])
        ax.legend(loc="lower right")
    ax.set_title(CHART_TEXT["peer_comparison"])
    return _png(fig)
