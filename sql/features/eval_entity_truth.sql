-- Ground truth per entity for the evaluation (synthetic city only; labels are never ingested).
-- listed       = the entity appears in labels/entity_labels.parquet;
-- owns_any     = the entity owns at least one labelled settlement (settlement_labels, or a
--                settlement with a labelled fee line);
-- concentrated = owns labelled settlements AND their share of the entity's settlements is at least
--                $owner_share_multiple times the share over all entities of its type.
-- Ownership: institution = settlement.fixmedins_code, insured = settlement.psn_no,
-- staff = settlement.dr_codg or the labelled line's bilg_dr_codg.
with labelled_setl as (
    select distinct setl_id from read_parquet($settlement_labels)
    union
    select distinct setl_id from read_parquet($line_labels)
),

line_staff as (
    select distinct f.bilg_dr_codg as entity_id, f.setl_id
    from read_parquet($line_labels) as l
    inner join fee_line as f on f.setl_id = l.setl_id and f.feedetl_sn = l.feedetl_sn
    where f.bilg_dr_codg is not null
),

owned as (
    select 'institution' as entity_type, fixmedins_code as entity_id, setl_id from settlement
    union
    select 'insured', psn_no, setl_id from settlement
    union
    select 'staff', dr_codg, setl_id from settlement where dr_codg is not null
    union
    select 'staff', entity_id, setl_id from line_staff
),

per_entity as (
    select
        o.entity_type,
        o.entity_id,
        count(*) as n_setl,
        count(ls.setl_id) as n_labelled
    from owned as o
    left join labelled_setl as ls on ls.setl_id = o.setl_id
    group by o.entity_type, o.entity_id
),

type_share as (
    select entity_type, sum(n_labelled) / sum(n_setl) as share
    from per_entity
    group by entity_type
),

owners as (
    select
        p.entity_type,
        p.entity_id,
        p.n_labelled > 0 as owns_any,
        p.n_labelled > 0 and p.n_labelled / p.n_setl >= $owner_share_multiple * t.share
            as concentrated
    from per_entity as p
    inner join type_share as t on t.entity_type = p.entity_type
    where p.n_labelled > 0
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
        coalesce(o.owns_any, false) as owns_any,
        coalesce(o.concentrated, false) as concentrated
    from listed as l
    full outer join owners as o on o.entity_type = l.entity_type and o.entity_id = l.entity_id
)

select * from final
