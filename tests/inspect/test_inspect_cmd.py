"""The inspection commands end to end on a file database: draw, verify, list, dossier, record, estimate."""

import json

from typer.testing import CliRunner

from fundguard.cli.main import app

runner = CliRunner()


def _ok(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_draw_verify_record_estimate(city_db, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: 测试抽查\nyear: 2026\ncheck_item: 医保基金使用\nrisk_picks: 1\n"
                    "ratios: {A: 1.0, B: 1.0, C: 1.0, D: 1.0, E: 1.0}\n", encoding="utf-8")
    rows = json.loads(_ok("inspect", "draw", "--plan", str(plan), "--seed", "7",
                          "--out", str(tmp_path / "pub"), "--format", "json"))
    assert len(rows) == 4 and all(len(r["team"].split("、")) >= 2 for r in rows)
    assert [r["selection_kind"] for r in rows if r["fixmedins_code"] == "H44010600001"] == ["风险必选"]
    assert sorted(p.suffix for p in (tmp_path / "pub").iterdir()) == [".pdf", ".xlsx"]
    draws = json.loads(_ok("inspect", "draws", "--format", "json"))
    draw_id = draws[0]["draw_id"]
    assert "复现一致" in _ok("inspect", "verify", draw_id)
    results = tmp_path / "r.csv"
    results.write_text("机构编码,检查日期,抽查编号,检查事项,发现违规,违规金额\n"
                       f"H44010600001,2026-04-02,{draw_id},收费,是,100.00\n"
                       f"H44010600002,2026-04-02,{draw_id},收费,否,0\n", encoding="utf-8")
    assert "2 条" in _ok("inspect", "record", str(results))
    estimates = json.loads(_ok("inspect", "estimate", "--format", "json"))
    assert estimates[0]["measure"] == "违规检出率(全部机构)" and estimates[0]["n"] == 2


def test_list_and_dossier(city_db, tmp_path):
    listed = json.loads(_ok("inspect", "list", "--top", "1", "--from", "2026-01-01", "--to",
                            "2026-03-31", "--format", "json", "--xlsx", str(tmp_path / "l.xlsx")))
    assert [r["rule_id"] for r in listed] == ["sex_restricted_item", "price_over_cap"]
    assert listed[0]["vola_amt"] == "200.50" and (tmp_path / "l.xlsx").is_file()
    out = tmp_path / "d.pdf"
    _ok("inspect", "dossier", "H44010600001", "--out", str(out), "--from", "2026-01-01")
    content = out.read_bytes()
    assert content.startswith(b"%PDF") and b"NotoSansCJK" in content
    assert b"/Subtype /Image" in content  # the peer-comparison chart


def test_unknown_dossier_is_a_chinese_error(city_db):
    result = runner.invoke(app, ["inspect", "dossier", "H000"])
    assert result.exit_code != 0 and "找不到机构" in str(result.exception)
