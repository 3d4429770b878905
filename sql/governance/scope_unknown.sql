-- Which scope codes of a new exemption are not in the registries (a typo would exempt nothing).
select
    $fixmedins_code is not null
        and not exists (select 1 from institution where fixmedins_code = $fixmedins_code)
        as unknown_institution,
    $staff_code is not null and not exists (select 1 from staff where psn_code = $staff_code)
        as unknown_staff,
    $psn_no is not null and not exists (select 1 from insured where psn_no = $psn_no)
        as unknown_insured,
    $med_list_codg is not null
        and not exists (select 1 from catalog_item where hilist_code = $med_list_codg)
        as unknown_item
