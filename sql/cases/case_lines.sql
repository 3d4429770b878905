-- The fee lines behind a case's findings (违规项/涉及项) with item code, price and quantity.
select fl.finding_id, fl.setl_id, fl.feedetl_sn, fl.vola_item_type, fl.vola_amt, fl.fund_amt,
       l.med_list_codg, l.fee_ocur_time, l.pric, l.cnt, l.det_item_fee_sumamt
from case_finding cf
join finding_line fl using (finding_id)
left join fee_line l on l.setl_id = fl.setl_id and l.feedetl_sn = fl.feedetl_sn
where cf.case_id = $case_id
order by fl.setl_id, fl.feedetl_sn;
