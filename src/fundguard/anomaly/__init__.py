"""Anomaly model and risk scores for institutions, staff and insured persons (see stage.py)."""
