#!/usr/bin/env bash
# `./run.sh hub`: install (install.sh, idempotent) and start the Coaching Lab JupyterHub in the
# foreground. If the hub is already running, say where and change nothing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${COACHLAB_HUB_PREFIX:-/opt/coachlab-hub}
SRV=${COACHLAB_HUB_SRV:-/srv/coachlab-hub}
IP=${COACHLAB_HUB_IP:-127.0.0.1}
PORT=${COACHLAB_HUB_PORT:-8000}
URL="http://$IP:$PORT/"

[ "$(id -u)" = 0 ] || { echo "The hub is set up by root: sudo ./run.sh hub" >&2; exit 1; }
pid=$(cat "$SRV/state/jupyterhub.pid" 2>/dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qs jupyterhub "/proc/$pid/cmdline"; then
  echo "The Coaching Lab hub is already running (pid $pid) at $URL: nothing to do."
  exit 0
fi
"$HERE/install.sh"
install -m 0644 "$HERE/jupyterhub_config.py" "$PREFIX/jupyterhub_config.py"
cat <<MSG

Coaching Lab hub: $URL
  Add people (root):   $PREFIX/venv/bin/coachlab hub add-users ROSTER.csv
                       (CSV header: username,role,name; role is learner or facilitator;
                        new passwords go to ROSTER-passwords.csv, readable by root only)
  Facilitators grade:  coachlab grade ASSIGNMENT --course-dir $SRV/cohort   (in their JupyterLab terminal)
  Debrief dashboard:   ${URL}services/debrief/   (facilitators only)
  End the workshop:    Ctrl+C here, then: $PREFIX/venv/bin/coachlab hub remove-users ROSTER.csv
MSG
cd "$SRV/state"
umask 077  # the database, cookie secret and pid files: root only, even inside the 0700 folder
exec "$PREFIX/venv/bin/jupyterhub" -f "$PREFIX/jupyterhub_config.py" "$@"
