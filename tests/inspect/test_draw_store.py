import json
from datetime import datetime

import pytest
from tests.inspect.inspect_builders import make_inspector, make_plan

from fundguard.errors import NotFoundError
from fundguard.inspect.draw_store import perform_draw, replay_draw, verify_draw


def _institutions(duck, n=30):
    for i in range(n):
        duck.execute(
            "insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs,"
            " agreement_status) values ($c, $n, $t, '2', $a, $s)",
            {"c": f"H44010{i % 2}{i:05d}", "n": f"第{i}医院", "t": "HP"[i % 2], "a": f"44010{i % 2}",
             "s": "3" if i == 29 else "1"},
        )


def _rate(duck, code, grade):
    duck.execute(
        "insert into credit_rating (entity_type, entity_id, grade, score, as_of, explanation,"
        " inspection_weight, source, created_at) values ('institution', $c, $g, 900, date '2026-01-01',"
        " '测试', 1.0, 'computed', now())", {"c": code, "g": grade},
    )


def test_draw_is_stored_reproducible_and_idempotent(duck, settings):
    _institutions(duck)
    _rate(duck, "H44010000000", "E")
    roster = [make_inspector(i) for i in range(10)]
    plan = make_plan(default_grade="C")
    outcome = perform_draw(duck, settings, plan, roster, 42)
    rows = dict(duck.execute("select fixmedins_code, credit_grade || '/' || grade_source"
                             " from inspection_draw_object").fetchall())
    assert len(rows) == 29  # the terminated agreement is not in the registry
    assert rows["H44010000000"] == "E/credit_rating" and rows["H44010100001"] == "C/default"
    (n_sel, snapshot) = duck.execute("select n_selected, roster_snapshot from inspection_draw").fetchone()
    assert n_sel == outcome.n_selected > 0
    assert len(json.loads(snapshot)["inspectors"]) == 10
    (n_team,) = duck.execute("select count(*) from inspection_team").fetchone()
    assert n_team == 2 * outcome.n_selected
    replayed = replay_draw(duck, settings, outcome.draw_id)
    assert (replayed.objects, replayed.teams) == (outcome.objects, outcome.teams)
    assert verify_draw(duck, settings, outcome.draw_id)
    duck.execute("update inspection_draw_object set selected = not selected where fixmedins_code = 'H44010000000'")
    assert not verify_draw(duck, settings, outcome.draw_id)
    duck.execute("update inspection_draw_object set selected = not selected where fixmedins_code = 'H44010000000'")
    again = perform_draw(duck, settings, plan, roster, 42)
    assert again.draw_id == outcome.draw_id and again.already_stored
    (n_draws,) = duck.execute("select count(*) from inspection_draw").fetchone()
    assert n_draws == 1


def test_onsite_inspection_this_year_excludes_without_clue(duck, settings):
    _institutions(duck, 4)
    duck.execute(
        "insert into inspection_result (result_id, fixmedins_code, inspected_on, onsite, items_checked,"
        " violation_found, recorded_at) values ('R1', 'H44010000000', date '2026-02-01', true, '收费', false,"
        " $t)", {"t": datetime(2026, 2, 2)},
    )
    roster = [make_inspector(i) for i in range(6)]
    outcome = perform_draw(duck, settings, make_plan(), roster, 1)
    kinds = {o.fixmedins_code: o.selection_kind for o in outcome.objects}
    assert kinds["H44010000000"] == "excluded"
    plan = make_plan(clue_codes=["H44010000000"])
    assert {o.fixmedins_code: o.selection_kind for o in perform_draw(
        duck, settings, plan, roster, 1).objects}["H44010000000"] == "random"


def test_replay_of_unknown_draw_is_not_found(duck, settings):
    with pytest.raises(NotFoundError):
        replay_draw(duck, settings, "Dnope")


def test_announcement_lists_drawn_institutions_with_team_names(duck, settings, tmp_path):
    import openpyxl

    from fundguard.inspect.announce import (
        announcement,
        export_announcement_xlsx,
    )

    _institutions(duck, 6)
    for i in range(6):
        _rate(duck, f"H44010{i % 2}{i:05d}", "E")  # ratio 1.0: every institution is drawn
    roster = [make_inspector(i) for i in range(6)]
    outcome = perform_draw(duck, settings, make_plan(), roster, 5)
    record, rows = announcement(duck, settings, outcome.draw_id)
    assert [r["fixmedins_code"] for r in rows] == sorted(o.fixmedins_code for o in outcome.objects)
    team = {m.inspector_id for m in outcome.teams if m.fixmedins_code == rows[0]["fixmedins_code"]}
    assert set(rows[0]["inspectors"].split("、")) == {f"检查员{int(t[2:])}" for t in team}
    xlsx = export_announcement_xlsx(record, rows, tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert sheet.cell(1, 5).value == "检查事项" and sheet.cell(2, 5).value == "医保基金使用"
    record_sheet = openpyxl.load_workbook(xlsx)["抽查说明"]
    assert outcome.draw_id in record_sheet.cell(6, 2).value


def test_empty_registry_is_refused(duck, settings):
    with pytest.raises(NotFoundError, match="名录库为空"):
        perform_draw(duck, settings, make_plan(), [make_inspector(i) for i in range(3)], 1)
