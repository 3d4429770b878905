"""Credit: institution points ledger and grades, staff 12-point scoring, insured measures, lists."""
