-- Knowledge points the pandas reference rules read.
select kp_id, kp_type, hilist_code, related_codes, max_count, begndate, enddate
from knowledge_point
