"""The data model as documentation: the data dictionary generated from the DDL column comments."""
