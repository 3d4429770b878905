"""Nightly deliveries of a generated city: the files an inbox would hold after the feeds of each day
up to a cut-off (used by the incremental tests and the one-night benchmark)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

DATA_TABLES = ("settlement", "fee_line", "inventory")
"""Day-partitioned folders (``date=YYYY-MM-DD``) of a generated city."""
WHOLE_FILES = ("reference", "finance")
"""Folders delivered whole on the first night (their files are skipped by hash afterwards)."""


def file_day(path: Path) -> date:
    """The business date of a partition folder (date=YYYY-MM-DD) or HIS day file (YYYY-MM-DD_*)."""
    name = path.name
    return date.fromisoformat(name[5:15] if name.startswith("date=") else name[:10])


def deliver_until(inbox: Path, cut: date, city: Path, whole: tuple[str, ...] = WHOLE_FILES) -> int:
    """Add to ``inbox`` every file of ``city`` dated up to ``cut`` and the ``whole`` folders;
    files already there stay (the nightly skips them by content hash).  Returns files added."""
    added = 0
    for folder in whole:
        if not (inbox / folder).exists():
            shutil.copytree(city / folder, inbox / folder)
            added += sum(1 for p in (inbox / folder).rglob("*") if p.is_file())
    dated = [p for t in DATA_TABLES for p in sorted((city / t).iterdir())]
    dated += sorted((city / "his_export").glob("*/*"))
    for source in dated:
        if file_day(source) > cut:
            continue
        target = inbox / source.relative_to(city)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
        added += 1
    return added
