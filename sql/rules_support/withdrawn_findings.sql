-- Findings that the rules of this run (registered Arrow table run_rule: the rules evaluated without
-- error) produced before inside the scope this evaluation re-examined and no longer produce (the
-- data changed: a late record, a correction, a period that filled up), as temp table
-- withdrawn_finding.  Scope: line/settlement rules, findings on a settlement settled in the window
-- (each rule anchors its hits there, so a hit still valid would have been found again); entity
-- rules, findings of the periods evaluated (event_date = the period's last day, up to the end of the
-- month of $period_end).  Findings in a case a person has acted on are kept as evidence.
create or replace temp table withdrawn_finding as
with
window_settlements as (
    select s.setl_id
    from settlement as s
    where fg_in_period(s.setl_time, $period_start, $period_end)
)

select f.finding_id, f.rule_id, f.event_date
from finding as f
inner join run_rule as r on r.rule_id = f.rule_id
where f.finding_id not in (select k.finding_id from run_keyed as k)
    and case
        when r.hit_unit = 'entity' then f.event_date between $period_start and last_day($period_end)
        else f.setl_id in (select w.setl_id from window_settlements as w)
    end
    and not exists (
        select 1
        from case_finding as cf
        inner join case_event as e on e.case_id = cf.case_id
        where cf.finding_id = f.finding_id and e.actor <> 'system'
    )
