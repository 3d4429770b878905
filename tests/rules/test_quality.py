"""Rule-quality report: precision/recall against label files, union recall per scheme."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fundguard.errors import NotFoundError
from fundguard.rules.catalog import find_rule, load_catalog
from fundguard.rules.quality import Labels, rule_quality, scheme_recall
from fundguard.rules.runner import RunRequest, run_rules

from .case_support import insert_rows

REPO = Path(__file__).resolve().parents[2]
SQL_DIR = REPO / "sql"


def _write_labels(root: Path) -> Path:
    folder = root / "labels"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"setl_id": ["S1", "S2"], "scheme": ["late_upload"] * 2}),
                   folder / "settlement_labels.parquet")
    pq.write_table(pa.table({"setl_id": ["S9"], "feedetl_sn": ["1"], "scheme": ["x"]}),
                   folder / "line_labels.parquet")
    pq.write_table(pa.table({"entity_type": ["insured"], "entity_id": ["P1"], "scheme": ["x"]}),
                   folder / "entity_labels.parquet")
    return root


def test_precision_and_recall_against_labels(duck, tmp_path: Path) -> None:
    late = {"upload_time": "2025-01-20 09:00:00"}
    insert_rows(duck, {"settlement": [{"setl_id": "S1", "setl_time": "2025-01-10 09:00:00", **late},
                                      {"setl_id": "S3", "setl_time": "2025-01-10 09:00:00", **late},
                                      {"setl_id": "S2", "setl_time": "2025-01-10 09:00:00"}]})
    rules = [find_rule(load_catalog(REPO / "rules"), "late_upload")]
    run_rules(duck, rules, RunRequest("R1", date(2025, 1, 1), date(2025, 1, 31)), SQL_DIR)
    labels = Labels.from_dir(_write_labels(tmp_path))
    [row] = rule_quality(duck, SQL_DIR, rules, "R1", labels)
    assert (row["n_hits"], row["n_labelled"], row["true_pos"]) == (2, 2, 1)
    assert (row["precision"], row["recall"]) == (0.5, 0.5)
    [scheme] = scheme_recall(duck, SQL_DIR, rules, "R1", labels)
    assert (scheme["scheme"], scheme["recall"]) == ("late_upload", 0.5)


def test_report_without_labels_has_no_precision(duck) -> None:
    rules = [find_rule(load_catalog(REPO / "rules"), "late_upload")]
    run_rules(duck, rules, RunRequest("R1", date(2025, 1, 1), date(2025, 1, 31)), SQL_DIR)
    [row] = rule_quality(duck, SQL_DIR, rules, None, None)
    assert row["outcome"] == "no_hit" and "precision" not in row


def test_missing_label_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="标注文件"):
        Labels.from_dir(tmp_path)
