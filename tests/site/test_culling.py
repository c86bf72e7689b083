"""Kernels of pages that vanished without closing (no closing request) are culled when idle; open
pages, the warm pool and the ready pages keep theirs. No fixed waits: a kernel idle for less time than the one
kept is culled first, and serves as the clock."""
import pytest
from sitetools import COURSE, KernelChannel, wait_until
from siteprocess import SiteProcess, kernel_id_of

TIMEOUT, INTERVAL = 3, 1
LIMIT = TIMEOUT + 5 * INTERVAL + 20  # generous: the culler runs on a loaded machine


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("answers")
    extra = ["--pool-size", "2", "--cull-idle-timeout", str(TIMEOUT), "--cull-interval", str(INTERVAL)]
    with SiteProcess(COURSE, data, extra=extra) as s:
        yield s


def page_kernel(site):
    return kernel_id_of(site.get("/voila/render/00_welcome.ipynb")[2].decode())


def culled(site, kernel):
    return kernel not in site.kernel_ids() and site.get(f"/api/kernels/{kernel}")[0] == 404


def test_a_vanished_pages_kernel_is_culled_and_an_open_pages_is_kept(site):
    vanished = page_kernel(site)
    kept = page_kernel(site)
    with KernelChannel(site, kept):  # a page still open on this kernel
        clock = page_kernel(site)  # rendered after `kept` went quiet, so idle for less time than it
        wait_until(lambda: culled(site, vanished) and culled(site, clock), LIMIT, "culling the vanished pages' kernels")
        assert kept in site.kernel_ids()
    assert f"Culling 'idle' kernel 'python3' ({vanished})" in site.log


def test_the_warm_pool_and_the_ready_pages_are_never_culled(site):
    wait_until(lambda: len(site.wait_for_warm_kernel()) >= 2, 120, "two warm kernels")
    site.wait_for_ready_page("02_jerome.ipynb")
    waiting = site.wait_for_warm_kernel() | set(site.ready_pages().values())
    clock = page_kernel(site)  # takes one warm kernel; the other waited longer than this page has
    waiting.discard(clock)
    wait_until(lambda: culled(site, clock), LIMIT, "culling the page's kernel")
    assert waiting and waiting <= site.kernel_ids()
    assert not [line for line in site.lines if "Culling" in line and any(k in line for k in waiting)]
