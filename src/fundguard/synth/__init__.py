"""Synthetic city generator: realistic inputs with labelled violations (``fundguard generate``)."""
