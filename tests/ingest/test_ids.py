from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from fundguard.ingest.ids import certno_valid, is_valid_certno, mask_certno


def reference_iso7064(value: str) -> bool:
    """ISO 7064 MOD 11-2 by its recursive definition (independent of the weight table)."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    p = 0
    for ch in value[:17]:
        p = ((p + int(ch)) * 2) % 11
    check = (12 - p) % 11
    return value[17].upper() == ("X" if check == 10 else str(check))


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)
candidates = st.one_of(
    st.builds(lambda d, c: d + c, digits17, st.sampled_from("0123456789Xx")),
    st.text(alphabet="0123456789Xx ", max_size=20),
)


@given(st.lists(candidates, min_size=1, max_size=50))
def test_vectorised_and_scalar_validators_agree_with_reference(values):
    frame = pl.DataFrame({"c": values}).with_columns(ok=certno_valid(pl.col("c")))
    for value, ok in frame.iter_rows():
        expected = reference_iso7064(value.strip())
        assert ok == expected, value
        assert is_valid_certno(value) == expected


@given(digits17)
def test_every_17_digit_prefix_has_exactly_one_valid_check_char(prefix):
    assert sum(reference_iso7064(prefix + c) for c in "0123456789X") == 1


def test_known_numbers_and_mask():
    frame = pl.DataFrame({"c": ["11010519491231002X", "110105194912310021", None]})
    out = frame.select(certno_valid(pl.col("c")).alias("ok"), mask_certno(pl.col("c")).alias("m"))
    assert out["ok"].to_list() == [True, False, False]
    assert out["m"].to_list() == ["110105********002X", "110105********0021", None]
