"""Polite fetching of web pages: robots.txt, per-host limits, retries, size and time caps.

::

    from warta.fetch import FetchOptions, Fetcher

    with Fetcher(FetchOptions(user_agent="MyBot/1.0 (+mailto:ops@example.org)")) as f:
        result = f.fetch("https://example.org/news/1")
        if result.error is None and not result.not_modified:
            html = result.content
"""

from warta.fetch.client import DEFAULT_USER_AGENT, Fetcher, FetchOptions, FetchResult

__all__ = ["DEFAULT_USER_AGENT", "FetchOptions", "FetchResult", "Fetcher"]
