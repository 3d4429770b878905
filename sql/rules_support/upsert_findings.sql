-- Upsert the keyed hits of every rule of the run into finding (rule metadata from run_rule):
-- first_run_id kept, everything else refreshed.
insert into finding (
    finding_id, rule_id, rule_version, gz_code, rule_name, category, result_type, legal_basis,
    severity, agency, hit_unit, finding_key, setl_id, mdtrt_id, psn_no, fixmedins_code, staff_code,
    event_date, vola_amt, fund_amt, evidence, first_run_id, last_run_id, created_at, updated_at
)
select
    k.finding_id, r.rule_id, r.rule_version, r.gz_code, r.rule_name, r.category, r.result_type,
    r.legal_basis, r.severity, r.agency, r.hit_unit, k.finding_key, k.setl_id, k.mdtrt_id, k.psn_no,
    k.fixmedins_code, k.staff_code, k.event_date, k.vola_amt, k.fund_amt,
    k.evidence, $run_id, $run_id, $now, $now
from run_keyed as k
inner join run_rule as r on r.rule_id = k.rule_id
on conflict (finding_id) do update set
    rule_version = excluded.rule_version,
    gz_code = excluded.gz_code,
    rule_name = excluded.rule_name,
    category = excluded.category,
    result_type = excluded.result_type,
    legal_basis = excluded.legal_basis,
    severity = excluded.severity,
    agency = excluded.agency,
    setl_id = excluded.setl_id,
    mdtrt_id = excluded.mdtrt_id,
    psn_no = excluded.psn_no,
    fixmedins_code = excluded.fixmedins_code,
    staff_code = excluded.staff_code,
    event_date = excluded.event_date,
    vola_amt = excluded.vola_amt,
    fund_amt = excluded.fund_amt,
    evidence = excluded.evidence,
    last_run_id = excluded.last_run_id,
    updated_at = excluded.updated_at
