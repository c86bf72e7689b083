"""A module's file is checked on every request, not only when the site starts: a module replaced
while the site runs by a symlink (to a solutions notebook, or to another module) or by a folder
is refused, and served again once it is a plain course file again."""
import os
import shutil

from sitetools import SECRET

MODULE = "01_coaching_leadership.ipynb"


def test_a_module_swapped_for_a_symlink_or_folder_is_refused(planted_site):
    path = planted_site.course / MODULE
    kept = planted_site.root / "kept.ipynb"
    shutil.copy2(path, kept)
    url = f"/voila/render/{MODULE}"
    try:
        for swap in (lambda: path.symlink_to(planted_site.root / "solutions" / "ps1" / "ps1.ipynb"),
                     lambda: path.symlink_to(planted_site.course / "00_welcome.ipynb"),
                     lambda: path.mkdir()):
            path.unlink() if path.is_symlink() or path.is_file() else path.rmdir()
            swap()
            status, _, body = planted_site.get(url)
            assert status == 404 and SECRET.encode() not in body and b"BEGIN SOLUTION" not in body
        path.rmdir()
        status, _, _ = planted_site.get(url)
        assert status == 404  # gone
    finally:
        if os.path.lexists(path):
            path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
        shutil.copy2(kept, path)
    assert planted_site.get(url)[0] == 200  # the route works for the real file
    assert "no longer a plain file of the course" in planted_site.log
