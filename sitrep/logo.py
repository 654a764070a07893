"""The organization's logo, chosen by the user in the settings, as a data: URL.

The renderer reads nothing outside the project's own files, so a logo from
elsewhere is read here, checked for size and type, and handed over inline. Only a
logo the user picked goes through here, never a path written in an incident file.
"""

from __future__ import annotations

import base64
from pathlib import Path

MAX_LOGO_BYTES = 2 * 1024 * 1024
_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_data_url(path: str | Path | None) -> str | None:
    """A data: URL for a PNG or JPEG file, or None if there is none or it is unusable."""
    if not path:
        return None
    try:
        path = Path(path).expanduser()
        if path.stat().st_size > MAX_LOGO_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    for magic, mime in _TYPES.items():
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return None
