-- The rule's hits (temp table rule_hits) with a deterministic finding id and the row as evidence JSON.
-- $key_paths are JSON paths ('$.setl_id', ...) of the rule's output.key columns; no identifiers bound.
select distinct on (finding_id)
    left(sha256($rule_id || '|' || finding_key), 32) as finding_id,
    finding_key,
    evidence,
    setl_id,
    mdtrt_id,
    psn_no,
    fixmedins_code,
    staff_code,
    event_date,
    vola_amt,
    hit_feedetl_sn,
    related_lines
from (
    select
        array_to_string(
            list_transform($key_paths, lambda k: coalesce(json_extract_string(to_json(h), k), '')), '|'
        ) as finding_key,
        to_json(h) as evidence,
        cast(h.setl_id as varchar) as setl_id,
        cast(h.mdtrt_id as varchar) as mdtrt_id,
        cast(h.psn_no as varchar) as psn_no,
        cast(h.fixmedins_code as varchar) as fixmedins_code,
        cast(h.staff_code as varchar) as staff_code,
        cast(h.event_date as date) as event_date,
        cast(coalesce(h.vola_amt, 0) as decimal(18, 2)) as vola_amt,
        json_extract_string(to_json(h), '$.feedetl_sn') as hit_feedetl_sn,
        cast(json_extract(to_json(h), '$.related_lines') as struct(setl_id varchar, feedetl_sn varchar)[])
            as related_lines
    from rule_hits as h
) as keyed
order by finding_id, finding_key
