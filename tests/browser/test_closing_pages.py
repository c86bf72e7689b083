"""A module page closed in the browser (left for another page, or its tab closed) frees its kernel:
Voila's page sends its closing request with the _xsrf cookie the site gave it."""
import time

from browsertools import open_module
from siteprocess import kernel_id_of


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.1)


def test_leaving_or_closing_a_module_page_stops_its_kernel(tab, site):
    open_module(tab, site, "00_welcome.ipynb")
    left = kernel_id_of(tab.content())
    tab.get_by_role("link", name="All modules").first.click()  # leave for the landing page
    tab.wait_for_url(f"{site.base}/")
    wait_until(lambda: left not in site.kernel_ids(), 30, "the left page's kernel stopping")

    second = tab.context.new_page()
    open_module(second, site, "00_welcome.ipynb")
    closed = kernel_id_of(second.content())
    second.close(run_before_unload=True)
    wait_until(lambda: closed not in site.kernel_ids(), 30, "the closed tab's kernel stopping")
    assert "'_xsrf' argument missing" not in site.log
