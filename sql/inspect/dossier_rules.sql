-- Findings of one institution by rule, with up to 5 sample settlements (largest amounts first).
select
    rule_id, any_value(gz_code) as gz_code, any_value(rule_name) as rule_name,
    any_value(result_type) as result_type, any_value(legal_basis) as legal_basis,
    count(*)::bigint as n_findings,
    sum(vola_amt)::decimal(18, 2) as vola_amt,
    sum(fund_amt)::decimal(18, 2) as fund_amt,
    min(event_date) as first_date, max(event_date) as last_date,
    list(setl_id order by vola_amt desc, setl_id) filter (where setl_id is not null)[1:5] as sample_setl_ids
from finding
where fixmedins_code = $code and (event_date is null or event_date between $date_from and $date_to)
group by rule_id
order by vola_amt desc, rule_id
