"""The polite fetcher: one URL in, one :class:`FetchResult` out, never an exception.

Each fetch checks the address and robots.txt, waits its turn on the host, streams the
body under a size cap and a total deadline, retries 429 and 5xx with backoff (honouring
Retry-After), follows a bounded number of redirects (checking every hop again) and
finally recognises blocked pages. Network trouble comes back as ``error`` in the result,
``'reason: message'``, so that the runner records it and goes on.

A :class:`Fetcher` may be shared by several threads: httpx's client is thread-safe and
the per-host limits and the robots cache are guarded by locks.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from warta import __version__
from warta.fetch import blocked
from warta.fetch.decoding import ACCEPT_ENCODING, DecodingFailed, decode
from warta.fetch.peers import peer_refusal, refuse_peer
from warta.fetch.policy import (
    DeadlineBackend,
    HostLimiter,
    backoff_delay,
    default_rng,
    is_retryable,
    parse_retry_after,
    resolve_refusal,
)
from warta.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsRules

__all__ = ["DEFAULT_USER_AGENT", "FetchOptions", "FetchResult", "Fetcher"]

log = logging.getLogger(__name__)

# The contact address is a placeholder (.invalid never resolves, RFC 2606): a deployment
# should pass its own user agent with a real page or e-mail address for site operators.
DEFAULT_USER_AGENT = f"Warta/{__version__} (+https://example.invalid/warta)"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, kw_only=True, slots=True)
class FetchOptions:
    """How politely and how defensively to fetch. Times are in seconds."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest wait for any single read
    deadline: float = 60.0  # whole document, retries and redirects included
    max_bytes: int = 32 * 1024 * 1024  # decoded body; more -> 'input-too-large'
    max_redirects: int = 5
    retries: int = 3  # extra attempts on 429 and 5xx
    backoff_base: float = 1.0  # first retry waits between base/2 and base
    backoff_cap: float = 30.0
    retry_after_cap: float = 30.0  # a longer Retry-After gives up instead of waiting
    host_concurrency: int = 2
    host_delay: float = 1.0  # between request starts on one host
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this
    respect_robots: bool = True
    allow_private: bool = False  # CLI --allow-private-addresses; the tests use it
    robots_cache_size: int = 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class FetchResult:
    """The outcome of one fetch.

    ``error`` is None on success, else ``'reason: message'`` with reasons such as
    ``timeout``, ``connect-error``, ``http-404``, ``input-too-large``,
    ``redirect-loop``, ``too-many-redirects``, ``robots-disallowed``,
    ``private-address``, ``bad-url`` or ``blocked`` (then ``blocked`` names why:
    ``forbidden``, ``rate-limited``, ``bot-challenge`` or ``paywall``). A 304 answer to
    a conditional request is a success with ``not_modified`` set and no content.
    """

    url: str  # the final URL, after redirects
    fetched: datetime
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes | None = None
    content_type: str | None = None
    error: str | None = None
    not_modified: bool = False
    blocked: str | None = None

    @property
    def etag(self) -> str | None:
        """The validator to send back as ``etag=`` on the next fetch."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The date to send back as ``last_modified=`` on the next fetch."""
        return self.headers.get("last-modified")


@dataclass(slots=True)
class _Reply:
    """One HTTP exchange (or its failure) before it becomes a result."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    error: str | None = None


class _Budget:
    """Time left of a document's deadline; waiting for a host slot does not count."""

    def __init__(self, seconds: float) -> None:
        self.left = seconds

    def spend(self, seconds: float) -> None:
        self.left -= seconds


class Fetcher:
    """Fetches URLs politely; use as a context manager so connections are closed."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._deadlines = DeadlineBackend()
        # trust_env=False: proxies and certificates from environment variables would
        # silently route requests elsewhere than the address that was checked.
        transport = httpx.HTTPTransport(retries=0, trust_env=False)
        # The address each connection reached is checked again (see warta.fetch.peers).
        check = None if self.options.allow_private else refuse_peer
        self._deadlines.install(transport, on_connect=check)
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )
        self._limiter = HostLimiter(
            concurrency=self.options.host_concurrency, delay=self.options.host_delay
        )
        self._robots = RobotsCache(max_origins=self.options.robots_cache_size)
        self._rng = default_rng()
        self._rng_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch ``url``; ``etag``/``last_modified`` from an earlier fetch make it conditional."""
        fetched = datetime.now(UTC)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        reply = self._follow(url, headers, for_robots=False)
        return _result(reply, fetched)

    def _follow(self, url: str, headers: dict[str, str], *, for_robots: bool) -> _Reply:
        """Fetch ``url`` and its redirects, refusing loops and long chains."""
        check_robots = self.options.respect_robots and not for_robots
        budget = _Budget(self.options.deadline)
        try:
            current, seen = urldefrag(url).url, set[str]()
        except ValueError as exc:  # urllib refuses some malformed URLs, e.g. "http://[::1"
            return _Reply(url, error=f"bad-url: {exc}: {url!r}")
        for _ in range(self.options.max_redirects + 1):
            seen.add(current)
            refusal = self._refusal(current, check_robots=check_robots)
            if refusal is not None:
                return _Reply(current, error=refusal)
            reply = self._with_retries(current, headers, budget, robots=for_robots)
            try:
                target = _redirect_target(reply)
            except ValueError as exc:
                return _Reply(current, reply.status, reply.headers, error=f"bad-url: {exc}")
            if target is None:
                return reply
            if target in seen:
                loop = f"redirect-loop: {current} redirects back to {target}"
                return _Reply(current, reply.status, reply.headers, error=loop)
            current = target
        return _Reply(
            current,
            error=f"too-many-redirects: more than {self.options.max_redirects} from {url}",
        )

    def _refusal(self, url: str, *, check_robots: bool) -> str | None:
        """Why ``url`` must not be requested: bad URL, private address or robots.txt."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            return f"bad-url: {exc}: {url!r}"
        if parts.scheme not in ("http", "https") or not host:
            return f"bad-url: not an http(s) URL with a host: {url!r}"
        if not self.options.allow_private:
            why = resolve_refusal(host, port)
            if why is not None:
                return f"private-address: {why}"
        return self._robots_refusal(url) if check_robots else None

    def _robots_refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None."""
        rules = self._robots.rules(url, self._load_robots)
        if rules.unavailable is not None and rules.unavailable.startswith("http-"):
            return f"robots-disallowed: robots.txt unavailable ({rules.unavailable})"
        if rules.unavailable is not None:  # no answer at all: report the network error
            return f"{rules.unavailable} (while reading robots.txt)"
        if not rules.allows(self.options.user_agent, url):
            return f"robots-disallowed: robots.txt disallows {url}"
        return None

    def _load_robots(self, origin: str) -> RobotsRules:
        """Download and read one origin's robots.txt (RFC 9309 for the failure cases)."""
        reply = self._follow(f"{origin}/robots.txt", {}, for_robots=True)
        status = reply.status
        rules = RobotsRules.from_response(status, reply.content, reply.error)
        delay = rules.crawl_delay(self.options.user_agent)
        host = urlsplit(origin).hostname
        if delay is not None and host:
            self._limiter.raise_delay(host, min(delay, self.options.max_crawl_delay))
        log.debug("robots.txt of %s: status %s, crawl-delay %s", origin, status, delay)
        return rules

    def _with_retries(
        self, url: str, headers: dict[str, str], budget: _Budget, *, robots: bool
    ) -> _Reply:
        """One request, repeated on 429 and 5xx while retries and the deadline allow."""
        host = urlsplit(url).hostname or ""
        for attempt in range(self.options.retries + 1):
            reply = self._attempt(url, headers, budget, robots=robots)
            status = reply.status
            if status is None or not is_retryable(status) or attempt == self.options.retries:
                return reply
            if blocked.classify(status, reply.headers, reply.content) == blocked.BOT_CHALLENGE:
                return reply  # a challenge does not go away by asking again
            wait = self._retry_wait(reply, attempt)
            if wait is None or wait > budget.left:
                return reply
            log.debug("retrying %s after %.2f s (status %s)", url, wait, status)
            self._limiter.defer(host, wait)
            time.sleep(wait)
            budget.spend(wait)
        return reply

    def _retry_wait(self, reply: _Reply, attempt: int) -> float | None:
        """Seconds before the next try: Retry-After when given (None if over the cap)."""
        asked = parse_retry_after(reply.headers.get("retry-after"))
        if asked is not None:
            return asked if asked <= self.options.retry_after_cap else None
        with self._rng_lock:
            return backoff_delay(
                attempt, base=self.options.backoff_base, cap=self.options.backoff_cap, rng=self._rng
            )

    def _attempt(
        self, url: str, headers: dict[str, str], budget: _Budget, *, robots: bool
    ) -> _Reply:
        """One request under the host's limits; errors become values."""
        if budget.left <= 0:
            return _Reply(url, error=self._deadline_message())
        with self._limiter.slot(urlsplit(url).hostname or ""):
            started = time.monotonic()
            try:
                with self._deadlines.until(started + budget.left):
                    return self._exchange(url, headers, started + budget.left, robots=robots)
            except httpx.TimeoutException as exc:
                late = time.monotonic() - started >= budget.left
                message = self._deadline_message() if late else f"timeout: {_describe(exc)}"
                return _Reply(url, error=message)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                return _Reply(url, error=_failure(exc))
            except DecodingFailed as exc:
                return _Reply(url, error=f"decoding-error: {exc}")
            except ValueError as exc:  # httpx's IDNA encoding of a malformed host name
                return _Reply(url, error=f"bad-url: {_describe(exc)}")
            finally:
                budget.spend(time.monotonic() - started)

    def _exchange(
        self, url: str, headers: dict[str, str], deadline: float, *, robots: bool
    ) -> _Reply:
        """Send the request and stream the body, stopping at the size cap or deadline.

        The deadline is also checked between chunks, in case the socket-level check of
        :class:`DeadlineBackend` could not be installed.
        """
        options = self.options
        cap = MAX_ROBOTS_BYTES if robots else options.max_bytes
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
            reply = _Reply(str(response.url), response.status_code, dict(response.headers))
            if response.status_code in _REDIRECTS or response.status_code == 304:
                return reply
            declared = reply.headers.get("content-length", "")
            if not robots and declared.isdigit() and int(declared) > cap:
                reply.error = f"input-too-large: Content-Length {declared} > {cap} bytes"
                return reply
            body = bytearray()
            # Raw bytes, decoded here in bounded pieces (see warta.fetch.decoding).
            for chunk in decode(response.iter_raw(), reply.headers.get("content-encoding")):
                body += chunk
                if len(body) > cap:
                    if robots:  # RFC 9309 2.5: parse the first part of a huge file
                        del body[cap:]
                        break
                    reply.error = f"input-too-large: body over {cap} bytes, not read further"
                    return reply
                if time.monotonic() > deadline:
                    reply.error = self._deadline_message()
                    return reply
            reply.content = bytes(body)
            return reply

    def _deadline_message(self) -> str:
        return f"timeout: no complete response within the {self.options.deadline:g} s deadline"


def _redirect_target(reply: _Reply) -> str | None:
    """Where a redirect points, resolved against the request URL, fragment removed."""
    if reply.error is not None or reply.status not in _REDIRECTS:
        return None
    location = reply.headers.get("location")
    if not location:
        return None
    return urldefrag(urljoin(reply.url, location.strip())).url


def _result(reply: _Reply, fetched: datetime) -> FetchResult:
    """Turn the last exchange into a result: status errors and blocked pages named."""
    status, error, why = reply.status, reply.error, None
    if error is None and status is not None and status != 304:
        why = blocked.classify(status, reply.headers, reply.content)
        if why is not None:
            error = f"blocked: {why} (http {status})"
        elif status in _REDIRECTS:
            error = f"http-{status}: redirect without a Location header"
        elif status >= 400:
            error = f"http-{status}: {_phrase(status)}"
    return FetchResult(
        url=reply.url,
        fetched=fetched,
        status=status,
        headers=reply.headers,
        content=reply.content,
        content_type=reply.headers.get("content-type"),
        error=error,
        not_modified=status == 304 and error is None,
        blocked=why,
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"


def _failure(exc: httpx.HTTPError | httpx.InvalidURL) -> str:
    """The error of a request httpx gave up on (other than by a timeout)."""
    refused = peer_refusal(exc)
    if refused is not None:  # the connection reached an internal address after all
        return f"private-address: {refused}"
    return f"{_error_reason(exc)}: {_describe(exc)}"


def _error_reason(exc: httpx.HTTPError | httpx.InvalidURL) -> str:
    """A short reason for an httpx failure other than a timeout."""
    if isinstance(exc, httpx.ConnectError):
        return "connect-error"
    if isinstance(exc, httpx.DecodingError):
        return "decoding-error"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol-error"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "bad-url"
    return "network-error"


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
