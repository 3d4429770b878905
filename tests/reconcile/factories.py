"""Rows for reconciliation tests: institutions, settlements (fund share), disbursements, bank debits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def institution(con: Any, code: str, status: str = "1", end: date | None = None) -> None:
    con.execute("insert into institution (fixmedins_code, fixmedins_name, inst_type, medins_lv, admdvs,"
                " agreement_status, agreement_end) values ($c, $c, 'H', '2', '230302', $s, $e)",
                {"c": code, "s": status, "e": end})


def settle(con: Any, setl_id: str, code: str, when: str, fund: str, med_type: str = "11") -> None:
    """One settlement of ``fund`` 元 fund share (person pays 10 元) at ``when``."""
    total = Decimal(fund) + 10
    con.execute("insert into settlement (setl_id, mdtrt_id, psn_no, fixmedins_code, insutype, med_type,"
                " begntime, medfee_sumamt, fund_pay_sumamt, psn_part_amt, setl_time, upload_time)"
                " values ($s, $s, 'P1', $c, '310', $m, $t, $total, $f, 10, $t, $t)",
                {"s": setl_id, "c": code, "m": med_type, "t": when, "total": total, "f": Decimal(fund)})


def disburse(con: Any, disb_id: str, code: str, amount: str, on: str = "2025-02-20", period: str = "2025-01",
             bank_txn_id: str | None = "same", clr_type: str | None = "按月清算") -> None:
    """A disbursement; its bank_txn_id defaults to ``B<disb_id>``."""
    con.execute("insert into fund_disbursement (disb_id, fixmedins_code, period, clr_type, amount, disb_date,"
                " bank_txn_id) values ($d, $c, $p, $t, $a, $o, $b)",
                {"d": disb_id, "c": code, "p": period, "t": clr_type, "a": Decimal(amount), "o": on,
                 "b": f"B{disb_id}" if bank_txn_id == "same" else bank_txn_id})


def debit(con: Any, txn: str, counterparty: str | None, amount: str, on: str = "2025-02-20",
          account_type: str = "expense") -> None:
    """A bank record of the expense account paying ``amount`` 元 (stored negative)."""
    con.execute("insert into bank_record (bank_txn_id, account_type, txn_date, amount, counterparty_code, memo)"
                " values ($t, $k, $o, $a, $c, '医保基金拨付')",
                {"t": txn, "k": account_type, "o": on, "a": -Decimal(amount), "c": counterparty})


def paid(con: Any, disb_id: str, code: str, amount: str, on: str = "2025-02-20", period: str = "2025-01") -> None:
    """A disbursement and its matching bank debit."""
    disburse(con, disb_id, code, amount, on, period)
    debit(con, f"B{disb_id}", code, amount, on)
