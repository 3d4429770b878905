-- The rule's hits (temp table rule_hits; related_lines, when the rule returns them, already sorted by
-- sort_related_lines.sql, so the same hit always yields the same evidence) with a deterministic
-- finding id and the row as evidence JSON.  fund_amt is the rule's own fund_amt column when it
-- returns one (e.g. disbursements: the whole amount is fund money), else null: the runner fills the
-- settlement's fund share for the hits of all rules at once (rules_support/fund_shares.sql, one
-- settlement scan per run, not per rule).
-- $key_paths are JSON paths ('$.setl_id', ...) of the rule's output.key columns; no identifiers bound.
with
rows_as_json as (
    select to_json(h) as evidence
    from rule_hits as h
),

-- One finding per key: the smallest evidence document (a fixed choice when a rule repeats a key).
deduplicated as (
    select
        array_to_string(
            list_transform(json_extract_string(evidence, $key_paths), lambda v: coalesce(v, '')), '|'
        ) as finding_key,
        min(evidence) as evidence
    from rows_as_json
    group by 1
),

-- Each kept evidence document is parsed once for the standard fields.
fields as (
    select
        finding_key,
        evidence,
        json_extract_string(evidence, ['$.setl_id', '$.mdtrt_id', '$.psn_no', '$.fixmedins_code',
            '$.staff_code', '$.event_date', '$.vola_amt', '$.feedetl_sn', '$.fund_amt']) as f
    from deduplicated
)

select
    left(sha256($rule_id || '|' || finding_key), 32) as finding_id,
    finding_key,
    evidence,
    f[1] as setl_id,
    f[2] as mdtrt_id,
    f[3] as psn_no,
    f[4] as fixmedins_code,
    f[5] as staff_code,
    cast(f[6] as date) as event_date,
    cast(coalesce(f[7], '0') as decimal(18, 2)) as vola_amt,
    f[8] as hit_feedetl_sn,
    cast(json_extract(evidence, '$.related_lines') as struct(setl_id varchar, feedetl_sn varchar)[])
        as related_lines,
    cast(f[9] as decimal(18, 2)) as fund_amt
from fields
