"""How the Coaching Lab hub copes with a group logging in at once (root; a real hub, real system users).

    sudo .venv/bin/python benchmarks/hub.py [--learners 20] [--runs 3]

One hub (tests/hub/hubprocess.py: installed in a throwaway prefix, removed afterwards). Each run:
every learner, at the same moment, logs in through the hub's form, starts the site-only server and
opens the welcome module; the clock stops when the module's widgets answer through its kernel
(the "first widget"). Then memory: the hub with its proxy and services, and each learner's
processes. Then the hub's idle culler (jupyterhub-idle-culler, short timeout) stops every server:
the time until every learner process has gone and its memory is given back. Figures are the
median over runs; `uptime` is printed before and after, since the machine may be shared.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hub"))
from hubprocess import Hub, running_hub, unusable  # noqa: E402
from hubtools import HubUser, wait_until  # noqa: E402

MODULE = "00_welcome.ipynb"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def first_widget(hub: Hub, name: str) -> float:
    """Seconds from the login form to the welcome module's widgets answering, for one learner."""
    user = HubUser(hub.url, name, hub.passwords[name])
    start = time.monotonic()
    user.login()
    user.spawn("site", timeout=600)
    _, kernel_id = user.open_module(MODULE)
    with user.kernel(kernel_id) as k:
        if not k.widgets():
            raise AssertionError(f"{name}: no widgets")
    return time.monotonic() - start


def rss_mb(processes) -> float:
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def learner_processes(uids: set[int]) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]


def culler_token(hub: Hub) -> str:
    for p in psutil.Process(hub.process.pid).children(recursive=True):
        if "jupyterhub_idle_culler" in " ".join(p.cmdline()):
            return p.environ()["JUPYTERHUB_API_TOKEN"]
    raise RuntimeError("no idle culler")


def one_run(hub: Hub) -> dict:
    names = hub.learners
    uids = {hub.home(n).stat().st_uid for n in names}
    errors = []
    with ThreadPoolExecutor(len(names)) as pool:
        futures = {n: pool.submit(first_widget, hub, n) for n in names}
        times = []
        for n, f in futures.items():
            try:
                times.append(f.result())
            except Exception as e:  # counted and shown, the run goes on
                errors.append(f"{n}: {type(e).__name__}: {str(e)[:200]}")
    hub_family = [psutil.Process(hub.process.pid), *psutil.Process(hub.process.pid).children(recursive=True)]
    hub_family = [p for p in hub_family if p.uids().real not in uids]
    per_learner = rss_mb(learner_processes(uids)) / max(1, len(names) - len(errors))
    hub_mb = rss_mb(hub_family)
    culler = subprocess.Popen([str(hub.prefix / "venv" / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                               f"--url=http://127.0.0.1:{hub.port + 1}/hub/api", "--timeout=5", "--cull-every=2",
                               "--concurrency=10"],
                              env={**os.environ, "JUPYTERHUB_API_TOKEN": culler_token(hub)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    start = time.monotonic()
    try:
        wait_until(lambda: not learner_processes(uids), 600, "every learner's processes gone", every=0.5)
        cull = time.monotonic() - start
    finally:
        culler.terminate()
        culler.wait(30)
    return {"errors": errors, "p50": percentile(times, 0.5) if times else float("nan"),
            "p95": percentile(times, 0.95) if times else float("nan"), "hub_mb": hub_mb,
            "learner_mb": per_learner, "cull_s": cull}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    why = unusable()
    if why:
        print(f"benchmarks/hub.py: {why}", file=sys.stderr)
        return 2
    print("uptime before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    runs = []
    with running_hub(args.learners) as hub:
        for i in range(args.runs):
            r = one_run(hub)
            runs.append(r)
            print(f"run {i + 1}: errors {len(r['errors'])}, first widget p50 {r['p50']:.1f} s p95 {r['p95']:.1f} s, "
                  f"hub {r['hub_mb']:.0f} MB, per learner {r['learner_mb']:.0f} MB, culled in {r['cull_s']:.1f} s",
                  flush=True)
            for e in r["errors"]:
                print("   ", e)
    print("uptime after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

    def med(key):
        return statistics.median(r[key] for r in runs)
    print(f"\n{args.learners} learners at once, median of {len(runs)} runs:")
    print(f"  errors                      {statistics.median(len(r['errors']) for r in runs):.0f} (target 0)")
    print(f"  login to first widget p50   {med('p50'):.1f} s")
    print(f"  login to first widget p95   {med('p95'):.1f} s")
    print(f"  hub + proxy + services      {med('hub_mb'):.0f} MB")
    print(f"  per learner (server+kernel) {med('learner_mb'):.0f} MB")
    print(f"  culling gives it all back   {med('cull_s'):.1f} s (culler timeout 5 s, every 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
