"""The hub tests' fixtures: a real hub (hubprocess.py) with 5 learners and 1 facilitator, and one workshop
round on it (workshop.py). Needs root: skipped otherwise, except on CI (``CI`` set), where not being
able to run is a failure."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hubprocess import running_hub, unusable

LEARNERS = 5
CULL_TIMEOUT = 3600  # the hub's own culler waits an hour; test_culling runs the same culler with a short timeout


def pytest_collection_modifyitems(config, items):
    """The culling test last: the culler it runs stops every idle server, which the others would restart."""
    here = Path(__file__).parent
    places = [i for i, item in enumerate(items) if Path(str(item.fspath)).parent == here]
    ours = sorted((items[i] for i in places), key=lambda item: item.fspath.basename == "test_culling.py")
    for i, item in zip(places, ours):
        items[i] = item


@pytest.fixture(scope="session")
def hub():
    why = unusable()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"the hub tests must run on CI: {why}")
        pytest.skip(why)
    with running_hub(LEARNERS, CULL_TIMEOUT) as h:
        yield h


@pytest.fixture(scope="session")
def workshop(hub):
    """The whole workshop round (see workshop.py), once for all the tests that read it."""
    from workshop import run_workshop

    return run_workshop(hub)


