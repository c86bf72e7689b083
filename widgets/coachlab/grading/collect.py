"""Collecting from nbgrader's exchange without following a learner's symbolic links.

The exchange's inbound folder is writable by every learner, so a "submission" there may hold a
link to another learner's answers or to a facilitator's file; nbgrader's own collect copies what
such a link points to, with the facilitator's rights. `SafeCollect` copies links as nothing at
all, and refuses a submission folder that is itself a link; `links_in_latest` names them, so the
learner's report says what was refused.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import parse_utc

from .staging import ignored, scan


class SafeCollect(ExchangeCollect):
    """nbgrader's collect, but a symbolic link in a submission is never followed nor copied."""

    def do_copy(self, src, dest, log=None):
        if os.path.islink(src):
            raise RuntimeError(f"{src} is a symbolic link (to {os.readlink(src)}); it was not collected")

        def skip(folder, names):
            return [n for n in names if ignored(n) or os.path.islink(os.path.join(folder, n))
                    or not (os.path.isdir(os.path.join(folder, n)) or os.path.isfile(os.path.join(folder, n)))]

        shutil.copytree(src, dest, symlinks=True, ignore=skip)


def latest_submission(inbound: Path, learner: str, assignment: str) -> Path | None:
    """The inbound folder nbgrader's collect takes for *learner*: the one with the latest time in its name."""
    found = []
    for path in inbound.glob(f"{learner}+{assignment}+*"):
        parts = path.name.rsplit("+", 3)  # as nbgrader reads it: learner+assignment+time+random
        if len(parts) < 3 or parts[0] != learner:
            continue
        try:
            found.append((parse_utc(parts[2]), path))
        except (ValueError, OverflowError, TypeError):
            continue
    return max(found)[1] if found else None


def links_in_latest(inbound: Path, learner: str, assignment: str) -> list[str]:
    """The symbolic links (path -> target) in the submission that collect takes for *learner*."""
    latest = latest_submission(inbound, learner, assignment)
    if latest is None:
        return []
    if latest.is_symlink():
        return [f"{latest.name} (the whole submission) -> {os.readlink(latest)}"]
    return [f"{rel} -> {target}" for rel, target in scan(latest).links]


def use_safe_collect(config) -> None:
    """Make *config*'s exchange collect with `SafeCollect`, unless the site uses an exchange of its own."""
    current = config.ExchangeFactory.get("collect")
    if current in (None, "", "nbgrader.exchange.default.collect.ExchangeCollect", ExchangeCollect):
        config.ExchangeFactory.collect = SafeCollect
