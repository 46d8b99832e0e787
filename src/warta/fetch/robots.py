"""robots.txt rules per origin, read once and kept in a bounded cache.

Parsing is left to the standard library's :mod:`urllib.robotparser`, fed with text the
fetcher downloaded itself (so that the download obeys the same timeouts, size cap and
address checks as every other request). What an unreadable robots.txt means follows
RFC 9309:

- 2xx: the rules in the file;
- 4xx (not found, forbidden, ...), a redirect loop or an unreadable file: no rules,
  everything allowed;
- 429, 5xx or no answer at all (timeout, refused connection): the whole site is treated
  as disallowed, for ``RETRY_UNAVAILABLE`` seconds, after which robots.txt is asked for
  again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

__all__ = ["RETRY_UNAVAILABLE", "RobotsCache", "RobotsRules", "origin_of"]

# How long an unavailable robots.txt keeps a site disallowed before it is tried again.
# RFC 9309 section 2.3.1.3 leaves the time open; ten minutes keeps a short outage from
# blocking a long crawl while not hammering a struggling server.
RETRY_UNAVAILABLE = 600.0

# robots.txt files beyond this many bytes are cut here; RFC 9309 section 2.5 asks
# crawlers to parse at least 500 KiB.
MAX_ROBOTS_BYTES = 512 * 1024


# Fetch failures meaning the server could not be reached (RFC 9309 2.3.1.4). Others (a
# redirect loop, a refused redirect target, a corrupt file) mean "unavailable" (2.3.1.3).
_UNREACHABLE = frozenset({"timeout", "connect-error", "protocol-error", "network-error"})


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL: the scope of one robots.txt (RFC 9309 2.3)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt allows.

    ``unavailable`` holds why the file could not be read when the site is treated as
    disallowed for that reason (status 5xx or a network error), so the fetcher can
    report the real cause instead of a bare disallow.
    """

    parser: RobotFileParser | None = None
    unavailable: str | None = None
    expires: float = float("inf")  # time.monotonic() after which to read it again

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        """Rules parsed from the body of a robots.txt."""
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser=parser)

    @classmethod
    def from_response(
        cls, status: int | None, content: bytes | None, error: str | None
    ) -> RobotsRules:
        """The rules a robots.txt download means, by the cases of the module docstring.

        ``error`` is the fetcher's ``'reason: message'`` for a download that failed.
        """
        if error is not None and error.split(":", 1)[0] in _UNREACHABLE:
            return cls.disallow_all(error)
        if status is not None and (status == 429 or status >= 500):
            return cls.disallow_all(f"http-{status}")
        if error is None and status is not None and 200 <= status < 300:
            return cls.from_text((content or b"").decode("utf-8", "replace"))
        return cls.allow_all()  # 4xx, a redirect loop, an unreadable file: "unavailable"

    @classmethod
    def allow_all(cls) -> RobotsRules:
        """No robots.txt (a 4xx answer): everything is allowed."""
        return cls()

    @classmethod
    def disallow_all(cls, why: str, *, retry_after: float = RETRY_UNAVAILABLE) -> RobotsRules:
        """robots.txt unavailable: nothing is allowed until ``retry_after`` seconds pass."""
        return cls(unavailable=why, expires=time.monotonic() + retry_after)

    def allows(self, user_agent: str, url: str) -> bool:
        """Whether ``user_agent`` may fetch ``url``."""
        if self.unavailable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay (seconds) the file asks of ``user_agent``, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


class RobotsCache:
    """The rules of each origin seen, loaded once, least recently used dropped first.

    ``rules(url, load)`` calls ``load(origin)`` only when the origin is not cached (or
    its "unavailable" verdict has expired). Threads asking for the same origin at once
    wait for a single load instead of each downloading robots.txt.
    """

    def __init__(self, *, max_origins: int = 1024) -> None:
        self._max = max(1, max_origins)
        self._rules: OrderedDict[str, RobotsRules] = OrderedDict()
        self._loading: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _cached(self, origin: str) -> RobotsRules | None:
        with self._lock:
            rules = self._rules.get(origin)
            if rules is None or rules.expires <= time.monotonic():
                return None
            self._rules.move_to_end(origin)
            return rules

    def rules(self, url: str, load: Callable[[str], RobotsRules]) -> RobotsRules:
        """The rules for ``url``'s origin, loading robots.txt on first use."""
        origin = origin_of(url)
        cached = self._cached(origin)
        if cached is not None:
            return cached
        with self._lock:
            gate = self._loading.setdefault(origin, threading.Lock())
        with gate:
            cached = self._cached(origin)  # another thread may have loaded it meanwhile
            if cached is not None:
                return cached
            rules = load(origin)
            with self._lock:
                self._rules[origin] = rules
                self._rules.move_to_end(origin)
                while len(self._rules) > self._max:
                    self._rules.popitem(last=False)
                self._loading.pop(origin, None)
            return rules
