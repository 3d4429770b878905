-- Institution levels the pandas reference rules read.
select fixmedins_code, medins_lv
from institution
