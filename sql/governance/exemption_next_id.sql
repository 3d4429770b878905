-- The next exemption id of a registration day: EX + yyyymmdd + '-' + 3-digit sequence.
select 'EX' || strftime($day, '%Y%m%d') || '-' || lpad((count(*) + 1)::varchar, 3, '0')
from exemption
where exemption_id like 'EX' || strftime($day, '%Y%m%d') || '-%'
