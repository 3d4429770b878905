-- Related lines of each hit in a fixed order (the rule's list order is not), for rules returning
-- related_lines: the same hit always yields the same evidence, so re-runs are idempotent.
create or replace temp table rule_hits as
select * replace (list_sort(related_lines) as related_lines)
from rule_hits
