"""What a ready page is made from, and when it is no longer current (no server needed)."""
import json
import os

from coachlab.site.ready_pages import ReadyPage, course_files, parse_reads
from coachlab.store import AnswerStore, file_version


def test_the_kernels_answer_is_read_back_as_paths_and_versions():
    answer = repr(json.dumps({"/data/00_welcome.json": [12, 1700000000000000000, 345], "/data/05_my_plan.json": None}))
    assert parse_reads(answer) == {"/data/00_welcome.json": (12, 1700000000000000000, 345),
                                   "/data/05_my_plan.json": None}


def test_a_page_is_current_until_a_file_it_was_made_from_changes(tmp_path):
    course = tmp_path / "course"
    (course / "data" / "scenarios").mkdir(parents=True)
    (course / "01_m.ipynb").write_text("{}")
    (course / "data" / "01_m.yaml").write_text("title: M\n")
    (course / "data" / "scenarios" / "s.yaml").write_text("title: S\n")
    answers = tmp_path / "answers" / "01_m.json"
    sources = course_files(course, "01_m.ipynb")
    assert set(sources) == {os.path.abspath(course / p) for p in ("01_m.ipynb", "data/01_m.yaml", "data/scenarios/s.yaml")}

    page = ReadyPage("01_m.ipynb", "k", "<html>", {**sources, str(answers): file_version(answers)})
    assert page.current()
    AnswerStore(answers).put("reflection/r", {"answers": {"p": "typed after the page was made"}})
    assert not page.current()  # an answers file that did not exist then

    page.reads[str(answers)] = file_version(answers)
    assert page.current()
    (course / "data" / "scenarios" / "s.yaml").write_text("title: S, edited\n")
    assert not page.current()  # an author's edit
