"""Chinese PDF documents with fpdf2: the CJK font registered explicitly, headings, tables, images.

Used by dossiers and the 公示 list; the cases engineer may use ``new_document`` for case PDFs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

FONT_FAMILY = "cjk"


def new_document(title: str, *, landscape: bool = False) -> Any:
    """An ``FPDF`` with the CJK font registered and a first page holding ``title``."""
    from fpdf import FPDF

    from fundguard.reports.fonts import cjk_face_index, cjk_font_path

    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.add_font(FONT_FAMILY, fname=str(cjk_font_path()), collection_font_number=cjk_face_index())
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, size=16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=10)
    return pdf


def heading(pdf: Any, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=13)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=10)


def paragraph(pdf: Any, text: str) -> None:
    """Body text; Chinese has no spaces, so lines wrap at any character."""
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")


def cell_text(value: Any) -> str:
    """How a value is printed in a PDF table cell (amounts with two decimals)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def table(pdf: Any, columns: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]],
          widths: Sequence[float] | None = None) -> None:
    """A bordered table with a header row; an empty table prints 无记录."""
    if not rows:
        paragraph(pdf, "无记录")
        return
    from fpdf.fonts import FontFace

    pdf.set_font(FONT_FAMILY, size=8)
    header_style = FontFace(emphasis=None, fill_color=(220, 230, 241))
    with pdf.table(col_widths=tuple(widths) if widths else None, text_align="LEFT",
                   line_height=5, headings_style=header_style, wrapmode="CHAR") as tbl:
        header = tbl.row()
        for _, label in columns:
            header.cell(label)
        for row in rows:
            line = tbl.row()
            for key, _ in columns:
                line.cell(cell_text(row.get(key)))
    pdf.set_font(FONT_FAMILY, size=10)


def image(pdf: Any, png: bytes, width: float = 170) -> None:
    pdf.image(io.BytesIO(png), w=width)


def save(pdf: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
