"""The form's photo list: add photos (cleaned off the UI thread), captions, publishable.

Cleaning a 12-megapixel phone photo (decode, turn, scale, encode) takes about a
second, so a batch of files is cleaned in a job (gui/jobs.py); each row appears when
its cleaned copy is stored. Only the cleaned copy is ever stored (sitrep/photos.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sitrep.i18n import N_
from sitrep.contract.model import MAX_ROWS
from sitrep.photos import import_photo, read_stored
from sitrep.contract.problems import InputError

from gui.jobs import Job, Progress
from gui.qt_i18n import UiLanguage
from gui.rows import Column, RowsEditor

PHOTO_COLUMNS = [
    Column("path", N_("Photo"), "photo"),
    Column("caption.en", N_("Caption (English)")),
    Column("caption.ar", N_("Caption (Arabic)")),
    Column("publishable", N_("May be published"), "flag"),
]
MSG_CHOOSE = N_("Add photos")
MSG_FILTER = N_("Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG)")
MSG_REFUSED = N_("Photo not added")
MSG_TOO_MANY = N_("An incident can have at most {count} photos.")
THUMBNAIL = (96, 72)


class PhotosEditor(RowsEditor):
    busy_changed = Signal(bool)

    def __init__(self, ui: UiLanguage):
        super().__init__(ui, PHOTO_COLUMNS, N_("Add photos…"))
        self.photo_dir: Path | None = None  # set by the main window from its store
        self.photo_key: bytes | None = None  # the store's key that names stored photos
        self.thumbnail = self._thumbnail
        self._batches = 0  # batches of files still being cleaned

    def _thumbnail(self, path: str) -> QPixmap | None:
        # The stored file is sealed: the photo is unsealed and decoded in memory only.
        data = read_stored(self.photo_dir, path, self.photo_key)
        if data is None:
            return None
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return None
        return pixmap.scaled(*THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)

    def on_add(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.ui.t(MSG_CHOOSE), str(Path.home()), self.ui.t(MSG_FILTER))
        if files:
            self.add_files(files)

    def add_files(self, files: list[str]) -> None:
        """Clean and store the files in the background; each becomes a row when done."""
        if self.photo_dir is None:
            return
        room = MAX_ROWS - self.table.rowCount()
        if len(files) > room:
            self._show_refusal("", self.ui.t(MSG_TOO_MANY, count=MAX_ROWS))
            files = files[:max(room, 0)]
        if not files:
            return
        self._batches += 1
        self.add_button.setEnabled(False)
        self.busy_changed.emit(True)
        # As they are now, not when the thread reads them.
        files, photo_dir, key = list(files), Path(self.photo_dir), self.photo_key
        Job(self, lambda job: self._clean_and_store(job, files, photo_dir, key), self._end_batch, self._failed_batch,
            on_progress=self._cleaned).start()

    def _clean_and_store(self, job: Job, files: list[str], photo_dir: Path, key: bytes | None) -> None:
        # Runs in the job's thread: each file's outcome goes to the UI thread as progress.
        for done, file in enumerate(files, 1):
            try:
                outcome = ("stored", import_photo(file, photo_dir, key))
            except InputError as error:
                outcome = ("refused", Path(file).name, error.problems[0].text(self.ui.lang))
            except OSError as error:  # the data folder is full or read-only
                outcome = ("refused", Path(file).name, error.strerror or str(error))
            job.report(done, len(files), item=outcome)

    def _cleaned(self, progress: Progress) -> None:
        kind, *details = progress.item
        if kind == "stored":
            self.add_row({"path": details[0]})
        else:
            self._show_refusal(*details)

    def _failed_batch(self, error: BaseException) -> None:
        self._end_batch(None)
        self._show_refusal("", f"{type(error).__name__}: {error}")

    def _end_batch(self, _result) -> None:
        self._batches -= 1
        if not self._batches:
            self.add_button.setEnabled(True)
            self.busy_changed.emit(False)

    def _show_refusal(self, name: str, message: str) -> None:
        QMessageBox.warning(self, self.ui.t(MSG_REFUSED), f"{name}\n{message}" if name else message)

    def busy(self) -> bool:
        return self._batches > 0
