-- The current publication mode of every rule that ever changed mode.
select rule_id, mode, reason, actor, mode_from
from rule_mode_current
order by rule_id
