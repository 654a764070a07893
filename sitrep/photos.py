"""Photos attached to an incident: checked, stripped of all metadata, stored by content.

A photo can give away who took it and where: EXIF GPS, the camera's serial number,
XMP edit history, an embedded thumbnail of the uncropped original. So nothing of the
original file is kept but its pixels. Pillow decodes it (JPEG or PNG, judged by its
content, never by its name), turns it upright, scales it down, and a brand-new image
made from those pixels alone is encoded and stored. The original is never copied.

Stored photos live in ``photos/`` beside the database, named by an HMAC of the cleaned
file under the store's photo key (``photos/<64 hex>.jpg``). An incident refers to them by
that relative path; nothing else of the disk is ever read for a report.

A photo shows a place, a wounded person, a face: its content is sealed like every other file
sitrep keeps outside the store (sitrep/sealing.py, the store's key for PHOTO_KEY, the stored
path as the label). The file keeps its name, ``.jpg`` or ``.png`` included, although it holds
sealed bytes: that name is the attachment path of the data contract (in stored incidents, in
exported JSON and in the JSON inside every PDF), so it cannot change, and one name on disk and
in the data means no table of names to keep right through crashes and wipes. The extension says
what the sealed bytes unseal to. Every reader unseals in memory (read_stored); the renderer gets
the bytes as data: URLs, so no plaintext copy is ever written, not even a temporary one.

Photos stored by an older sitrep are plaintext files under the same names. read_stored still
accepts one (only if its content hashes to its name, so nothing else passes for it), and
seal_legacy_photos, run by the store each time it opens, seals them all in place. At the
opening rather than at a photo's first view, because a photo nobody opens again would
otherwise stay in the clear for ever; finding none costs a listing and a 16-byte read a file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from sitrep.contract.documents import parse_incident
from sitrep.fileio import NotAFileError, TooLargeError, atomic_write, destroy_file, is_disk_full, read_limited
from sitrep.i18n import N_
from sitrep.contract.problems import InputError, Problem
from sitrep.sealing import MAGIC, seal, unseal

MAX_PHOTO_BYTES = 25 * 1024 * 1024  # a phone's full-size JPEG is 3-12 MB
MAX_PIXELS = 60_000_000  # decompression-bomb guard: a 200 MP phone photo is refused, a 48 MP one is not
# A JPEG is decoded at 1/2 to 1/8 scale when that is enough; a PNG only at full size
# (4 bytes a pixel with transparency). 30 MP is a 6000×5000 scan; 59 MP took 1 GB.
MAX_PNG_PIXELS = 30_000_000
MAX_SIDE = 2400  # enough for a printed A4 photo at 200 dpi; keeps the database folder small
JPEG_QUALITY = 85
STORED_PATH = re.compile(r"^photos/[0-9a-f]{64}\.(jpg|png)$")
STORED_NAME = re.compile(r"^([0-9a-f]{64})\.(jpg|png)$")  # a file in photo_dir
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # what clean_photo writes: JPEG, PNG
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
# A plaintext photo kept under a second name while its sealed copy replaces it (seal_legacy_photos);
# atomic_write's temporary-file form, so sitrep wipe recognises it too.
ASIDE_SUFFIX = ".plain.tmp"


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
    """Write the cleaned photo into photo_dir (once), sealed with ``key``; return its stored path.

    Without a key (a library caller with no store) the file is written in the clear."""
    relative = photo.stored_path(key)
    target = Path(photo_dir) / relative.removeprefix("photos/")
    try:
        if not target.exists():
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(target, seal(key, photo.data, relative) if key else photo.data, private=True)
    except OSError as error:
        params = {"path": str(photo_dir), "detail": error.strerror or str(error)}
        # A full disk gets the store's message: the cure (free some space) is the same.
        problem = Problem("disk_full", params=params) if is_disk_full(error) else PhotoProblem(
            "photos_unwritable", "attachments", params)
        raise InputError([problem]) from None
    return relative


def store_received(photo_dir: Path, attachment_path: str, data: bytes, key: bytes) -> bool:
    """A photo that came from the team server, kept under the name its incident gives it, sealed
    with this store's key (sitrep/team/sync.py). Only a stored photo's name and a JPEG or PNG of at
    most the size limit are kept; anything else is left out (False)."""
    if not STORED_PATH.match(attachment_path) or not data.startswith(IMAGE_SIGNATURES) \
            or len(data) > MAX_PHOTO_BYTES:
        return False
    target = Path(photo_dir) / attachment_path.removeprefix("photos/")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(target, seal(key, data, attachment_path), private=True)
    return True


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
    """The file of a stored photo, or None for any other path (foreign files are never read).

    Its bytes are sealed: read them with read_stored."""
    if not photo_dir or not STORED_PATH.match(attachment_path):
        return None
    path = Path(photo_dir).absolute() / attachment_path.removeprefix("photos/")
    return path if path.is_file() else None


def read_stored(photo_dir: Path | str | None, attachment_path: str, key: bytes | None) -> bytes | None:
    """The cleaned photo (JPEG or PNG bytes) of a stored attachment, unsealed in memory.

    None for a path that is not a stored photo, a missing file, or one that opens neither with
    ``key`` nor as an older version's plaintext photo of that very name."""
    path = stored_file(photo_dir, attachment_path)
    if path is None:
        return None
    try:
        data = read_limited(path, MAX_PHOTO_BYTES + 1024)  # sealing adds 44 bytes
    except (OSError, TooLargeError, NotAFileError):
        return None
    return open_photo(data, attachment_path, key)


def open_photo(data: bytes, attachment_path: str, key: bytes | None) -> bytes | None:
    """A stored file's bytes as the photo they hold: unsealed, or accepted as a legacy plaintext one."""
    if data.startswith(MAGIC):
        return unseal(key, data, attachment_path) if key else None
    return data if is_legacy_photo(data, attachment_path, key) else None


def is_legacy_photo(data: bytes, attachment_path: str, key: bytes | None) -> bool:
    """True for a plaintext photo stored by an older sitrep: an image whose content gives its name,
    by the store's keyed hash or, older still, by a plain SHA-256."""
    if not STORED_PATH.match(attachment_path) or not data.startswith(IMAGE_SIGNATURES):
        return False
    name = attachment_path.removeprefix("photos/").split(".")[0]
    digests = [hashlib.sha256(data).hexdigest()]
    if key:
        digests.append(hmac.new(key, data, hashlib.sha256).hexdigest())
    return any(hmac.compare_digest(name, digest) for digest in digests)


def data_url(attachment_path: str, data: bytes) -> str:
    """The photo as a data: URL, so the renderer reads it from memory, never from a file."""
    return f"data:{MIME_TYPES[attachment_path.rsplit('.', 1)[1]]};base64,{base64.b64encode(data).decode('ascii')}"


def seal_legacy_photos(photo_dir: Path, key: bytes | None) -> int:
    """Seal in place every plaintext photo an older sitrep stored in ``photo_dir``; how many.

    Run by the store when it opens. A photo that cannot be sealed now (a read-only folder) stays
    readable and is tried again at the next opening. Each is replaced so that a crash at any
    moment leaves the plaintext file or the sealed one under its name (see _seal_in_place)."""
    if key is None or not Path(photo_dir).is_dir():
        return 0
    sealed = 0
    try:
        for aside in Path(photo_dir).glob(f".*{ASIDE_SUFFIX}"):  # left by a crash in _seal_in_place
            destroy_file(aside)
        names = [path for path in Path(photo_dir).iterdir() if STORED_NAME.match(path.name)]
    except OSError:
        return 0
    for path in names:
        try:
            if not _starts_with(path, MAGIC):
                sealed += _seal_in_place(path, key)
        except (OSError, TooLargeError, NotAFileError):
            pass  # what could not be done now is tried again at the next opening
    return sealed


def _starts_with(path: Path, prefix: bytes) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(prefix)) == prefix


def _seal_in_place(path: Path, key: bytes) -> int:
    """One legacy photo sealed: 1, or 0 if it is not one (a damaged or foreign file is left alone).

    The sealed copy replaces it by atomic_write, which only unlinks the old file: its blocks
    would still hold the photo. So the plaintext first gets a second name (a hard link), and
    once the sealed copy is in place it is overwritten and removed under that name."""
    relative = f"photos/{path.name}"
    data = read_limited(path, MAX_PHOTO_BYTES)
    if not is_legacy_photo(data, relative, key):
        return 0
    aside = path.with_name(f".{path.name}{ASIDE_SUFFIX}")
    try:
        os.link(path, aside)
    except OSError:
        aside = None  # a file system without hard links (FAT): the old blocks are only freed
    atomic_write(path, seal(key, data, relative), private=True)
    if aside is not None:
        destroy_file(aside)
    return 1
