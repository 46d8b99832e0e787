"""Schemathesis against the OpenAPI description: generated requests never get a 5xx.

The examples are bounded so the run stays within a few seconds; the live server is the
real uvicorn on 127.0.0.1 from ``conftest.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

schema = schemathesis.pytest.from_fixture("api_schema")

EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(live_server: str) -> Any:
    return schemathesis.openapi.from_url(f"{live_server}/openapi.json")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error], timeout=10)
