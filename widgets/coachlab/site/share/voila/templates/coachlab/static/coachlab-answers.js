/* Coaching Lab module pages: keep the learner's typing safe in the browser.
 *
 * - A lost kernel is visible: the page watches its kernel's websocket. When the kernel dies or
 *   is restarted (its widgets are then gone, so nothing typed reaches disk) or the connection
 *   closes, a notice with a Reload button appears and every status line says "Not saved".
 * - Nothing typed is lost on a reload: what the learner types is kept in the tab's session
 *   storage until the kernel acknowledges it (the status line's data-cl-acked holds a signature
 *   of each saved text field, see coachlab/widgets/autosave.py), and typed back into its field
 *   after a reload, so keystrokes the browser had not yet sent are saved by the new page.
 *   Closing the page while something is unacknowledged asks first.
 * - Answers stay small and well formed: text fields get maxlength (the store's MAX_TEXT_CHARS),
 *   and lone surrogates (which the server cannot encode) become U+FFFD before they are sent.
 *
 * Loaded before Voila's own script, so it sees the kernel websocket being opened.
 */
(function () {
  'use strict';
  var MAX_TEXT_CHARS = 20000; // coachlab.store.answers_format.MAX_TEXT_CHARS
  var KERNEL_SOCKET = /\/api\/kernels\/[^/]+\/channels/;
  var FATAL_STATE = /"execution_state"\s*:\s*"(restarting|autorestarting|dead)"/;
  var lost = false;
  var kernelGone = false; // the kernel died or was restarted: its widgets are gone for good

  function lostNotice(why) {
    lost = true;
    document.body.classList.add('cl-connection-lost');
    markStatuses();
    if (document.getElementById('cl-connection-lost')) { return; }
    var box = document.createElement('div');
    box.id = 'cl-connection-lost';
    box.className = 'cl-connection-notice';
    box.style.cssText = 'position:sticky;top:0;z-index:1000;margin:0;padding:0.6em 1em;background:#fff4ce;' +
      'border-bottom:3px solid #8a6d00;color:#1b1b1b;font-size:1rem;line-height:1.5';
    box.setAttribute('role', 'alert');
    var text = document.createElement('p');
    text.textContent = 'The connection to the course server was lost (' + why + '), so what you type now is ' +
      'not saved. Copy any text you want to keep, then reload the page: your saved answers come back.';
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload the page';
    button.addEventListener('click', function () { window.location.reload(); });
    box.appendChild(text);
    box.appendChild(button);
    document.body.insertBefore(box, document.body.firstChild);
    button.focus();
  }

  function connectionBack() {
    if (!lost || kernelGone) { return; }
    lost = false;
    document.body.classList.remove('cl-connection-lost');
    var box = document.getElementById('cl-connection-lost');
    if (box) { box.remove(); }
  }

  function markStatuses() {
    if (!lost) { return; }
    document.querySelectorAll('.coachlab-status').forEach(function (status) {
      if (status.getAttribute('data-cl-lost') === '1') { return; }
      status.setAttribute('data-cl-lost', '1');
      status.removeAttribute('data-cl-pending');
      status.textContent = 'Not saved: the connection to the course server was lost. Reload the page.';
    });
  }

  function inspect(data) {
    var text = null;
    if (typeof data === 'string') {
      text = data;
    } else if (data instanceof ArrayBuffer && data.byteLength < 4096) {
      text = new TextDecoder('utf-8', {fatal: false}).decode(data);
    }
    if (text && text.indexOf('"status"') !== -1) {
      var match = FATAL_STATE.exec(text);
      if (match) {
        kernelGone = true;
        lostNotice(match[1] === 'dead' ? 'the kernel stopped' : 'the kernel was restarted');
      }
    }
  }

  var NativeSocket = window.WebSocket;
  function WatchedSocket(url, protocols) {
    var socket = protocols === undefined ? new NativeSocket(url) : new NativeSocket(url, protocols);
    if (KERNEL_SOCKET.test(String(url))) {
      socket.addEventListener('message', function (event) { inspect(event.data); });
      socket.addEventListener('open', connectionBack);
      socket.addEventListener('close', function () {
        if (!unloading) { lostNotice('the server closed it'); }
      });
    }
    return socket;
  }
  WatchedSocket.prototype = NativeSocket.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) { WatchedSocket[name] = NativeSocket[name]; });
  window.WebSocket = WatchedSocket;

  var unloading = false;
  window.addEventListener('beforeunload', function (event) {
    if (!lost && (document.querySelector('.coachlab-status[data-cl-pending]') || unacknowledged())) {
      event.preventDefault();
      event.returnValue = '';
    }
    unloading = true;
  });
  window.addEventListener('pagehide', function () { unloading = true; });

  // drafts: typed text kept until the kernel acknowledges it --------------------------------
  function signature(text) { // FNV-1a over UTF-16 code units, as autosave.text_signature
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0; }
    return h.toString(16);
  }
  function fieldOf(element) {
    var holder = element.closest && element.closest('.cl-field');
    var widget = holder && holder.closest('.coachlab-widget');
    if (!widget) { return null; }
    var index = /(?:^|\s)cl-field-(\d+)(?:\s|$)/.exec(holder.className);
    var widgets = Array.prototype.indexOf.call(document.querySelectorAll('.coachlab-widget'), widget);
    return index && {widget: widget, index: index[1], key: 'cl-draft:' + location.pathname + ':' + widgets + ':' + index[1]};
  }
  function acked(widget) {
    var status = widget.querySelector('.coachlab-status[data-cl-acked]');
    try { return status ? JSON.parse(status.getAttribute('data-cl-acked')) : {}; } catch (e) { return {}; }
  }
  function drafts() {
    var found = [];
    for (var i = 0; i < sessionStorage.length; i++) {
      var key = sessionStorage.key(i);
      if (key.indexOf('cl-draft:' + location.pathname + ':') === 0) { found.push(key); }
    }
    return found;
  }
  function forgetAcknowledged() {
    document.querySelectorAll('.coachlab-widget .cl-field').forEach(function (holder) {
      var input = holder.querySelector('textarea, input[type=text]');
      var field = input && fieldOf(input);
      var draft = field && sessionStorage.getItem(field.key);
      if (draft !== null && draft !== undefined && acked(field.widget)[field.index] === signature(draft)) {
        sessionStorage.removeItem(field.key);
      }
    });
  }
  function unacknowledged() {
    forgetAcknowledged();
    return drafts().length > 0;
  }
  function restoreDrafts() {
    document.querySelectorAll('.coachlab-widget .cl-field:not([data-cl-seen])').forEach(function (holder) {
      var input = holder.querySelector('textarea, input[type=text]');
      if (!input) { return; }
      holder.setAttribute('data-cl-seen', '1');
      var field = fieldOf(input);
      var draft = field && sessionStorage.getItem(field.key);
      if (draft === null || draft === undefined) { return; }
      if (draft === input.value) { sessionStorage.removeItem(field.key); return; }
      input.value = draft; // typed before the reload but never acknowledged: type it again
      input.dispatchEvent(new Event('input', {bubbles: true}));
    });
  }

  function wellFormed(value) {
    if (typeof value.toWellFormed === 'function') { return value.toWellFormed(); }
    return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      function (m, before) { return (before || '') + '\uFFFD'; });
  }

  // Capture phase: this runs before the widget's own input handler reads the value.
  document.addEventListener('input', function (event) {
    var field = event.target;
    if (!field || !field.closest || !field.closest('.coachlab-widget')) { return; }
    if (typeof field.value === 'string') {
      var fixed = wellFormed(field.value);
      if (fixed !== field.value) { field.value = fixed; }
      var draft = fieldOf(field);
      if (draft) {
        try { sessionStorage.setItem(draft.key, field.value); } catch (e) { /* storage full or off: the warning remains */ }
      }
    }
    markStatuses();
  }, true);

  function limit(root) {
    root.querySelectorAll('.coachlab-widget textarea:not([maxlength]), .coachlab-widget input[type=text]:not([maxlength])')
      .forEach(function (field) { field.setAttribute('maxlength', String(MAX_TEXT_CHARS)); });
    markStatuses();
    if (!kernelGone) { restoreDrafts(); forgetAcknowledged(); }
  }
  document.addEventListener('DOMContentLoaded', function () {
    new MutationObserver(function () { limit(document); }).observe(document.body, {childList: true, subtree: true});
    limit(document);
  });
})();
