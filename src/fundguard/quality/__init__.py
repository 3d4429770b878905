"""Quality gate: contracts per canonical table, Great Expectations validation, quality summary."""
