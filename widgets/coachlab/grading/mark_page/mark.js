// The marking page of `coachlab mark`: one question, every learner in turn, keyboard first.
// Text from learners and from the bank is only ever put on the page as textContent (never as HTML).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const state = { cell: null, order: [], index: 0, item: null, saved: "", bank: [], editing: null, pending: Promise.resolve(true) };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function xsrf() {
    const m = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  async function api(method, path, body) {
    const options = { method, headers: { "X-XSRFToken": xsrf() }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = {};
    try { data = await response.json(); } catch (e) { /* not JSON: keep the status */ }
    if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
    return data;
  }

  function say(text) { $("alert").textContent = ""; $("status").textContent = text; }
  function alarm(text) { $("alert").textContent = text; }

  const question = () => config.questions.find((q) => q.cell === state.cell);
  const level = (points) => question().levels.find((l) => l.points === points);
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const current = () => state.order[state.index];

  function describe(score) {
    if (score === null || score === undefined) return "not marked yet";
    const lv = level(score);
    return `${fmt(score)} point${score === 1 ? "" : "s"}${lv ? ` (${lv.name})` : ""}`;
  }

  // -- the question and its rubric ------------------------------------------------
  function showRubric() {
    const q = question();
    $("rubric-heading").textContent = /point/.test(q.title) ? q.title : `${q.title} (${fmt(q.max)} points)`;
    const box = $("level-buttons");
    box.replaceChildren();
    for (const lv of q.levels) {
      const key = lv.points <= 9 && Number.isInteger(lv.points) ? String(lv.points) : "";
      const button = el("button", { type: "button", class: "level", "aria-pressed": "false", "data-points": lv.points },
        el("span", { class: "key", "aria-hidden": "true", text: key }),
        el("span", { class: "name", text: `${fmt(lv.points)} · ${lv.name}` }),
        el("span", { class: "chosen", text: "" }),
        el("span", { class: "desc", text: lv.description }));
      if (key) button.setAttribute("aria-keyshortcuts", key);
      button.addEventListener("click", () => choose(lv.points));
      box.append(button);
    }
    $("scheme").replaceChildren(...q.scheme.split("\n").filter((l) => l.trim()).map((l) => el("p", { text: l })));
    $("scheme-box").hidden = !q.scheme;
  }

  function showLevel(score) {
    for (const b of document.querySelectorAll("#level-buttons .level")) {
      const on = score !== null && score !== undefined && Number(b.dataset.points) === score;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.querySelector(".chosen").textContent = on ? " ✓ chosen" : "";
    }
  }

  // -- the learner list and progress -------------------------------------------------
  function showList() {
    const list = $("learner-list");
    list.replaceChildren(...state.order.map((entry, i) => {
      const label = `${entry.code}: ${describe(entry.score)}${entry.changed ? ", answer changed since" : ""}`;
      const b = el("button", { type: "button", text: label });
      if (i === state.index) b.setAttribute("aria-current", "true");
      b.addEventListener("click", () => go(i));
      return el("li", {}, b);
    }));
    const marked = state.order.filter((e) => e.score !== null && !e.changed).length;
    $("progress").textContent = state.order.length
      ? `Learner ${state.index + 1} of ${state.order.length} · ${marked} marked · ${state.order.length - marked} to mark`
      : "No submission of this assignment has been graded yet: run coachlab grade first.";
  }

  // -- one learner ----------------------------------------------------------------------
  function showStatus(item) {
    const status = [`Mark: ${describe(item.score)}${item.comment ? ", with a comment" : ""}.`];
    if (item.changed_since_marked) status.push("The answer changed after it was marked: check the mark.");
    if (item.problem) status.push(item.problem);
    $("learner-status").textContent = status.join(" ");
  }

  function showItem(item) {
    state.item = item;
    const who = config.names ? `${item.code} (${item.name ? `${item.name}, ` : ""}${item.learner})` : item.code;
    $("answer-heading").textContent = `Answer of ${who}`;
    showStatus(item);
    const box = $("answers");
    box.replaceChildren();
    if (!item.answers.length) box.append(el("p", { class: "empty", text: "(nothing to show)" }));
    for (const a of item.answers) {
      box.append(el("h3", { text: a.label }));
      if (a.question) box.append(el("p", { class: "prompt", text: a.question }));
      box.append(el("blockquote", { class: "text", text: a.text || "(no answer)" }));
      if (a.length > a.text.length) {
        box.append(el("p", { class: "note", text: `Shortened: this answer has ${a.length.toLocaleString()} characters; ` +
          `the first ${a.text.length.toLocaleString()} are shown. Read the whole in formgrader.` }));
      }
    }
    $("comment").value = item.comment || "";
    state.saved = $("comment").value;
    showLevel(item.score);
  }

  async function load(index) {
    state.index = index;
    showList();
    if (!state.order.length) return;
    const entry = current();
    // Until this learner's answer is on the page, no key may mark anyone (the last one is gone).
    state.item = null;
    $("answer-heading").textContent = `Answer of ${entry.code}`;
    $("learner-status").textContent = "Loading…";
    $("answers").replaceChildren();
    $("comment").value = "";
    state.saved = "";
    showLevel(null);
    try {
      const item = await api("GET", `api/questions/${encodeURIComponent(state.cell)}/${encodeURIComponent(entry.code)}`);
      if (current() === entry) showItem(item);  // not a late answer for a learner already left
    } catch (e) {
      alarm(`Could not open ${entry.code}: ${e.message}`);
    }
  }

  // Saves run one after another; each takes the learner and comment of the moment it was asked for.
  function save(score, why) {
    if (!state.item) return Promise.resolve(false);
    const item = state.item;
    const body = { score: score === undefined ? item.score : score, comment: $("comment").value };
    const run = state.pending.then(() => send(item, body, why));
    state.pending = run.catch(() => false);
    return run;
  }

  async function send(item, body, why) {
    try {
      const saved = await api("PUT", `api/questions/${encodeURIComponent(state.cell)}/${encodeURIComponent(item.code)}`, body);
      const entry = state.order.find((e) => e.code === saved.code);
      if (entry) { entry.score = saved.score; entry.changed = saved.changed_since_marked; }
      item.score = saved.score;
      item.comment = saved.comment;
      item.changed_since_marked = saved.changed_since_marked;
      if (state.item === item) {
        state.saved = body.comment;
        showLevel(saved.score);
        showStatus(item);
      }
      showList();
      say(`Saved ${saved.code}: ${describe(saved.score)}${saved.comment ? ", with a comment" : ", no comment"}${why || ""}.`);
      return true;
    } catch (e) {
      alarm(`Not saved for ${item.code}: ${e.message}. Your mark and comment are still on the page: try again.`);
      return false;
    }
  }

  const dirty = () => state.item && $("comment").value !== state.saved;

  async function go(index) {
    if (!state.order.length) return;
    await state.pending;
    let done = "";
    if (dirty()) {
      if (!(await save())) return;
      done = `${$("status").textContent} `;
    }
    if (index < 0 || index >= state.order.length) {
      say(done + (index < 0 ? "This is the first learner." : "This is the last learner: every answer has been shown."));
      return;
    }
    await load(index);
    $("answer-heading").focus();
  }

  function nextUnmarked() {
    const n = state.order.length;
    for (let step = 1; step <= n; step++) {
      const i = (state.index + step) % n;
      if (state.order[i].score === null || state.order[i].changed) return go(i);
    }
    say("Every learner has a mark for this question.");
  }

  function choose(points) {
    if (!level(points)) return;
    if (!state.item) { say("Wait a moment: this learner's answer is still loading."); return; }
    showLevel(points);
    save(points);
  }

  async function openQuestion(cell) {
    await state.pending;
    if (dirty()) await save();
    state.cell = cell;
    showRubric();
    try {
      state.order = (await api("GET", `api/questions/${encodeURIComponent(cell)}`)).order;
    } catch (e) {
      alarm(`Could not list the learners: ${e.message}`);
      state.order = [];
    }
    const first = state.order.findIndex((e) => e.score === null || e.changed);
    await load(Math.max(first, 0));
  }

  // -- the comment bank -------------------------------------------------------------------
  function matches() {
    const words = $("bank-find").value.trim().toLowerCase();
    if (!words) return state.bank;
    const exact = state.bank.filter((c) => c.key.toLowerCase() === words);
    const rest = state.bank.filter((c) => !exact.includes(c) &&
      (c.key.toLowerCase().includes(words) || c.text.toLowerCase().includes(words)));
    return exact.concat(rest);
  }

  function showBank() {
    const found = matches();
    $("bank-count").textContent = `${found.length} of ${state.bank.length} comment${state.bank.length === 1 ? "" : "s"} shown`;
    $("bank-list").replaceChildren(...found.map((c) => {
      const insert = el("button", { type: "button", class: "insert", text: `Insert ${c.key}` });
      insert.addEventListener("click", () => insertComment(c));
      const edit = el("button", { type: "button", text: `Edit ${c.key}` });
      edit.addEventListener("click", () => editComment(c));
      const remove = el("button", { type: "button", text: `Delete ${c.key}` });
      remove.addEventListener("click", () => deleteComment(c));
      return el("li", {}, el("p", { class: "bank-text", text: c.text }), el("div", { class: "actions" }, insert, edit, remove));
    }));
  }

  function takeBank(data, message) {
    state.bank = data.comments;
    if (data.notice) alarm(data.notice);
    showBank();
    if (message) say(message);
  }

  function insertComment(c) {
    const box = $("comment");
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n\n${c.text}` : c.text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    say(`Inserted the comment ${c.key}; it is saved when you leave the box or move on.`);
  }

  function editComment(c) {
    state.editing = c.key;
    $("bank-editor-title").textContent = `Edit the comment ${c.key}`;
    $("bank-key").value = c.key;
    $("bank-text").value = c.text;
    $("bank-editor").open = true;
    $("bank-key").focus();
  }

  function closeEditor() {
    state.editing = null;
    $("bank-editor-title").textContent = "Add a comment to the bank";
    $("bank-key").value = "";
    $("bank-text").value = "";
    $("bank-editor").open = false;
  }

  async function saveToBank() {
    const key = $("bank-key").value.trim();
    const was = state.editing;
    try {
      takeBank(await api("POST", "api/bank", { key, text: $("bank-text").value, replaces: was }),
        was ? `Comment ${key} updated in the bank.` : `Comment ${key} added to the bank.`);
      closeEditor();
      $("bank-find").focus();
    } catch (e) {
      alarm(`Not saved to the bank: ${e.message}`);
    }
  }

  async function deleteComment(c) {
    try {
      takeBank(await api("DELETE", `api/bank/${encodeURIComponent(c.key)}`), `Comment ${c.key} deleted from the bank.`);
      $("bank-find").focus();
    } catch (e) {
      alarm(`Not deleted: ${e.message}`);
    }
  }

  // -- keyboard -----------------------------------------------------------------------------
  const typing = (t) => t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
    (t.tagName === "INPUT" && !["button", "checkbox", "radio"].includes(t.type)));

  document.addEventListener("keydown", (event) => {
    const t = event.target;
    if (t === $("comment") && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      go(state.index + 1);
      return;
    }
    if (t === $("bank-find") && event.key === "Enter") {
      event.preventDefault();
      const found = matches();
      if (found.length) insertComment(found[0]); else say("No comment in the bank matches.");
      return;
    }
    if (typing(t)) {
      if (event.key === "Escape") { event.preventDefault(); t.blur(); $("answer-heading").focus(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const k = event.key;
    let handled = true;
    if (/^[0-9]$/.test(k)) choose(Number(k));
    else if (k === "n" || k === "ArrowRight") go(state.index + 1);
    else if (k === "p" || k === "ArrowLeft") go(state.index - 1);
    else if (k === "u") nextUnmarked();
    else if (k === "c") $("comment").focus();
    else if (k === "b") { $("bank-find").focus(); $("bank-find").select(); }
    else if (k === "s") save();
    else if (k === "?") $("keys-heading").focus();
    else handled = false;
    if (handled) event.preventDefault();
  });

  $("comment").addEventListener("blur", () => { if (dirty()) save(); });
  $("prev").addEventListener("click", () => go(state.index - 1));
  $("next").addEventListener("click", () => go(state.index + 1));
  $("unmarked").addEventListener("click", nextUnmarked);
  $("save").addEventListener("click", () => save());
  $("question").addEventListener("change", (e) => openQuestion(e.target.value));
  $("bank-find").addEventListener("input", showBank);
  $("bank-copy").addEventListener("click", () => { $("bank-text").value = $("comment").value; $("bank-text").focus(); });
  $("bank-save").addEventListener("click", saveToBank);
  $("bank-cancel").addEventListener("click", closeEditor);
  window.addEventListener("beforeunload", (e) => { if (dirty()) { save(); e.preventDefault(); } });

  api("GET", "api/bank").then((data) => takeBank(data), (e) => alarm(`The comment bank could not be read: ${e.message}`));
  if (config.questions.length) openQuestion(config.questions[0].cell);
})();
