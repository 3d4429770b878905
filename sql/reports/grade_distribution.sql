-- Institutions per credit grade in force.
select grade, count(*)::bigint as n_institutions
from credit_rating_current
where entity_type in ('institution', 'pharmacy')
group by grade
order by grade
