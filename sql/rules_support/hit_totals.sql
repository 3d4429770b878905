-- Count and amounts of the keyed hits of one rule.
select
    count(*) as n_hits,
    coalesce(sum(k.vola_amt), 0) as amount,
    coalesce(sum(k.fund_amt), 0) as fund_amount
from rule_keyed as k
