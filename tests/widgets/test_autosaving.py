"""The Autosaving frame, for every widget: failed saves, two tabs in two processes, debounce, limits, read-only."""
import multiprocessing
import os
import time

import pytest
from widgettools import KINDS, TEXT_KINDS, tab

from coachlab.store import MAX_TEXT_CHARS, AnswerStore
from coachlab.store import store as store_module


def key_of(kind):
    return f"{kind}/{KINDS[kind].ident}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_save_keeps_the_answer_and_never_says_saved(kind, tmp_path, monkeypatch):
    """If the disk is full, does the answer stay on screen, the status say "Not saved", and nothing claim "Saved"?"""
    k = KINDS[kind]
    w = k.make(AnswerStore(tmp_path / "answers.json"))

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.AnswerStore, "_write", full)
    typed = k.edit(w, 0, 1)
    assert k.shown(w, 0) == typed
    assert "Not saved: No space left on device" in w.status_line.value
    assert "Saved " not in w.status_line.value
    assert not (tmp_path / "answers.json").exists()


class Tabs:
    """Two tabs of one learner, each a widget in its own process, driven step by step."""

    def __init__(self, kind, path):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        for _ in range(2):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=tab, args=(theirs, kind, str(path)), daemon=True)
            proc.start()
            self.pipes.append(mine)
            self.procs.append(proc)

    def __call__(self, which, *command):
        pipe = self.pipes[which]
        pipe.send(command)
        assert pipe.poll(60), f"tab {which} did not answer {command}"
        return pipe.recv()

    def close(self):
        for n, proc in enumerate(self.procs):
            self(n, "stop")
            proc.join(30)


@pytest.fixture
def tabs(tmp_path):
    opened = []

    def open_tabs(kind):
        opened.append(Tabs(kind, tmp_path / "answers.json"))
        return opened[-1]

    yield open_tabs
    for t in opened:
        t.close()


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "roleplay"])
def test_two_tabs_editing_different_fields_keep_both(kind, tabs, tmp_path):
    """Tab A edits one field, tab B (opened before) another, A edits again: is every answer on disk?"""
    k, t = KINDS[kind], tabs(kind)
    t(0, "shown", 0), t(1, "shown", 0)  # both tabs open before anyone types
    t(0, "edit", 0, 1)
    b = t(1, "edit", 1, 2)
    a = t(0, "edit", 0, 3)
    fresh = k.make(AnswerStore(tmp_path / "answers.json"))
    assert (k.shown(fresh, 0), k.shown(fresh, 1)) == (a, b)


@pytest.mark.parametrize("kind", TEXT_KINDS + ["self_assessment"])
def test_the_later_tab_wins_a_field_and_the_other_tab_shows_it_and_says_so(kind, tabs, tmp_path):
    """Both tabs edit the same field: is the later text kept, and does the other tab show it with a notice?"""
    k, t = KINDS[kind], tabs(kind)
    t(0, "shown", 0), t(1, "shown", 0)
    t(0, "edit", 0, 1)
    later = t(1, "edit", 0, 2)
    t(0, "refresh")
    assert t(0, "shown", 0) == later
    assert "another tab" in t(0, "notices")
    assert k.shown(k.make(AnswerStore(tmp_path / "answers.json")), 0) == later


def test_two_tabs_typing_at_once_lose_nothing(tabs, tmp_path):
    """Two kernels saving 60 edits each at the same moment, to different prompts: are both last texts kept?"""
    t = tabs("reflection")
    for n in range(2):
        t.pipes[n].send(("edits", n, 60))
    last = [t.pipes[n].recv() for n in range(2) if t.pipes[n].poll(120)]
    answers = AnswerStore(tmp_path / "answers.json").get("reflection/gibbs")["answers"]
    assert list(answers.values()) == last and len(last) == 2


def test_saves_are_debounced_and_flushed(tmp_path):
    """With a save delay, do keystrokes wait (status "Saving…", marked pending), then save once, together?"""
    k = KINDS["reflection"]
    w = k.make(AnswerStore(tmp_path / "answers.json"))
    w.save_delay = 30  # long enough that only flush() can save
    writes = []
    real = w.store._write
    w.store._write = lambda records: (writes.append(1), real(records))
    for n in range(5):
        k.edit(w, 0, n)
    assert writes == [] and "Saving…" in w.status_line.value and "data-cl-pending" in w.status_line.value
    assert w.flush() is True
    assert writes == [1] and "Saved " in w.status_line.value and "data-cl-pending" not in w.status_line.value
    assert AnswerStore(tmp_path / "answers.json").get("reflection/gibbs")["answers"]["description"] == k.shown(w, 0)


def test_a_debounced_save_happens_by_itself(tmp_path):
    """Without a flush, is a pending edit written shortly after the last keystroke?"""
    k = KINDS["grow"]
    w = k.make(AnswerStore(tmp_path / "practice.json"))
    w.save_delay = 0.2
    typed = k.edit(w, 1, 7)
    deadline = time.monotonic() + 10
    while "Saved " not in w.status_line.value and time.monotonic() < deadline:
        time.sleep(0.05)
    assert AnswerStore(tmp_path / "practice.json").get("grow/jerome-plan")["stages"]["reality"] == typed


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_an_answer_over_the_size_limit_is_refused_with_a_message(kind, tmp_path):
    """Is a text over the limit kept on screen, not saved, and the learner told why; does a shorter one save?"""
    k = KINDS[kind]
    w = k.make(AnswerStore(tmp_path / "answers.json"))
    area_text = "x" * (MAX_TEXT_CHARS + 1)
    k.edit(w, 0, 1)
    control_shown = k.shown(w, 0)
    # type over the limit into the same control
    _set_text(w, kind, area_text)
    assert "more than the 20,000" in w.status_line.value and "Saved " not in w.status_line.value
    assert _saved_text(tmp_path, kind) == control_shown
    _set_text(w, kind, "short again")
    assert _saved_text(tmp_path, kind) == "short again" and "Saved " in w.status_line.value


def _control(w, kind):
    return {"reflection": lambda: list(w.fields.values())[0].area, "grow": lambda: list(w.fields.values())[0].area,
            "sbi": lambda: list(w.areas.values())[0], "stakeholders": lambda: list(w.rows.values())[0].perception,
            "rewrite": lambda: list(w.items.values())[0].area}[kind]()


def _set_text(w, kind, text):
    _control(w, kind).value = text


def _saved_text(tmp_path, kind):
    k = KINDS[kind]
    return k.shown(k.make(AnswerStore(tmp_path / "answers.json")), 0)


def test_a_lone_surrogate_is_stored_without_breaking_the_file(tmp_path):
    """Does text holding a lone surrogate (which UTF-8 cannot hold) save, readable, as U+FFFD?"""
    w = KINDS["reflection"].make(AnswerStore(tmp_path / "answers.json"))
    list(w.fields.values())[0].area.value = "half an emoji \ud83d here"
    assert "Saved " in w.status_line.value
    (tmp_path / "answers.json").read_text(encoding="utf-8")
    assert AnswerStore(tmp_path / "answers.json").get("reflection/gibbs")["answers"]["description"] == \
        "half an emoji \ufffd here"


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_only_folder_gives_a_read_only_page(kind, tmp_path, monkeypatch):
    """In a folder that cannot be written, does the widget show saved answers, disable editing and say so?"""
    k = KINDS[kind]
    k.edit(k.make(AnswerStore(tmp_path / "answers.json")), 0, 4)
    (tmp_path / "answers.json.lock").unlink(missing_ok=True)
    before = sorted(os.listdir(tmp_path))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw))
    os.chmod(tmp_path, 0o555)
    try:
        w = k.make(AnswerStore(tmp_path / "answers.json"))
    finally:
        os.chmod(tmp_path, 0o755)
    assert k.shown(w, 0) == k.shown(k.make(AnswerStore(tmp_path / "answers.json")), 0)
    assert "Read only" in w.status_line.value and "cannot be written to" in w.notice_box.value
    assert all(getattr(c, "disabled", True) for c in _controls(w))
    assert sorted(os.listdir(tmp_path)) == before  # reading opened no lock file


def _controls(widget):
    for child in getattr(widget, "children", ()):
        if hasattr(child, "disabled"):
            yield child
        yield from _controls(child)


def test_the_page_script_limits_fields_to_the_stores_limit():
    """Does the site's page script cap text fields at the same length as the store (so a paste cannot drop
    the websocket), and compute the same text signature as the kernel?"""
    from pathlib import Path

    import coachlab.site
    from coachlab.widgets.autosave import text_signature
    script = (Path(coachlab.site.__file__).parent / "share/voila/templates/coachlab/static/coachlab-answers.js").read_text()
    assert f"var MAX_TEXT_CHARS = {MAX_TEXT_CHARS};" in script
    assert "0x811c9dc5" in script and "0x01000193" in script
    assert text_signature("") == "811c9dc5" and text_signature("héllo \U0001F600") == "4dfa2d50"  # as in the page


_EXIT_WITH_PENDING = """
import sys
from widgettools import KINDS
from coachlab.store import AnswerStore
k = KINDS["reflection"]
w = k.make(AnswerStore(sys.argv[1]))
w.save_delay = 600  # nothing saves by itself before the process ends
k.edit(w, 1, 5)
assert "Saving" in w.status_line.value
"""


def test_pending_edits_are_written_when_the_kernel_exits(tmp_path):
    """When a kernel shuts down (a closed page) with an edit still waiting, is the edit written?"""
    import subprocess
    import sys
    from pathlib import Path
    support = Path(__file__).parents[1] / "support"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(support), os.environ.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-c", _EXIT_WITH_PENDING, str(tmp_path / "answers.json")], check=True, env=env)
    assert AnswerStore(tmp_path / "answers.json").get("reflection/gibbs")["answers"] == {"feelings": "field 1, version 5"}
