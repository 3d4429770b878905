"""The Chinese PDF summary of a referral package, built with the shared report PDF helpers
(``fundguard.reports.pdf``), which register the CJK font found by ``fundguard.reports.fonts``."""

from __future__ import annotations

from pathlib import Path

from fundguard.reports.fonts import missing_glyphs
from fundguard.reports.pdf import heading, new_document, paragraph, save

__all__ = ["missing_glyphs", "write_summary_pdf"]


def write_summary_pdf(path: Path, title: str, sections: list[tuple[str, list[str]]]) -> Path:
    """Write a one-column PDF: a title, then each section's heading and lines."""
    pdf = new_document(title)
    for section_heading, lines in sections:
        heading(pdf, section_heading)
        for line in lines:
            paragraph(pdf, line)
    return save(pdf, path)
