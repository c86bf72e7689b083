"""JupyterHub for a Coaching Lab workshop on one machine (up to about 50 people).

Set up and started by `./run.sh hub` (root), which installs the pieces this file names (see
install.sh). Paths and names come from `coachlab.hub.settings.HubSettings` (each can be moved with
a COACHLAB_HUB_* environment variable). Who is who comes from the Unix groups that
`coachlab hub add-users ROSTER.csv` fills: learners and facilitators.

- Login: PAM on the accounts of the roster (coachlab.hub.auth explains why PAM).
- Servers: one per person, run as that person by the local process spawner, from the hub's venv.
  Learners choose "Coaching Lab site" (the site only: landing page, modules through Voila, no Lab,
  no terminals, no code from the browser) or "JupyterLab (workshop)". Facilitators get JupyterLab
  with formgrader.
- Facilitators hold a role with only the scopes they need: see who is there, start and stop
  servers, open the debrief dashboard. Not `admin`, which would let them act inside learners'
  servers (run code as the learner).
- Services: the idle culler, and the debrief dashboard behind the hub's OAuth (facilitators only).
"""
import pwd
import shlex
import subprocess
import sys
from pathlib import Path

from coachlab.hub.settings import HubSettings

c = get_config()  # noqa: F821 (provided by JupyterHub)
hub = HubSettings.from_env()
PROFILES = Path(sys.modules["coachlab.hub.settings"].__file__).parent / "profiles"
BIN = hub.venv / "bin"

# --- the hub, its proxy, its state (root only) ---------------------------------------------------
c.JupyterHub.bind_url = f"http://{hub.ip}:{hub.port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub.port + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{hub.port + 2}"
c.ConfigurableHTTPProxy.command = [str(hub.proxy)]
c.ConfigurableHTTPProxy.pid_file = str(hub.state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{hub.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(hub.state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(hub.state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
# Activity is what the culler reads: report it often enough for the culling timeout.
ACTIVITY = max(5, min(300, hub.cull_timeout // 6))
c.JupyterHub.last_activity_interval = ACTIVITY

# --- login -----------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "coachlab.hub.auth.CohortAuthenticator"
c.CohortAuthenticator.learners_group = hub.learners_group
c.CohortAuthenticator.facilitators_group = hub.facilitators_group
c.Authenticator.allowed_groups = {hub.learners_group, hub.facilitators_group}
c.Authenticator.manage_groups = True
c.Authenticator.admin_users = set()

# --- roles: facilitators see and start/stop servers, never act inside them --------------------------
c.JupyterHub.load_roles = [
    {"name": "facilitator", "description": "Run a workshop: who is there, start/stop servers, the debrief",
     "groups": [hub.facilitators_group],
     "scopes": ["self", "admin-ui", "list:users", "read:users", "read:users:activity", "read:servers",
                "servers", "read:groups", "list:services", "access:services!service=debrief"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]

# --- services ----------------------------------------------------------------------------------------
service_env = {"COACHLAB_HUB_PREFIX": str(hub.prefix), "COACHLAB_HUB_SRV": str(hub.srv),
               "COACHLAB_HUB_FACILITATORS": hub.facilitators_group, "COACHLAB_HUB_LEARNERS": hub.learners_group,
               "COACHLAB_COURSE_ROOT": str(hub.course_root), "PATH": f"{BIN}:/usr/bin:/bin"}
c.JupyterHub.services = [
    {"name": "idle-culler",
     "command": [str(BIN / "python"), "-m", "jupyterhub_idle_culler", f"--timeout={hub.cull_timeout}",
                 f"--cull-every={max(5, min(300, hub.cull_timeout // 4))}"]},
    {"name": "debrief", "display": True, "oauth_no_confirm": True,
     "url": f"http://127.0.0.1:{hub.port + 3}", "user": "coachlab-debrief", "cwd": str(hub.debrief),
     "command": [str(BIN / "coachlab"), "hub", "debrief-service"], "environment": service_env},
]

# --- single-user servers -------------------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.http_timeout = 90   # a loaded 2-core machine starts a server in 5-30 s
c.Spawner.start_timeout = 180
c.Spawner.environment = {"COACHLAB_COURSE_ROOT": str(hub.course_root), "JUPYTERHUB_ACTIVITY_INTERVAL": str(ACTIVITY),
                         "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin"}
# Memory: the local spawner does not enforce limits (it only passes MEM_LIMIT); on Kubernetes the
# values file sets them (see README). Here: about 150-250 MB per learner with one module open.

PROFILE_FORM = """
<fieldset><legend>How do you want to open the course?</legend>
<label><input type="radio" name="profile" value="site" checked> Coaching Lab site (modules, your progress)</label><br>
<label><input type="radio" name="profile" value="lab"> JupyterLab (workshop: assignments and notebooks)</label>
</fieldset>
"""


def is_facilitator(spawner) -> bool:
    return any(g.name == hub.facilitators_group for g in spawner.user.groups)


def options_form(spawner) -> str:
    return "" if is_facilitator(spawner) else PROFILE_FORM


def options_from_form(formdata) -> dict:
    chosen = (formdata.get("profile") or ["site"])[0]
    return {"profile": chosen if chosen in ("site", "lab") else "site"}


def place_course(username: str, home: Path) -> Path:
    """The learner's own copy of the course's notebooks in ~/course (Lab edits them), made once, by the
    learner (as root, a link planted in their home could turn the copy against another file)."""
    mine = home / "course"
    if not mine.exists() and not mine.is_symlink():
        subprocess.run(["runuser", "-u", username, "--", "cp", "-r", "--no-preserve=mode,ownership",
                        str(hub.course_root / "course"), str(mine)], check=True, timeout=60)
    return mine


def pre_spawn_hook(spawner) -> None:
    """Choose the profile: its server settings, root folder, landing URL and umask."""
    user = pwd.getpwnam(spawner.user.name)
    home = Path(user.pw_dir)
    profile = "facilitator" if is_facilitator(spawner) else spawner.user_options.get("profile", "site")
    if profile == "site":
        course = hub.course_root / "course"   # the read-only install: nothing to copy, nothing to edit
        spawner.notebook_dir = str(course)
        spawner.default_url = "/"
    else:
        course = place_course(user.pw_name, home)
        spawner.notebook_dir = str(home)
        spawner.default_url = "/lab"
    spawner.args = [f"--config={PROFILES / (profile + '.json')}", f"--CoachlabSite.course_dir={course}"]
    # Files a facilitator writes in the cohort folder stay group-writable for the other facilitators;
    # a learner's files are theirs alone.
    umask = "0007" if profile == "facilitator" else "0077"
    spawner.cmd = ["/bin/sh", "-c", f"umask {umask} && exec {shlex.quote(str(BIN / 'jupyterhub-singleuser'))} \"$@\"",
                   "jupyterhub-singleuser"]


c.Spawner.options_form = options_form
c.Spawner.options_from_form = options_from_form
c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.default_url = "/"
