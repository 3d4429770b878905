-- The rule's hits (temp table rule_hits) with a deterministic finding id and the row as evidence
-- JSON.  fund_amt is the rule's own fund_amt column when it returns one (e.g. disbursements: the
-- whole amount is fund money), else null: the runner fills the settlement's fund share for the hits
-- of all rules at once (rules_support/fund_shares.sql, one settlement scan per run, not per rule).
-- $key_paths are JSON paths ('$.setl_id', ...) of the rule's output.key columns; no identifiers bound.
with
raw_rows as (
    select
        to_json(h) as raw_evidence,
        list_sort(cast(json_extract(to_json(h), '$.related_lines')
                       as struct(setl_id varchar, feedetl_sn varchar)[])) as sorted_related
    from rule_hits as h
),

-- Related lines in a fixed order, so the same hit always yields the same evidence (idempotent re-runs).
rows_as_json as (
    select
        case when sorted_related is null then raw_evidence
             else json_merge_patch(raw_evidence, json_object('related_lines', to_json(sorted_related)))
        end as evidence
    from raw_rows
),

keyed as (
    select
        array_to_string(
            list_transform($key_paths, lambda k: coalesce(json_extract_string(evidence, k), '')), '|'
        ) as finding_key,
        evidence,
        json_extract_string(evidence, '$.setl_id') as setl_id,
        json_extract_string(evidence, '$.mdtrt_id') as mdtrt_id,
        json_extract_string(evidence, '$.psn_no') as psn_no,
        json_extract_string(evidence, '$.fixmedins_code') as fixmedins_code,
        json_extract_string(evidence, '$.staff_code') as staff_code,
        cast(json_extract_string(evidence, '$.event_date') as date) as event_date,
        cast(coalesce(json_extract_string(evidence, '$.vola_amt'), '0') as decimal(18, 2)) as vola_amt,
        json_extract_string(evidence, '$.feedetl_sn') as hit_feedetl_sn,
        cast(json_extract(evidence, '$.related_lines') as struct(setl_id varchar, feedetl_sn varchar)[])
            as related_lines
    from rows_as_json
),

deduplicated as (
    select distinct on (finding_key) *
    from keyed
    order by finding_key, evidence
)

select
    left(sha256($rule_id || '|' || d.finding_key), 32) as finding_id,
    d.*,
    cast(json_extract_string(d.evidence, '$.fund_amt') as decimal(18, 2)) as fund_amt
from deduplicated as d
