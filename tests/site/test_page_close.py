"""A closed module page frees its kernel: the page's closing request passes the XSRF check (the site
sets the _xsrf cookie it carries), and after many page views only the warm pool and the pages
still open hold kernels. The idle culler is set far off here, so it is not what frees them."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sitetools import COURSE, Learner, wait_until
from siteprocess import SiteProcess

POOL, VIEWS, AT_ONCE = 1, 45, 5


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("answers")
    with SiteProcess(COURSE, data, extra=["--pool-size", str(POOL), "--cull-idle-timeout", "3600"]) as s:
        yield s


def test_closing_a_page_stops_its_kernel_and_only_with_the_xsrf_value(site):
    learner = Learner(site)
    kernel = learner.open_module()
    assert learner.close_page(kernel, xsrf="") == 403  # a forged request (no cookie value) is still refused
    assert kernel in site.kernel_ids()
    assert learner.close_page(kernel) == 204
    wait_until(lambda: kernel not in site.kernel_ids(), 30, "the closed page's kernel stopping")
    assert site.log.count(f"403 POST /voila/api/shutdown/{kernel}") == 1  # the forged one only


def test_after_many_page_views_only_the_pool_and_open_pages_hold_kernels(site):
    learner = Learner(site)
    still_open = learner.open_module("01_coaching_leadership.ipynb")

    def view(_):
        kernel = learner.open_module()
        assert learner.close_page(kernel) == 204
        return kernel

    with ThreadPoolExecutor(AT_ONCE) as pool:
        viewed = set(pool.map(view, range(VIEWS)))
    assert len(viewed) == VIEWS  # each view had a kernel of its own
    wait_until(lambda: not viewed & site.kernel_ids(), 60, "the viewed pages' kernels stopping")
    alive = site.kernel_ids()
    assert still_open in alive and len(alive) <= POOL + 1  # the pool and the page still open
    assert "Culling 'idle' kernel" not in site.log
