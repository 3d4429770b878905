-- Exemptions with their status on $today and the findings they cover (each finding counted once,
-- under the lowest covering exemption id).  Null filters are ignored.
with covered as (
    select x.exemption_id, count(*)::bigint as n_findings,
           sum(f.vola_amt)::decimal(18, 2) as amt_findings,
           count(cf.case_id)::bigint as n_in_case
    from finding_exemption as x
    join finding as f using (finding_id)
    left join case_finding as cf using (finding_id)
    group by x.exemption_id
),
stated as (
    select s.*,
        case when s.revoked_from is not null and s.revoked_from <= $today then 'revoked'
             when $today < s.valid_from then 'pending'
             when $today > s.valid_to then 'expired'
             else 'active' end as status
    from exemption_state as s
)
select s.exemption_id, s.rule_id, s.fixmedins_code, s.staff_code, s.psn_no, s.med_list_codg,
       s.reason, s.approver, s.doc_no, s.valid_from, s.valid_to, s.applies_to, s.allow_critical,
       s.created_by, s.created_at, s.revoked_from, s.revoked_at, s.revoked_by, s.revoke_reason,
       s.status, coalesce(c.label_zh, s.status) as status_label,
       coalesce(v.n_findings, 0)::bigint as n_findings,
       coalesce(v.amt_findings, 0)::decimal(18, 2) as amt_findings,
       coalesce(v.n_in_case, 0)::bigint as n_in_case
from stated as s
left join covered as v using (exemption_id)
left join code_list as c on c.code_type = 'exemption_status' and c.code = s.status
where ($status is null or s.status = $status)
    and ($rule_id is null or s.rule_id = $rule_id)
    and ($exemption_id is null or s.exemption_id = $exemption_id)
order by s.exemption_id
