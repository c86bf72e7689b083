#!/usr/bin/env bash
# Coaching Lab: set up and start the course, or set up and run every test.
#   ./run.sh start   create .venv if needed, install, serve the course as a site on 127.0.0.1:8866
#   ./run.sh lab     the same set-up, then open the course in JupyterLab (for workshops)
#   ./run.sh test    create .venv if needed, install with test tools, run ruff, mypy and every test
#                    (with pytest arguments, e.g. `-m unit`, only those tests)
#   ./run.sh hub     (root) install and start JupyterHub for a group on this machine; prints the address
# All are idempotent: a second run skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
PY=${PYTHON:-python3}

need_python() {
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
    echo "Coaching Lab needs Python 3.11 or newer (found: $("$PY" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
    exit 1
  }
}

install() {  # $1: pip extras, e.g. "" or "[test]"
  need_python
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  local stamp="$VENV/.installed$1" want
  want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".$1"
    echo "$want" > "$stamp"
  fi
}

AXE_VERSION=4.14.1   # the accessibility engine the browser tests inject (npm: axe-core, by Deque)

browser_test_tools() {  # Debian's Chromium and axe-core for tests/browser; never a browser download
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing Debian's chromium for the browser tests..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || echo "Could not install chromium: the browser tests will fail (CI) or be skipped." >&2
    else
      echo "No /usr/bin/chromium and not root: the browser tests will be skipped (run: sudo apt-get install chromium)." >&2
    fi
  fi
  if ! grep -qs "\"version\": \"$AXE_VERSION\"" .cache/node_modules/axe-core/package.json; then
    if command -v npm >/dev/null; then
      npm install --prefix .cache --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null \
        || echo "Could not install axe-core from npm: the accessibility checks will fail (CI) or be skipped." >&2
    else
      echo "No npm: the accessibility checks will be skipped (install Node.js and npm)." >&2
    fi
  fi
}

case "${1:-}" in
  start)
    install ""
    shift
    exec "$VENV/bin/coachlab" site "$@"
    ;;
  lab)
    install ""
    shift
    exec "$VENV/bin/coachlab" lab "$@"
    ;;
  test)
    install "[test]"
    shift
    browser_test_tools
    # Playwright drives /usr/bin/chromium through the driver inside its Python package; it never
    # downloads a browser of its own (no `playwright install`).
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [ $# -eq 0 ]; then  # a full run also checks the code: ruff (lint) and mypy (types)
      echo "ruff check . && mypy"
      "$VENV/bin/ruff" check --quiet . && "$VENV/bin/mypy" --no-error-summary
    fi
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  hub)  # root: install and start JupyterHub for a group (deploy/jupyterhub/README.md)
    shift
    exec deploy/jupyterhub/run-hub.sh "$@"
    ;;
  *)
    echo "usage: ./run.sh start | ./run.sh lab | ./run.sh hub | ./run.sh test [pytest args]" >&2
    exit 2
    ;;
esac
