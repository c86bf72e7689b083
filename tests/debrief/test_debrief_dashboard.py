"""The Voila dashboard: the notebook written from the template, and the page it builds with filters."""
import json

from debrieftools import ASSIGNMENT, NAMES

from coachlab.debrief import dashboard


def run_notebook(path):
    """Run the notebook's code cells in-process, as Voila's kernel would; return the last value."""
    nb = json.loads(path.read_text())
    namespace, value = {}, None
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            *body, last = "".join(cell["source"]).strip().splitlines()
            exec("\n".join(body), namespace)
            try:
                value = eval(last, namespace)
            except SyntaxError:
                exec(last, namespace)
    return value


def test_notebook_written_with_parameters_and_no_learner_data(course, tmp_path):
    """Is the notebook written with the course folder and assignment, and holds no learner's data?"""
    path = dashboard.write_notebook(tmp_path, course, ASSIGNMENT)
    text = path.read_text()
    assert repr(str(course)) in text and repr(ASSIGNMENT) in text and "NAMES = False" in text
    assert not any(last in text for _, last in NAMES.values())


def test_dashboard_filters_by_role(course, tmp_path):
    """Does the built page show the report, and narrow it when the role filter is set to 'coach'?"""
    page = run_notebook(dashboard.write_notebook(tmp_path, course, ASSIGNMENT))
    (assignment, role), html = page.children[0].children, page.children[1]
    assert assignment.value == ASSIGNMENT and "coach" in role.options
    assert "3 of 5 (60%)" in html.value and "Choices as The executive coach" in html.value
    role.value = "jerome"
    assert "3 of 5 (60%)" in html.value and "Choices as The executive coach" not in html.value
    role.value = "coach"
    assert "Choices as Jerome" not in html.value and "1 of 1 (100%)" in html.value
    assert not any(last in html.value for _, last in NAMES.values())


def test_serve_runs_voila_on_localhost(course, tmp_path, monkeypatch):
    """Does serve start Voila on 127.0.0.1 with the written notebook, and pass on its exit status?"""
    calls = []
    monkeypatch.setattr(dashboard.subprocess, "call", lambda argv: calls.append(argv) or 0)
    assert dashboard.serve(course, ASSIGNMENT, folder=tmp_path, port=8999, open_browser=False) == 0
    argv = calls[0]
    assert argv[1:3] == ["-m", "voila"] and argv[3] == str(tmp_path / dashboard.NOTEBOOK)
    assert "--Voila.ip=127.0.0.1" in argv and "--port=8999" in argv
