"""The exception tree's reasons, and how a record's error message gives its reason back."""

from __future__ import annotations

import pytest

from warta.errors import ExtractionTimeout, FetchError, InputTooLarge, error_reason


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("timeout: extraction took longer than the 30 s limit", "timeout"),
        ("not-html: image/png", "not-html"),
        ("internal error: ValueError: boom", "internal-error"),
        ("worker-crashed: the extraction worker died (killed by SIGKILL)", "worker-crashed"),
        ("something odd happened", "error"),
        ("two words: not a reason", "error"),
    ],
)
def test_a_reason_is_read_back_from_an_error_message(message: str, reason: str) -> None:
    assert error_reason(message) == reason


def test_an_error_written_into_a_record_reads_back_as_its_own_reason() -> None:
    for error in (ExtractionTimeout("too slow", source="a.html"), InputTooLarge("3 MB")):
        assert error_reason(str(error)) == error.reason


def test_a_fetch_error_keeps_the_fetchers_reason() -> None:
    error = FetchError("http-404: Not Found", url="https://kabar.example/rss")
    assert (error.reason, error.message, error.url) == ("http-404", "Not Found", error.url)
    assert str(error) == "http-404: Not Found (url=https://kabar.example/rss)"
    vague = FetchError("the server hung up")
    assert (vague.reason, vague.message) == ("fetch-failed", "the server hung up")
    assert FetchError.reason == "fetch-failed"  # one error's reason is not every one's
