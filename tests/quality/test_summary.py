from __future__ import annotations

import re
import shutil
from pathlib import Path

from fundguard.ingest.loader import ingest_inbox
from fundguard.quality.summary import summary_path

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "bad_inputs" / "inbox"


def test_summary_is_offline_chinese_and_free_of_personal_data(settings, tmp_path):
    inbox = tmp_path / "inbox"
    for rel in ("institution/base.csv", "insured/base.csv", "insured/bad_checksum.csv", "insured/gbk.csv"):
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BASE / rel, inbox / rel)
    settings.quality.max_blocking_share = 1.0
    report = ingest_inbox(settings, inbox)
    path = summary_path(settings, report.batch_id)
    assert report.summary_path == path and path.is_file()
    html = path.read_text(encoding="utf-8")
    assert "数据质量报告" in html and "insured/bad_checksum.csv" in html
    assert "insured.certno.checksum" in html and "证件号码不是有效的18位居民身份证号" in html
    assert re.search(r"<td>insured/bad_checksum.csv</td>.*?<td class=\"n\">1</td>", html, re.S)
    assert not re.search(r"(src|href)=\"?https?:", html) and "<script" not in html
    for secret in ("王五", "张三", "110105194912310021", "11010519491231002X"):
        assert secret not in html
