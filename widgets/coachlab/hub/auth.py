"""The hub's login: PAM against the cohort's system accounts, with hub groups from Unix groups.

Why PAM: every participant needs a system account anyway (their server, home and answers run as
them), so PAM checks the password of that account and no second user database exists. Accounts
come from the facilitator's roster (``coachlab hub add-users``), not from self sign-up.
The Unix groups are the source of truth: at each login the user's hub groups are set from them,
so the facilitators' RBAC role follows ``usermod -aG facilitators NAME`` without a restart.
"""
from __future__ import annotations

import grp

from jupyterhub.auth import PAMAuthenticator
from traitlets import Unicode


class CohortAuthenticator(PAMAuthenticator):
    """PAM login limited to the cohort's groups; hub group membership copied from the Unix groups."""

    learners_group = Unicode("coachlab-learners", config=True, help="Unix group of the learners.")
    facilitators_group = Unicode("facilitators", config=True, help="Unix group of the facilitators.")

    def _groups_of(self, username: str) -> list[str]:
        found = []
        for name in (self.learners_group, self.facilitators_group):
            try:
                if username in grp.getgrnam(name).gr_mem:
                    found.append(name)
            except KeyError:
                pass
        return found

    async def authenticate(self, handler, data):
        username = await super().authenticate(handler, data)
        if not username:
            return None
        name = username if isinstance(username, str) else username["name"]
        return {"name": name, "groups": self._groups_of(name)}
