"""sitrep: bilingual (Arabic + English) reports on attacks against health care.

The core library. It never imports Qt: the GUI in gui/ calls into it, never the reverse.
"""

__version__ = "0.1.0"
