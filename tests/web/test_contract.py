"""Schemathesis against the OpenAPI description: generated requests never get a 5xx.

Each operation of the description gets a bounded number of generated requests (so the run
stays within seconds) sent to the live server: the real uvicorn on 127.0.0.1 from
``conftest.py``. Schemathesis's Python API is driven from a plain test, not through its
pytest plugin, which depends on pytest internals that change between releases.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 15


def _operations(live_server: str) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{live_server}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_the_description_has_the_json_endpoints(live_server: str) -> None:
    paths = {operation.path for operation in _operations(live_server)}
    assert paths == {
        "/index.json",
        "/search.json",
        "/article/{article_id}.json",
        "/entity/{key}.json",
        "/entities.json",
        "/outlet/{domain}.json",
    }


def test_no_server_errors(live_server: str) -> None:
    operations = _operations(live_server)
    assert operations
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error], timeout=10)

        check()
