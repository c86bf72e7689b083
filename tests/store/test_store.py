"""Tests of the learner answer store: each guarantee of coachlab.store.store, proved."""
import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coachlab.store import AnswerStore, data_folder, read_file
from coachlab.store import answers_format as fmt
from coachlab.store import store as store_mod

COURSE = Path(__file__).parents[2] / "course"


def test_record_carries_schema_and_timestamp(tmp_path):
    """Does every saved record carry the schema version and the time it was saved?"""
    s = AnswerStore(tmp_path / "a.json")
    s.put("reflection/x", {"answers": {"p": "hello"}})
    record = json.loads((tmp_path / "a.json").read_text())["records"]["reflection/x"]
    assert record["schema"] == fmt.SCHEMA_VERSION
    assert record["saved_at"].endswith("+00:00")
    assert record["value"] == {"answers": {"p": "hello"}}


def test_answers_survive_a_new_store_and_a_new_process(tmp_path):
    """Are answers still there after a kernel restart (a new process opening the same file)?"""
    path = tmp_path / "lesson.json"
    AnswerStore(path).put("k", "kept")
    code = f"from coachlab.store import AnswerStore; print(AnswerStore({str(path)!r}).get('k'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "kept"


def test_lesson_store_lives_in_the_learner_data_folder(tmp_path, monkeypatch):
    """Does COACHLAB_DATA choose the per-learner folder, outside the checkout?"""
    monkeypatch.setenv("COACHLAB_DATA", str(tmp_path / "mine"))
    assert data_folder() == tmp_path / "mine"
    s = AnswerStore.for_lesson("00_welcome")
    s.put("k", 1)
    assert (tmp_path / "mine" / "00_welcome.json").exists()


def test_default_data_folder_is_outside_the_checkout(monkeypatch, tmp_path):
    """Without COACHLAB_DATA, are answers kept in the platform's data folder (XDG on Linux), not in the repository?"""
    monkeypatch.delenv("COACHLAB_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_folder() == tmp_path / "coachlab"


def test_exercise_store_sits_beside_the_notebook(tmp_path):
    """Is a graded exercise's answers file beside its notebook, so nbgrader submit carries it?"""
    s = AnswerStore.for_exercise(tmp_path)
    s.put("k", 1)
    assert (tmp_path / fmt.ANSWERS_FILE).exists()


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
s.put("pad", "x" * 400_000)  # a big file, so that a kill often lands mid-write
i = 0
while True:
    i += 1
    s.put(f"w{i}", i)
    print(i, flush=True)  # acknowledged: the save returned
"""


def test_process_killed_mid_write_keeps_every_acknowledged_write(tmp_path):
    """If a kernel is killed (SIGKILL) while writing, does the file parse and hold every write that returned?"""
    path = tmp_path / "a.json"
    acknowledged = 0
    for round_ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        for _ in range(3 + 4 * round_):  # let it finish a few writes, then kill it during the next ones
            line = proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        acknowledged = max(acknowledged, int(line))
        rest = proc.stdout.read().split()  # writes acknowledged before the kill landed
        proc.wait()
        acknowledged = max([acknowledged] + [int(n) for n in rest])
        records = json.loads(path.read_text())["records"]  # raises if a half-written file replaced the good one
        assert {f"w{i}" for i in range(1, acknowledged + 1)} <= set(records)
    assert acknowledged >= 18


def test_orphan_temporary_files_are_removed_on_the_next_save(tmp_path):
    """Does a save remove the temporary files a killed writer left behind (full copies of the answers)?"""
    path = tmp_path / "a.json"
    AnswerStore(path).put("k", 1)
    orphan = tmp_path / ".a.json.abc123.tmp"
    orphan.write_text("{}")
    AnswerStore(path).put("k", 2)
    assert not orphan.exists() and AnswerStore(path).get("k") == 2


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
                                     b'{"schema": 99, "records": {}}', b'[1, 2]', b"[" * 100_000])
def test_corrupt_file_is_moved_aside_not_overwritten(tmp_path, content):
    """Is a corrupt answers file kept aside unchanged, and named, before new answers are saved?"""
    path = tmp_path / "a.json"
    path.write_bytes(content)
    s = AnswerStore(path)
    assert s.get("k") is None
    assert len(s.moved_aside) == 1 and str(s.moved_aside[0]) in s.notices[0]
    assert s.moved_aside[0].read_bytes() == content
    s.put("k", "fresh")
    assert AnswerStore(path).get("k") == "fresh"
    assert s.moved_aside[0].read_bytes() == content


def test_a_file_far_too_large_is_reported_not_read(tmp_path, monkeypatch):
    """Is an answers file larger than any the course writes set aside without being read into memory?"""
    monkeypatch.setattr(fmt, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "a.json"
    AnswerStore(path).put("reflection/x", {"answers": {"p": "y" * 2000}})
    assert "far larger than an answers file" in read_file(path).problem
    s = AnswerStore(path)
    assert s.records() == {} and len(s.moved_aside) == 1 and "far larger" in s.notices[0]


def test_a_damaged_file_is_set_aside_once_and_named_by_every_later_reader(tmp_path):
    """After one store set a damaged file aside, does a store opened later (another module) still name it?"""
    path = tmp_path / "00_welcome.json"
    path.write_text("{broken")
    first, later = AnswerStore(path), AnswerStore(path)
    first.records()
    later.records()
    aside = list(tmp_path.glob("00_welcome.json.corrupt-*"))
    assert len(aside) == 1 and later.moved_aside == []
    assert any(str(aside[0]) in n for n in later.notices)


def test_two_corrupt_files_in_a_row_are_both_kept(tmp_path):
    """If the file is corrupted twice, is each bad copy kept under its own name?"""
    path = tmp_path / "a.json"
    s = AnswerStore(path)
    for bad in (b"one{", b"two{"):
        path.write_bytes(bad)
        s.get("k")
    assert sorted(p.read_bytes() for p in s.moved_aside) == [b"one{", b"two{"]


def test_reading_never_locks_or_writes(tmp_path):
    """Does reading (a read-only folder's case) open no lock file and change nothing?"""
    path = tmp_path / "a.json"
    AnswerStore(path).put("reflection/x", {"answers": {"p": "kept"}})
    (tmp_path / "a.json.lock").unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert AnswerStore(path).get("reflection/x") == {"answers": {"p": "kept"}}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_record_of_unexpected_shape_is_skipped_named_and_kept_before_a_rewrite(tmp_path):
    """Is a record with a part of the wrong shape read without it, named, and kept whole before it is rewritten?"""
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"schema": 1, "records": {
        "reflection/x": {"value": {"answers": {"good": "kept", "bad": 5}}},
        "check/c": {"value": {"questions": []}}, "oops": "not a record"}}))
    s = AnswerStore(path)
    assert s.get("reflection/x") == {"answers": {"good": "kept"}}
    assert s.get("check/c") == {}
    assert any("reflection/x" in n and "bad" in n for n in s.notices)
    assert read_file(path).skipped == ["oops: it is not a record with a value"]
    s.set_fields("reflection/x", {("answers", "new"): "typed"})
    records = json.loads(path.read_text())["records"]
    assert records["reflection/x"]["value"]["answers"] == {"good": "kept", "new": "typed"}
    [aside] = [k for k in records if k.startswith("reflection/x#set-aside-")]
    assert records[aside]["value"]["answers"]["bad"] == 5


def test_set_fields_merges_with_other_writers_and_reports_overtaken_fields(tmp_path):
    """Does a write of one field keep the fields others wrote, and say when it overwrote a newer save?"""
    a, b = AnswerStore(tmp_path / "a.json"), AnswerStore(tmp_path / "a.json")
    first = a.set_fields("grow/p", {("stages", "goal"): "A"})
    b.set_fields("grow/p", {("stages", "will"): "B"})
    again = a.set_fields("grow/p", {("stages", "goal"): "A2"}, first.record["revs"])
    assert again.overtaken == () and again.record["value"]["stages"] == {"goal": "A2", "will": "B"}
    late = b.set_fields("grow/p", {("stages", "goal"): "B2"}, {"stages/goal": 1})
    assert late.overtaken == (("stages", "goal"),) and late.record["revs"]["stages/goal"] == 3


_NO_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as on Windows: importing fcntl fails
import warnings
warnings.simplefilter("ignore")  # filelock says it falls back to a soft lock
import coachlab
lesson = coachlab.lesson("00_welcome", folder=sys.argv[1])
widget = lesson.reflection("first-look")
list(widget.fields.values())[0].area.value = "saved without fcntl"
print(coachlab.AnswerStore.for_lesson("00_welcome").get("reflection/first-look")["answers"])
"""


def test_import_and_a_lesson_work_without_fcntl(tmp_path):
    """Where fcntl does not exist (Windows), do `import coachlab`, a lesson load and a save still work?"""
    env = dict(os.environ, COACHLAB_DATA=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", _NO_FCNTL, str(COURSE)], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "saved without fcntl" in out.stdout
def test_delete_forgets_a_key(tmp_path):
    """Does delete() remove one record and keep the others?"""
    s = AnswerStore(tmp_path / "a.json")
    s.put("a", 1)
    s.put("b", 2)
    s.delete("a")
    assert set(s.records()) == {"b"}
