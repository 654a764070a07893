"""The PySide6 front end: widgets only; everything else is in sitrep/."""
