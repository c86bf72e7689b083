"""The "site only" profile's authorizer: the hub's own check, then only what the site's pages use.

JupyterHub's single-user authorizer lets the server's owner do everything. In the site-only
profile the learner reaches the course through the site alone: module pages (Voila) and their
widgets' kernel channels. The contents, files, nbconvert, sessions and terminals APIs answer 403,
so no raw notebook is read or written and no file the browser writes can run later as code.
"""
from __future__ import annotations

from jupyterhub.singleuser.extension import JupyterHubAuthorizer

# jupyter_server's auth resources a module page needs: its kernel's channels and the kernel specs.
SITE_RESOURCES = frozenset({"kernels", "kernelspecs", "api", "csp"})


class SiteOnlyAuthorizer(JupyterHubAuthorizer):
    """JupyterHub's authorizer, narrowed to the resources of the site's pages."""

    def is_authorized(self, handler, user, action, resource):
        if resource not in SITE_RESOURCES:
            self.log.info("Coaching Lab site only: %s %s refused", action, resource)
            return False
        return super().is_authorized(handler, user, action, resource)
