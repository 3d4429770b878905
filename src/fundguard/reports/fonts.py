"""CJK font discovery and explicit registration (matplotlib and fpdf2).

Stable API used by other parts (cases PDFs): ``cjk_font_path()``, ``cjk_face_index()``,
``configure_matplotlib()`` and ``missing_glyphs(text)``.  The font comes from the
``noto-cjk-sans-otc`` package (NotoSansCJK-Regular.ttc); Debian's fonts-noto-cjk / fonts-wqy-zenhei
are accepted too.  Without any CJK font, ``configure_matplotlib`` fails loudly with ``ConfigError``.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from fundguard.errors import ConfigError

log = logging.getLogger(__name__)

SYSTEM_FONT_PATHS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
"""Debian/other system locations checked after the bundled PyPI font."""

PREFERRED_FAMILY = "Noto Sans CJK SC"
"""Simplified-Chinese face of the Noto collection (the .ttc also holds JP/KR/TC/HK faces)."""


def _package_font() -> Path | None:
    try:
        from importlib.resources import files

        candidate = files("noto_cjk_sans_otc").joinpath("NotoSansCJK-Regular.ttc")
    except ModuleNotFoundError:
        return None
    path = Path(str(candidate))
    return path if path.is_file() else None


@cache
def cjk_font_path() -> Path:
    """Path of the CJK font file in use; ``ConfigError`` when none is installed."""
    for candidate in (_package_font(), *SYSTEM_FONT_PATHS):
        if candidate is not None and candidate.is_file():
            return candidate
    raise ConfigError(
        "未找到中文字体, 图表与 PDF 中的中文将无法显示",
        location=", ".join(str(p) for p in SYSTEM_FONT_PATHS),
        hint="请运行 `make venv` 安装 noto-cjk-sans-otc, 或安装系统字体 fonts-noto-cjk / fonts-wqy-zenhei。",
    )


def _face_family(path: Path, index: int) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=index, lazy=True) as face:
        return str(face["name"].getDebugName(1))


def _face_count(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(12)
    return int.from_bytes(header[8:12], "big") if header[:4] == b"ttcf" else 1


@cache
def cjk_face_index() -> int:
    """Index of the Simplified-Chinese face inside the font collection (0 for single fonts)."""
    path = cjk_font_path()
    for index in range(_face_count(path)):
        if _face_family(path, index) == PREFERRED_FAMILY:
            return index
    return 0


@cache
def configure_matplotlib() -> str:
    """Register the CJK font with matplotlib (Agg, pdf.fonttype=42); returns the family name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    family = _face_family(path, cjk_face_index())
    matplotlib.rcParams["font.family"] = [family]
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["pdf.fonttype"] = 42
    matplotlib.rcParams["ps.fonttype"] = 42
    log.info("cjk font registered family=%s path=%s", family, path)
    return family


@cache
def _charmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(cjk_font_path()), fontNumber=cjk_face_index(), lazy=True) as face:
        return frozenset(face.getBestCmap())


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` (other than whitespace) the CJK font has no glyph for."""
    charmap = _charmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in charmap}
