"""The organization's logo, chosen by the user in the settings, as a data: URL.

The renderer reads nothing outside the project's own files, so a logo from
elsewhere is read here, checked for size and type, and handed over inline. Only a
logo the user picked goes through here, never a path written in an incident file.

A logo is cleaned the way photos are (sitrep.photos.clean_photo): only its pixels
reach the PDF. A JPEG comment, EXIF (the camera, a GPS position) or XMP (who made it,
with what) of the original file used to be printed into every report as they were.
"""

from __future__ import annotations

import base64
from pathlib import Path

from sitrep.contract.problems import InputError
from sitrep.fileio import NotAFileError, TooLargeError, read_limited
from sitrep.photos import clean_photo

MAX_LOGO_BYTES = 2 * 1024 * 1024
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def logo_data_url(path: str | Path | None) -> str | None:
    """A data: URL for a PNG or JPEG file, or None if there is none or it is unusable."""
    if not path:
        return None
    try:
        # read_limited: a logo "file" such as /dev/zero claims 0 bytes and never ends.
        logo = clean_photo(read_limited(Path(path).expanduser(), MAX_LOGO_BYTES))
    except (OSError, InputError, NotAFileError, TooLargeError):
        return None
    return f"data:{MIME_TYPES[logo.extension]};base64,{base64.b64encode(logo.data).decode('ascii')}"
