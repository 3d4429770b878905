"""ID numbers carry the district, the birth date, the sex parity and a valid check digit."""

from __future__ import annotations

import numpy as np

from fundguard.ingest.ids import is_valid_certno
from fundguard.synth.ids import id_numbers


def test_id_numbers_are_valid_and_encode_district_birth_and_sex() -> None:
    ids = id_numbers(np.array(["230302", "230381"]), np.array(["1950-02-28", "2019-12-31"], dtype="datetime64[D]"),
                     np.array([3, 498]), np.array([True, False]))
    assert [is_valid_certno(v) for v in ids] == [True, True]
    assert ids[0].startswith("23030219500228") and int(ids[0][16]) % 2 == 1
    assert ids[1].startswith("23038120191231") and int(ids[1][16]) % 2 == 0


def test_a_changed_digit_breaks_the_check() -> None:
    good = id_numbers(np.array(["230321"]), np.array(["1980-07-01"], dtype="datetime64[D]"),
                      np.array([7]), np.array([True]))[0]
    bad = good[:5] + str((int(good[5]) + 1) % 10) + good[6:]
    assert not is_valid_certno(bad)
