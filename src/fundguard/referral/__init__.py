"""Joint-enforcement referrals: routing, hash-sealed packages, verification and reproduction."""
