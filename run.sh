#!/usr/bin/env bash
# Coaching Lab: set up and start the course, or set up and run every test.
#   ./run.sh start   create .venv if needed, install, open the course on http://127.0.0.1:8866
#   ./run.sh test    create .venv if needed, install with test tools, run every test
# Both are idempotent: a second run skips what is already installed.
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

case "${1:-}" in
  start)
    install ""
    shift
    exec "$VENV/bin/coachlab" start "$@"
    ;;
  test)
    install "[test]"
    shift
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./run.sh start | ./run.sh test [pytest args]" >&2
    exit 2
    ;;
esac
