"""Fund-disbursement reconciliation (基金拨付对账): settlements × disbursements × bank debits."""
