-- 违规项 (1): each hit's own line; 涉及项 (2): its related lines (amount 0).
insert into finding_line (finding_id, setl_id, feedetl_sn, vola_item_type, vola_amt, fund_amt)
select k.finding_id, k.setl_id, k.hit_feedetl_sn, '1', k.vola_amt, k.fund_amt
from run_keyed as k
where k.hit_feedetl_sn is not null and k.setl_id is not null
union all
select distinct r.finding_id, r.line.setl_id, r.line.feedetl_sn, '2', 0, 0
from (select finding_id, hit_feedetl_sn, unnest(related_lines) as line from run_keyed) as r
where r.line.feedetl_sn is not null
    and r.line.feedetl_sn is distinct from r.hit_feedetl_sn
