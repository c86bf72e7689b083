"""The site's login key, kept in the learner's own folder so that a bookmarked address still works
after the site restarts (a new key on every start sent bookmarks to the login page).

The key lives in ``site-token`` (mode 0600) in the answers folder: anyone who can read it could open
the site, exactly as anyone who can read the answers could read them.
"""
from __future__ import annotations

import os
import re
import secrets
import stat
from datetime import datetime
from pathlib import Path

TOKEN_FILE = "site-token"
VALID = re.compile(r"[A-Za-z0-9_-]{32,128}")


def kept_token(folder: Path, renew: bool = False) -> tuple[str, list[str]]:
    """The site's key from *folder* (made on first use, or when *renew*); returns (key, notes for the learner)."""
    path, notes = folder / TOKEN_FILE, []
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OSError(f"{path} is not a plain file; remove it and start the site again")
    if path.exists() and not renew:
        text = path.read_text(encoding="ascii", errors="replace").strip()
        if VALID.fullmatch(text):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)
                notes.append(f"{path} could be read by other users; it is now yours alone")
            return text, notes
        aside = path.with_name(f"{TOKEN_FILE}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
        path.rename(aside)
        notes.append(f"{path} did not hold a valid key; it was kept as {aside.name} and a new key was made "
                     "(bookmarks made before need the new address)")
    elif renew and path.exists():
        path.unlink()
        notes.append("a new key was made: addresses bookmarked before now open the login page")
    token = secrets.token_urlsafe(32)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(token + "\n")
    return token, notes
