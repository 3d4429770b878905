-- Table macros of the database (the rule library's fg_* helpers) with their definitions.
select function_name, macro_definition
from duckdb_functions()
where function_type = 'table_macro' and macro_definition is not null;
