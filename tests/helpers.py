"""Helpers shared by tests and benchmarks (not fixtures: those live in conftest.py).

Test modules import from here, never from each other or from conftest."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

from sitrep.contract.documents import parse_incident
from sitrep.store import Store
from sitrep.vault import PASSPHRASE_VARIABLE, SALT_BYTES, StoreKey, derive, file_salt, store_state

# Every test store is encrypted with this passphrase. conftest puts it in SITREP_PASSPHRASE,
# so the CLI and app processes that tests start open the same stores.
TEST_PASSPHRASE = "a test passphrase, not a secret"
_TEST_SALT = bytes(range(SALT_BYTES))
_test_keys: dict[bytes, StoreKey] = {}


def passphrase_key(path=None) -> StoreKey:
    """The test passphrase's key for the store at ``path``: its own salt if it exists (a store
    the CLI made has a random one), a fixed one for a new store. Derived once per salt."""
    salt = _TEST_SALT
    if path is not None and store_state(path) == "encrypted":
        salt = file_salt(path)
    if salt not in _test_keys:
        _test_keys[salt] = derive(TEST_PASSPHRASE, salt)
    return _test_keys[salt]


def open_store(path, daily_backup: bool = True) -> Store:
    """The store at ``path``, opened (or made) with the test passphrase."""
    return Store(path, passphrase_key(path), daily_backup=daily_backup)


def raw_connection(path):
    """A plain SQLCipher connection to the test store at ``path``, for tests that write what
    an older sitrep or another program would have (the store's own API refuses to)."""
    from sitrep.store import connect

    return connect(Path(path), passphrase_key(path))


def passphrase_environment() -> None:
    """Give processes started from here the test passphrase (tests and benchmarks)."""
    os.environ[PASSPHRASE_VARIABLE] = TEST_PASSPHRASE


def children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running, not gone and not a zombie waiting for a parent that will never reap it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


ROOT = Path(__file__).resolve().parent.parent


DATA = Path(__file__).resolve().parent / "data"


SAMPLES = ROOT / "resources" / "samples"


SECRETS = ("SECRET-NOTE-7731", "SECRET-SOURCE-4412", "+963-SECRET-CONTACT")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def pdf_language(data: bytes) -> str:
    """The /Lang entry of a PDF's catalog, through PDFium."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(data)
    try:
        size = raw.FPDFCatalog_GetLanguage(document.raw, None, 0)  # bytes, UTF-16LE with a final NUL
        buffer = (ctypes.c_ushort * (size // 2))()
        raw.FPDFCatalog_GetLanguage(document.raw, buffer, size)
        return bytes(buffer)[: max(0, size - 2)].decode("utf-16-le")
    finally:
        document.close()


def pdf_pages(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def pdf_metadata(data: bytes) -> dict:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return document.get_metadata_dict()
    finally:
        document.close()


def run_cli(*args: str, lang: str = "en_GB.UTF-8", cwd: Path | None = None, env_extra: dict | None = None,
            timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """The real command line, as a separate process."""
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    env.update(env_extra or {})
    env.pop("SITREP_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True, encoding="utf-8",
                          errors="replace", env=env, cwd=cwd or ROOT, timeout=timeout, **kwargs)


WAIT_MS = 60_000  # a PDF is rendered in a child process that starts on first use


def press(window, shortcut: str) -> None:
    """Send a key combination to the window, as the keyboard would."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    QApplication.processEvents()
    modifiers = Qt.KeyboardModifier.NoModifier
    *mods, key = shortcut.split("+")
    for mod in mods:
        modifiers |= {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Shift": Qt.KeyboardModifier.ShiftModifier}[mod]
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{key}"), modifiers)


SECRET_BITS = (b"SecretCam", b"SECRET-SOFTWARE", b"SECRET-PHOTOGRAPHER", b"SECRET-COMMENT", b"Exif",
               b"http://ns.adobe.com/xap", b"adobe:ns:meta")


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SECRET-PHOTOGRAPHER</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')


def phone_photo(width=3000, height=2000) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position, XMP author, a comment, turned on its side."""
    image = Image.new("RGB", (width, height), (120, 160, 200))
    ImageDraw.Draw(image).rectangle((width // 6, height // 4, width // 2, height // 2), fill=(200, 80, 60))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x0131] = "SECRET-SOFTWARE"
    exif[0x0112] = 6  # orientation: rotate 90° when shown
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (36.0, 12.0, 30.0), 3: "E", 4: (36.0, 40.0, 10.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP, comment=b"SECRET-COMMENT")
    return out.getvalue()


def images_in(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return sum(1 for page in document for obj in page.get_objects() if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
    finally:
        document.close()


MAY = (dt.date(2016, 5, 1), dt.date(2016, 5, 31))


def may_incidents():
    """The two samples and a third-party incident, all in May 2016."""
    found = [parse_incident(load_json(SAMPLES / name))
             for name in ("kafr-naha-field-hospital.json", "atarib-civil-defence.json")]
    third = load_json(DATA / "third_party_incident.json")
    third["date"] = "2016-05-20"
    third["id"] = "third-party-2016-05-20"  # a fixed ID: without one, every parse makes a new one
    for row in third["sources"]:
        row["date"] = "2016-05-20"
    return found + [parse_incident(third)]


def many_incidents(count: int) -> list:
    """``count`` copies of a sample incident in May 2016, each with its own ID."""
    base = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    made = []
    for n in range(count):
        data = json.loads(json.dumps(base))
        data["id"] = f"many-{n:04d}"
        data["date"] = f"2016-05-{n % 28 + 1:02d}"
        made.append(parse_incident(data))
    return made


def store_with(path, incidents):
    with open_store(path) as store:
        store.add_many(incidents)
    return path


def kill_all(pids) -> None:
    """Clean up after a failed test: the processes it started, by their IDs."""
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def with_a_draft():
    """The May incidents with the third one (the only one of 20 May) a draft; and its ID."""
    found = may_incidents()
    found[2] = found[2].model_copy(update={"status": "draft"})  # the only incident of 20 May
    return found, found[2].id


# A real PostgreSQL for the team server's tests: a throwaway cluster in a temporary folder.

PG_SUPERUSER_PASSWORD = "test-superuser-pw"


def postgres_bindir() -> Path | None:
    """The folder of initdb/pg_ctl: ``pg_config --bindir``, else Debian's /usr/lib/postgresql/*/bin
    (the newest); None when the server is not installed."""
    import glob
    import shutil

    candidates = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    candidates += [Path(path) for path in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                 key=lambda path: int(path.split("/")[-2]), reverse=True)]
    return next((path for path in candidates if (path / "initdb").exists() and (path / "pg_ctl").exists()), None)


class PostgresCluster:
    """initdb + pg_ctl on a free port of 127.0.0.1, in a folder of its own, removed by ``stop``.

    initdb refuses to run as root, so as root (CI) the server's programs run as the ``postgres``
    system user, which owns the folder. Password logins (scram-sha-256) over TCP, as on a real
    server; the superuser is ``postgres`` with PG_SUPERUSER_PASSWORD."""

    def __init__(self, bindir: Path):
        import socket
        import tempfile

        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        self.data = self.folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._as_root = os.geteuid() == 0
        if self._as_root:
            import shutil

            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_root else []
        return subprocess.run(prefix + list(command), capture_output=True, text=True, timeout=120,
                              cwd=self.folder)

    def start(self, tls: bool = False) -> None:
        """initdb and pg_ctl start; ``tls``: with a self-signed certificate for another name, which
        no client that checks certificates accepts (the test of a failed secure connection)."""
        password_file = self.folder / "pw"
        password_file.write_text(PG_SUPERUSER_PASSWORD + "\n")
        if self._as_root:
            import shutil

            shutil.chown(password_file, "postgres", "postgres")
        made = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--no-locale",
                         "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256",
                         f"--pwfile={password_file}")
        if made.returncode:
            raise RuntimeError(f"initdb failed: {made.stderr}")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.folder}'\nfsync = off\n")
            if tls:
                conf.write("ssl = on\n")
        if tls:
            self._self_signed_certificate()
        started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                            "-w", "-t", "60", "start")
        if started.returncode:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log}")

    def _self_signed_certificate(self) -> None:
        made = self._run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                         "-subj", "/CN=not-this-server.example", "-keyout", str(self.data / "server.key"),
                         "-out", str(self.data / "server.crt"))
        if made.returncode:
            raise RuntimeError(f"openssl failed: {made.stderr}")
        os.chmod(self.data / "server.key", 0o600)

    def restart(self) -> None:
        """A fast restart, as an administrator's: every open connection is cut."""
        done = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60",
                         "-l", str(self.folder / "log"), "restart")
        if done.returncode:
            raise RuntimeError(f"pg_ctl restart failed: {done.stderr}")

    def stop(self) -> None:
        import shutil

        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, user: str = "postgres", password: str = PG_SUPERUSER_PASSWORD, dbname: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh database owned by a new administrator that is not a superuser (as on a hosted
        PostgreSQL): its admin connection string."""
        import uuid

        import psycopg
        from psycopg import sql

        name = f"t{uuid.uuid4().hex[:12]}"
        password = uuid.uuid4().hex
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(f"{name}_admin"), sql.Literal(password)))
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name),
                                                                       sql.Identifier(f"{name}_admin")))
        return self.dsn(f"{name}_admin", password, name)


def team_user(admin_dsn: str, role: str) -> str:
    """A new user of the team server at ``admin_dsn`` (initialized here if need be): the connection
    string ``sitrep team add-user`` printed on its last line."""
    import uuid

    assert run_cli("team", "init", "--dsn", admin_dsn, timeout=60).returncode == 0
    made = run_cli("team", "add-user", f"{role[:3]}_{uuid.uuid4().hex[:8]}", "--role", role, "--dsn", admin_dsn,
                   timeout=60)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]

