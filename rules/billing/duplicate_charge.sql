-- 重复收费(内涵包含): an item included in another item's price (knowledge point CONTAINS) billed
-- with that item for the same person and institution on the same day.  The included line is the
-- violation; the container lines are related (涉及项).
with
final as (
    select * from fg_included_item_lines('CONTAINS', $period_start, $period_end)
)

select * from final
