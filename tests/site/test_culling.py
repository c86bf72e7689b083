"""Kernels of closed pages are culled when idle; open pages and the warm pool keep theirs."""
import time

import pytest
from sitetools import COURSE, KernelChannel

from siteprocess import SiteProcess, kernel_id_of

TIMEOUT, INTERVAL = 3, 1


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("answers")
    extra = ["--cull-idle-timeout", str(TIMEOUT), "--cull-interval", str(INTERVAL)]
    with SiteProcess(COURSE, data, extra=extra) as s:
        yield s


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_closed_pages_kernel_is_culled_and_an_open_pages_is_kept(site):
    closed = kernel_id_of(site.get("/voila/render/00_welcome.ipynb")[2].decode())
    kept = kernel_id_of(site.get("/voila/render/00_welcome.ipynb")[2].decode())
    with KernelChannel(site, kept):  # a page still open on this kernel
        assert closed in site.kernel_ids() and kept in site.kernel_ids()
        assert wait_until(lambda: closed not in site.kernel_ids() and site.get(f"/api/kernels/{closed}")[0] == 404,
                          TIMEOUT + 5 * INTERVAL + 10)
        time.sleep(TIMEOUT + 2 * INTERVAL)
        assert kept in site.kernel_ids()
    assert f"Culling 'idle' kernel 'python3' ({closed})" in site.log


def test_the_warm_pool_is_never_culled(site):
    waiting = site.wait_for_warm_kernel()
    time.sleep(TIMEOUT + 3 * INTERVAL)
    assert waiting <= site.kernel_ids()
    assert not [line for line in site.lines if "Culling" in line and any(k in line for k in waiting)]
