-- One event per touched case: open (new), append (open case, new findings), reopen (closed case,
-- new evidence).  A re-run touches nothing, so it writes nothing.
insert into case_event (event_id, case_id, seq, event_at, actor, action, from_state, to_state,
                        reason, payload, run_id)
with numbered as (
    select t.*, coalesce((select max(e.seq) from case_event e where e.case_id = t.case_id), 0) + 1
        as seq
    from touched_case t
)
select
    case_id || '-' || lpad(seq::varchar, 4, '0'), case_id, seq, $now, 'system',
    case when prev_status is null then 'open' when prev_status = '结案' then 'reopen' else 'append' end,
    prev_status,
    case when prev_status is null or prev_status = '结案' then '初审' else prev_status end,
    case when prev_status is null then '立案: ' || n_new || ' 条疑点'
         when prev_status = '结案' then '新证据重新立案: ' || n_new || ' 条新疑点'
         else '追加疑点 ' || n_new || ' 条' end,
    json_object('n_new_findings', n_new),
    $run_id
from numbered;
