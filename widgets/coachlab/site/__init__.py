"""The self-paced site: the course served by Voila on this machine, with a landing page.

``coachlab site`` serves ``course/`` only, on 127.0.0.1, behind a one-time token:

* ``/`` is the landing page (``landing.py``), rendered by the server from the notebooks' first
  cells and the learner's answer store (``coachlab.progress``): no kernel, always current;
* ``/voila/render/<module>.ipynb`` is a module, run by Voila with sources stripped, in our
  template ``share/voila/templates/coachlab`` (Voila's lab template plus navigation and our
  stylesheet, nothing loaded from another machine);
* each module has already run in a kernel of its own when it is asked for (``ready_pages.py``), as
  long as the files it was made from, the learner's answers among them, are unchanged; otherwise it
  runs in a warm kernel from a small pool (``kernels.py``); a closed page's kernel stops, and kernels
  of pages that vanished are culled when idle;
* every route, Voila's included, passes one gate (``handlers.SiteGate``): this machine's host names
  and the token only (the login page excepted), refusals as a page in the course's look and one log
  line; Voila's routes that could list or read files are closed or narrowed (``handlers.py``).
"""
from .app import CourseSite, SiteOptions, serve

__all__ = ["CourseSite", "SiteOptions", "serve"]
