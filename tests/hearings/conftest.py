from tests.cases.conftest import matter, people  # noqa: F401  (the same matter and people fixtures)
