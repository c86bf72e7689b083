"""Benchmark of the self-paced site (``coachlab site``): page speed, memory, culling, concurrency.

    .venv/bin/python benchmarks/site.py [--loads 7] [--sessions 10] [--learners 20] [--soak 300]
                                        [--only voila,speed,memory,culling,burst,protocol,soak] [--pool-size N]

Everything runs on this machine's loopback, in Debian's Chromium driven by Playwright, against
servers started here and stopped at the end. Every loop is bounded. It prints:

1. the site's own ways of opening a page, on one server each: time from navigation to the first widget
   on screen and usable, for the welcome module and for a bare Voila page with one ipywidgets button
   served by the same server, median of several loads (each reached from the landing page in the
   same tab, browser cache warm): with nothing prepared ("cold": the kernel starts on request),
   with warm kernels only ("warm kernel": started and imported, the notebook runs on request) and
   with ready pages ("ready page": the page has run ahead of time; the bare page, a notebook of the
   served folder, gets one too);
2. resident memory of the server and its kernels with N module pages open;
3. culling: kernels of closed pages before and after the idle timeout;
4. N learners arriving at once, each opening the module and saving a reflection: how many
   succeeded, and the time from opening the module to the saved reflection (median, max), split
   into page received / first widget / saved, with the processor time of the server, the kernels
   and the browser (which shares the same processors here, unlike real learners' browsers);
4b. the same arrival without browsers ("protocol"): each learner does over HTTP and the kernel's
   websocket what the page does (landing page, module page, the widget manager's request for every
   widget's state, typing into the reflection, waiting for "Saved", closing the page), so the two
   processors serve only the server and its kernels, as they would for learners on their own
   computers;
5. N pages kept open for a while (--soak seconds), each learner reloading its module and saving a
   new answer in its own field again and again: errors, answers lost (acknowledged as saved but
   not on disk), and memory at the start, at the peak and two minutes after the last page closed.

0. against plain Voila ("voila"): the time to the first widget of each module of the site, and of a
   one-button notebook served by plain Voila with its own preheating (``voila --preheat_kernel``:
   the notebook has run before the page is asked for), loads interleaved in one run (course module,
   bare page, next module, bare page...), each page reached from its own server's front page in the
   same tab, browser cache warm, and each server's pre-run page ready before each load; median per
   module and the ratio to the bare page's median (target: within 1.2x).

Each section prints ``uptime``'s load averages: the machine may be shared.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import threading
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests" / "support"))
sys.path.insert(0, str(REPO / "tests" / "site"))
from siteprocess import SiteProcess  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COURSE_PAGE, BARE_PAGE = "00_welcome.ipynb", "bare_button.ipynb"
WIDGET = ".jupyter-widgets textarea, .jupyter-widgets input, button.jupyter-widgets, .jupyter-widgets button"
# Records, in the page, the moment the first widget control is on screen and enabled.
MARK_FIRST_WIDGET = """
(() => {
  const sel = SELECTOR;
  const look = () => {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.disabled && el.offsetParent !== null) { window.__firstWidget = performance.now(); return; }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
""".replace("SELECTOR", json.dumps(WIDGET))


def bare_notebook() -> dict:
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "button", "metadata": {}, "outputs": [],
                       "source": ["import ipywidgets as widgets\n", "widgets.Button(description='Click me')"]}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def make_course(root: Path) -> Path:
    """The course, plus the bare one-button notebook, in a temporary folder served as one site."""
    course = root / "course"
    shutil.copytree(REPO / "course", course, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (course / BARE_PAGE).write_text(json.dumps(bare_notebook()))
    return course


def ms(seconds_list):
    return f"{statistics.median(seconds_list):7.0f} ms"


# 0. against plain Voila with its own preheating ---------------------------------------------------

class PlainVoila:
    """``voila --preheat_kernel`` serving one folder on a free loopback port, with a token."""

    def __init__(self, folder: Path):
        import secrets
        import subprocess

        from siteprocess import free_port

        self.port, self.token = free_port(), secrets.token_urlsafe(16)
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "voila"), "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
             f"--token={self.token}", "--preheat_kernel=True", "--Voila.log_level=INFO", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()
        self.base = f"http://127.0.0.1:{self.port}"

    def filled(self) -> int:
        """How many times Voila has said its pool of pre-run notebooks is full."""
        return sum("Kernel pool of" in line and "is filled" in line for line in list(self.lines))

    def wait_filled(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.filled() < count:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("plain Voila did not pre-run its notebook:\n" + "".join(self.lines))
            time.sleep(0.05)

    def stop(self) -> None:
        import signal

        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except Exception:
                os.killpg(self.proc.pid, signal.SIGKILL)


def first_widget(tab, front: str, page: str) -> float:
    """ms from navigation start to the first widget usable, reaching *page* from *front* in *tab*."""
    tab.goto(front)
    tab.goto(page)
    tab.wait_for_function("window.__firstWidget !== undefined", timeout=120_000)
    if os.environ.get("COACHLAB_BENCH_TRACE"):
        print(page.rsplit("/", 1)[-1], tab.evaluate("JSON.stringify(window.__marks || {})"),
              tab.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"))
    return tab.evaluate("window.__firstWidget")


def against_plain_voila(course: Path, tmp: Path, loads: int, modules: list[str]) -> None:
    """Section 0 (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    bare_folder = tmp / "plain-voila"
    bare_folder.mkdir()
    (bare_folder / BARE_PAGE).write_text(json.dumps(bare_notebook()))
    voila = PlainVoila(bare_folder)
    try:
        with SiteProcess(course, tmp / "data-voila") as site, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(MARK_FIRST_WIDGET)
            # One tab for both servers: a second tab would be in the background, where the browser
            # slows animation frames (and with them the page's rendering and our measurement).
            ours = theirs = context.new_page()
            ours.goto(site.url)
            theirs.goto(f"{voila.base}/?token={voila.token}")
            print(f"Against plain Voila {voila_version()} with --preheat_kernel, serving the one-button notebook; "
                  f"{loads} loads of each, interleaved ({load()} before)")
            times: dict[str, list[float]] = {m: [] for m in [*modules, BARE_PAGE]}
            for round_ in range(loads + 1):  # the first round warms the browser's cache and is not counted
                for module in modules:
                    ready = site.wait_for_ready_page(module, timeout=120)
                    course_ms = first_widget(ours, f"{site.base}/", f"{site.base}/voila/render/{module}")
                    site.wait_for_log(f"using ready page of {module} (kernel {ready})", timeout=10)
                    voila.wait_filled(round_ * len(modules) + modules.index(module) + 1)
                    time.sleep(0.3)  # Voila says "filled" as the last cell's output is rendered: let it settle
                    bare_ms = first_widget(theirs, f"{voila.base}/", f"{voila.base}/voila/render/{BARE_PAGE}")
                    if round_:
                        times[module].append(course_ms)
                        times[BARE_PAGE].append(bare_ms)
            browser.close()
    finally:
        voila.stop()
    bare = statistics.median(times[BARE_PAGE])
    print(f"  {'plain Voila, one button (pre-run)':<38} {bare:6.0f} ms   loads: "
          f"{', '.join(f'{t:.0f}' for t in times[BARE_PAGE])}")
    worst = 0.0
    for module in modules:
        median = statistics.median(times[module])
        worst = max(worst, median / bare)
        print(f"  {module:<38} {median:6.0f} ms   {median / bare:4.2f}x   loads: "
              f"{', '.join(f'{t:.0f}' for t in times[module])}")
    print(f"  slowest module / plain Voila's one button: {worst:.2f}x (target <= 1.20x: "
          f"{'met' if worst <= 1.2 else 'NOT met'}; {load()} after)\n")


def voila_version() -> str:
    from importlib.metadata import version

    return version("voila")


# 1. page speed ---------------------------------------------------------------------------

def time_loads(site: SiteProcess, browser, loads: int, mode: str) -> dict[str, dict[str, list[float]]]:
    """Per page: ms from navigation start to the page fully received ("html") and to its first
    widget on screen and usable ("widget"). The learner's way in: from the landing page, in the
    same tab, with the browser's cache warm (one unmeasured load of each page first)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(MARK_FIRST_WIDGET)
    tab = context.new_page()
    tab.goto(site.url)
    times = {name: {"html": [], "widget": []} for name in (COURSE_PAGE, BARE_PAGE)}
    for i in range(2 + loads * 2):
        name = (COURSE_PAGE, BARE_PAGE)[i % 2]
        tab.goto(f"{site.base}/")
        if mode != "cold":
            site.wait_for_warm_kernel(timeout=120)  # steady state: a warm kernel is waiting
        if mode == "ready page":
            site.wait_for_ready_page(name, timeout=120)  # and the page has run ahead
        time.sleep(0.5)
        tab.goto(f"{site.base}/voila/render/{name}")
        tab.wait_for_function("window.__firstWidget !== undefined", timeout=120_000)
        if i >= 2:
            html, widget = tab.evaluate(
                "[performance.getEntriesByType('navigation')[0].responseEnd, window.__firstWidget]")
            times[name]["html"].append(html)
            times[name]["widget"].append(widget)
    context.close()
    return times


# 2. memory -----------------------------------------------------------------------------------

def memory_with_sessions(site: SiteProcess, browser, sessions: int) -> tuple[int, int, int]:
    """RSS (bytes) of server and kernels: idle, and with *sessions* module pages open."""
    time.sleep(2)
    idle = site.rss_bytes()
    context = browser.new_context()
    first = context.new_page()
    first.goto(site.url)
    tabs = [first]
    for _ in range(sessions - 1):
        tabs.append(context.new_page())
    for tab in tabs:
        tab.goto(f"{site.base}/voila/render/{COURSE_PAGE}")
        tab.wait_for_selector(WIDGET, state="visible", timeout=120_000)
    time.sleep(2)
    busy, kernels = site.rss_bytes(), len(site.kernel_ids())
    context.close()
    return idle, busy, kernels


# 3. culling ----------------------------------------------------------------------------------

def culling(browser, course: Path, data: Path, pages: int, timeout: int) -> list[tuple[str, int, int]]:
    """Kernel count and RSS: after *pages* pages were opened and closed, then after the idle timeout."""
    rows = []
    extra = ["--ready-pages", "0", "--cull-idle-timeout", str(timeout), "--cull-interval", "1"]  # page kernels only
    with SiteProcess(course, data, extra=extra) as site:
        site.wait_for_warm_kernel()
        rows.append(("server started (warm pool)", len(site.kernel_ids()), site.rss_bytes()))
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(site.url)
        for _ in range(pages):
            tab.goto(f"{site.base}/voila/render/{COURSE_PAGE}")
            tab.wait_for_selector(WIDGET, state="visible", timeout=120_000)
        context.close()
        time.sleep(1)
        rows.append((f"{pages} pages opened and closed", len(site.kernel_ids()), site.rss_bytes()))
        deadline = time.monotonic() + timeout + 30
        while len(site.kernel_ids()) > 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        rows.append((f"after the idle timeout ({timeout} s)", len(site.kernel_ids()), site.rss_bytes()))
        culled = site.log.count("Culling 'idle' kernel")
        rows.append(("kernels culled (server log)", culled, 0))
    return rows


# 4. learners arriving at once ------------------------------------------------------------------

SAVED = re.compile(r"\bSaved\b")  # "Saved at ...", not "Restored your answer saved ..."


def load() -> str:
    return "load averages " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pids: list[int]) -> float:
    """Processor time of these processes and of their children that have ended."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def cpu_split(site: SiteProcess) -> dict[str, float]:
    """Processor seconds so far: the server, its kernels (running or ended), and everything else this
    benchmark started (the browser and its driver)."""
    import psutil

    server = psutil.Process(site.proc.pid)
    t = server.cpu_times()
    kernels = [p.pid for p in server.children(recursive=True)]
    others = [p.pid for p in psutil.Process().children(recursive=True) if p.pid not in {site.proc.pid, *kernels}]
    return {"server": t.user + t.system, "kernels": t.children_user + t.children_system + cpu_seconds(kernels),
            "browser": cpu_seconds(others)}


async def one_learner(browser, site: SiteProcess, n: int) -> dict:
    start = time.perf_counter()
    marks = {"ok": False}
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        tab.set_default_timeout(180_000)
        await tab.goto(site.url)
        opened = time.perf_counter()
        await tab.goto(f"{site.base}/voila/render/{COURSE_PAGE}")
        marks["page"] = time.perf_counter() - opened
        area = tab.get_by_label("Description")
        await area.wait_for(state="visible")
        marks["widget"] = time.perf_counter() - opened
        await area.fill(f"Learner {n} writes a first reflection about Jerome and his peers.")
        await tab.locator(".coachlab-reflection .coachlab-status", has_text=SAVED).wait_for()
        marks.update(ok=True, saved=time.perf_counter() - opened, total=time.perf_counter() - start)
    except Exception as e:  # a failure is counted and reported, not raised
        marks.update(total=time.perf_counter() - start, error=f"{type(e).__name__}: {str(e).splitlines()[0]}")
    finally:
        await context.close()
    return marks


async def concurrent_learners(site: SiteProcess, learners: int) -> tuple[list[dict], dict[str, float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        before = cpu_split(site)
        results = await asyncio.gather(*(one_learner(browser, site, n) for n in range(learners)))
        after = cpu_split(site)
        await browser.close()
    return results, {k: after[k] - before[k] for k in after}


def burst(course: Path, data: Path, learners: int, pool_size: int) -> bool:
    with SiteProcess(course, data, extra=["--pool-size", str(pool_size)]) as site:
        wait_for_pool(site, pool_size)
        print(f"\n{learners} learners arriving at once (pool of {pool_size} warm kernels; {load()} before)")
        began = time.perf_counter()
        results, cpu = asyncio.run(concurrent_learners(site, learners))
        wall = time.perf_counter() - began
        store = data / "00_welcome.json"
        store_ok = store.exists() and "reflection/first-look" in json.loads(store.read_text())["records"]
        print(f"  ({load()} after)")
    ok = [r for r in results if r["ok"]]
    print(f"  {len(ok)} succeeded, {learners - len(ok)} failed, in {wall:.1f} s; answers file intact: {store_ok}")
    for key, label in (("saved", "opening the module to the reflection saved"), ("page", "  page received"),
                       ("widget", "  first widget usable")):
        values = [r[key] for r in ok]
        if values:
            print(f"  {label:<44} median {statistics.median(values):5.1f} s, max {max(values):5.1f} s")
    print(f"  processor time: server {cpu['server']:.1f} s, kernels {cpu['kernels']:.1f} s, browser "
          f"{cpu['browser']:.1f} s (per learner {sum(cpu.values()) / learners:.2f} s, on "
          f"{os.cpu_count()} processors)")
    for failed in [r for r in results if not r["ok"]]:
        print(f"  failed after {failed['total']:.1f} s: {failed['error']}")
    return len(ok) == learners


def wait_for_pool(site: SiteProcess, size: int, timeout: float = 180) -> None:
    """Wait until *size* warm kernels and every module's ready page are there (the steady state before
    learners arrive)."""
    deadline = time.monotonic() + timeout
    while size and len(site.warm_kernels()[0] - site.warm_kernels()[1]) < size:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the pool did not reach {size} warm kernels in {timeout} s")
        time.sleep(0.2)
    for module in sorted(p.name for p in Path(site.argv[site.argv.index("--course") + 1]).glob("*.ipynb")):
        site.wait_for_ready_page(module, timeout=max(1.0, deadline - time.monotonic()))


# 4b. learners arriving at once, without browsers -------------------------------------------------

def protocol_learner(site: SiteProcess, n: int) -> dict:
    """One learner's arrival, as the page's requests and widget messages (see the module docstring)."""
    import uuid

    from siteprocess import kernel_id_of
    from sitetools import KernelChannel, Learner, message

    start = time.perf_counter()
    marks = {"ok": False}
    try:
        learner = Learner(site)
        opened = time.perf_counter()
        response = learner.http.get(f"{site.base}/voila/render/{COURSE_PAGE}", timeout=300)
        kernel = kernel_id_of(response.text)
        marks["page"] = time.perf_counter() - opened
        with KernelChannel(site, kernel) as channel:
            control = uuid.uuid4().hex
            opening = message("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}})
            opening["metadata"] = {"version": "1.0.0"}
            channel.send(opening)
            channel.send(message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}))
            states = channel.wait_for_comm(control, "update_states", 300)["content"]["data"]["states"]
            marks["widget"] = time.perf_counter() - opened
            [area] = [cid for cid, m in states.items()
                      if m["model_name"] == "TextareaModel" and m["state"].get("description") == "Description"]
            text = f"Learner {n} writes a first reflection about Jerome and his peers."
            channel.send(message("comm_msg", {"comm_id": area, "data": {"method": "update", "state": {"value": text},
                                                                          "buffer_paths": []}}))
            channel.wait_for_update(lambda state: SAVED.search(str(state.get("value", ""))), 300)
        marks.update(ok=True, saved=time.perf_counter() - opened, total=time.perf_counter() - start)
        learner.close_page(kernel)
    except Exception as e:
        marks.update(total=time.perf_counter() - start, error=f"{type(e).__name__}: {str(e).splitlines()[0]}")
    return marks


def protocol_burst(course: Path, data: Path, learners: int, pool_size: int) -> bool:
    from concurrent.futures import ThreadPoolExecutor

    with SiteProcess(course, data, extra=["--pool-size", str(pool_size)]) as site:
        wait_for_pool(site, pool_size)
        print(f"\n{learners} learners arriving at once, without browsers (pool of {pool_size}; {load()} before)")
        before = cpu_split(site)
        began = time.perf_counter()
        with ThreadPoolExecutor(learners) as pool:
            results = list(pool.map(lambda n: protocol_learner(site, n), range(learners)))
        wall = time.perf_counter() - began
        after = cpu_split(site)
        print(f"  ({load()} after)")
    ok = [r for r in results if r["ok"]]
    print(f"  {len(ok)} succeeded, {learners - len(ok)} failed, in {wall:.1f} s")
    for key, label in (("saved", "opening the module to the reflection saved"), ("page", "  page received"),
                       ("widget", "  widget states received")):
        values = [r[key] for r in ok]
        if values:
            print(f"  {label:<44} median {statistics.median(values):5.1f} s, max {max(values):5.1f} s")
    print(f"  processor time: server {after['server'] - before['server']:.1f} s, kernels "
          f"{after['kernels'] - before['kernels']:.1f} s")
    for failed in [r for r in results if not r["ok"]]:
        print(f"  failed after {failed['total']:.1f} s: {failed['error']}")
    return len(ok) == learners


# 5. pages kept open for a while ---------------------------------------------------------------

def text_fields(course: Path) -> list[tuple[str, str]]:
    """(module, field label) of every reflection prompt in the course: one per soak learner."""
    import yaml

    fields = []
    for data in sorted((course / "data").glob("*.yaml")):
        spec = yaml.safe_load(data.read_text(encoding="utf-8"))
        for reflection in (spec.get("reflections") or {}).values():
            fields += [(f"{data.stem}.ipynb", p["label"]) for p in reflection["prompts"]]
    return fields


async def soak_learner(browser, site, n, module, label, end, saved_texts, errors):
    context = await browser.new_context()
    tab = await context.new_page()
    tab.set_default_timeout(240_000)
    await tab.goto(site.url)
    round_ = 0
    while time.monotonic() < end:
        round_ += 1
        text = f"Learner {n}, round {round_}: a note on {label.lower()} ({time.time():.3f})."
        step = "opening the module"
        try:
            await tab.goto(f"{site.base}/voila/render/{module}")
            area = tab.locator(".coachlab-reflection").get_by_label(label, exact=True)
            step = "waiting for the form"
            await area.wait_for(state="visible")
            await area.fill(text)
            step = "waiting for 'Saved'"
            await tab.locator(".coachlab-reflection .coachlab-status", has_text=SAVED).first.wait_for()
            saved_texts[n] = text
        except Exception as e:
            errors.append(f"learner {n} round {round_}, {step}: {type(e).__name__}: {str(e).splitlines()[0]}")
    await tab.goto(f"{site.base}/")  # the page closes: its kernel is released
    await context.close()
    return round_


async def soak_run(site, course, learners, seconds):
    from playwright.async_api import async_playwright

    fields = text_fields(course)
    saved_texts, errors = {}, []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        end = time.monotonic() + seconds
        rounds = await asyncio.gather(*(soak_learner(browser, site, n, *fields[n % len(fields)], end, saved_texts,
                                                     errors) for n in range(learners)))
        await browser.close()
    return saved_texts, errors, rounds


def soak(course: Path, data: Path, learners: int, seconds: int, pool_size: int, after: int = 120) -> bool:
    mib = 1024 * 1024
    with SiteProcess(course, data, extra=["--pool-size", str(pool_size)]) as site:
        wait_for_pool(site, pool_size)
        start_rss = site.rss_bytes()
        samples, stop = [start_rss], threading.Event()

        def sample():
            while not stop.wait(2):
                samples.append(site.rss_bytes())

        threading.Thread(target=sample, daemon=True).start()
        print(f"\n{learners} pages open for {seconds} s, each learner reloading its module and saving again "
              f"({load()} at the start)")
        saved_texts, errors, rounds = asyncio.run(soak_run(site, course, learners, seconds))
        print(f"  ({load()} at the end)")
        ended = time.monotonic()
        while time.monotonic() < ended + after:
            time.sleep(1)
        stop.set()
        after_rss, kernels = site.rss_bytes(), len(site.kernel_ids())
        on_disk = "".join(p.read_text(encoding="utf-8") for p in data.glob("*.json"))
        lost = [t for t in saved_texts.values() if json.dumps(t)[1:-1] not in on_disk]
        refused = site.log.count("'_xsrf' argument missing")
    print(f"  page views with a saved answer: {sum(rounds) - len(errors)} of {sum(rounds)}; errors {len(errors)}; "
          f"answers lost {len(lost)} (of the last answer each learner saw saved)")
    print(f"  memory (server + kernels): start {start_rss / mib:.0f} MiB, peak {max(samples) / mib:.0f} MiB, "
          f"{after} s after the last page closed {after_rss / mib:.0f} MiB ({kernels} kernels; pool {pool_size}); "
          f"closing requests refused: {refused}")
    for e in errors[:10]:
        print(f"  error: {e}")
    return not errors and not lost


# main ----------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loads", type=int, default=7, help="measured loads of each page per mode (default 7)")
    ap.add_argument("--sessions", type=int, default=10, help="module pages open for the memory figure")
    ap.add_argument("--learners", type=int, default=20, help="learners arriving at once, and pages in the soak")
    ap.add_argument("--cull-timeout", type=int, default=5, help="idle timeout for the culling demonstration (s)")
    ap.add_argument("--soak", type=int, default=300, help="seconds the soak keeps its pages busy (default 300)")
    ap.add_argument("--pool-size", type=int, default=2, help="warm kernels for the burst and the soak (default 2)")
    ap.add_argument("--modules", default="",
                    help="modules compared with plain Voila, comma-separated (default: every module of the course)")
    ap.add_argument("--only", default="voila,speed,memory,culling,burst,protocol,soak",
                    help="sections to run, comma-separated")
    args = ap.parse_args()
    only = set(args.only.split(","))

    tmp = Path(tempfile.mkdtemp(prefix="coachlab-bench-"))
    course = make_course(tmp)
    print(f"Coaching Lab site benchmark ({', '.join(sorted(only))}): {args.loads} loads per page and mode, "
          f"{args.sessions} sessions, {args.learners} learners; Chromium {CHROMIUM}; loopback only; {load()}\n")
    ok = True
    try:
        if "voila" in only:
            modules = args.modules.split(",") if args.modules else sorted(p.name for p in course.glob("[0-9][0-9]_*.ipynb"))
            against_plain_voila(course, tmp, args.loads, modules)
        if only & {"speed", "memory", "culling"}:
            speed_memory_culling(args, course, tmp, only)
        if "burst" in only:
            ok &= burst(course, tmp / "data-burst", args.learners, args.pool_size)
        if "protocol" in only:
            ok &= protocol_burst(course, tmp / "data-protocol", args.learners, args.pool_size)
        if "soak" in only:
            ok &= soak(course, tmp / "data-soak", args.learners, args.soak, args.pool_size)
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def speed_memory_culling(args, course: Path, tmp: Path, only: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    mib = 1024 * 1024
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        if "speed" in only:
            medians = {}
            modes = (("cold", ["--pool-size", "0", "--ready-pages", "0"]), ("warm kernel", ["--ready-pages", "0"]),
                     ("ready page", []))
            for mode, extra in modes:
                with SiteProcess(course, tmp / f"data-{mode.replace(' ', '-')}",
                                 extra=extra + ["--cull-idle-timeout", "20", "--cull-interval", "2"]) as site:
                    times = time_loads(site, browser, args.loads, mode)
                medians[mode] = {k: statistics.median(v["widget"]) for k, v in times.items()}
                module, bare = times[COURSE_PAGE], times[BARE_PAGE]
                print(f"{mode:>12}: course module {ms(module['widget'])} (page received {ms(module['html'])})"
                      f"   bare button page {ms(bare['widget'])} (page received {ms(bare['html'])})")
                print(f"{'':>14}course loads: {', '.join(f'{t:.0f}' for t in module['widget'])} ms;"
                      f" bare loads: {', '.join(f'{t:.0f}' for t in bare['widget'])} ms")
            cold = medians["cold"][COURSE_PAGE]
            print(f"\ncourse module, against cold: warm kernel {medians['warm kernel'][COURSE_PAGE] / cold:.2f}x, "
                  f"ready page {medians['ready page'][COURSE_PAGE] / cold:.2f}x ({load()})")
        if "memory" in only:
            with SiteProcess(course, tmp / "data-memory") as site:
                site.wait_for_warm_kernel()
                idle, busy, kernels = memory_with_sessions(site, browser, args.sessions)
            print(f"\nmemory (RSS of server + kernels): idle with warm pool {idle / mib:.0f} MiB; with "
                  f"{args.sessions} module pages open {busy / mib:.0f} MiB ({kernels} kernels), "
                  f"{(busy - idle) / args.sessions / mib:.0f} MiB per open page")
        if "culling" in only:
            print(f"\nculling (idle timeout {args.cull_timeout} s, checked every 1 s):")
            for label, count, rss in culling(browser, course, tmp / "data-cull", 5, args.cull_timeout):
                print(f"  {label:<34} {count:>3} kernel(s)" + (f"   {rss / mib:.0f} MiB" if rss else ""))
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
