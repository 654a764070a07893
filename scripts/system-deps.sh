#!/bin/sh
# Installs the Debian packages sitrep needs, if any is missing.
#   libharfbuzz-subset0  lets WeasyPrint subset fonts with HarfBuzz (seconds faster per PDF)
#   libpango* / libfontconfig1  WeasyPrint's text layout
#   poppler-utils        pdftoppm / pdftotext / pdffonts, used by tests and to look at PDFs
#   gettext              msgfmt, whose -c check of the Arabic catalog is a test (tests/test_arabic_editor.py)
#   postgresql           the team server's tests start a throwaway PostgreSQL (initdb/pg_ctl, tests/team/)
#   openssl              makes the certificate of the test of a failed secure connection (tests/team/)
#   libegl1 libgl1 libxkbcommon* libxcb-* libdbus-1-3  Qt's runtime libraries (PySide6 wheels)
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -eu

# "a|b": either name will do (Debian 13 renamed some libraries, e.g. libglib2.0-0t64);
# the first is installed when neither is present.
PACKAGES="libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 libfontconfig1 poppler-utils gettext postgresql openssl
libegl1 libgl1 libglib2.0-0t64|libglib2.0-0 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "sitrep: not a Debian system; install HarfBuzz (subset), Pango, poppler and Qt's runtime libraries yourself."
    exit 0
fi

# python3 -m venv needs Debian's python3-venv when Python is Debian's own.
if ! python3 -c "import ensurepip" >/dev/null 2>&1; then
    PACKAGES="$PACKAGES python3-venv"
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

available() {
    apt-cache show "$1" >/dev/null 2>&1
}

missing=""
for entry in $PACKAGES; do
    found=""
    for package in $(echo "$entry" | tr '|' ' '); do
        installed "$package" && found=yes && break
    done
    [ -n "$found" ] && continue
    choice=""
    for package in $(echo "$entry" | tr '|' ' '); do
        if available "$package"; then choice=$package; break; fi
    done
    missing="$missing ${choice:-${entry%%|*}}"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "sitrep: installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "sitrep: these system packages are missing:$missing"
    echo "Install them with:"
    echo "    sudo apt-get install -y --no-install-recommends$missing"
    exit 1
fi
