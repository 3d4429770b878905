"""The Chinese PDF summary of a referral package (fpdf2 with Noto Sans CJK SC from the
``noto_cjk_sans_otc`` package; font index 2 of the collection is Simplified Chinese)."""

from __future__ import annotations

from pathlib import Path

CJK_SC_INDEX = 2


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK collection."""
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` the Simplified-Chinese face cannot draw (whitespace ignored)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(cjk_font_path()), fontNumber=CJK_SC_INDEX, lazy=True)
    cmap = font.getBestCmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def write_summary_pdf(path: Path, title: str, sections: list[tuple[str, list[str]]]) -> Path:
    """Write a one-column PDF: a title, then each section's heading and lines."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creator("fundguard 医保基金卫士")
    pdf.add_font("cjk", "", str(cjk_font_path()), collection_font_number=CJK_SC_INDEX)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, title, align="C", new_x="LMARGIN", new_y="NEXT")
    for heading, lines in sections:
        pdf.ln(2)
        pdf.set_font("cjk", size=12)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9.5)
        for line in lines:
            pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
