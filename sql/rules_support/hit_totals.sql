-- Count and amounts of the keyed hits of one rule.
select
    count(*) as n_hits,
    coalesce(sum(k.vola_amt), 0) as amount,
    coalesce(sum(fg_fund_share(k.vola_amt, s.fund_pay_sumamt, s.medfee_sumamt)), 0) as fund_amount
from rule_keyed as k
left join settlement as s on s.setl_id = k.setl_id
