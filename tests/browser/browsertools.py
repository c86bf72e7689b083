"""Helpers of the browser tests: where things are, the axe-core scan, offline checks, module lists."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = REPO / ".cache" / "node_modules" / "axe-core" / "axe.min.js"
WIDGET = ".jupyter-widgets textarea, .jupyter-widgets input, button.jupyter-widgets, .jupyter-widgets button"


def require(ok: bool, reason: str) -> None:
    """Skip when a browser-test tool is missing; on CI, fail instead."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
        pytest.skip(reason)


def modules() -> list[str]:
    """The course's module notebooks, in order."""
    return sorted(p.name for p in COURSE.glob("*.ipynb") if not p.name.startswith((".", "_")))


def modules_with(call: str) -> list[str]:
    """Modules whose code calls *call* (e.g. ".roleplay(")."""
    found = []
    for name in modules():
        cells = json.loads((COURSE / name).read_text(encoding="utf-8"))["cells"]
        if any(call in "".join(c["source"]) for c in cells if c["cell_type"] == "code"):
            found.append(name)
    return found


def code_lines(name: str) -> list[str]:
    """The non-trivial lines of a module's code cells."""
    cells = json.loads((COURSE / name).read_text(encoding="utf-8"))["cells"]
    lines = ["".join(c["source"]).splitlines() for c in cells if c["cell_type"] == "code"]
    return [line.strip() for group in lines for line in group if len(line.strip()) > 8]


def off_machine(urls: list[str]) -> list[str]:
    """The requests that went anywhere but this machine's loopback."""
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).hostname != "127.0.0.1"]


def axe_scan(tab, axe_source: str, name: str) -> list[dict]:
    """Run axe-core on the page; save the whole report; return the serious and critical violations."""
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.add_script_tag(content=axe_source)
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    ARTIFACTS.mkdir(exist_ok=True)
    report = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
               "nodes": [{"target": n["target"], "html": n["html"][:300]} for n in v["nodes"]]}
              for v in result["violations"]]
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(report, indent=1))
    return [v for v in report if v["impact"] in ("serious", "critical")]


def open_module(tab, site, file: str) -> None:
    """Open a module page and wait until its first widget is on screen, ready to use."""
    tab.goto(f"{site.base}/voila/render/{file}")
    tab.wait_for_selector(WIDGET, state="visible")


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name)
