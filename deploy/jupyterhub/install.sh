#!/usr/bin/env bash
# Install (or bring up to date) a Coaching Lab JupyterHub on this machine. Run as root; idempotent:
# a second run changes nothing that is already right. Paths: coachlab.hub.settings (COACHLAB_HUB_*).
#   - $PREFIX/venv           JupyterHub, idle culler, Coaching Lab (not editable), from /usr/bin/python3
#   - $PREFIX/node_modules   configurable-http-proxy from npm, pinned
#   - $PREFIX/course-root    course/ and exercises/ read-only for all; solutions/ root:facilitators 0750
#   - $SRV/state             the hub's database, cookie secret, pid files: root only (0700)
#   - $SRV/exchange          nbgrader's exchange (1777: nbgrader sets the modes inside)
#   - $SRV/cohort            gradebook, submissions, feedback, grades: root:facilitators 2770
#   - $SRV/debrief           the debrief dashboard's folder: coachlab-debrief:facilitators 2750
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${COACHLAB_HUB_PREFIX:-/opt/coachlab-hub}
SRV=${COACHLAB_HUB_SRV:-/srv/coachlab-hub}
LEARNERS=${COACHLAB_HUB_LEARNERS:-coachlab-learners}
FACILITATORS=${COACHLAB_HUB_FACILITATORS:-facilitators}
DEBRIEF_USER=coachlab-debrief
PROXY_VERSION=5.3.0          # npm: configurable-http-proxy
HUB_PYTHON=/usr/bin/python3  # readable by every user (a Python under /root is not: 0700)

[ "$(id -u)" = 0 ] || { echo "The hub is set up by root: sudo ./run.sh hub" >&2; exit 1; }
command -v npm >/dev/null || { echo "The hub's proxy comes from npm: install Node.js and npm (apt-get install npm)." >&2; exit 1; }
"$HUB_PYTHON" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
  echo "The hub needs $HUB_PYTHON 3.11+ with venv (apt-get install python3-venv)." >&2; exit 1; }
umask 022

install -d -m 0755 "$PREFIX"
# 1. The hub's Python: rebuilt only when the requirements or the package change.
stamp=$(cd "$REPO" && cat deploy/jupyterhub/requirements.txt pyproject.toml \
        $(find widgets -type f -not -path '*/__pycache__/*' | sort) \
        | sha256sum | cut -d' ' -f1)
if [ "$(cat "$PREFIX/venv/.coachlab-stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "Installing JupyterHub and Coaching Lab into $PREFIX/venv ..."
  [ -x "$PREFIX/venv/bin/python" ] || "$HUB_PYTHON" -m venv "$PREFIX/venv"
  "$PREFIX/venv/bin/python" -m pip install --quiet --upgrade pip
  "$PREFIX/venv/bin/python" -m pip install --quiet -r "$REPO/deploy/jupyterhub/requirements.txt" "$REPO"
  "$PREFIX/venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$REPO"  # same version, new code
  echo "$stamp" > "$PREFIX/venv/.coachlab-stamp"
fi
# 2. The proxy, pinned, into the prefix (never a global install).
if ! grep -qs "\"version\": \"$PROXY_VERSION\"" "$PREFIX/node_modules/configurable-http-proxy/package.json"; then
  echo "Installing configurable-http-proxy $PROXY_VERSION from npm ..."
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "configurable-http-proxy@$PROXY_VERSION" >/dev/null
fi

# 3. Groups and the debrief service's account.
getent group "$LEARNERS" >/dev/null || groupadd "$LEARNERS"
getent group "$FACILITATORS" >/dev/null || groupadd "$FACILITATORS"
if ! id "$DEBRIEF_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$SRV/debrief" --no-create-home --shell /usr/sbin/nologin \
          --groups "$FACILITATORS" --comment "Coaching Lab debrief dashboard" "$DEBRIEF_USER"
fi

# 4. The course, read-only; solutions/ for facilitators only.
course_stamp=$(cd "$REPO" && find course exercises solutions -type f -not -path '*/.ipynb_checkpoints/*' -print0 \
               | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ "$(cat "$PREFIX/course-root/.stamp" 2>/dev/null)" != "$course_stamp" ]; then
  echo "Installing the course into $PREFIX/course-root ..."
  rm -rf "$PREFIX/course-root.new"
  install -d -m 0755 "$PREFIX/course-root.new"
  for part in course exercises solutions; do
    (cd "$REPO" && tar --exclude=.ipynb_checkpoints --exclude=__pycache__ -cf - "$part") | tar -C "$PREFIX/course-root.new" -xf -
  done
  echo "$course_stamp" > "$PREFIX/course-root.new/.stamp"
  rm -rf "$PREFIX/course-root" && mv "$PREFIX/course-root.new" "$PREFIX/course-root"
fi
chown -R root:root "$PREFIX/course-root"
chmod -R u=rwX,go=rX "$PREFIX/course-root"
chgrp -R "$FACILITATORS" "$PREFIX/course-root/solutions"
chmod -R u=rwX,g=rX,o= "$PREFIX/course-root/solutions"

# 5. Data folders, each with the narrowest mode that works.
install -d -m 0755 "$SRV"
install -d -m 0700 -o root -g root "$SRV/state"
install -d -m 1777 "$SRV/exchange"
install -d -m 2770 -o root -g "$FACILITATORS" "$SRV/cohort"
install -d -m 2750 -o "$DEBRIEF_USER" -g "$FACILITATORS" "$SRV/debrief"
chmod 0700 "$SRV/state"

# 6. nbgrader for everyone (exchange, course id) and the cohort's course folder (solutions/, exercises/).
install -d -m 0755 "$PREFIX/venv/etc/jupyter"
cat > "$PREFIX/venv/etc/jupyter/nbgrader_config.py.new" <<CONF
"""nbgrader settings of every user of the Coaching Lab hub (written by install.sh)."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "coachlab"
c.Exchange.root = "$SRV/exchange"
CONF
mv "$PREFIX/venv/etc/jupyter/nbgrader_config.py.new" "$PREFIX/venv/etc/jupyter/nbgrader_config.py"
if [ ! -e "$SRV/cohort/nbgrader_config.py" ]; then
  cat > "$SRV/cohort/nbgrader_config.py" <<CONF
"""nbgrader settings of the hub's cohort: gradebook, submissions and feedback live here (install.sh)."""
from pathlib import Path

from coachlab.grading.settings import apply

c = get_config()  # noqa: F821
apply(c, root=Path(__file__).parent, solutions="$PREFIX/course-root/solutions", exercises="$PREFIX/course-root/exercises")
c.CourseDirectory.course_id = "coachlab"
c.Exchange.root = "$SRV/exchange"
CONF
  chgrp "$FACILITATORS" "$SRV/cohort/nbgrader_config.py" && chmod 0640 "$SRV/cohort/nbgrader_config.py"
fi
echo "Coaching Lab hub installed: $PREFIX (software), $SRV (data)."
