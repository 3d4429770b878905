-- The units a rule hit in a run, as (unit_a, unit_b) strings matching the label files:
-- line → (setl_id, feedetl_sn) of its 违规项 lines; settlement → (setl_id, '');
-- entity → (entity id of $entity_type, '').
select distinct unit_a, unit_b
from (
    select l.setl_id as unit_a, l.feedetl_sn as unit_b
    from finding as f
    inner join finding_line as l on l.finding_id = f.finding_id and l.vola_item_type = '1'
    where f.rule_id = $rule_id and f.last_run_id = $run_id and $hit_unit = 'line'
    union all
    select f.setl_id, ''
    from finding as f
    where f.rule_id = $rule_id and f.last_run_id = $run_id and $hit_unit = 'settlement'
    union all
    select
        case $entity_type
            when 'insured' then f.psn_no
            when 'staff' then f.staff_code
            else f.fixmedins_code
        end,
        ''
    from finding as f
    where f.rule_id = $rule_id and f.last_run_id = $run_id and $hit_unit = 'entity'
) as units
where unit_a is not null
