"""Ground truth: labels/{line_labels,settlement_labels,entity_labels,data_errors}.parquet.

Labels travel inside the generator as internal ``scheme``/``setl_scheme`` columns and are split off
here; the input files never carry them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from fundguard.synth.writers import write_parquet

if TYPE_CHECKING:
    from fundguard.synth.dirty import DirtyLog


class LabelSink:
    """Accumulates the labels of every generated day."""

    def __init__(self) -> None:
        self.lines: list[pl.DataFrame] = []
        self.settlements: list[pl.DataFrame] = []
        self.entities: list[tuple[str, str, str]] = []

    def collect(self, setl: pl.DataFrame, lines: pl.DataFrame) -> None:
        self.lines.append(lines.filter(pl.col("scheme").is_not_null()).select("setl_id", "feedetl_sn", "scheme"))
        self.settlements.append(setl.filter(pl.col("setl_scheme").is_not_null())
                                .select("setl_id", scheme="setl_scheme"))

    def add_entities(self, entities: list[tuple[str, str, str]]) -> None:
        self.entities.extend(entities)

    def extend(self, lines: pl.DataFrame, settlements: pl.DataFrame) -> None:
        """Labels collected elsewhere (another process's days)."""
        self.lines.append(lines)
        self.settlements.append(settlements)

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(line labels, settlement labels), unique and sorted."""
        line_schema = {"setl_id": pl.String, "feedetl_sn": pl.String, "scheme": pl.String}
        lines = pl.concat([pl.DataFrame(schema=line_schema), *self.lines]).unique().sort(pl.all())
        setl_schema = {"setl_id": pl.String, "scheme": pl.String}
        setl = pl.concat([pl.DataFrame(schema=setl_schema), *self.settlements]).unique().sort(pl.all())
        return lines, setl

    def write(self, folder: Path, dirty: DirtyLog) -> None:
        lines, setl = self.frames()
        entity_schema = {"entity_type": pl.String, "entity_id": pl.String, "scheme": pl.String}
        entities = pl.DataFrame(self.entities, schema=entity_schema, orient="row").unique().sort(pl.all())
        for name, frame in (("line_labels", lines), ("settlement_labels", setl),
                            ("entity_labels", entities), ("data_errors", dirty.frame())):
            write_parquet(frame.to_arrow(), folder / f"{name}.parquet")
