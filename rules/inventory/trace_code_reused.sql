-- 追溯码重复结算: a drug traceability code (drug_trac_codg) settled on more than one fee line.  The
-- first use (by fee time) is legitimate; every later use is a violation, with the first as related.
-- History before the window counts as the first use.  A use is re-examined when it or an earlier use
-- settled in the window (a late earlier use renumbers the later ones).
with
uses as (
    select
        f.setl_id, f.feedetl_sn, f.mdtrt_id, f.psn_no, f.fixmedins_code, f.bilg_dr_codg,
        f.med_list_codg, f.fee_ocur_time, f.det_item_fee_sumamt, f.drug_trac_codg,
        row_number() over (
            partition by f.drug_trac_codg order by f.fee_ocur_time, f.setl_id, f.feedetl_sn
        ) as use_no,
        first_value({'setl_id': f.setl_id, 'feedetl_sn': f.feedetl_sn}) over (
            partition by f.drug_trac_codg order by f.fee_ocur_time, f.setl_id, f.feedetl_sn
        ) as first_use,
        max(case when fg_in_period(s.setl_time, $period_start, $period_end) then 1 else 0 end) over (
            partition by f.drug_trac_codg order by f.fee_ocur_time, f.setl_id, f.feedetl_sn
            rows between unbounded preceding and current row
        ) as touched
    from fee_line as f
    inner join settlement as s on s.setl_id = f.setl_id
    where f.drug_trac_codg is not null and trim(f.drug_trac_codg) <> ''
        and f.drug_trac_codg in (
            select drug_trac_codg
            from fee_line
            where drug_trac_codg is not null
            group by drug_trac_codg
            having count(*) > 1
        )
),

final as (
    select
        u.setl_id,
        u.feedetl_sn,
        u.mdtrt_id,
        u.psn_no,
        u.fixmedins_code,
        u.bilg_dr_codg as staff_code,
        cast(u.fee_ocur_time as date) as event_date,
        u.det_item_fee_sumamt as vola_amt,
        u.med_list_codg,
        u.drug_trac_codg,
        u.use_no,
        [u.first_use] as related_lines
    from uses as u
    where u.use_no > $max_uses
        and u.touched = 1
)

select * from final
