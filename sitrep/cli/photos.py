"""``sitrep attach ID FILE``: add a cleaned photo to a stored incident."""

from __future__ import annotations

from pathlib import Path

from sitrep.cli.console import open_store
from sitrep.i18n import N_

MSG_ATTACHED = N_("Attached to {id}: {path} ({width}×{height}, all metadata removed).")
HELP = {
    "attach": N_("attach a JPEG or PNG photo to a stored incident (its metadata and location are removed)"),
    "caption_ar": N_("caption in Arabic"),
    "caption_en": N_("caption in English"),
    "publishable": N_("the photo may appear in public reports"),
}


def register(registrar) -> dict:
    t = registrar.console.t
    attach = registrar.command("attach", uses_db=True, help_text=HELP["attach"])
    attach.add_argument("id")
    attach.add_argument("file", type=Path)
    attach.add_argument("--caption-ar", default="", help=t(HELP["caption_ar"]))
    attach.add_argument("--caption-en", default="", help=t(HELP["caption_en"]))
    attach.add_argument("--publishable", action="store_true", help=t(HELP["publishable"]))
    return {"attach": cmd_attach}


def cmd_attach(args, console) -> int:
    import io

    from PIL import Image  # start-up time
    from sitrep.photos import PHOTO_KEY, attach_photo, read_stored

    with open_store(args, console) as store:
        incident = attach_photo(store, args.id, args.file, args.caption_ar, args.caption_en, args.publishable)
        stored = incident.attachments[-1].path
        # The stored file is sealed: its size is read from the photo unsealed in memory.
        with Image.open(io.BytesIO(read_stored(store.photo_dir, stored, store.file_key(PHOTO_KEY)))) as image:
            width, height = image.size
    console.out(MSG_ATTACHED, id=args.id, path=stored, width=width, height=height)
    return 0
