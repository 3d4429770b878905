-- 项目与耗材重复收费: a consumable included in a service's price (knowledge point ITEM_CONSUMABLE)
-- billed with that service for the same person and institution on the same day.
with
final as (
    select * from fg_included_item_lines('ITEM_CONSUMABLE', $period_start, $period_end)
)

select * from final
