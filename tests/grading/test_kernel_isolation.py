"""Does the autograder's kernel keep its working folder off ``sys.path``, so that a module beside the
notebook can never be imported, whatever nbgrader or IPython would otherwise do?"""
import pytest
from traitlets.config import Config

from coachlab.grading.settings import apply
from coachlab.grading.workers import kernel_env

MODULE = "shipped_by_a_learner"


def imports_from_cwd(folder, isolated: bool) -> str:
    """Start a kernel in *folder* as the autograder does (or, not *isolated*, as plain nbgrader does) and
    report what importing a module that sits in that folder does."""
    import contextlib

    from jupyter_client.manager import start_new_kernel

    c = Config()
    apply(c, root=folder, solutions="s", exercises="e")
    arguments = list(c.Execute.extra_arguments) if isolated else ["--IPKernelApp.log_level=ERROR"]
    with kernel_env() if isolated else contextlib.nullcontext():
        km, kc = start_new_kernel(extra_arguments=arguments, cwd=str(folder))
    try:
        lines = []
        code = (f"import sys, os\ntry:\n    import {MODULE}\n    print('IMPORTED')\nexcept ImportError:\n"
                "    print('REFUSED')\nprint(os.getcwd() in sys.path or '' in sys.path)")
        kc.execute_interactive(code, timeout=60, output_hook=lambda m: lines.append(m["content"].get("text", "")))
        return "".join(lines)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / f"{MODULE}.py").write_text(f"open({str(tmp_path / 'RAN')!r}, 'w').write('x')\n")
    return tmp_path


def test_the_autograders_kernel_cannot_import_from_its_folder(folder):
    """Is a module in the kernel's working folder out of reach, and was it never run?"""
    out = imports_from_cwd(folder, isolated=True)
    assert "REFUSED" in out and "False" in out, out
    assert not (folder / "RAN").exists()


def test_without_the_guard_the_module_would_be_imported(folder):
    """Is the guard needed: does a kernel started as nbgrader starts it import the module beside it?"""
    out = imports_from_cwd(folder, isolated=False)
    assert "IMPORTED" in out, out
    assert (folder / "RAN").exists()
