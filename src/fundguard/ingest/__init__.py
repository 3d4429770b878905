"""Ingest: read source exports (CSV/Parquet/XLSX), map them through source profiles onto the canonical
model, pass them through the quality gate and load them in one transaction per batch.

Public entry points: ``fundguard.ingest.loader.ingest_inbox`` and ``fundguard.ingest.stage.run``.
"""
