"""Photos attached to an incident: checked, stripped of all metadata, stored by content.

A photo can give away who took it and where: EXIF GPS, the camera's serial number,
XMP edit history, an embedded thumbnail of the uncropped original. So nothing of the
original file is kept but its pixels. Pillow decodes it (JPEG or PNG, judged by its
content, never by its name), turns it upright, scales it down, and a brand-new image
made from those pixels alone is encoded and stored. The original is never copied.

Stored photos live in ``photos/`` beside the database, named by the SHA-256 of the
cleaned file (``photos/<64 hex>.jpg``). An incident refers to them by that relative
path; the renderer may read exactly those files and nothing else (sitrep/render/engine.py).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from sitrep.contract.documents import parse_incident
from sitrep.fileio import NotAFileError, TooLargeError, atomic_write, is_disk_full, read_limited
from sitrep.i18n import N_
from sitrep.contract.problems import InputError, Problem

MAX_PHOTO_BYTES = 25 * 1024 * 1024  # a phone's full-size JPEG is 3-12 MB
MAX_PIXELS = 60_000_000  # decompression-bomb guard: a 200 MP phone photo is refused, a 48 MP one is not
# A JPEG is decoded at 1/2 to 1/8 scale when that is enough; a PNG only at full size
# (4 bytes a pixel with transparency). 30 MP is a 6000×5000 scan; 59 MP took 1 GB.
MAX_PNG_PIXELS = 30_000_000
MAX_SIDE = 2400  # enough for a printed A4 photo at 200 dpi; keeps the database folder small
JPEG_QUALITY = 85
STORED_PATH = re.compile(r"^photos/[0-9a-f]{64}\.(jpg|png)$")


class PhotoProblem(Problem):
    messages = {
        "photo_too_large": N_("The photo is too large ({size} MB); the limit is {limit} MB."),
        "photo_too_many_pixels": N_("The photo has too many pixels ({pixels} million); the limit is {limit} million."),
        "photo_png_too_many_pixels": N_("The PNG image has too many pixels ({pixels} million); the limit for PNG "
                                        "is {limit} million. Save it as JPEG or make it smaller."),
        "photo_not_an_image": N_("The file is not a JPEG or PNG photo (whatever its name says)."),
        "photo_unreadable": N_("The photo cannot be read: {detail}."),
        "photos_unwritable": N_("The photo could not be stored in the photos folder {path} ({detail}); nothing was "
                                "attached. Check that this folder exists and can be written."),
    }


PHOTO_KEY = "photos"  # the purpose under which the store keeps the key that names photos

@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    extension: str  # "jpg" or "png"
    width: int
    height: int

    def stored_path(self, key: bytes | None = None) -> str:
        """photos/<64 hex>.<ext>: keyed by the store's photo key, so the name says nothing to whoever
        lacks it (a plain SHA-256 would let anyone holding a copy of a photo confirm it is here);
        the same photo attached twice still gets one file. Without a key, the plain SHA-256."""
        digest = hmac.new(key, self.data, hashlib.sha256) if key else hashlib.sha256(self.data)
        return f"photos/{digest.hexdigest()}.{self.extension}"


def _problem(code: str, **params) -> InputError:
    return InputError([PhotoProblem(code, "attachments", params)])


def clean_photo(data: bytes) -> CleanPhoto:
    """The photo's pixels, upright, at most MAX_SIDE wide or high, without any metadata."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_PHOTO_BYTES:
        raise _problem("photo_too_large", size=len(data) // (1024 * 1024), limit=MAX_PHOTO_BYTES // (1024 * 1024))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=("JPEG", "PNG"))
            # Judged on the header, before a single pixel is decoded.
            pixels = image.width * image.height
            if pixels > MAX_PIXELS:
                raise _problem("photo_too_many_pixels", pixels=pixels // 1_000_000, limit=MAX_PIXELS // 1_000_000)
            if image.format == "PNG" and pixels > MAX_PNG_PIXELS:
                raise _problem("photo_png_too_many_pixels", pixels=pixels // 1_000_000,
                               limit=MAX_PNG_PIXELS // 1_000_000)
            if image.format == "JPEG":
                # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding (never
                # below MAX_SIDE): a 48 MP photo then costs a fraction of a full decode.
                image.draft(image.mode, (MAX_SIDE, MAX_SIDE))
            image.load()
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            mode = "RGBA" if transparent else "RGB"
            # The decoded image is the only full-size copy: it is scaled down in place
            # first, and only the small result is turned upright and converted. (Those
            # steps on the full image each made a copy: 1 GB for a 59 MP PNG.) Palette,
            # 1-bit and 16-bit images are converted first, so that scaling blends pixels.
            if image.mode not in ("L", "LA", "RGB", "RGBA"):
                image = image.convert(mode)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            ImageOps.exif_transpose(image, in_place=True)  # the orientation tag goes with the EXIF
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _problem("photo_too_many_pixels", pixels="?", limit=MAX_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise _problem("photo_not_an_image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # truncated or corrupt data
        raise _problem("photo_unreadable", detail=str(error)[:120]) from None

    pixels = image if image.mode == mode else image.convert(mode)
    # A new image from raw pixels carries no info dict at all: no EXIF, XMP, ICC,
    # comments or PNG text chunks can ride along into the saved file.
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if transparent:
        bare.save(out, "PNG", optimize=True)
    else:
        bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return CleanPhoto(out.getvalue(), "png" if transparent else "jpg", bare.width, bare.height)


def read_photo(path: str | Path) -> bytes:
    """The bytes of a photo file the user chose: an ordinary file, never more than the limit read."""
    try:
        return read_limited(path, MAX_PHOTO_BYTES)
    except TooLargeError as error:
        raise _problem("photo_too_large", size=error.size // (1024 * 1024),
                       limit=MAX_PHOTO_BYTES // (1024 * 1024)) from None
    except NotAFileError:
        raise InputError([Problem("not_a_file", "attachments")]) from None
    except OSError as error:
        raise _problem("photo_unreadable", detail=error.strerror or str(error)) from None


def store_photo(photo: CleanPhoto, photo_dir: Path, key: bytes | None = None) -> str:
    """Write the cleaned photo into photo_dir (once); return its stored path."""
    relative = photo.stored_path(key)
    target = Path(photo_dir) / relative.removeprefix("photos/")
    try:
        if not target.exists():
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(target, photo.data, private=True)
    except OSError as error:
        params = {"path": str(photo_dir), "detail": error.strerror or str(error)}
        # A full disk gets the store's message: the cure (free some space) is the same.
        problem = Problem("disk_full", params=params) if is_disk_full(error) else PhotoProblem(
            "photos_unwritable", "attachments", params)
        raise InputError([problem]) from None
    return relative


def import_photo(source: str | Path, photo_dir: Path, key: bytes | None = None) -> str:
    """A photo file the user chose, cleaned and stored (named with the store's ``key``); its stored path."""
    return store_photo(clean_photo(read_photo(source)), photo_dir, key)


def attach_photo(store, incident_id: str, source: str | Path, caption_ar: str = "", caption_en: str = "",
                 publishable: bool = False):
    """Clean a photo file, store it and add it to a stored incident; returns the incident.

    The photo is written before the incident refers to it, so a crash between the two
    leaves at worst an unused file, never an incident pointing at nothing.
    """
    incident = store.get(incident_id)
    stored = import_photo(source, store.photo_dir, store.file_key(PHOTO_KEY))
    data = incident.model_dump(mode="json")
    data["attachments"].append({"path": stored, "caption": {"ar": caption_ar, "en": caption_en},
                                "publishable": publishable})
    updated = parse_incident(data)  # the same limits as any input: caption length, 50 attachments
    store.save(updated)
    return updated


def stored_file(photo_dir: Path | str | None, attachment_path: str) -> Path | None:
    """The file of a stored photo, or None for any other path (foreign files are never read)."""
    if not photo_dir or not STORED_PATH.match(attachment_path):
        return None
    # Absolute: the renderer reads it through a file:// URL, which a relative --db
    # (`sitrep render --db data.db --id …`) cannot give.
    path = Path(photo_dir).absolute() / attachment_path.removeprefix("photos/")
    return path if path.is_file() else None
