"""files_read: what a process has read, with each file's version before the first read (ready pages rely on it)."""
import os

from coachlab.store import AnswerStore, file_version, files_read


def test_the_version_seen_before_the_first_read_is_kept(tmp_path, monkeypatch):
    AnswerStore(tmp_path / "saved-elsewhere.json").put("reflection/a", {"answers": {"p": "first"}})
    os.replace(tmp_path / "saved-elsewhere.json", tmp_path / "lesson.json")  # as another process's save
    before = file_version(tmp_path / "lesson.json")
    monkeypatch.chdir(tmp_path)
    store = AnswerStore("lesson.json")  # a relative path: the site compares absolute ones
    assert store.get("reflection/a") == {"answers": {"p": "first"}}
    store.put("reflection/a", {"answers": {"p": "second"}})
    store.get("reflection/a")

    seen = files_read()[os.path.join(tmp_path, "lesson.json")]
    assert seen == before != file_version(tmp_path / "lesson.json")


def test_a_file_read_before_it_existed_is_recorded_as_absent(tmp_path):
    path = tmp_path / "later.json"
    assert AnswerStore(path).records() == {}
    assert files_read()[str(path)] is None
    AnswerStore(path).put("reflection/a", {"answers": {"p": "now"}})
    assert file_version(path) is not None
