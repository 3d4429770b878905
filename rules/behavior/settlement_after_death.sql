-- 死亡后仍发生结算: a settlement whose visit began after the insured person's recorded death date.
with
final as (
    select
        s.setl_id,
        s.mdtrt_id,
        s.psn_no,
        s.fixmedins_code,
        s.dr_codg as staff_code,
        cast(s.begntime as date) as event_date,
        s.medfee_sumamt as vola_amt,
        i.death_date,
        s.begntime,
        s.med_type,
        date_diff('day', i.death_date, cast(s.begntime as date)) as days_after_death
    from settlement as s
    inner join insured as i on i.psn_no = s.psn_no
    where fg_in_period(s.setl_time, $period_start, $period_end)
        and i.death_date is not null
        and cast(s.begntime as date) > i.death_date
)

select * from final
