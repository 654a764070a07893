"""The only way WeasyPrint may read anything: the project's own files and data: URLs.

WeasyPrint 70 fetches file:// and http(s):// by default. Text from an incident is
escaped by Jinja, so it cannot add a URL; this fetcher is the second wall, in case a
template or a future field lets one through.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

LOG = logging.getLogger(__name__)


class BlockedFetch(ValueError):
    """Raised for a URL outside the allowed folders; WeasyPrint skips the resource."""


class LocalOnlyFetcher(URLFetcher):
    def __init__(self, allowed_dirs: list[Path], allowed_files: list[Path] = ()):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed_dirs = [Path(d).resolve() for d in allowed_dirs]
        self.allowed_files = {Path(f).resolve() for f in allowed_files}
        self.requests: list[str] = []  # every URL asked for, allowed or not (for tests)

    def fetch(self, url, headers=None):
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(parts.path)).resolve()  # file:///C:/x -> C:\\x on Windows
            if path in self.allowed_files or any(path.is_relative_to(d) for d in self.allowed_dirs):
                return URLFetcherResponse(url, body=path.read_bytes())
        LOG.info("blocked a request for %s", url[:200])
        raise BlockedFetch(f"not allowed: {url[:200]}")
