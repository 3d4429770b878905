"""Rule library: contract, catalog loader, runner, quality report and pipeline stage."""
