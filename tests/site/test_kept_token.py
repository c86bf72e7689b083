"""The site's login key survives a restart, stays private, and a damaged key file is set aside."""
import os
import re
import stat
import subprocess
import sys
import time

from coachlab.site.token import TOKEN_FILE, kept_token


def test_the_key_is_made_once_private_and_reused(tmp_path):
    first, notes = kept_token(tmp_path)
    assert notes == [] and stat.S_IMODE((tmp_path / TOKEN_FILE).stat().st_mode) == 0o600
    assert kept_token(tmp_path) == (first, [])
    renewed, notes = kept_token(tmp_path, renew=True)
    assert renewed != first and "new key" in notes[0]


def test_a_readable_key_is_made_private(tmp_path):
    key, _ = kept_token(tmp_path)
    (tmp_path / TOKEN_FILE).chmod(0o644)
    assert kept_token(tmp_path)[0] == key and stat.S_IMODE((tmp_path / TOKEN_FILE).stat().st_mode) == 0o600


def test_a_damaged_key_file_is_set_aside_and_named(tmp_path):
    (tmp_path / TOKEN_FILE).write_text("short")
    key, [note] = kept_token(tmp_path)
    [aside] = tmp_path.glob(f"{TOKEN_FILE}.corrupt-*")
    assert aside.read_text() == "short" and aside.name in note and len(key) >= 32


def _address(data) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "coachlab.cli", "site", "--no-browser", "--port", "0",
                             "--warm-kernels", "0"], env={**os.environ, "COACHLAB_DATA": str(data)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline, seen = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen.append(line)
        if m := re.search(r"token=([A-Za-z0-9_-]+)", line):
            return proc, m.group(1)
    proc.kill()
    raise AssertionError("".join(seen))


def test_a_restarted_site_keeps_its_address(tmp_path):
    """Does `coachlab site` print the same key after a restart, so a bookmark keeps working?"""
    keys = []
    for _ in range(2):
        proc, key = _address(tmp_path / "answers")
        proc.terminate()
        proc.wait(timeout=30)
        keys.append(key)
    assert keys[0] == keys[1] == (tmp_path / "answers" / TOKEN_FILE).read_text().strip()
