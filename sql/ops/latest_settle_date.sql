-- The newest settle date in the database (end of a nightly window: later records look back).
select max(cast(setl_time as date)) from settlement
