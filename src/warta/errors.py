"""Warta's exception tree.

Every error carries the context needed to find the input again (``source``, ``url``,
``offset``) and a short machine-readable ``reason``. Batch surfaces catch
:class:`WartaError`, write its message into the record's ``error`` field and go on with
the next input.

::

    WartaError
    ├── InputError            the input cannot be read as a page at all
    │   ├── EmptyInput        zero bytes, or only white space
    │   ├── BinaryInput       not text (an image, a PDF, a zip, ...)
    │   ├── InputTooLarge     over ExtractOptions.max_bytes
    │   ├── TruncatedGzip     gzip data that ends before its end (a cut download)
    │   ├── BadGzip           gzip data that does not decompress (a damaged file)
    │   └── NestingTooDeep    markup nested deeper than ExtractOptions.max_depth
    ├── ExtractionError       the page was read but extraction failed
    │   └── ExtractionTimeout the per-document time limit ran out
    ├── FetchError            a URL could not be fetched; its reason is the fetcher's
    │                         (http-404, robots-disallowed, private-address, blocked, ...)
    ├── MissingDependency     an optional extra is not installed
    ├── ProfileError          a site profile file is not valid (docs/profiles.md)
    ├── RunInProgress         the same ingest (inputs and store) is running already
    └── StoreError            the store file cannot be opened, read or written
        ├── BadQuery          a search query FTS5 does not accept
        └── StoreBusy         another process writes, and the caller would not wait

(The store's errors live in :mod:`warta.store`, beside the store; RunInProgress in
:mod:`warta.runners.exclusive`, beside the lock.)
"""

from __future__ import annotations

__all__ = [
    "BadGzip",
    "BinaryInput",
    "EmptyInput",
    "ExtractionError",
    "ExtractionTimeout",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "MissingDependency",
    "NestingTooDeep",
    "ProfileError",
    "TruncatedGzip",
    "WartaError",
    "error_reason",
]

# The reason of an error written ``internal error: Type: message`` (an unexpected
# exception inside extraction, caught so that it costs one record).
INTERNAL_ERROR = "internal-error"


def error_reason(error: str) -> str:
    """The machine-readable reason of a record's ``error`` message.

    Errors are written ``reason: message`` (``timeout: extraction took longer ...``); the
    reason is the part before the first ``": "`` when it is one word. An unexpected
    exception, written ``internal error: ...``, is :data:`INTERNAL_ERROR`; any other
    shape is ``error``.
    """
    head, sep, _ = error.partition(": ")
    if sep and head and " " not in head:
        return head
    return INTERNAL_ERROR if error.startswith("internal error") else "error"


class WartaError(Exception):
    """Base of every error Warta raises on purpose."""

    reason = "error"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.url = url
        self.offset = offset

    def __str__(self) -> str:
        where = [
            f"{k}={v}"
            for k, v in (("source", self.source), ("url", self.url), ("offset", self.offset))
            if v is not None
        ]
        return f"{self.reason}: {self.message}" + (f" ({', '.join(where)})" if where else "")


class InputError(WartaError):
    reason = "bad-input"


class EmptyInput(InputError):
    reason = "empty-input"


class BinaryInput(InputError):
    reason = "binary-input"


class InputTooLarge(InputError):
    reason = "input-too-large"


class TruncatedGzip(InputError):
    reason = "truncated-gzip"


class BadGzip(InputError):
    reason = "bad-gzip"


class NestingTooDeep(InputError):
    reason = "nesting-too-deep"


class ExtractionError(WartaError):
    reason = "extraction-failed"


class ExtractionTimeout(ExtractionError):
    reason = "timeout"


class FetchError(WartaError):
    """A URL that could not be fetched, raised with the fetcher's ``reason: message``
    error (:attr:`warta.fetch.FetchResult.error`), whose reason it keeps."""

    reason = "fetch-failed"

    def __init__(self, error: str, *, url: str | None = None) -> None:
        reason = error_reason(error)
        known = reason not in ("error", INTERNAL_ERROR)
        super().__init__(error.partition(": ")[2] if known else error, url=url)
        if known:
            self.reason = reason


class MissingDependency(WartaError):
    """An optional extra is needed; the message holds the ``pip install`` line."""

    reason = "missing-dependency"


class ProfileError(WartaError):
    """A profile file is not valid TOML or breaks the format of ``docs/profiles.md``."""

    reason = "bad-profile"
