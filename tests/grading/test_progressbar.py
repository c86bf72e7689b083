"""Does the pipeline's progress bar show steps done out of the total, on a terminal and in a log?"""
import io

from coachlab.grading.progressbar import ProgressBar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_log_gets_one_line_per_step():
    """Written to a file, is each step one plain line with the count and what was done?"""
    out = io.StringIO()
    with ProgressBar(4, "Grading", out, width=8) as bar:
        bar.step("ana")
        bar.step("ana feedback")
    assert out.getvalue().splitlines() == ["Grading [##......] 1/4 ana", "Grading [####....] 2/4 ana feedback"]


def test_terminal_line_is_redrawn_and_ends_full():
    """On a terminal, is the one line redrawn in place and closed with a newline at the end?"""
    out = Terminal()
    with ProgressBar(2, "Grading", out, width=4) as bar:
        bar.step("a")
        bar.step("b")
        bar.step("extra")  # never past the total
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n")
    assert "Grading [####] 2/2 extra" in text and "\n" not in text[:-1]


def test_empty_run_draws_nothing_on_a_terminal():
    """With nothing to do, does the bar stay silent?"""
    out = Terminal()
    with ProgressBar(0, "Grading", out):
        pass
    assert out.getvalue() == ""
