-- Small scalar macros shared by the rule library (rules/**/*.sql).  Pure functions of their inputs.

-- Visit class of a med_type code: outpatient (11,13,14), inpatient (21,24,28,52), pharmacy (41).
create macro fg_visit_class(med_type) as
    case
        when med_type in ('11', '13', '14') then 'outpatient'
        when med_type in ('21', '24', '28', '52') then 'inpatient'
        when med_type = '41' then 'pharmacy'
        else 'other'
    end;

-- Age in whole days on a date/time.
create macro fg_age_days(brdy, at_time) as date_diff('day', cast(brdy as date), cast(at_time as date));

-- True when code is one of the ';'-separated codes in code_list (blanks ignored).
create macro fg_in_codes(code, code_list) as
    list_contains(list_transform(string_split(coalesce(code_list, ''), ';'), lambda c: trim(c)), code);

-- True when any ';'-separated prefix in prefix_list starts code.
create macro fg_has_prefix(code, prefix_list) as
    code is not null and len(list_filter(
        list_transform(string_split(coalesce(prefix_list, ''), ';'), lambda p: trim(p)),
        lambda p: p <> '' and starts_with(code, p))) > 0;

-- True when on_date lies in [begndate, enddate] (null bounds are open).
create macro fg_valid_on(on_date, begndate, enddate) as
    (begndate is null or cast(on_date as date) >= begndate)
    and (enddate is null or cast(on_date as date) <= enddate);

-- True when a settle/fee time falls in the rule evaluation window [period_start, period_end].
create macro fg_in_period(at_time, period_start, period_end) as
    cast(at_time as date) between period_start and period_end;

-- Fund share of a violation amount: vola_amt × fund_pay_sumamt / medfee_sumamt, exact in fen
-- (integer arithmetic, half away from zero); 0 when the total is not positive.
create macro fg_fund_share(vola_amt, fund_pay_sumamt, medfee_sumamt) as
    case
        when medfee_sumamt is null or medfee_sumamt <= 0 or vola_amt is null then cast(0 as decimal(18, 2))
        else cast(
            cast(
                sign(cast(vola_amt * 100 as hugeint) * cast(fund_pay_sumamt * 100 as hugeint))
                * ((abs(cast(vola_amt * 100 as hugeint) * cast(fund_pay_sumamt * 100 as hugeint)) * 2
                    + cast(medfee_sumamt * 100 as hugeint))
                   // (2 * cast(medfee_sumamt * 100 as hugeint)))
                as decimal(20, 0)) * cast(0.01 as decimal(3, 2))
            as decimal(18, 2))
    end;
