"""A module page in a learner's own server: our template, no source code, nothing from another machine
(the page config's MathJax address, cdnjs by default under a Jupyter server, is the copy that
jupyter-server-mathjax serves, or none)."""
import re

from workshop import WELCOME, ensure_running


def test_a_module_page_uses_our_template_and_nothing_from_a_cdn(workshop, hub):
    user = workshop["users"][hub.learners[1]]
    ensure_running(user)
    html, _ = user.open_module(WELCOME)
    assert "coachlab-page" in html and "Skip to the module" in html          # our template
    assert "cdnjs" not in html and "cdn.jsdelivr" not in html
    mathjax = re.search(r'"fullMathjaxUrl":\s*(null|"[^"]*")', html)
    assert mathjax and (mathjax.group(1) == "null" or mathjax.group(1).startswith(f'"{user.prefix}')), mathjax
    assert not re.findall(r'(?:src|href)="https?://', html)                  # every asset from this server
    assert "from coachlab import lesson" not in html                         # sources stripped
