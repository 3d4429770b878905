-- Ground truth per entity for the evaluation (synthetic city only; labels are never ingested).
-- listed    = the entity appears in labels/entity_labels.parquet;
-- owns_setl = the entity owns at least one labelled settlement (settlement_labels, or a settlement
--             with a labelled fee line): institution = settlement.fixmedins_code, insured =
--             settlement.psn_no, staff = settlement.dr_codg or the labelled line's bilg_dr_codg.
with labelled_setl as (
    select distinct setl_id from read_parquet($settlement_labels)
    union
    select distinct setl_id from read_parquet($line_labels)
),

line_staff as (
    select distinct f.bilg_dr_codg as entity_id
    from read_parquet($line_labels) as l
    inner join fee_line as f on f.setl_id = l.setl_id and f.feedetl_sn = l.feedetl_sn
    where f.bilg_dr_codg is not null
),

owners as (
    select 'institution' as entity_type, s.fixmedins_code as entity_id
    from settlement as s inner join labelled_setl using (setl_id)
    union
    select 'insured', s.psn_no from settlement as s inner join labelled_setl using (setl_id)
    union
    select 'staff', s.dr_codg from settlement as s inner join labelled_setl using (setl_id)
    where s.dr_codg is not null
    union
    select 'staff', entity_id from line_staff
),

listed as (
    select distinct entity_type, cast(entity_id as varchar) as entity_id
    from read_parquet($entity_labels)
),

final as (
    select
        coalesce(l.entity_type, o.entity_type) as entity_type,
        coalesce(l.entity_id, o.entity_id) as entity_id,
        l.entity_id is not null as listed,
        o.entity_id is not null as owns_setl
    from listed as l
    full outer join owners as o on o.entity_type = l.entity_type and o.entity_id = l.entity_id
)

select * from final
