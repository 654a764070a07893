"""Holes found by attack on the store and on output paths (issue 11, items 3, 5 and 9).

Real processes, real SQLite files, real full disks: a full disk is a tmpfs of a few
hundred kilobytes mounted in a Linux user namespace (``unshare -rm``, no root needed);
where that is not available (Windows, macOS, a locked-down container) those tests skip,
and tests/test_store.py still checks the same errors in-process with SQLite's own
``max_page_count`` limit.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli, open_store, raw_connection, passphrase_key

from sitrep.contract.documents import parse_incident
from sitrep.store import MIGRATIONS, SCHEMA_VERSION


TODAY = f"{dt.date.today():%Y%m%d}"


def incident_files(folder: Path, kafr_naha: dict, count: int, prefix: str = "i") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        path = folder / f"{prefix}{n}.json"
        path.write_text(json.dumps({**kafr_naha, "id": f"{prefix}{n}"}), encoding="utf-8")
        files.append(path)
    return files


def database(path: Path, kafr_naha: dict, count: int) -> Path:
    """A database of ``count`` incidents, without a backup of today."""
    with open_store(path, daily_backup=False) as store:
        store.add_many([parse_incident({**kafr_naha, "id": f"stored{n}"}) for n in range(count)])
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def at_once(commands: list[tuple]) -> list[subprocess.CompletedProcess]:
    """Run every command line as its own process, all at the same time."""
    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(lambda args: run_cli(*args), commands))


def failures(results) -> list[str]:
    return [r.stderr.strip() for r in results if r.returncode != 0]


# Item 3: the daily backup and concurrent opens


def test_twelve_concurrent_opens_with_todays_backup_missing_all_succeed(tmp_path, kafr_naha):
    db = database(tmp_path / "own.db", kafr_naha, 1000)  # 4 MB: each copy takes long enough to overlap others
    for _ in range(2):  # the race needs some luck: two rounds made it show in most runs before the fix
        shutil.rmtree(tmp_path / "backups", ignore_errors=True)
        results = at_once([("show", "--db", str(db), "stored7")] * 12)
        assert failures(results) == []
        assert all(json.loads(r.stdout)["id"] == "stored7" for r in results)
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [f"own-{TODAY}.db"]  # no partial files
    with open_store(tmp_path / "backups" / f"own-{TODAY}.db", daily_backup=False) as copy:
        assert copy.count() == 1000


def test_twelve_concurrent_adds_on_a_database_that_does_not_exist_yet(tmp_path, kafr_naha):
    db = tmp_path / "data" / "new.db"
    files = incident_files(tmp_path / "in", kafr_naha, 12)
    results = at_once([("add", "--db", str(db), str(f)) for f in files])
    assert failures(results) == []
    with open_store(db, daily_backup=False) as store:
        assert store.count() == 12
    assert not list(db.parent.glob("*.before-v*"))  # created new: nothing to migrate


def test_concurrent_opens_of_an_old_database_migrate_it_once(tmp_path, kafr_naha):
    import time

    db = tmp_path / "old.db"
    old = raw_connection(db)
    old.execute("PRAGMA journal_mode=WAL")
    MIGRATIONS[0](old)
    for n in range(50):
        incident = parse_incident({**kafr_naha, "id": f"old{n}"})
        old.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, '', '')",
                    (incident.id, incident.status, incident.date.isoformat(), incident.model_dump_json()))
    old.execute("PRAGMA user_version = 1")
    # Hold the write lock while ten processes start: they all read version 1, then queue up to
    # migrate. The first migrates; the others must see version 2 once it is their turn.
    old.execute("BEGIN IMMEDIATE")
    with ThreadPoolExecutor(10) as pool:
        running = [pool.submit(run_cli, "list", "--db", str(db)) for _ in range(10)]
        time.sleep(2)
        old.execute("ROLLBACK")
        results = [future.result() for future in running]
    old.close()
    assert failures(results) == []
    (before,) = tmp_path.glob("old.before-v*.db")  # one copy, and it is of the old version
    assert raw_connection(before).execute("PRAGMA user_version").fetchone()[0] == 1
    assert raw_connection(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not [p for p in tmp_path.rglob("*") if "partial" in p.name]


# Real full disks (Linux)


@functools.lru_cache(maxsize=None)
def _tiny_disks() -> bool:
    if sys.platform != "linux" or not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', folder],
                               capture_output=True)
    return probe.returncode == 0


def on_tiny_disk(disk: Path, script: str, size_kb: int, lang: str = "en_GB.UTF-8") -> subprocess.CompletedProcess:
    """Run a shell script in ``disk`` mounted as a tmpfs of ``size_kb`` kilobytes: a disk that
    really fills up. ``sitrep ...`` runs the command line; ``fill N`` fills the disk but N KB."""
    if not _tiny_disks():
        pytest.skip("needs Linux user namespaces (unshare -rm) to mount a tiny tmpfs")
    disk.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.pop("SITREP_DEBUG", None)
    env.update(LANG=lang, DISK=str(disk), PY=sys.executable,
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    prelude = ('sitrep() { "$PY" -m sitrep.cli "$@"; }\n'
               'fill() { dd if=/dev/zero of=filler bs=4k 2>/dev/null || true; truncate -s "-$1K" filler; }\n')
    return subprocess.run(["unshare", "-rm", "sh", "-c",
                           f'mount -t tmpfs -o size={size_kb}k tmpfs "$DISK" && cd "$DISK" || exit 99\n'
                           + prelude + script],
                          capture_output=True, encoding="utf-8", errors="replace", env=env, timeout=120)


def exits(result: subprocess.CompletedProcess) -> dict[str, int]:
    """The ``name=$?`` lines the script printed."""
    return {name: int(code) for name, _, code in (line.partition("=") for line in result.stdout.splitlines())
            if code.isdigit()}


def test_less_free_space_than_the_database_still_lists_and_exports(tmp_path, kafr_naha):
    db = database(tmp_path / "src" / "own.db", kafr_naha, 150)  # about 600 KB
    size_kb = db.stat().st_size // 1024
    export = tmp_path / "export.json"  # on another disk
    result = on_tiny_disk(tmp_path / "disk", f"""
cp "{db}" own.db
sitrep list --db own.db > /dev/null; echo list=$?
sitrep export --db own.db -o "{export}"; echo export=$?
ls -a backups; ls -a
""", size_kb=size_kb + 200)
    assert exits(result) == {"list": 0, "export": 0}, result.stderr
    assert "backup" in result.stderr and "too little free space" in result.stderr and "restore" not in result.stderr
    assert len(json.loads(export.read_text(encoding="utf-8"))) == 150
    assert "partial" not in result.stdout  # nothing half-written left in backups/


def test_disk_full_during_add_import_and_attach_is_a_clear_message(tmp_path, kafr_naha):
    from PIL import Image

    src = tmp_path / "src"
    db = database(src / "own.db", kafr_naha, 20)
    (new,) = incident_files(src, kafr_naha, 1, prefix="new")
    many = src / "many.json"
    many.write_text(json.dumps([{**kafr_naha, "id": f"imp{n}", "date": f"2015-01-{n + 1:02d}"} for n in range(25)]),
                    encoding="utf-8")
    noise = src / "noise.jpg"
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(noise, "JPEG", quality=95)
    for lang, word in (("en_GB.UTF-8", "full"), ("ar_SY.UTF-8", "ممتلئ")):
        result = on_tiny_disk(tmp_path / "disk", f"""
cp "{db}" own.db
mkdir backups && cp own.db backups/own-{TODAY}.db  # today's copy exists: only the writes below need room
fill 40
sitrep add --db own.db "{new}"; echo add=$?
sitrep import --yes --db own.db "{many}"; echo import=$?
sitrep attach --db own.db stored0 "{noise}"; echo attach=$?
rm filler
sitrep list --db own.db | wc -l | sed 's/ //g; s/^/count=/'
""", size_kb=2048, lang=lang)
        assert exits(result) == {"add": 1, "import": 1, "attach": 1, "count": 20}, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(errors) == 3 and all(word in line for line in errors), errors
        assert "Traceback" not in result.stderr and "SITREP_DEBUG" not in result.stderr
        assert "restore" not in result.stderr and "استعد" not in result.stderr


def test_a_completely_full_disk_is_not_called_damage(tmp_path, kafr_naha):
    db = database(tmp_path / "src" / "own.db", kafr_naha, 5)
    result = on_tiny_disk(tmp_path / "disk", f"""
cp "{db}" own.db
fill 0
sitrep list --db own.db; echo list=$?
""", size_kb=512)
    assert exits(result) == {"list": 1}
    assert "full" in result.stderr and "restore" not in result.stderr and "damaged" not in result.stderr


# Item 9: photos folder, read-only -shm


def test_a_photos_folder_that_cannot_be_written_is_a_message(tmp_path, kafr_naha):
    from PIL import Image

    db = database(tmp_path / "own.db", kafr_naha, 1)
    (tmp_path / "photos").write_text("a file where the photos folder should be")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (60, 40), (200, 10, 10)).save(photo, "JPEG")
    for lang, word in (("en_GB.UTF-8", "photos"), ("ar_SY.UTF-8", "الصور")):
        result = run_cli("attach", "--db", str(db), "stored0", str(photo), lang=lang)
        assert result.returncode == 1 and word in result.stderr and str(tmp_path / "photos") in result.stderr
        assert "Traceback" not in result.stderr and "SITREP_DEBUG" not in result.stderr
    with open_store(db, daily_backup=False) as store:
        assert store.get("stored0").attachments == []


def ordinary_user() -> list[str]:
    """A command prefix under which file permissions apply (root ignores them)."""
    if os.name != "posix":
        pytest.skip("POSIX file modes")
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file modes would not apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_read_only_shm_left_by_a_read_only_open_is_a_message(tmp_path, kafr_naha):
    prefix = ordinary_user()
    db = database(tmp_path / "own.db", kafr_naha, 3)
    os.chmod(db, 0o400)  # as on a read-only copy: SQLite gives the -shm it creates the same mode
    from sqlcipher3 import dbapi2

    reader = dbapi2.connect(f"{db.as_uri()}?mode=ro", uri=True)
    reader.execute(f"PRAGMA key = {passphrase_key(db).pragma()}")
    assert reader.execute("SELECT count(*) FROM incidents").fetchone() == (3,)
    reader.close()
    os.chmod(db, 0o600)
    shm = tmp_path / "own.db-shm"
    assert shm.exists() and not os.stat(shm).st_mode & 0o200
    (new,) = incident_files(tmp_path / "in", kafr_naha, 1, prefix="new")
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.pop("SITREP_DEBUG", None)
    for lang in ("en_GB.UTF-8", "ar_SY.UTF-8"):
        result = subprocess.run([*prefix, sys.executable, "-m", "sitrep.cli", "add", "--db", str(db), str(new)],
                                capture_output=True, encoding="utf-8", env={**env, "LANG": lang}, cwd=ROOT,
                                timeout=120)
        assert result.returncode == 1, result.stderr
        assert str(shm) in result.stderr and "Traceback" not in result.stderr and "SITREP_DEBUG" not in result.stderr
        assert ("read-only" in result.stderr) if lang.startswith("en") else ("للقراءة فقط" in result.stderr)
    listed = run_cli("list", "--db", str(db))  # reading still works
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3


# Item 5: -o over the store's own files


def test_no_command_writes_over_the_database_its_backups_or_photos(tmp_path, kafr_naha):
    from PIL import Image

    db = database(tmp_path / "own.db", kafr_naha, 2)
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (60, 40), (200, 10, 10)).save(photo, "JPEG")
    assert run_cli("attach", "--db", str(db), "stored0", str(photo)).returncode == 0  # also makes today's backup
    with open_store(db, daily_backup=False) as store:
        (stored,) = [tmp_path / a.path for a in store.get("stored0").attachments]
        store.db.execute("BEGIN")  # hold a read transaction so that -wal and -shm stay on disk
        store.db.execute("SELECT count(*) FROM incidents").fetchone()
        protected = [db, tmp_path / "own.db-wal", tmp_path / "own.db-shm", tmp_path / "backups" / f"own-{TODAY}.db",
                     stored]

        def state():
            # Compared by stat, not read: closing any file descriptor of the database in
            # this process would drop the SQLite locks that keep -wal and -shm alive.
            return {path: (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns) for path in protected}

        before = state()
        report = ("report", "--db", str(db), "--from", "2016-01-01", "--to", "2016-12-31")
        render_file = ("render", "--db", str(db), str(SAMPLES / "kafr-naha-field-hospital.json"))
        attempts = [(("export", "--db", str(db)), target) for target in protected] + [
            (("render", "--db", str(db), "--id", "stored0"), protected[1]), (render_file, protected[2]),
            (report, protected[3]), (report, protected[4])]
        for args, target in attempts:
            result = run_cli(*args, "-o", str(target))
            assert result.returncode == 1 and "own files" in result.stderr, (args, target, result.stderr)
            assert "Traceback" not in result.stderr
        relative = run_cli("export", "--db", "own.db", "-o", "./backups/../own.db", cwd=tmp_path,
                           lang="ar_SY.UTF-8", env_extra={"PYTHONPATH": str(ROOT)})  # this code, from elsewhere
        assert relative.returncode == 1 and "own.db" in relative.stderr and "sitrep" in relative.stderr
        assert state() == before
    # Without --db the default database is protected too (the demo has no --db at all).
    home = tmp_path / "home"
    default = home / "sitrep" / "sitrep.db"
    database(default, kafr_naha, 1)
    before_demo = default.read_bytes()
    demo = run_cli("demo", "-o", str(default), env_extra={"XDG_DATA_HOME": str(home)})
    assert demo.returncode == 1 and default.read_bytes() == before_demo
    allowed = run_cli("export", "--db", str(db), "-o", str(tmp_path / "own.db.json"))
    assert allowed.returncode == 0, allowed.stderr


def test_a_backup_that_fails_half_way_leaves_nothing_behind(tmp_path, kafr_naha):
    resource = pytest.importorskip("resource")  # POSIX
    db = database(tmp_path / "own.db", kafr_naha, 500)  # 2 MB
    limit = 512 * 1024  # no file may grow past 512 KB: the copy fails half-way, for real

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run_cli("list", "--db", str(db), preexec_fn=small_files)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 500, result.stderr
    assert "backup" in result.stderr and "restore" not in result.stderr
    assert list((tmp_path / "backups").iterdir()) == []
