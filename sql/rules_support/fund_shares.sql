-- Fund amount of every keyed hit of a run (registered Arrow table run_hits: hit_no, setl_id,
-- vola_amt, fund_amt): the rule's own fund_amt when it returned one, else the fund share of the
-- violation amount via its settlement's fund/total ratio (exact, fg_fund_share).  One settlement scan
-- for all rules of the run.
select
    h.hit_no,
    coalesce(h.fund_amt, fg_fund_share(h.vola_amt, s.fund_pay_sumamt, s.medfee_sumamt)) as fund_amt
from run_hits as h
left join settlement as s on s.setl_id = h.setl_id
order by h.hit_no
