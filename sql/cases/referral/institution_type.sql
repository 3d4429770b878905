-- Institution type of a case subject (the institution itself, or a staff member's institution).
select coalesce(i.inst_type, si.inst_type) as inst_type
from (select $entity_id as entity_id) s
left join institution i on i.fixmedins_code = s.entity_id
left join staff st on st.psn_code = s.entity_id
left join institution si on si.fixmedins_code = st.fixmedins_code;
