"""The per-incident cache of laid-out detail sections.

A detail section depends only on its incident, the print options, the templates, the
translations and the code that turns an incident into printed text (the data contract,
the flash update's context and the bilingual helpers); its PDF is kept under a hash of
all of them, so a report laid out again after one incident changed lays out only that
one, and a section laid out by another version of the data contract or of that code is never reused.

The files hold what the report printed (sources and internal notes in an internal report), and
they live outside the store, in the user's cache folder: so they are sealed with the store's
key (sitrep/sealing.py; Store.file_key("report-cache")), named by keyed hashes, readable by the
owner only, and the oldest are pruned. Without a key nothing is written to disk at all.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from sitrep.render.bilingual import Options
from sitrep.contract import model
from sitrep.contract.model import Incident
from sitrep.fileio import destroy_file, remove_stale
from sitrep.paths import LOCALE_DIR
from sitrep.sealing import seal, unseal

MAX_FILES = 2_000  # batches of up to DETAIL_JOB_SIZE incidents each
STALE_PARTIAL_SECONDS = 3600
FORMAT = "4"  # bump when the cached file's meaning changes (4: sealed batches)
# What a detail section prints is decided by these modules too, not only by the
# templates: a v1 section printed "0" where v2 prints "not known" from the same file.
CODE_MODULES = ("contract/model.py", "flash_update/context.py", "render/labels.py", "render/bilingual.py",
                "contract/vocab.py", "formatting.py", "contract/public_profile.py")  # under sitrep/


@lru_cache(maxsize=1)
def _catalogs_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256()
    package = Path(model.__file__).parent.parent
    for name in CODE_MODULES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def key(incident: Incident, options: Options, template_version: str) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, str(model.SCHEMA_VERSION), code_digest(), template_version, _catalogs_digest(),
                 options.languages, options.digits,
                 options.profile, options.arabic_locale, incident.model_dump_json()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write beside ``path``, then rename: readable by the owner only (mkstemp's 0600).

    Not flushed to disk (atomic_write's fsync of each file and its folder cost ~0.8 ms
    per incident on the benchmark machine, more on slow disks): after a crash a torn
    batch fails the %PDF...%%EOF check and a torn reference fails to parse, and either
    only costs a new layout.
    """
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class PartCache:
    """Detail sections by key, stored as batches: one PDF per layout run plus, for each
    incident, a small reference file "<batch> <first page> <page count>".

    Cutting a batch into one PDF per incident cost ~90 ms an incident in pypdf and
    repeated the batch's font subsets in every piece; a reference costs nothing, and the
    join reads each batch once. Without a folder the cache only lives for one report.
    """

    def __init__(self, folder: Path | None, key: bytes | None = None):
        self.folder = folder if key else None  # no key, no files: never a section in the clear
        self.key = key
        self.hits = self.misses = 0
        self._memory: dict[str, bytes] = {}

    def _keyed(self, text: str | bytes) -> str:
        """A name that says nothing of what it names, to whoever lacks the key."""
        data = text.encode("ascii") if isinstance(text, str) else text
        return hmac.new(self.key or b"", data, hashlib.sha256).hexdigest()

    def _ref_path(self, name: str) -> Path:
        name = self._keyed(name)
        return self.folder / "refs" / name[:2] / name

    def _batch_path(self, batch: str) -> Path:
        return self.folder / "batches" / f"{batch}.sealed"

    def lookup(self, name: str) -> tuple[str, int, int] | None:
        if self.folder is None:
            self.misses += 1
            return None
        try:
            batch, first, count = self._ref_path(name).read_text(encoding="ascii").split()
            found = (batch, int(first), int(count))
        except (OSError, ValueError):
            found = None
        if found is None or not self._batch_path(found[0]).is_file():
            self.misses += 1
            return None
        self.hits += 1
        return found

    def batch(self, batch: str) -> bytes | None:
        if batch in self._memory:
            return self._memory[batch]
        try:
            data = unseal(self.key, self._batch_path(batch).read_bytes(), batch) if self.folder else None
        except OSError:
            return None
        if data is None or not data.startswith(b"%PDF") or not data.rstrip().endswith(b"%%EOF"):
            return None  # another store's key, or a damaged file
        os.utime(self._batch_path(batch))  # recently used: kept by prune()
        self._memory[batch] = data
        return data

    def store(self, data: bytes, sections: list[tuple[str, int, int]]) -> str:
        """Keep one laid-out batch and its sections [(name, first page, count)]; returns its name."""
        batch = self._keyed(data)[:32]
        self._memory[batch] = data
        if self.folder is None:
            return batch
        try:
            path = self._batch_path(batch)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write(path, seal(self.key, data, batch))
            for name, first, count in sections:
                ref = self._ref_path(name)
                ref.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                _write(ref, f"{batch} {first} {count}".encode("ascii"))
        except OSError:
            pass  # a cache that cannot be written only costs time
        return batch

    def prune(self, keep: int = MAX_FILES) -> None:
        """Drop the least recently used batches beyond ``keep`` (their references then miss),
        and the half-written files of a report that was stopped in the middle of a write."""
        if self.folder is None or not (self.folder / "batches").is_dir():
            return
        self._sweep_partial_writes()
        for legacy in (self.folder / "batches").glob("*.pdf"):  # before version 4: in the clear
            destroy_file(legacy)  # what cannot go now is left for the next prune, or sitrep wipe
        files = list((self.folder / "batches").glob("*.sealed"))
        if len(files) <= keep:
            return
        files.sort(key=lambda path: path.stat().st_mtime)
        for path in files[: len(files) - keep]:
            path.unlink(missing_ok=True)

    def _sweep_partial_writes(self) -> None:
        # Stopping a report ends its process at once, possibly inside _write(): the temporary
        # file is left behind. One older than an hour is not being written by anyone.
        remove_stale([*self.folder.glob("batches/.*.tmp"), *self.folder.glob("refs/*/.*.tmp")],
                     STALE_PARTIAL_SECONDS)
