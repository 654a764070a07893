"""Keep the gettext catalogs in step with the code: extract, update, fix, compile.

    python scripts/catalogs.py          # after changing any user-visible string

Babel (up to 2.18 at least) writes a wrong Arabic Plural-Forms header, so the
header is set here explicitly after every update; the English catalog's
translations are the msgids themselves, so it is filled in automatically.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
DOMAIN = "sitrep"
ARABIC_PLURALS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", *args], cwd=ROOT, check=True)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(lang: str):
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def save(catalog, lang: str) -> None:
    with po_path(lang).open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
    with po_path(lang).with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


def fix_arabic_header(path: Path) -> None:
    lines, continued = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if continued:  # the rest of a Plural-Forms value that Babel wrapped over several lines
            continued = not line.endswith('\\n"')
            continue
        if line.startswith('"Plural-Forms:'):
            lines.append(f'"Plural-Forms: {ARABIC_PLURALS}\\n"')
            continued = not line.endswith('\\n"')
        else:
            lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    pot = LOCALE / "messages.pot"
    pybabel("extract", "-F", "babel.cfg", "-o", str(pot), "--project=sitrep",
            "--copyright-holder=sitrep contributors", "--no-location", "--sort-output", "-k", "N_plural:1,2", ".")
    for lang in ("ar", "en"):
        command = "update" if po_path(lang).exists() else "init"
        pybabel(command, "-i", str(pot), "-d", str(LOCALE), "-D", DOMAIN, "-l", lang,
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []))
    english = load("en")
    for message in english:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    save(english, "en")
    fix_arabic_header(po_path("ar"))
    arabic = load("ar")
    save(arabic, "ar")
    fix_arabic_header(po_path("ar"))
    missing = [m.id for m in arabic
               if m.id and ("fuzzy" in m.flags or not (all(m.string) if m.pluralizable else m.string))]
    if missing:
        print(f"{len(missing)} Arabic messages untranslated or fuzzy (fuzzy ones are not compiled):")
        for msgid in missing:
            print("  ", msgid)


if __name__ == "__main__":
    main()
