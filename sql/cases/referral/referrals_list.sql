-- Built referral packages, newest first (optionally of one case).
select referral_id, case_id, agency, route_reason, package_dir, manifest_sha256, built_by, built_at
from referral where ($case_id is null or case_id = $case_id)
order by built_at desc;
