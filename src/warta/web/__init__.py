"""``warta serve``: the news reader in a browser, and its JSON API.

:func:`create_app` builds a FastAPI application over one store, opened read-only.
Pages are rendered on the server with Jinja2 (autoescaped, no script); each has a JSON
twin at the same address with ``.json``, described at ``/openapi.json``.
"""

from warta.web.app import create_app
from warta.web.options import WebOptions

__all__ = ["WebOptions", "create_app"]
