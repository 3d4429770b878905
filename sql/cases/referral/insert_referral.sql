-- Record one built referral package.
insert into referral (referral_id, case_id, agency, route_reason, package_dir, manifest_sha256,
                      built_by, built_at)
values ($referral_id, $case_id, $agency, $route_reason, $package_dir, $manifest_sha256, $built_by,
        $built_at);
