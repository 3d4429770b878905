-- Register one exemption (rows are never updated: revocation is an exemption_event).
insert into exemption (exemption_id, rule_id, fixmedins_code, staff_code, psn_no, med_list_codg,
                       reason, approver, doc_no, valid_from, valid_to, allow_critical, created_by,
                       created_at)
values ($exemption_id, $rule_id, $fixmedins_code, $staff_code, $psn_no, $med_list_codg, $reason,
        $approver, $doc_no, $valid_from, $valid_to, $allow_critical, $created_by, $now)
