"""Benchmark of the self-paced site (``coachlab site``): page speed, memory, culling, concurrency.

    .venv/bin/python benchmarks/site.py [--loads 7] [--sessions 10] [--learners 20]

Everything runs on this machine's loopback, in Debian's Chromium driven by Playwright, against
servers started here and stopped at the end. Every loop is bounded. It prints:

1. time from navigation to the first widget on screen and usable, for the welcome module and for a
   bare Voila page with one ipywidgets button, both served by the same server, median of several
   loads (each reached from the landing page in the same tab, browser cache warm): with no warm
   kernels ("cold") and with the site's warm pool ("pre-heated"), and the ratio course/bare
   (target: within 1.3x);
2. resident memory of the server and its kernels with N module pages open;
3. culling: kernels of closed pages before and after the idle timeout;
4. N concurrent learners, each opening the module and saving a reflection: how many succeeded.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests" / "support"))
from siteprocess import SiteProcess  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COURSE_PAGE, BARE_PAGE = "00_welcome.ipynb", "bare_button.ipynb"
WIDGET = ".jupyter-widgets textarea, .jupyter-widgets input, button.jupyter-widgets, .jupyter-widgets button"
# Records, in the page, the moment the first widget control is on screen and enabled.
MARK_FIRST_WIDGET = """
(() => {
  const sel = %s;
  const look = () => {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.disabled && el.offsetParent !== null) { window.__firstWidget = performance.now(); return; }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
""" % json.dumps(WIDGET)


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


# 1. page speed ---------------------------------------------------------------------------

def time_loads(site: SiteProcess, browser, loads: int, pooled: bool) -> dict[str, dict[str, list[float]]]:
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
        if pooled:
            site.wait_for_warm_kernel(timeout=120)  # steady state: a warm kernel is waiting
        else:
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
    with SiteProcess(course, data, extra=["--cull-idle-timeout", str(timeout), "--cull-interval", "1"]) as site:
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


# 4. concurrent learners ----------------------------------------------------------------------

async def one_learner(browser, site: SiteProcess, n: int) -> tuple[bool, float, str]:
    start = time.perf_counter()
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        tab.set_default_timeout(180_000)
        await tab.goto(site.url)
        await tab.goto(f"{site.base}/voila/render/{COURSE_PAGE}")
        area = tab.get_by_label("Description")
        await area.wait_for(state="visible")
        await area.fill(f"Learner {n} writes a first reflection about Jerome and his peers.")
        await tab.locator(".coachlab-reflection .coachlab-status", has_text="Saved").wait_for()
        return True, time.perf_counter() - start, ""
    except Exception as e:  # a failure is counted and reported, not raised
        return False, time.perf_counter() - start, f"{type(e).__name__}: {str(e).splitlines()[0]}"
    finally:
        await context.close()


async def concurrent_learners(site: SiteProcess, learners: int) -> list[tuple[bool, float, str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        results = await asyncio.gather(*(one_learner(browser, site, n) for n in range(learners)))
        await browser.close()
    return results


# main ----------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loads", type=int, default=7, help="measured loads of each page per mode (default 7)")
    ap.add_argument("--sessions", type=int, default=10, help="module pages open for the memory figure")
    ap.add_argument("--learners", type=int, default=20, help="concurrent learners")
    ap.add_argument("--cull-timeout", type=int, default=5, help="idle timeout for the culling demonstration (s)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="coachlab-bench-"))
    course = make_course(tmp)
    print(f"Coaching Lab site benchmark: {args.loads} loads per page and mode, {args.sessions} sessions, "
          f"{args.learners} concurrent learners; Chromium {CHROMIUM}; loopback only\n")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            medians = {}
            for mode, extra, pooled in (("cold", ["--pool-size", "0"], False), ("pre-heated", [], True)):
                with SiteProcess(course, tmp / f"data-{mode}", extra=extra + ["--cull-idle-timeout", "20",
                                                                             "--cull-interval", "2"]) as site:
                    if pooled:
                        site.wait_for_warm_kernel()
                    times = time_loads(site, browser, args.loads, pooled)
                medians[mode] = {k: statistics.median(v["widget"]) for k, v in times.items()}
                module, bare = times[COURSE_PAGE], times[BARE_PAGE]
                print(f"{mode:>10}: course module {ms(module['widget'])} (page received {ms(module['html'])})"
                      f"   bare button page {ms(bare['widget'])} (page received {ms(bare['html'])})"
                      f"   ratio {medians[mode][COURSE_PAGE] / medians[mode][BARE_PAGE]:.2f}x")
                print(f"{'':>12}course loads: {', '.join(f'{t:.0f}' for t in module['widget'])} ms;"
                      f" bare loads: {', '.join(f'{t:.0f}' for t in bare['widget'])} ms")
            ratio = medians["pre-heated"][COURSE_PAGE] / medians["pre-heated"][BARE_PAGE]
            print(f"\npre-heated course page / pre-heated bare page: {ratio:.2f}x "
                  f"(target <= 1.30x: {'met' if ratio <= 1.3 else 'NOT met'})")
            hot, cold = medians["pre-heated"], medians["cold"]
            print(f"pre-heated / cold, course page: {hot[COURSE_PAGE] / cold[COURSE_PAGE]:.2f}x;"
                  f" bare page: {hot[BARE_PAGE] / cold[BARE_PAGE]:.2f}x")

            with SiteProcess(course, tmp / "data-memory") as site:
                site.wait_for_warm_kernel()
                idle, busy, kernels = memory_with_sessions(site, browser, args.sessions)
            mib = 1024 * 1024
            print(f"\nmemory (RSS of server + kernels): idle with warm pool {idle / mib:.0f} MiB; with "
                  f"{args.sessions} module pages open {busy / mib:.0f} MiB ({kernels} kernels), "
                  f"{(busy - idle) / args.sessions / mib:.0f} MiB per open page")

            print(f"\nculling (idle timeout {args.cull_timeout} s, checked every 1 s):")
            for label, count, rss in culling(browser, course, tmp / "data-cull", 5, args.cull_timeout):
                print(f"  {label:<34} {count:>3} kernel(s)" + (f"   {rss / mib:.0f} MiB" if rss else ""))
            browser.close()

        with SiteProcess(course, tmp / "data-load", extra=["--pool-size", "2"]) as site:
            site.wait_for_warm_kernel()
            began = time.perf_counter()
            results = asyncio.run(concurrent_learners(site, args.learners))
            wall = time.perf_counter() - began
            peak = site.rss_bytes()
            store = tmp / "data-load" / "00_welcome.json"
            store_ok = store.exists() and "reflection/first-look" in json.loads(store.read_text())["records"]
        ok = [r for r in results if r[0]]
        print(f"\n{args.learners} concurrent learners (open the module, write a reflection, see it saved): "
              f"{len(ok)} succeeded, {args.learners - len(ok)} failed in {wall:.1f} s; time to saved: median "
              f"{statistics.median(r[1] for r in ok) if ok else float('nan'):.1f} s, "
              f"max {max((r[1] for r in ok), default=float('nan')):.1f} s; RSS after {peak / mib:.0f} MiB; "
              f"answers file intact: {store_ok}")
        for failed in [r for r in results if not r[0]]:
            print(f"  failed after {failed[1]:.1f} s: {failed[2]}")
        return 0 if len(ok) == args.learners else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
