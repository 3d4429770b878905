insert into inspection_draw_object (draw_id, fixmedins_code, stratum, credit_grade, grade_source,
    selection_kind, inclusion_prob, selected, exclusion_reason)
values ($draw_id, $fixmedins_code, $stratum, $credit_grade, $grade_source,
    $selection_kind, $inclusion_prob, $selected, $exclusion_reason)
