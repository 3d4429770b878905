from tests.cases.conftest import cli_db  # noqa: F401  (shared CLI database fixture)
