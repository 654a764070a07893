"""Autosave: the open form survives restarts, corrupt files and a kill mid-write."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sitrep.autosave import Autosave


ROOT = Path(__file__).resolve().parent.parent

ARABIC_FORM = {
    "date": "2016-05-07",
    "status": "draft",
    "attack_types": ["airstrike"],
    "narrative": {"ar": "غارة جوية على مشفى كفرناها الميداني، وخروجه عن الخدمة.", "en": ""},
    "casualties": [{"group": "health_workers", "killed": "three?"}],  # invalid on purpose: raw form state
}


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("current.corrupt-*.json"))


def test_round_trip_with_arabic_text(tmp_path):
    autosave = Autosave(tmp_path / "autosave")  # the folder is created on the first save
    path = autosave.save(ARABIC_FORM)
    assert path == tmp_path / "autosave" / "current.json"
    assert "كفرناها" in path.read_text(encoding="utf-8")

    record = autosave.pending()
    assert record["form_state"] == ARABIC_FORM
    assert record["pid"] == os.getpid()
    saved_at = dt.datetime.fromisoformat(record["saved_at"])
    assert saved_at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.timezone.utc) - saved_at) < dt.timedelta(minutes=1)


def test_nothing_pending_at_first_start(tmp_path):
    assert Autosave(tmp_path / "never-created").pending() is None
    assert not (tmp_path / "never-created").exists()


def test_pending_after_restart(tmp_path):
    Autosave(tmp_path).save({"step": 1})
    Autosave(tmp_path).save(ARABIC_FORM)  # a later save replaces the earlier one
    restarted = Autosave(tmp_path)
    assert restarted.pending()["form_state"] == ARABIC_FORM
    assert restarted.pending()["form_state"] == ARABIC_FORM  # reading does not consume it


def test_clear(tmp_path):
    autosave = Autosave(tmp_path)
    autosave.save(ARABIC_FORM)
    autosave.clear()
    assert autosave.pending() is None
    assert Autosave(tmp_path).pending() is None
    autosave.clear()  # nothing to clear: no error


def test_state_that_is_not_json_keeps_the_previous_autosave(tmp_path):
    autosave = Autosave(tmp_path)
    autosave.save(ARABIC_FORM)
    with pytest.raises(TypeError):
        autosave.save({"when": dt.date(2016, 5, 7)})
    assert autosave.pending()["form_state"] == ARABIC_FORM


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_autosave_is_private(tmp_path):
    # The form holds confidential sources.
    path = Autosave(tmp_path).save(ARABIC_FORM)
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("content", [
    b'{"autosave_version": 1, "saved_at": "2024-01-01T00:00:00+00:00", "pid": 1, "form_state": {"narr',
    b"",
    b"\xff\xfe not utf-8",
    b"[1, 2, 3]",
    b'{"form_state": "not an object", "saved_at": "x", "pid": 1}',
])
def test_corrupt_file_is_moved_aside_not_deleted(tmp_path, content):
    autosave = Autosave(tmp_path)
    autosave.path.write_bytes(content)

    assert autosave.pending() is None
    [moved] = corrupt_files(tmp_path)
    assert moved.read_bytes() == content
    assert not autosave.path.exists()

    autosave.save(ARABIC_FORM)  # the next save cannot overwrite the moved file
    assert moved.read_bytes() == content
    assert autosave.pending()["form_state"] == ARABIC_FORM


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path):
    autosave = Autosave(tmp_path)
    for content in (b"first", b"second"):
        autosave.path.write_bytes(content)
        assert autosave.pending() is None
    assert sorted(path.read_bytes() for path in corrupt_files(tmp_path)) == [b"first", b"second"]


def test_stale_temporary_files_are_removed(tmp_path):
    autosave = Autosave(tmp_path)
    autosave.save(ARABIC_FORM)
    old = tmp_path / ".current.json.abc123.tmp"  # left by a writer killed an hour ago
    young = tmp_path / ".current.json.def456.tmp"  # perhaps being written right now
    for temp in (old, young):
        temp.write_bytes(b'{"half')
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))

    assert autosave.pending()["form_state"] == ARABIC_FORM
    assert not old.exists()
    assert young.exists()


# A kill at any moment leaves a complete autosave.

# Shared by the test and the child process, so both build exactly the same states.
STATE_CODE = textwrap.dedent("""
    def make_state(round_number, n):
        # Large enough (about 300 kB) that some kills land in the middle of a write.
        text = "غارة جوية على مشفى ميداني رقم {} ".format(n) * 6000
        return {"round": round_number, "n": n, "narrative": {"ar": text, "en": "entry {}".format(n)}, "end": n}
""")
namespace: dict = {}
exec(STATE_CODE, namespace)
make_state = namespace["make_state"]

CHILD = STATE_CODE + textwrap.dedent("""
    import sys
    from sitrep.autosave import Autosave

    autosave = Autosave(sys.argv[1])
    round_number = int(sys.argv[2])
    print("ready", flush=True)
    n = 0
    while True:
        autosave.save(make_state(round_number, n))
        print(n, flush=True)  # printed only once the save has returned
        n += 1
""")


def test_kill_mid_write_leaves_a_complete_autosave(tmp_path):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    folder = tmp_path / "autosave"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    last_complete = None  # (round, n) of the last save known to have returned
    rounds_with_saves = 0
    killed_mid_write = 0  # rounds that left a new temporary file: the kill hit a write
    seen_temps: set[Path] = set()

    for round_number in range(20):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(round_number)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        try:
            first = child.stdout.readline()
            assert first == "ready\n", child.stderr.read()
            time.sleep(rng.uniform(0, 0.12))
        finally:
            child.kill()  # SIGKILL on POSIX: no cleanup, no flush
            out, _ = child.communicate(timeout=10)
        done = [int(line) for line in out.split()]
        if done:
            rounds_with_saves += 1

        where = f"seed {seed}, round {round_number}, saves completed {done[-1:] or 'none'}"
        record = Autosave(folder).pending()  # a new object: the app restarting
        assert corrupt_files(folder) == [], f"a half-written autosave was seen ({where})"
        if record is None:
            assert last_complete is None and not done, f"the autosave was lost ({where})"
            continue
        state = record["form_state"]
        assert state == make_state(state["round"], state["n"]), f"not a state the child wrote ({where})"
        found = (state["round"], state["n"])
        if done:
            # The last reported save, or one more that returned before its number was printed.
            assert found in ((round_number, done[-1]), (round_number, done[-1] + 1)), where
        else:
            # No save reported: the state left before, or this round's first save, done but not printed.
            assert found in (last_complete, (round_number, 0)), where
        last_complete = found
        temps = set(folder.glob(".current.json.*.tmp"))  # young ones stay: pending() removes only stale ones
        killed_mid_write += bool(temps - seen_temps)
        seen_temps |= temps

    assert rounds_with_saves >= 5, f"too few rounds got to save anything (seed {seed}); the test proves little"
    print(f"seed {seed}: {rounds_with_saves} rounds saved, {killed_mid_write} rounds left a temporary file")


# Sealed with the store's key: the form holds sources, and the autosave lives outside the database.


def test_a_sealed_autosave_holds_nothing_in_the_clear_and_opens_only_with_its_key(tmp_path):
    from sitrep.sealing import new_key

    key = new_key()
    Autosave(tmp_path, key).save(ARABIC_FORM)
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert [path.name for path in files] == ["current.sealed"]
    raw = files[0].read_bytes()
    assert not any(text.encode("utf-8") in raw for text in _strings(ARABIC_FORM))
    assert Autosave(tmp_path, key).pending()["form_state"] == ARABIC_FORM
    # Another store's key (a data folder copied between stores): not offered, kept aside, never lost.
    assert Autosave(tmp_path, new_key()).pending() is None
    assert [path.name.startswith("current.corrupt-") and path.suffix == ".sealed" for path in tmp_path.iterdir()] == [True]


def test_an_older_versions_plaintext_autosave_is_offered_once_then_destroyed(tmp_path):
    from sitrep.sealing import new_key

    Autosave(tmp_path).save(ARABIC_FORM)  # as an older version wrote it, in the clear
    sealed = Autosave(tmp_path, new_key())
    assert sealed.pending()["form_state"] == ARABIC_FORM  # the typing is not lost
    sealed.save(ARABIC_FORM)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["current.sealed"]


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) and len(value) > 3 else []
