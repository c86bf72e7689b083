"""The frame every coachlab widget is built on: restore, debounced save per field, status line, notices.

A widget binds each control the learner edits to a field of its record (a path such as
``("answers", "description")``) with :meth:`Autosaving._bind`. Edits are kept as pending and
written :attr:`Autosaving.save_delay` seconds after the last one (at most :data:`MAX_WAIT` after
the first), only the changed fields, merged on disk under the store's lock (see
:meth:`AnswerStore.set_fields`): two tabs of one learner never erase each other's answers. When
another tab saved a field this one shows, the newer text is shown and a notice says so; this is
checked on every save and every :data:`POLL_SECONDS` (a ``stat`` of the file, nothing more when it
has not changed). Pending edits are flushed when the kernel exits.

The status line says "Saved" only for text that is on disk; while a save is pending it says
"Saving…" and carries ``data-cl-pending``. It also carries ``data-cl-acked``: a signature of each
text field's value as the kernel holds it saved (fields are marked ``cl-field-N`` in the page).
The site's page script (``static/coachlab-answers.js``) keeps what the learner types in the tab's
session storage until the kernel acknowledges it, and types it back after a reload: keystrokes the
browser had not yet sent when the page went away are not lost.
"""
from __future__ import annotations

import atexit
import logging
import threading
from array import array
import time
import weakref
from html import escape
from typing import Any
from collections.abc import Callable

import ipywidgets as w
from traitlets import Bool, Unicode

from ..views.render import local_time, paragraphs
from ..store import MAX_TEXT_CHARS, AnswerStore
from ..store.answers_format import field_name, safe_text
from .common import STYLE, notices_html, status_html

log = logging.getLogger(__name__)
MAX_WAIT = 3.0  # seconds: while the learner keeps typing, save at least this often
POLL_SECONDS = 2.0  # how often a live widget looks for another tab's saves


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def text_signature(text: str) -> str:
    """FNV-1a (32 bits) over the UTF-16 code units of *text*: what the page script computes too."""
    h = 0x811C9DC5
    for unit in array("H", text.encode("utf-16-le", "surrogatepass")):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return format(h, "x")


class _Field:
    """One control bound to one field of the record."""

    def __init__(self, index: int, path: tuple[str, ...], control: w.DOMWidget, label: str,
                 to_store: Callable[[Any], Any], from_store: Callable[[Any], Any]):
        self.index, self.path, self.control, self.label = index, path, control, label
        self.to_store, self.from_store = to_store, from_store


_LIVE: weakref.WeakSet[Autosaving] = weakref.WeakSet()


class Autosaving(w.VBox):
    """A coachlab widget's frame: title, intro, notices, body and an announced status line."""

    status = Unicode()
    pending = Bool(False, help="True while an edit is waiting to be saved")
    save_delay = 0.6  # seconds after the last edit; 0 saves at once (outside a kernel, e.g. in tests)

    # building -----------------------------------------------------------------------

    def _open(self, store: AnswerStore, key: str) -> dict | None:
        """Read the widget's record (call first in a subclass's __init__); returns it cleaned, or None."""
        self.store, self.key = store, key
        self._fields: dict[tuple[str, ...], _Field] = {}
        self._pending: dict[tuple[str, ...], Any] = {}
        self._first_pending = 0.0
        self._refused: dict[tuple[str, ...], str] = {}
        self._mutex = threading.RLock()
        self._timer: threading.Timer | None = None
        self._applying = False
        self._notes: dict[str, str] = {}
        self._acked: dict[str, str] = {}  # field index -> signature of the text the kernel holds saved
        self._readers: list[AnswerStore] = [store]
        self.save_delay = type(self).save_delay if _in_kernel() else 0.0
        self._version = store.version()
        record = store.record(key)
        self._revs: dict[str, int] = dict((record or {}).get("revs", {}))
        return record

    def _frame(self, title: str, intro: str, body: list, css: str, head_extra: str = "") -> None:
        """Build the box (call once from the subclass's __init__, after :meth:`_open`)."""
        self.status_line = w.HTML()
        self.notice_box = w.HTML()
        self._head_parts = (title, intro, head_extra)
        self._head = w.HTML(f"{STYLE}<h3>{escape(title)}</h3>{paragraphs(intro) if intro else ''}{head_extra}")
        super().__init__([self._head, self.notice_box] + body + [self.status_line], layout=w.Layout(max_width="52em"))
        self.add_class("coachlab-widget")
        self.add_class(css)
        self.observe(lambda _c: self._show_status(), ["status", "pending"])
        self.read_only = not self.store.writable()
        self._show_notices()
        _LIVE.add(self)
        if self.save_delay:
            _poller.start()

    def under_heading(self) -> Autosaving:
        """Leave out the widget's own title: in a module page the section heading just above names it
        already, and a second heading with the same words is noise (for screen readers too)."""
        _title, intro, extra = self._head_parts
        self._head.value = f"{STYLE}{paragraphs(intro) if intro else ''}{extra}"
        return self

    def _also_reads(self, store: AnswerStore) -> AnswerStore:
        """Name *store* (another lesson's answers this widget shows) in the notices too."""
        if all(store.path != known.path for known in self._readers):
            self._readers.append(store)
        return store

    def _bind(self, path: tuple[str, ...], control: w.DOMWidget, label: str,
              to_store: Callable[[Any], Any] = lambda v: v, from_store: Callable[[Any], Any] = lambda v: v) -> None:
        """Save *control*'s value as the field *path* whenever the learner changes it."""
        index = len(self._fields)
        self._fields[path] = _Field(index, path, control, label, to_store, from_store)
        control.add_class("cl-field")
        control.add_class(f"cl-field-{index}")
        control.observe(lambda _c: self._edited(path), "value")

    def _restored(self, record: dict | None, fresh: str = "Your answers save automatically as you go.") -> None:
        """Say what was restored (call last in __init__); a read-only folder disables every control."""
        for field in self._fields.values():
            self._ack(field, field.control.value)
        if self.read_only:
            self._disable(self)
            self.status = "Read only: changes here are not saved."
            self._note("read-only", f"Your answers folder {self.store.path.parent} cannot be written to, so this "
                       "page shows your saved answers but cannot change them. Ask your facilitator to fix the "
                       "folder's permissions (or free some space), then reload the page.")
        elif record:
            when = f" saved {local_time(record['saved_at'])}" if record.get("saved_at") else ""
            self.status = f"Restored your answers{when}."
        else:
            self.status = fresh

    # saving -------------------------------------------------------------------------

    def _edited(self, path: tuple[str, ...]) -> None:
        if self._applying:
            return
        field = self._fields[path]
        value = field.to_store(field.control.value)
        with self._mutex:
            if isinstance(value, str):
                value = safe_text(value)
                if len(value) > MAX_TEXT_CHARS:
                    self._refused[path] = (f"Not saved: your answer to {field.label} has {len(value):,} characters, "
                                           f"more than the {MAX_TEXT_CHARS:,} this course keeps. Shorten it to save it.")
                    self._pending.pop(path, None)
                    self.status = self._refused[path]
                    return
            self._refused.pop(path, None)
            if not self._pending:
                self._first_pending = time.monotonic()
            self._pending[path] = value
            self.pending = True
            if self.save_delay <= 0:
                self.flush()
                return
            self.status = "Saving…"
            if self._timer and time.monotonic() - self._first_pending > MAX_WAIT:
                return  # a save is due soon: keep that timer
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(self.save_delay, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> bool:
        """Write every pending edit now; True when nothing is left unsaved."""
        with self._mutex:
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if not self._pending:
                return not self._refused
            if self.read_only:
                self.status = "Read only: this change is not saved."
                return False
            fields = dict(self._pending)
            try:
                saved = self.store.set_fields(self.key, fields, self._revs)
            except OSError as e:
                self.status = f"Not saved: {e.strerror or e}. Your text is still here; copy it somewhere safe."
                return False
            for path, value in fields.items():
                self._ack(self._fields.get(path), value)
                if self._pending.get(path) == value:
                    del self._pending[path]
            self._version = self.store.version()
            self.pending = bool(self._pending)
            self._apply_disk(saved.record)
            if saved.overtaken:
                labels = ", ".join(self._fields[p].label for p in saved.overtaken if p in self._fields)
                self._note("overtaken", f"You changed {labels} in another tab or window too; the text typed "
                           "here, the later one, is the one kept.")
            self._saved(saved.record)
            refused = next(iter(self._refused.values()), None)
            self.status = refused or f"Saved {local_time(saved.record['saved_at'])}."
            return not self._refused

    def _saved(self, record: dict) -> None:
        """Called after each save with the record now on disk (for a subclass to update its state)."""

    def _save(self, change: Callable[[Any], Any]) -> dict | None:
        """Save ``change(old_value)`` now (for actions such as a button); on a disk error say it was not saved
        (and why, in :attr:`save_error`)."""
        self.save_error = ""
        if self.read_only:
            self.save_error = "your answers folder is read only"
            self.status = "Read only: this is not saved."
            return None
        with self._mutex:
            try:
                record = self.store.update(self.key, change)
            except OSError as e:
                self.save_error = str(e.strerror or e)
                self.status = f"Not saved: {self.save_error}. Your work is still here; copy it somewhere safe."
                return None
            self._version = self.store.version()
            self._revs.update(record.get("revs", {}))
            self.status = f"Saved {local_time(record['saved_at'])}."
            self._show_notices()
            return record

    # another tab's saves --------------------------------------------------------------

    def refresh(self) -> None:
        """Look for saves from another tab or kernel (cheap when the file has not changed) and show them."""
        with self._mutex:
            version = self.store.version()
            if version == self._version:
                return
            self._version = version
            record = self.store.record(self.key)
            if record:
                self._apply_disk(record)
                self._saved_elsewhere(record)
            self._show_notices()
            if self._pending and not self._timer:  # an earlier save failed: try again
                self.flush()

    def _apply_disk(self, record: dict) -> None:
        revs, changed = record.get("revs", {}), []
        for path, field in self._fields.items():
            name = field_name(path)
            if revs.get(name, 0) <= self._revs.get(name, 0):
                continue
            self._revs[name] = revs[name]
            if path in self._pending:
                continue  # typed here after that save: this tab's text is the later one and wins
            value = _get_path(record["value"], path)
            shown = field.from_store(value)
            if shown != field.control.value:
                self._applying = True
                try:
                    field.control.value = shown
                finally:
                    self._applying = False
                changed.append(field.label)
            self._ack(field, field.control.value)
        if changed:
            self._note("other-tab", f"Updated from another tab or window: {', '.join(changed)}. This page now shows "
                       "the newer text, saved there.")
            self._changed_elsewhere(record)

    def _changed_elsewhere(self, record: dict) -> None:
        """Called when another tab's save changed fields shown here (for a subclass to redraw)."""

    def _saved_elsewhere(self, record: dict) -> None:
        """Called when another tab or kernel saved this widget's record: for a subclass whose answers are
        more than its bound fields (checked answers, finished plays) to show them too."""

    # notices and status ------------------------------------------------------------

    def _note(self, topic: str, text: str) -> None:
        """Show a notice (one per topic; a new one replaces the old)."""
        self._notes[topic] = text
        self._show_notices()

    def _show_notices(self) -> None:
        found = [n for store in self._readers for n in store.notices]
        self.notice_box.value = notices_html(list(dict.fromkeys(found)) + list(self._notes.values()))

    def _ack(self, field: _Field | None, value: Any) -> None:
        if field is not None and isinstance(value, str):
            self._acked[str(field.index)] = text_signature(value)

    def _show_status(self) -> None:
        self.status_line.value = status_html(self.status, pending=self.pending, acked=self._acked)

    def _disable(self, widget: w.Widget) -> None:
        if hasattr(widget, "disabled"):
            widget.disabled = True
        for child in getattr(widget, "children", ()):
            self._disable(child)


def _get_path(value: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


class _Poller:
    """One thread per kernel that asks each live widget to :meth:`~Autosaving.refresh`."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="coachlab-refresh", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            for widget in list(_LIVE):
                try:
                    widget.refresh()
                except Exception:  # one broken widget must not stop the others' refresh
                    log.exception("refresh of %s failed", type(widget).__name__)


_poller = _Poller()


@atexit.register
def _flush_all() -> None:
    """Write every pending edit when the kernel exits (a closed page shuts its kernel down)."""
    for widget in list(_LIVE):
        widget.flush()
