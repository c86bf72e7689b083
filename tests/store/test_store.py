"""Tests of the learner answer store: each guarantee of coachlab.store, proved."""
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from coachlab import store as store_mod
from coachlab.store import AnswerStore, CorruptStoreWarning, data_folder


def test_record_carries_schema_and_timestamp(tmp_path):
    """Does every saved record carry the schema version and the time it was saved?"""
    s = AnswerStore(tmp_path / "a.json")
    s.put("reflection/x", {"answers": {"p": "hello"}})
    record = json.loads((tmp_path / "a.json").read_text())["records"]["reflection/x"]
    assert record["schema"] == store_mod.SCHEMA_VERSION
    assert record["saved_at"].endswith("+00:00")
    assert record["value"] == {"answers": {"p": "hello"}}


def test_answers_survive_a_new_store_and_a_new_process(tmp_path):
    """Are answers still there after a kernel restart (a new process opening the same file)?"""
    path = tmp_path / "lesson.json"
    AnswerStore(path).put("k", "kept")
    out = subprocess.run([sys.executable, "-c", f"from coachlab.store import AnswerStore; print(AnswerStore({str(path)!r}).get('k'))"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "kept"


def test_lesson_store_lives_in_the_learner_data_folder(tmp_path, monkeypatch):
    """Does COACHLAB_DATA choose the per-learner folder, outside the checkout?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "mine"))
    assert data_folder() == tmp_path / "mine"
    s = AnswerStore.for_lesson("00_welcome")
    s.put("k", 1)
    assert (tmp_path / "mine" / "00_welcome.json").exists()


def test_default_data_folder_is_outside_the_checkout(monkeypatch, tmp_path):
    """Without COACHLAB_DATA, are answers kept in the XDG data home, not in the repository?"""
    monkeypatch.delenv("COACHLAB_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_folder() == tmp_path / "coachlab"


def test_exercise_store_sits_beside_the_notebook(tmp_path):
    """Is a graded exercise's answers file beside its notebook, so nbgrader submit carries it?"""
    s = AnswerStore.for_exercise(tmp_path)
    s.put("k", 1)
    assert (tmp_path / store_mod.ANSWERS_FILE).exists()


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    """If the process dies before the rename, is the previous file intact and no temp file left?"""
    s = AnswerStore(tmp_path / "a.json")
    s.put("k", "old")
    before = (tmp_path / "a.json").read_bytes()

    def crash(*_):
        raise KeyboardInterrupt("killed between write and rename")

    monkeypatch.setattr(store_mod.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        s.put("k", "new")
    assert (tmp_path / "a.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.json.lock"]


def test_write_is_fsynced_before_rename(tmp_path, monkeypatch):
    """Is the new content flushed to disk before it replaces the old file?"""
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(store_mod.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(store_mod.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b)))
    AnswerStore(tmp_path / "a.json").put("k", 1)
    assert events[:2] == ["fsync", "replace"] and events[-1] == "fsync"


_WRITER = """
import sys
from coachlab.store import AnswerStore
s = AnswerStore(sys.argv[1])
big = "x" * 400_000
i = 0
while True:
    i += 1
    s.put("counter", {"i": i, "pad": big})
"""


def test_process_killed_mid_write_leaves_a_readable_file(tmp_path):
    """If a kernel is killed (SIGKILL) while writing, is the file always whole and readable?"""
    path = tmp_path / "a.json"
    AnswerStore(path).put("counter", {"i": 0, "pad": ""})
    for round_ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)])
        time.sleep(0.4 + 0.07 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = json.loads(path.read_text())  # raises if a half-written file replaced the good one
        assert set(data["records"]) == {"counter"}
        assert data["records"]["counter"]["value"]["i"] >= 0


def _hammer(path, prefix, n):
    s = AnswerStore(path)
    for i in range(n):
        s.put(f"{prefix}-{i}", i)


def test_two_writers_at_once_lose_no_update(tmp_path):
    """When two kernels write different answers at the same time, does every answer survive?"""
    path = tmp_path / "a.json"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(path, p, 150)) for p in ("left", "right")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    keys = set(AnswerStore(path).records())
    assert keys == {f"{p}-{i}" for p in ("left", "right") for i in range(150)}


def test_update_is_atomic_across_writers(tmp_path):
    """Does update() read-modify-write under the lock, so concurrent increments all count?"""
    path = tmp_path / "a.json"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_increment, args=(path, 100)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert AnswerStore(path).get("n") == 300


def _increment(path, n):
    s = AnswerStore(path)
    for _ in range(n):
        s.update("n", lambda old: (old or 0) + 1)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b'{"schema": 1, "records": []}',
                                     b'{"schema": 99, "records": {}}', b'[1, 2]'])
def test_corrupt_file_is_moved_aside_not_overwritten(tmp_path, content):
    """Is a corrupt answers file kept aside unchanged, with a warning, before new answers are saved?"""
    path = tmp_path / "a.json"
    path.write_bytes(content)
    s = AnswerStore(path)
    with pytest.warns(CorruptStoreWarning, match="kept, unchanged"):
        assert s.get("k") is None
    assert len(s.moved_aside) == 1
    assert s.moved_aside[0].read_bytes() == content
    s.put("k", "fresh")
    assert AnswerStore(path).get("k") == "fresh"
    assert s.moved_aside[0].read_bytes() == content


def test_two_corrupt_files_in_a_row_are_both_kept(tmp_path):
    """If the file is corrupted twice, is each bad copy kept under its own name?"""
    path = tmp_path / "a.json"
    s = AnswerStore(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorruptStoreWarning)
        for bad in (b"one{", b"two{"):
            path.write_bytes(bad)
            s.get("k")
    assert sorted(p.read_bytes() for p in s.moved_aside) == [b"one{", b"two{"]


def test_delete_forgets_a_key(tmp_path):
    """Does delete() remove one record and keep the others?"""
    s = AnswerStore(tmp_path / "a.json")
    s.put("a", 1)
    s.put("b", 2)
    s.delete("a")
    assert set(s.records()) == {"b"}
