-- Inspection results not yet linked to a case in their current content (new results with violations,
-- and corrected versions of results already linked), with the case each one belongs to.
-- A result's case: the one it is already linked to, else 'C' + sha256(institution|code|YYYY-MM|source)
-- (source 现场检查 or 非现场检查 is the behaviour group), so every result of one institution, month and
-- source joins the same case, and re-recording an unchanged result finds nothing to do.
create or replace temp table pending_case_inspection as
with results as (
    select r.result_id, r.fixmedins_code, r.inspected_on, r.violation_found,
        case when r.onsite then $onsite_source else $offsite_source end as source,
        left(sha256(concat_ws('|', r.onsite::varchar, r.violation_found::varchar,
            coalesce(r.draw_id, ''), coalesce(r.violation_categories, ''), r.violation_amount::varchar,
            r.fund_loss::varchar, coalesce(r.legal_basis, ''), coalesce(r.severity, ''), r.items_checked,
            coalesce(r.conclusion, ''), coalesce(r.handling, ''))), 16) as fingerprint
    from inspection_result r
), linked as (
    select result_id, any_value(case_id) as case_id from case_inspection group by result_id
)
select
    coalesce(l.case_id, 'C' || left(sha256('institution|' || r.fixmedins_code || '|'
        || strftime(r.inspected_on, '%Y-%m') || '|' || r.source), 15)) as case_id,
    r.result_id, r.fingerprint, r.fixmedins_code as entity_id, strftime(r.inspected_on, '%Y-%m') as period,
    r.source, l.case_id is not null as corrected
from results r
left join linked l using (result_id)
where (r.violation_found or l.case_id is not null)
  and not exists (select 1 from case_inspection ci
                  where ci.result_id = r.result_id and ci.fingerprint = r.fingerprint);
