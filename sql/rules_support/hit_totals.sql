-- Count and violation amount of the keyed hits of one rule (fund amounts come with fund_shares.sql).
select
    count(*) as n_hits,
    coalesce(sum(k.vola_amt), 0) as amount
from rule_keyed as k
